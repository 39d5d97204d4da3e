// Writes a rendered set to disk: DIR/<host>/<absolute path>, DIR/cluster/<file>, DIR/MANIFEST.json.
// The folder is replaced only when okd-topology wrote it (see owned-folder.ts): MANIFEST.json lists
// every file with its sha256, and a folder holding anything else is refused, never deleted.
import { readFileSync, lstatSync, readlinkSync } from 'node:fs';
import { lstat, realpath } from 'node:fs/promises';
import * as path from 'node:path';
import type { HostStep, Manifest, ManifestEntry, RenderedFile } from '../core/render/manifest';
import { RENDERED_MAX_BYTES, tryReadLimited } from './files';
import { plainLocal, sha256 as sha256Bytes, writeOwnedFolder, type FolderKind, type WriteResult } from './owned-folder';

export const MANIFEST = 'MANIFEST.json';

/** Where a rendered file lives inside the output folder (POSIX separators, as in the manifest). */
export function localPath(f: Pick<RenderedFile, 'target' | 'path'>): string {
  const rel = f.path.replace(/^\/+/, '');
  return `${f.target}/${rel}`;
}

export function sha256(s: string): string {
  return sha256Bytes(Buffer.from(s, 'utf8'));
}

export function buildManifest(
  files: RenderedFile[],
  source: string,
  cluster: string,
  steps: HostStep[] = [],
): Manifest {
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
    if (parts.some((p) => p === '..' || p === '.' || p === '') || f.target.includes('\\'))
      return `refusing to write ${f.target}:${f.path}: the path is not a plain relative path`;
  }
  return undefined;
}

export type PreviousReader = (target: string, p: string) => string | undefined;

/** A regular file whose real path stays inside `root` (a symlink placed in the output cannot make render read elsewhere). */
async function containedText(root: string, dir: string, local: string): Promise<string | undefined> {
  if (!plainLocal(local)) return undefined;
  try {
    const real = await realpath(path.join(dir, ...local.split('/')));
    if (!real.startsWith(root + path.sep) || !(await lstat(real)).isFile()) return undefined;
    const r = await tryReadLimited(real, RENDERED_MAX_BYTES);
    return 'error' in r ? undefined : r.data.toString('utf8');
  } catch {
    return undefined;
  }
}

/**
 * The previous rendering's zone files, to keep their SOA serials stable: read ahead (without blocking)
 * from the DNS entries MANIFEST.json lists, so the render itself stays synchronous and pure.
 */
export async function loadPrevious(dir: string): Promise<PreviousReader> {
  const texts = new Map<string, string>();
  try {
    const root = await realpath(dir);
    const mf = await tryReadLimited(path.join(root, MANIFEST), RENDERED_MAX_BYTES);
    const entries = 'error' in mf ? [] : ((JSON.parse(mf.data.toString('utf8')) as Partial<Manifest>).files ?? []);
    for (const e of Array.isArray(entries) ? entries : []) {
      if (
        e?.service !== 'dns' ||
        typeof e.local !== 'string' ||
        typeof e.target !== 'string' ||
        typeof e.path !== 'string'
      )
        continue;
      if (e.local !== localPath(e)) continue;
      const text = await containedText(root, dir, e.local);
      if (text !== undefined) texts.set(e.local, text);
    }
  } catch {
    // No folder, or not a render folder: every zone starts at serial 1.
  }
  return (target, p) => texts.get(localPath({ target, path: p }));
}

/** What a render folder's MANIFEST.json lists: local → sha256, or why it is not a render manifest. */
export function parseRenderManifest(text: string): Map<string, string> | string {
  let m: Partial<Manifest>;
  try {
    m = JSON.parse(text) as Partial<Manifest>;
  } catch (e) {
    return `not valid JSON: ${(e as Error).message}`;
  }
  if (!m || typeof m !== 'object' || !Array.isArray(m.files)) return 'no "files" list';
  const out = new Map<string, string>();
  for (const [i, f] of m.files.entries()) {
    if (
      !f ||
      typeof f.local !== 'string' ||
      !plainLocal(f.local) ||
      typeof f.sha256 !== 'string' ||
      !/^[0-9a-f]{64}$/.test(f.sha256)
    ) {
      return `files[${i}] has no plain "local" path with a "sha256"`;
    }
    out.set(f.local, f.sha256);
  }
  return out;
}

export const RENDER_FOLDER: FolderKind = { manifest: MANIFEST, parse: parseRenderManifest };

export interface WriteOptions {
  /** Replace rendered files the user changed by hand (otherwise refused, naming them). */
  overwriteEdited?: boolean;
}

/** Writes the set atomically into a folder render owns (or a new or empty one); never throws for user-facing problems. */
export function writeRenderOutput(
  dir: string,
  files: RenderedFile[],
  manifest: Manifest,
  opts: WriteOptions = {},
): WriteResult {
  const bad = checkPaths(files);
  if (bad) return { ok: false, message: bad };
  const out = files.map((f) => ({
    local: localPath(f),
    content: f.content,
    symlink: f.symlink,
    mode: parseInt(f.mode, 8),
  }));
  return writeOwnedFolder(dir, out, RENDER_FOLDER, `${JSON.stringify(manifest, null, 2)}\n`, opts);
}

/** writeRenderOutput reduced to an error message, or undefined when written. */
export function writeOutput(
  dir: string,
  files: RenderedFile[],
  manifest: Manifest,
  opts: WriteOptions = {},
): string | undefined {
  const r = writeRenderOutput(dir, files, manifest, opts);
  return r.ok ? undefined : r.message;
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
