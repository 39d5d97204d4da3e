// `okd-topology render FILE --out DIR [--force] [--templates DIR] [--install-config PATH]`
// Exit codes as validate: 0 rendered cleanly, 1 errors (topology, template or consistency), 2 usage/unreadable.
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../core/analyze';
import { locate } from '../core/yaml/ast';
import { fillSecrets, renderAll, type SecretRef } from '../core/render/index';
import type { RenderedFile } from '../core/render/manifest';
import { buildManifest, previousReader, writeOutput } from './render-output';
import { defaultOverrideDir, loadTemplates } from './templates';
import { processIo, readTopologyFile, type CliIo } from './validate';

const USAGE = 'usage: okd-topology render FILE --out DIR [--force] [--templates DIR] [--install-config PATH]\n';

interface Args {
  file?: string;
  out?: string;
  force: boolean;
  templates?: string;
  installConfig?: string;
}

function parseArgs(argv: string[]): Args | string {
  const a: Args = { force: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--force') a.force = true;
    else if (flag === '--out' || flag === '-o') a.out = value();
    else if (flag === '--templates') a.templates = value();
    else if (flag === '--install-config') a.installConfig = value();
    else if (flag.startsWith('-')) return `unknown option ${flag}`;
    else if (a.file === undefined) a.file = arg;
    else return `unexpected argument ${arg}`;
  }
  if (!a.file || !a.out || a.out === '' || a.templates === '' || a.installConfig === '') return 'FILE and --out DIR are required';
  return a;
}

export async function renderCommand(argv: string[], io: CliIo = processIo): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.err(`okd-topology render: ${args}\n${USAGE}`);
    return 2;
  }
  const file = args.file!;
  const read = readTopologyFile(file);
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
  const set = loadTemplates(overrideDir, args.templates !== undefined);
  if ('error' in set) {
    io.err(`okd-topology render: ${set.error}\n`);
    return 2;
  }
  const result = renderAll(analysis.topology, set.templates, {
    force: args.force,
    source: path.basename(file),
    problems: analysis.problems,
    previous: previousReader(args.out!),
    templatePath: (n) => set.origin[n] ?? `templates/${n}`,
  });
  if (result.refused) {
    for (const p of analysis.problems.filter((x) => x.severity === 'error')) io.out(`${where(p)}: ${p.severity} ${p.code}: ${p.message}\n`);
    io.err('okd-topology render: the topology has errors; nothing was written (fix them, or use --force)\n');
    return 1;
  }
  if (result.errors.length > 0) {
    for (const e of result.errors) io.out(`${e.template ?? file}${e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''}: error template: ${e.message}\n`);
    io.err(`okd-topology render: ${result.errors.length} template error(s); nothing was written\n`);
    return 1;
  }
  if (result.files.some((f) => f.target === 'cluster') && analysis.topology.hosts.some((h) => h.name === 'cluster')) {
    io.err('okd-topology render: a host is named "cluster", which is the folder for cluster-wide files; rename the host\n');
    return 1;
  }
  const manifest = buildManifest(result.files, path.basename(file), analysis.topology.cluster.name, result.steps);
  const failed = writeOutput(args.out!, result.files, manifest);
  if (failed) {
    io.err(`okd-topology render: ${failed}\n`);
    return 2;
  }
  for (const p of result.problems) {
    const span = locate(analysis.doc.root, p.path);
    io.out(`${where(analysis.lines.position(span.start))}: ${p.severity} ${p.code}: ${p.message}\n`);
  }
  const hosts = new Set(result.files.filter((f) => f.target !== 'cluster').map((f) => f.target));
  const overrides = set.overrides.length > 0 ? ` (templates overridden: ${set.overrides.join(', ')})` : '';
  const steps = result.steps.length > 0 ? ` (and ${result.steps.length} host steps for deploy, listed in MANIFEST.json)` : '';
  io.err(`rendered ${result.files.length} files for ${hosts.size} host(s) into ${args.out}${steps}${overrides}\n`);
  if (args.installConfig) {
    const code = writeInstallConfig(result.files, args.installConfig, file, io);
    if (code !== 0) return code;
  }
  return result.problems.some((p) => p.severity === 'error') ? 1 : 0;
}

function expandHome(p: string, base: string): string {
  if (p === '~' || p.startsWith('~/')) return path.join(os.homedir(), p.slice(1));
  return path.resolve(path.dirname(path.resolve(base)), p);
}

/** BMC passwords come from the environment, e.g. OKD_BMC_PASSWORD_MASTER_0 for host master-0. */
export function bmcEnvName(host: string): string {
  return `OKD_BMC_PASSWORD_${host.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

const SECRET_WORDS: Record<SecretRef['kind'], string> = {
  pullSecret: 'pull secret', sshKey: 'SSH key', bmcPassword: 'BMC password', registryPassword: 'registry password', trustBundle: 'registry CA',
};

function missingWords(m: SecretRef): string {
  if (m.kind === 'bmcPassword') return `BMC password of ${m.host} (set ${bmcEnvName(m.host ?? '')})`;
  // Deploy made the CA on the registry host; install-config needs a copy of it here.
  if (m.kind === 'trustBundle') return `the registry CA, which deploy keeps on ${m.host} at ${m.path} (copy it here and set services.registry.caFile)`;
  return `${m.kind} (set cluster.${m.kind}File)`;
}

/** Writes install-config.yaml with the secrets filled in, to a path the user chose (mode 0600). */
function writeInstallConfig(files: RenderedFile[], dest: string, topologyFile: string, io: CliIo): number {
  const f = files.find((x) => x.target === 'cluster' && x.path === 'install-config.yaml');
  if (!f) {
    io.err('okd-topology render: --install-config: this topology renders no install-config.yaml (it is for okd-upi and okd-ipi)\n');
    return 1;
  }
  const refs: SecretRef[] = f.secrets ?? [];
  const values: Record<string, string> = {};
  for (const r of refs) {
    try {
      if (r.kind === 'bmcPassword') {
        const v = process.env[bmcEnvName(r.host ?? '')];
        if (v !== undefined) values[r.placeholder] = v;
      } else if (r.file) {
        values[r.placeholder] = readFileSync(expandHome(r.file, topologyFile), 'utf8');
      }
    } catch (e) {
      io.err(`okd-topology render: cannot read the ${SECRET_WORDS[r.kind]} file ${r.file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
      return 1;
    }
  }
  const filled = fillSecrets(f.content, refs, values);
  if (filled.missing.length > 0) {
    const say = filled.missing.map((m) => missingWords(m));
    io.err(`okd-topology render: --install-config needs: ${say.join('; ')}\n`);
    return 1;
  }
  const tmp = `${dest}.tmp-${process.pid}`;
  writeFileSync(tmp, filled.content, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, dest);
  io.err(`wrote ${dest} with secrets filled in (mode 0600; keep it out of version control)\n`);
  return 0;
}
