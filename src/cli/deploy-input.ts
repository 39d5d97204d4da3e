// What deploy and export-ansible work from: the topology plus its rendered files, either rendered now
// (built-in templates and .okd/templates overrides) or read from a `render --out DIR` folder.
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../core/analyze';
import type { Topology } from '../core/model';
import { renderAll } from '../core/render/index';
import type { Manifest, RenderedFile } from '../core/render/manifest';
import { serialGuard, zoneRefresh, type RemoteRefresh } from '../core/deploy/zones';
import { defaultOverrideDir, loadTemplates } from './templates';
import { readTopologyFile } from './validate';

export type DeployInput = {
  topology: Topology;
  files: RenderedFile[];
  /** Zones checked against their copies on each host: rendered again (rendered here), or refused when their serial would not grow (read from a folder). */
  refresh?: RemoteRefresh;
} | { error: string; code: number };

function readManifestDir(dir: string): { files: RenderedFile[] } | { error: string } {
  const mf = path.join(dir, 'MANIFEST.json');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(mf, 'utf8')) as Manifest;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? `${mf}: no such file (pass the folder written by okd-topology render --out)` : `${mf}: not valid JSON (${(e as Error).message})` };
  }
  if (!manifest || !Array.isArray(manifest.files)) return { error: `${mf}: has no "files" list` };
  const root = path.resolve(dir);
  const files: RenderedFile[] = [];
  for (const [i, entry] of manifest.files.entries()) {
    const { local, sha256, ...rest } = entry;
    if (typeof local !== 'string' || typeof rest.target !== 'string' || typeof rest.path !== 'string' || typeof rest.mode !== 'string' || typeof rest.service !== 'string') {
      return { error: `${mf}: files[${i}] lacks local/target/path/mode/service` };
    }
    const full = path.resolve(root, local);
    if (!full.startsWith(root + path.sep)) return { error: `${mf}: files[${i}].local "${local}" points outside ${dir}` };
    let content: string;
    try {
      content = rest.symlink || lstatSync(full).isSymbolicLink() ? readlinkSync(full) : readFileSync(full, 'utf8');
    } catch (e) {
      return { error: `${full}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); render again` };
    }
    if (sha256 && createHash('sha256').update(content, 'utf8').digest('hex') !== sha256) {
      return { error: `${full}: changed since it was rendered (its sha256 differs from MANIFEST.json); render again or restore it` };
    }
    files.push({ ...rest, content });
  }
  return { files };
}

export function loadDeployInput(file: string, renderedDir?: string): DeployInput {
  const read = readTopologyFile(file);
  if (read.text === undefined) return { error: read.error ?? `${file}: cannot read`, code: 2 };
  const analysis = analyze(read.text);
  if (!analysis.topology) return { error: `${file}: not a topology (run okd-topology validate ${file})`, code: 2 };
  const errors = analysis.problems.filter((p) => p.severity === 'error');
  if (errors.length) {
    const list = errors.slice(0, 5).map((p) => `  ${file}:${p.line + 1}:${p.column + 1}: ${p.code}: ${p.message}`).join('\n');
    return { error: `${file} has ${errors.length} error(s); fix them before deploying:\n${list}`, code: 1 };
  }
  if (renderedDir !== undefined) {
    const r = readManifestDir(renderedDir);
    return 'error' in r ? { error: r.error, code: 2 } : { topology: analysis.topology, files: r.files, refresh: serialGuard() };
  }
  const set = loadTemplates(defaultOverrideDir(file), false);
  if ('error' in set) return { error: set.error, code: 2 };
  const topology = analysis.topology;
  const r = zoneRefresh((previous) => {
    const result = renderAll(topology, set.templates, {
      source: path.basename(file), problems: analysis.problems, templatePath: (n) => set.origin[n] ?? `templates/${n}`, previous,
    });
    if (!result.errors.length) return result.files;
    return { error: result.errors.map((e) => `${e.template ?? file}${e.line ? `:${e.line}` : ''}: ${e.message}`).join('\n') };
  });
  if ('error' in r) return { error: r.error, code: 1 };
  return { topology, files: r.files, refresh: r.refresh };
}
