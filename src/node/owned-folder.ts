// Output folders okd-topology owns (render --out, export-ansible --out, Render Configs). A folder
// is replaced only when it is provably ours: its manifest lists every file in it with its sha256.
// Anything else in it (a file not listed, a folder holding no listed file, a FIFO) is foreign and
// makes the write refuse with the list; a listed file whose bytes changed is a user edit and is
// overwritten only when the caller says so. The new folder is built beside the old one and swapped
// in with renames; folders a killed run left behind are recognised by name and marker and removed.
// Asynchronous (the extension host's thread stays free), yet one write at a time per process: a
// second write would otherwise see the first one's temporary folder as a leftover of this process.
import { createHash, randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import {
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  realpath,
  rename,
  rm,
  stat,
  symlink,
  unlink,
  writeFile,
} from 'node:fs/promises';
import * as path from 'node:path';
import { lstatOrNone, RENDERED_MAX_BYTES, tryReadLimited } from './files';

export interface OutputFile {
  /** Relative path inside the folder, POSIX separators. */
  local: string;
  content: string;
  mode?: number;
  /** A symbolic link whose target is `content`. */
  symlink?: boolean;
}

export interface FolderKind {
  /** The manifest's file name at the folder's root. */
  manifest: string;
  /** local → sha256 of every file a manifest lists, or why the text is not such a manifest. */
  parse(text: string): Map<string, string> | string;
}

export type WriteResult =
  { ok: true; dir: string; followed: boolean; cleaned: string[] } | { ok: false; message: string; edited?: string[] };

/** Dropped into a folder while it is being built or replaced; proves a leftover is ours. */
export const MARKER = '.okd-topology-incomplete';
const markerText = (pid: number) =>
  `okd-topology: output folder being written by process ${pid}; safe to delete once that process is gone\n`;
const MANIFEST_MAX_BYTES = 64 * 1024 * 1024;
const LIST_MAX = 20;

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A manifest path must be a plain relative path: no `..`, `.`, empty segment, backslash or NUL. */
export function plainLocal(local: string): boolean {
  return (
    local.length > 0 && !/[\\\0]/.test(local) && local.split('/').every((p) => p !== '' && p !== '.' && p !== '..')
  );
}

export function listText(items: string[]): string {
  const shown = items
    .slice(0, LIST_MAX)
    .map((x) => `  ${x}`)
    .join('\n');
  return items.length > LIST_MAX ? `${shown}\n  … and ${items.length - LIST_MAX} more` : shown;
}

interface Target {
  dir: string;
  followed: boolean;
}

/** Where the folder really is. A symlinked --out is followed knowingly (the link itself is kept). */
async function resolveTarget(dir: string): Promise<Target | string> {
  const abs = path.resolve(dir);
  if (path.dirname(abs) === abs) return `${dir}: cannot replace the root folder`;
  const st = await lstatOrNone(abs);
  if (st?.isSymbolicLink()) {
    let real: string;
    try {
      real = await realpath(abs);
    } catch {
      return `${dir}: is a symbolic link to ${await readlink(abs)}, which does not exist; refusing to replace the link (create the folder it points to, or remove the link)`;
    }
    if (!(await stat(real)).isDirectory()) return `${dir}: is a symbolic link to ${real}, which is not a folder`;
    if (path.dirname(real) === real) return `${dir}: points to the root folder; refusing`;
    return { dir: real, followed: true };
  }
  if (st && !st.isDirectory()) return `${dir}: exists and is not a folder`;
  const parent = path.dirname(abs);
  await mkdir(parent, { recursive: true });
  return { dir: path.join(await realpath(parent), path.basename(abs)), followed: false };
}

interface Survey {
  foreign: string[];
  edited: string[];
  unowned?: string;
}

async function isMarker(full: string): Promise<boolean> {
  const st = await lstatOrNone(full);
  return (
    !!st?.isFile() &&
    st.size < 1024 &&
    /^okd-topology: output folder being written by process \d+;/.test(await readFile(full, 'utf8'))
  );
}

/** What in an existing folder is not provably ours (foreign) or was changed by hand (edited). */
async function survey(dir: string, kind: FolderKind): Promise<Survey> {
  const top = (await readdir(dir)).sort();
  if (top.length === 0) return { foreign: [], edited: [] };
  const mpath = path.join(dir, kind.manifest);
  const mst = await lstatOrNone(mpath);
  let listed: Map<string, string> | string;
  if (!mst?.isFile()) listed = `has no ${kind.manifest}`;
  else {
    const r = await tryReadLimited(mpath, MANIFEST_MAX_BYTES);
    const parsed = 'error' in r ? r.error : kind.parse(r.data.toString('utf8'));
    listed = typeof parsed === 'string' ? `its ${kind.manifest} is not one okd-topology wrote (${parsed})` : parsed;
  }
  if (typeof listed === 'string') return { foreign: top, edited: [], unowned: listed };
  const owned = listed;
  const ancestors = new Set<string>();
  for (const local of owned.keys()) {
    const parts = local.split('/');
    for (let i = 1; i < parts.length; i++) ancestors.add(parts.slice(0, i).join('/'));
  }
  const foreign: string[] = [];
  const edited: string[] = [];
  const walk = async (rel: string, abs: string): Promise<void> => {
    for (const name of (await readdir(abs)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const full = path.join(abs, name);
      if (!rel && (name === kind.manifest || (name === MARKER && (await isMarker(full))))) continue;
      const st = await lstat(full);
      const want = owned.get(r);
      if (st.isDirectory()) {
        if (ancestors.has(r)) await walk(r, full);
        else foreign.push(`${r}/`);
      } else if (want === undefined || !(st.isFile() || st.isSymbolicLink())) foreign.push(r);
      else if (!(await matches(full, st, want))) edited.push(r);
    }
  };
  await walk('', dir);
  return { foreign, edited };
}

/** A listed file or link still holds what the manifest says (a link by its target). */
async function matches(full: string, st: Stats, want: string): Promise<boolean> {
  if (st.isSymbolicLink()) return sha256(await readlink(full)) === want;
  const data = await tryReadLimited(full, RENDERED_MAX_BYTES);
  return !('error' in data) && sha256(data.data) === want;
}

/** Why a folder cannot be replaced, or undefined when it may be (edits only with overwriteEdited). */
function refusal(shown: string, s: Survey, overwriteEdited: boolean): WriteResult | undefined {
  if (s.unowned !== undefined) {
    return {
      ok: false,
      message: `${shown}: is not empty and ${s.unowned}; refusing to replace a folder okd-topology did not write (choose a new or empty folder). It holds:\n${listText(s.foreign)}`,
    };
  }
  if (s.foreign.length > 0) {
    return {
      ok: false,
      message: `${shown}: holds files okd-topology did not write; refusing to replace the folder (move them elsewhere, or choose another folder):\n${listText(s.foreign)}`,
    };
  }
  if (s.edited.length > 0 && !overwriteEdited) {
    return {
      ok: false,
      edited: s.edited,
      message: `${shown}: ${s.edited.length} file(s) were changed since okd-topology wrote them; refusing to overwrite the edits:\n${listText(s.edited)}`,
    };
  }
  return undefined;
}

/** Removes a folder of ours with its marker last, so a kill midway still leaves a folder provably ours. */
async function removeMarkedFolder(dir: string): Promise<void> {
  for (const name of await readdir(dir))
    if (name !== MARKER) await rm(path.join(dir, name), { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
}

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes `.NAME.tmp-PID-TAG` / `.NAME.old-PID-TAG` folders beside `dir` that an interrupted run left:
 * only real folders (not links) that are empty or hold our marker, of a process that is gone.
 * Folders of this process count as left over too: writes run one at a time (see `serially`).
 */
export async function removeLeftovers(dir: string): Promise<string[]> {
  const parent = path.dirname(dir);
  const base = path.basename(dir);
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = /^\.(.*)\.(tmp|old)-(\d+)-[0-9a-f]{8}$/.exec(name);
    if (!m || m[1] !== base || pidAlive(Number(m[3]))) continue;
    const full = path.join(parent, name);
    try {
      if (await isOurLeftover(full)) {
        await removeMarkedFolder(full);
        removed.push(full);
      }
    } catch {
      // Left for a later run (or the user): a leftover we cannot remove never stops a render.
    }
  }
  return removed;
}

async function isOurLeftover(full: string): Promise<boolean> {
  const st = await lstatOrNone(full);
  if (!st?.isDirectory()) return false;
  return (await readdir(full)).length === 0 || (await isMarker(path.join(full, MARKER)));
}

/** Every file with flag `wx` into a folder made for this write: a name already there is an error, never overwritten. */
async function writeTree(tmp: string, files: OutputFile[], kind: FolderKind, manifestText: string): Promise<void> {
  for (const f of files) {
    const full = path.join(tmp, ...f.local.split('/'));
    await mkdir(path.dirname(full), { recursive: true });
    if (f.symlink) await symlink(f.content, full);
    else await writeFile(full, f.content, { mode: (f.mode ?? 0o644) & 0o777, flag: 'wx' });
  }
  await writeFile(path.join(tmp, kind.manifest), manifestText, { flag: 'wx' });
}

let tail: Promise<unknown> = Promise.resolve();

/** Runs `job` after every write started before it has finished (one owned-folder write at a time per process). */
function serially<T>(job: () => Promise<T>): Promise<T> {
  const run = tail.then(job, job);
  tail = run.catch(() => undefined);
  return run;
}

/** Whether `dir` may be replaced: the refusal when it may not, undefined when it may (or does not exist). */
async function mayReplace(
  dir: string,
  target: string,
  kind: FolderKind,
  overwriteEdited: boolean,
): Promise<WriteResult | undefined> {
  let found: Survey;
  try {
    found = await survey(target, kind);
  } catch (e) {
    return {
      ok: false,
      message: `${dir}: cannot look through the folder (${(e as Error).message}); nothing was replaced`,
    };
  }
  return refusal(dir, found, overwriteEdited);
}

interface Swap {
  target: string;
  tmp: string;
  old: string;
  exists: boolean;
  marker: string;
}

/** Builds the new folder beside the target and renames it into place; on any error puts everything back. */
async function buildAndSwap(
  w: Swap,
  files: OutputFile[],
  kind: FolderKind,
  manifestText: string,
): Promise<string | undefined> {
  try {
    await mkdir(w.tmp);
    await writeFile(path.join(w.tmp, MARKER), w.marker);
    await writeTree(w.tmp, files, kind, manifestText);
    if (w.exists) {
      // Marked before it moves aside, so a kill between the two renames leaves a folder we can prove is ours.
      await writeFile(path.join(w.target, MARKER), w.marker);
      await rename(w.target, w.old);
    }
    await rename(w.tmp, w.target);
    return undefined;
  } catch (e) {
    const why = (e as Error).message;
    try {
      await undoSwap(w);
    } catch (u) {
      return `${why}; then putting things back failed too (${(u as Error).message}): the next write removes what is left`;
    }
    return why;
  }
}

async function undoSwap(w: Swap): Promise<void> {
  if (await lstatOrNone(w.tmp)) await removeMarkedFolder(w.tmp);
  if (w.exists && (await lstatOrNone(w.old)) && !(await lstatOrNone(w.target))) await rename(w.old, w.target);
  if (w.exists) await rm(path.join(w.target, MARKER), { force: true });
}

/**
 * Writes `files` plus the manifest as the folder `dir`, replacing it only when it is ours (see the
 * file comment). Never throws for user-facing problems: the result says what was refused and why.
 */
export function writeOwnedFolder(
  dir: string,
  files: OutputFile[],
  kind: FolderKind,
  manifestText: string,
  opts: { overwriteEdited?: boolean } = {},
): Promise<WriteResult> {
  return serially(() => writeNow(dir, files, kind, manifestText, !!opts.overwriteEdited));
}

async function writeNow(
  dir: string,
  files: OutputFile[],
  kind: FolderKind,
  manifestText: string,
  overwriteEdited: boolean,
): Promise<WriteResult> {
  const bad = files.find((f) => !plainLocal(f.local) || f.local === kind.manifest || f.local === MARKER);
  if (bad)
    return {
      ok: false,
      message: `refusing to write ${bad.local}: the path is not a plain relative path inside the output folder`,
    };
  let where: Target | string;
  try {
    where = await resolveTarget(dir);
  } catch (e) {
    return { ok: false, message: `${dir}: cannot use this folder (${(e as Error).message})` };
  }
  if (typeof where === 'string') return { ok: false, message: where };
  const target = where.dir;
  const exists = (await lstatOrNone(target)) !== undefined;
  const no = exists ? await mayReplace(dir, target, kind, overwriteEdited) : undefined;
  if (no) return no;
  const cleaned = await removeLeftovers(target);
  const parent = path.dirname(target);
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const w: Swap = {
    target,
    exists,
    marker: markerText(process.pid),
    tmp: path.join(parent, `.${path.basename(target)}.tmp-${tag}`),
    old: path.join(parent, `.${path.basename(target)}.old-${tag}`),
  };
  const failed = await buildAndSwap(w, files, kind, manifestText);
  if (failed !== undefined) return { ok: false, message: `${dir}: cannot write the output (${failed})` };
  await unlink(path.join(target, MARKER));
  if (exists) await removeMarkedFolder(w.old);
  return { ok: true, dir: target, followed: where.followed, cleaned };
}
