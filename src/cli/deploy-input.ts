// What deploy and export-ansible work from: the topology plus its rendered files, either rendered now
// (built-in templates and .okd/templates overrides) or read from a `render --out DIR` folder.
import { createHash } from 'node:crypto';
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../core/analyze';
import type { Topology } from '../core/model';
import { renderAll } from '../core/render/index';
import type { HostStep, Manifest, ManifestEntry, RenderedFile } from '../core/render/manifest';
import { serialGuard, zoneRefresh, type RemoteRefresh } from '../core/deploy/zones';
import { RENDERED_MAX_BYTES, tryReadLimitedSync } from '../node/files';
import { plainLocal } from '../node/owned-folder';
import { localPath, MANIFEST } from '../node/render-output';
import { defaultOverrideDir, loadTemplates } from '../node/templates';
import { readTopologyFile } from './validate';

export type DeployInput =
  | {
      topology: Topology;
      files: RenderedFile[];
      /** Host steps (boot loaders, registry certificates, SELinux labels), from the render or MANIFEST.json. */
      steps: HostStep[];
      /** Zones checked against their copies on each host: rendered again (rendered here), or refused when their serial would not grow (read from a folder). */
      refresh?: RemoteRefresh;
    }
  | { error: string; code: number };

/**
 * The files of a `render --out` folder, exactly as MANIFEST.json lists them. Every entry must carry
 * its sha256 and match it, and every path is resolved: a host folder or file that is a symbolic link
 * leading outside DIR (to ~/.ssh, say) is refused, so deploy never uploads what render did not write.
 */
function readManifestDir(dir: string): { files: RenderedFile[]; steps: HostStep[] } | { error: string } {
  let root: string;
  try {
    root = realpathSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      error:
        code === 'ENOENT'
          ? `${dir}: no such folder (pass the folder written by okd-topology render --out)`
          : `${dir}: cannot read (${code ?? (e as Error).message})`,
    };
  }
  const mf = path.join(dir, MANIFEST);
  const raw = lstatSync(path.join(root, MANIFEST), { throwIfNoEntry: false })?.isSymbolicLink()
    ? { error: `${mf}: is a symbolic link; MANIFEST.json must be the file render wrote` }
    : tryReadLimitedSync(path.join(root, MANIFEST), RENDERED_MAX_BYTES);
  if ('error' in raw)
    return {
      error:
        raw.code === 'ENOENT'
          ? `${mf}: no such file (pass the folder written by okd-topology render --out)`
          : raw.error.replace(path.join(root, MANIFEST), mf),
    };
  let manifest: Manifest;
  try {
    manifest = JSON.parse(raw.data.toString('utf8')) as Manifest;
  } catch (e) {
    return { error: `${mf}: not valid JSON (${(e as Error).message})` };
  }
  if (!manifest || !Array.isArray(manifest.files)) return { error: `${mf}: has no "files" list` };
  const files: RenderedFile[] = [];
  for (const [i, entry] of manifest.files.entries()) {
    const { local, sha256, ...rest } = entry ?? ({} as ManifestEntry);
    if (
      typeof local !== 'string' ||
      typeof rest.target !== 'string' ||
      typeof rest.path !== 'string' ||
      typeof rest.mode !== 'string' ||
      typeof rest.service !== 'string'
    ) {
      return { error: `${mf}: files[${i}] lacks local/target/path/mode/service` };
    }
    if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256))
      return { error: `${mf}: files[${i}] (${local}) has no sha256; render again` };
    if (!plainLocal(local) || local !== localPath(rest))
      return { error: `${mf}: files[${i}].local "${local}" is not ${rest.target}/<path> inside ${dir}` };
    const read = readContained(root, local, !!rest.symlink);
    if ('error' in read) return { error: `${path.join(dir, local)}: ${read.error}` };
    if (createHash('sha256').update(read.content, 'utf8').digest('hex') !== sha256) {
      return {
        error: `${path.join(dir, local)}: changed since it was rendered (its sha256 differs from MANIFEST.json); render again or restore it`,
      };
    }
    files.push({ ...rest, content: read.content });
  }
  const steps = manifest.steps ?? [];
  const bad = Array.isArray(steps) ? steps.findIndex((st) => !stepShaped(st)) : 0;
  if (bad >= 0)
    return {
      error: `${mf}: steps${Array.isArray(steps) ? `[${bad}]` : ''} is not a host step render writes; render again`,
    };
  return { files, steps };
}

/** The fields every step kind needs are there with their types (the plan checks their values). */
function stepShaped(st: unknown): st is HostStep {
  const o = st as Record<string, unknown> | null;
  if (!o || typeof o.target !== 'string' || typeof o.title !== 'string' || typeof o.service !== 'string') return false;
  const strs = (...k: string[]): boolean => k.every((x) => typeof o[x] === 'string');
  const argv = (v: unknown): boolean => Array.isArray(v) && v.length > 0 && v.every((w) => typeof w === 'string');
  if (o.kind === 'copy') return strs('from', 'to', 'mode');
  if (o.kind === 'upload') return strs('local', 'to', 'mode');
  const paths = o.paths === undefined || argv(o.paths);
  return (
    o.kind === 'command' &&
    argv(o.argv) &&
    (o.orElse === undefined || argv(o.orElse)) &&
    (o.creates === undefined || typeof o.creates === 'string') &&
    paths
  );
}

/** One listed file, read only if its folder's real path stays inside root and it is what the manifest says. */
function readContained(root: string, local: string, symlink: boolean): { content: string } | { error: string } {
  const full = path.join(root, ...local.split('/'));
  let parent: string;
  try {
    parent = realpathSync(path.dirname(full));
  } catch (e) {
    return { error: `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); render again` };
  }
  if (parent !== root && !parent.startsWith(root + path.sep))
    return { error: `its folder resolves to ${parent}, outside the rendered folder; refusing to read it` };
  const st = lstatSync(full, { throwIfNoEntry: false });
  if (!st) return { error: 'no such file; render again' };
  if (symlink) {
    if (!st.isSymbolicLink())
      return { error: 'MANIFEST.json lists a symbolic link here, but it is not one; render again' };
    return { content: readlinkSync(full) };
  }
  if (st.isSymbolicLink())
    return { error: 'is a symbolic link, but MANIFEST.json lists a file; refusing to follow it' };
  const r = tryReadLimitedSync(full, RENDERED_MAX_BYTES);
  return 'error' in r ? { error: r.error.replace(`${full}: `, '') } : { content: r.data.toString('utf8') };
}

export async function loadDeployInput(file: string, renderedDir?: string): Promise<DeployInput> {
  const read = await readTopologyFile(file);
  if (read.text === undefined) return { error: read.error ?? `${file}: cannot read`, code: 2 };
  const analysis = analyze(read.text);
  if (!analysis.topology) return { error: `${file}: not a topology (run okd-topology validate ${file})`, code: 2 };
  const errors = analysis.problems.filter((p) => p.severity === 'error');
  if (errors.length) {
    const list = errors
      .slice(0, 5)
      .map((p) => `  ${file}:${p.line + 1}:${p.column + 1}: ${p.code}: ${p.message}`)
      .join('\n');
    return { error: `${file} has ${errors.length} error(s); fix them before deploying:\n${list}`, code: 1 };
  }
  if (renderedDir !== undefined) {
    const r = readManifestDir(renderedDir);
    return 'error' in r
      ? { error: r.error, code: 2 }
      : { topology: analysis.topology, files: r.files, steps: r.steps, refresh: serialGuard() };
  }
  const set = await loadTemplates(defaultOverrideDir(file), false);
  if ('error' in set) return { error: set.error, code: 2 };
  const topology = analysis.topology;
  let steps: HostStep[] = [];
  const r = zoneRefresh((previous) => {
    const result = renderAll(topology, set.templates, {
      source: path.basename(file),
      problems: analysis.problems,
      templatePath: (n) => set.origin[n] ?? `templates/${n}`,
      previous,
    });
    steps = result.steps;
    if (!result.errors.length) return result.files;
    return {
      error: result.errors.map((e) => `${e.template ?? file}${e.line ? `:${e.line}` : ''}: ${e.message}`).join('\n'),
    };
  });
  if ('error' in r) return { error: r.error, code: 1 };
  return { topology, files: r.files, steps, refresh: r.refresh };
}
