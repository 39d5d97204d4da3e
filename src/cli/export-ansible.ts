// `okd-topology export-ansible FILE --out DIR [--rendered DIR] [--host NAME]... [--remote-root DIR]`
// Writes inventory.yml, site.yml and files/<host>/<path> for fleets driven by Ansible instead of the editor,
// plus EXPORT-MANIFEST.json listing each with its sha256: like render, it replaces only a folder it wrote.
import * as path from 'node:path';
import { ArgError, flag, oneFile, readArgs, str, strs } from './args';
import { usageLine } from './help';
import { exportAnsible } from '../core/deploy/ansible';
import { buildDeployPlan } from '../core/deploy/plan';
import { loadDeployInput } from './deploy-input';
import { plainLocal, sha256, writeOwnedFolder, type FolderKind } from '../node/owned-folder';
import { processIo, type CliIo } from './validate';

export const EXPORT_MANIFEST = 'EXPORT-MANIFEST.json';

interface ExportManifest {
  generator: 'okd-topology export-ansible';
  source: string;
  files: { local: string; sha256: string }[];
}

/** What an export folder's manifest lists: local → sha256, or why it is not one. */
function parseExportManifest(text: string): Map<string, string> | string {
  let m: Partial<ExportManifest>;
  try {
    m = JSON.parse(text) as Partial<ExportManifest>;
  } catch (e) {
    return `not valid JSON: ${(e as Error).message}`;
  }
  if (!m || m.generator !== 'okd-topology export-ansible' || !Array.isArray(m.files))
    return 'not an export-ansible manifest';
  const out = new Map<string, string>();
  for (const f of m.files) {
    if (!f || typeof f.local !== 'string' || !plainLocal(f.local) || typeof f.sha256 !== 'string')
      return 'a file entry has no plain "local" path with a "sha256"';
    out.set(f.local, f.sha256);
  }
  return out;
}

const EXPORT_FOLDER: FolderKind = { manifest: EXPORT_MANIFEST, parse: parseExportManifest };

export async function exportAnsibleCommand(argv: string[], io: CliIo = processIo): Promise<number> {
  const args = readArgs('export-ansible', argv, (p) => {
    const out = str(p, 'out');
    if (out === undefined) throw new ArgError('--out DIR is required');
    return {
      file: oneFile(p),
      out,
      rendered: str(p, 'rendered'),
      remoteRoot: str(p, 'remote-root'),
      hosts: strs(p, 'host'),
      overwriteEdited: flag(p, 'overwrite-edited'),
    };
  });
  if (typeof args === 'string') {
    io.err(`okd-topology export-ansible: ${args}\n${usageLine('export-ansible')}`);
    return 2;
  }
  const { file, out, rendered, remoteRoot, hosts, overwriteEdited } = args;
  const input = await loadDeployInput(file, rendered);
  if ('error' in input) {
    io.err(`okd-topology export-ansible: ${input.error}\n`);
    return input.code;
  }
  // The hosts phase, then the later phases Ansible can run (by tag); a later phase that cannot be planned yet
  // (no services.kubeApi) is left out and named in site.yml's header, never a reason to refuse the export.
  const source = path.basename(file);
  const { plan, errors } = buildDeployPlan(input.files, input.topology, {
    hosts,
    remoteRoot,
    source,
    steps: input.steps,
  });
  const later = (['install', 'post-bootstrap', 'cluster'] as const)
    .map((phase) => buildDeployPlan(input.files, input.topology, { hosts, remoteRoot, source, phase }))
    .filter((r) => r.errors.length === 0 && (r.plan.hosts.length > 0 || r.plan.install))
    .map((r) => r.plan);
  const exp = exportAnsible([plan, ...later], { source });
  const all = [...errors, ...exp.errors];
  if (all.length) {
    io.err(`okd-topology export-ansible: cannot export:\n${all.map((e) => `  ${e}`).join('\n')}\n`);
    return 2;
  }
  const files = exp.files.map((f) => ({
    local: f.path,
    content: f.content,
    mode: f.mode ? parseInt(f.mode, 8) : 0o644,
  }));
  const manifest: ExportManifest = {
    generator: 'okd-topology export-ansible',
    source: path.basename(file),
    files: files.map((f) => ({ local: f.local, sha256: sha256(Buffer.from(f.content, 'utf8')) })),
  };
  const written = writeOwnedFolder(out, files, EXPORT_FOLDER, `${JSON.stringify(manifest, null, 2)}\n`, {
    overwriteEdited,
  });
  if (!written.ok) {
    const hint = written.edited
      ? '\n(copy your edits elsewhere, or run again with --overwrite-edited to replace them)'
      : '';
    io.err(`okd-topology export-ansible: ${written.message}${hint}\nnothing was written\n`);
    return 2;
  }
  if (written.followed) io.err(`${out} is a symbolic link: wrote into ${written.dir}\n`);
  if (written.cleaned.length)
    io.err(
      `removed ${written.cleaned.length} folder(s) an interrupted export left: ${written.cleaned.map((d) => path.basename(d)).join(', ')}\n`,
    );
  const tags = later.map((p) => p.phase);
  io.err(
    `wrote ${exp.files.length} files to ${out}; run: ansible-playbook -i ${path.join(out, 'inventory.yml')} ${path.join(out, 'site.yml')}` +
      `${tags.length ? ` (later phases by tag: ${tags.map((t) => `--tags ${t}`).join(', ')})` : ''}\n`,
  );
  return 0;
}
