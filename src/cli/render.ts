// `okd-topology render FILE --out DIR [--force] [--overwrite-edited] [--templates DIR] [--install-config PATH]`
// Exit codes as validate: 0 rendered cleanly, 1 errors (topology, template or consistency), 2 usage/unreadable.
import { writePrivateFile } from '../node/private-file';
import { ArgError, flag, oneFile, readArgs, str } from './args';
import { usageLine } from './help';
import * as path from 'node:path';
import { analyze } from '../core/analyze';
import { locate } from '../core/yaml/ast';
import { renderAll, type RenderResult } from '../core/render/index';
import type { LocatedProblem } from '../core/problems';
import { buildManifest, loadPrevious, writeRenderOutput } from '../node/render-output';
import { fillInstallConfig } from './install-config';
import { defaultOverrideDir, loadTemplates } from '../node/templates';
import { processIo, readTopologyFile, type CliIo } from './validate';

interface Args {
  file: string;
  out: string;
  force: boolean;
  overwriteEdited: boolean;
  templates?: string;
  installConfig?: string;
}

function parseRenderArgs(argv: string[]): Args | string {
  return readArgs('render', argv, (p) => {
    const out = str(p, 'out');
    if (out === undefined) throw new ArgError('--out DIR is required');
    return {
      file: oneFile(p),
      out,
      force: flag(p, 'force'),
      overwriteEdited: flag(p, 'overwrite-edited'),
      templates: str(p, 'templates'),
      installConfig: str(p, 'install-config'),
    };
  });
}

/** Says why nothing is written (topology errors, values not of their type, template errors); true when so. */
function refusedOrFailed(
  result: RenderResult,
  problems: LocatedProblem[],
  file: string,
  where: (p: LocatedProblem) => string,
  io: CliIo,
): boolean {
  if (result.refused) {
    for (const p of problems.filter((x) => x.severity === 'error'))
      io.out(`${where(p)}: ${p.severity} ${p.code}: ${p.message}\n`);
    io.err(
      result.untyped
        ? "okd-topology render: values are not of their type; nothing was written (--force overrides only semantic errors, never a value's type: fix the values)\n"
        : 'okd-topology render: the topology has errors; nothing was written (fix them, or use --force to render despite semantic errors)\n',
    );
    return true;
  }
  if (result.errors.length === 0) return false;
  for (const e of result.errors)
    io.out(
      `${e.template ?? file}${e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''}: error template: ${e.message}\n`,
    );
  io.err(`okd-topology render: ${result.errors.length} template error(s); nothing was written\n`);
  return true;
}

export async function renderCommand(argv: string[], io: CliIo = processIo): Promise<number> {
  const args = parseRenderArgs(argv);
  if (typeof args === 'string') {
    io.err(`okd-topology render: ${args}\n${usageLine('render')}`);
    return 2;
  }
  const file = args.file;
  const read = await readTopologyFile(file);
  if (read.text === undefined) {
    io.err(`${read.error}\n`);
    return 2;
  }
  const analysis = analyze(read.text);
  const where = (p: { line: number; column: number }) => `${file}:${p.line + 1}:${p.column + 1}`;
  if (!analysis.topology) {
    for (const p of analysis.problems) io.out(`${where(p)}: ${p.severity} ${p.code}: ${p.message}\n`);
    return 2;
  }
  const overrideDir = args.templates ?? defaultOverrideDir(file);
  const set = await loadTemplates(overrideDir, args.templates !== undefined);
  if ('error' in set) {
    io.err(`okd-topology render: ${set.error}\n`);
    return 2;
  }
  const result = renderAll(analysis.topology, set.templates, {
    force: args.force,
    source: path.basename(file),
    problems: analysis.problems,
    previous: await loadPrevious(args.out),
    templatePath: (n) => set.origin[n] ?? `templates/${n}`,
  });
  if (refusedOrFailed(result, analysis.problems, file, where, io)) return 1;
  if (result.files.some((f) => f.target === 'cluster') && analysis.topology.hosts.some((h) => h.name === 'cluster')) {
    io.err(
      'okd-topology render: a host is named "cluster", which is the folder for cluster-wide files; rename the host\n',
    );
    return 1;
  }
  // Secrets are read and checked before anything is written: a bad key file leaves no output at all.
  const install = args.installConfig ? await fillInstallConfig(result.files, file) : undefined;
  if (install && 'error' in install) {
    io.err(`okd-topology render: ${install.error}; nothing was written\n`);
    return 1;
  }
  const manifest = buildManifest(result.files, path.basename(file), analysis.topology.cluster.name, result.steps);
  const written = writeRenderOutput(args.out, result.files, manifest, { overwriteEdited: args.overwriteEdited });
  if (!written.ok) {
    const hint = written.edited
      ? '\n(copy your edits elsewhere, or run again with --overwrite-edited to replace them)'
      : '';
    io.err(`okd-topology render: ${written.message}${hint}\nnothing was written\n`);
    return 2;
  }
  if (written.followed) io.err(`${args.out} is a symbolic link: wrote into ${written.dir}\n`);
  if (written.cleaned.length)
    io.err(
      `removed ${written.cleaned.length} folder(s) an interrupted render left: ${written.cleaned.map((d) => path.basename(d)).join(', ')}\n`,
    );
  for (const p of result.problems) {
    const span = locate(analysis.doc.root, p.path);
    io.out(`${where(analysis.lines.position(span.start))}: ${p.severity} ${p.code}: ${p.message}\n`);
  }
  const hosts = new Set(result.files.filter((f) => f.target !== 'cluster').map((f) => f.target));
  const overrides = set.overrides.length > 0 ? ` (templates overridden: ${set.overrides.join(', ')})` : '';
  const steps =
    result.steps.length > 0 ? ` (and ${result.steps.length} host steps for deploy, listed in MANIFEST.json)` : '';
  io.err(`rendered ${result.files.length} files for ${hosts.size} host(s) into ${args.out}${steps}${overrides}\n`);
  if (install && args.installConfig) {
    const code = await writeInstallConfig(install.content, args.installConfig, io);
    if (code !== 0) return code;
  }
  return result.problems.some((p) => p.severity === 'error') ? 1 : 0;
}

/** Writes install-config.yaml to the path the user chose (mode 0600), through a new temp file beside it. */
async function writeInstallConfig(content: string, dest: string, io: CliIo): Promise<number> {
  const failed = await writePrivateFile(dest, content);
  if (failed !== undefined) {
    io.err(`okd-topology render: cannot write ${dest} (${failed})\n`);
    return 2;
  }
  io.err(`wrote ${dest} with secrets filled in (mode 0600; keep it out of version control)\n`);
  return 0;
}
