// Writes a rendered set to disk: DIR/<host>/<absolute path>, DIR/cluster/<file>, DIR/MANIFEST.json.
// The whole folder is built beside the target and swapped in with renames, so readers never see
// a half-written output, and a folder that is not ours is never replaced.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync, lstatSync, readlinkSync } from 'node:fs';
import * as path from 'node:path';
import type { HostStep, Manifest, ManifestEntry, RenderedFile } from '../core/render/manifest';

export const MANIFEST = 'MANIFEST.json';

/** Where a rendered file lives inside the output folder (POSIX separators, as in the manifest). */
export function localPath(f: Pick<RenderedFile, 'target' | 'path'>): string {
  const rel = f.path.replace(/^\/+/, '');
  return `${f.target}/${rel}`;
}

export function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

export function buildManifest(files: RenderedFile[], source: string, cluster: string, steps: HostStep[] = []): Manifest {
  const entries: ManifestEntry[] = files.map((f) => {
    const { content, ...rest } = f;
    return { ...rest, local: localPath(f), sha256: sha256(content) };
  });
  return { source, cluster, files: entries, ...(steps.length > 0 ? { steps } : {}) };
}

/** Refuses paths that would escape the output folder (a hostile `..` in a host name or path). */
export function checkPaths(files: RenderedFile[]): string | undefined {
  for (const f of files) {
    const parts = localPath(f).split('/');
    if (parts.some((p) => p === '..' || p === '.' || p === '') || f.target.includes('\\')) return `refusing to write ${f.target}:${f.path}: the path is not a plain relative path`;
  }
  return undefined;
}

/** The previous rendering's text for a file, to keep zone serials stable. */
export function previousReader(dir: string): (target: string, p: string) => string | undefined {
  return (target, p) => {
    const full = path.join(dir, ...localPath({ target, path: p }).split('/'));
    try {
      return lstatSync(full).isFile() ? readFileSync(full, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  };
}

function isOutputFolder(dir: string): boolean {
  return existsSync(path.join(dir, MANIFEST)) || readdirSync(dir).length === 0;
}

/** Writes the set atomically. Returns an error message instead of throwing for user-facing problems. */
export function writeOutput(dir: string, files: RenderedFile[], manifest: Manifest): string | undefined {
  const bad = checkPaths(files);
  if (bad) return bad;
  const target = path.resolve(dir);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) return `${dir}: exists and is not a folder`;
    if (!isOutputFolder(target)) return `${dir}: exists, is not empty and has no ${MANIFEST}; refusing to replace a folder okd-topology did not write (choose a new or empty folder)`;
  }
  const parent = path.dirname(target);
  mkdirSync(parent, { recursive: true });
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmp = path.join(parent, `.${path.basename(target)}.tmp-${tag}`);
  const old = path.join(parent, `.${path.basename(target)}.old-${tag}`);
  try {
    mkdirSync(tmp);
    for (const f of files) {
      const full = path.join(tmp, ...localPath(f).split('/'));
      mkdirSync(path.dirname(full), { recursive: true });
      if (f.symlink) symlinkSync(f.content, full);
      else writeFileSync(full, f.content, { mode: parseInt(f.mode, 8) & 0o777 });
    }
    writeFileSync(path.join(tmp, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    if (existsSync(target)) renameSync(target, old);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (existsSync(old) && !existsSync(target)) renameSync(old, target);
    return `${dir}: cannot write the output (${(e as Error).message})`;
  }
  rmSync(old, { recursive: true, force: true });
  return undefined;
}

/** Reads one file back the way it was written (symlinks as their target), for comparisons. */
export function readBack(dir: string, local: string): string | undefined {
  const full = path.join(dir, ...local.split('/'));
  try {
    const st = lstatSync(full);
    return st.isSymbolicLink() ? readlinkSync(full) : readFileSync(full, 'utf8');
  } catch {
    return undefined;
  }
}
