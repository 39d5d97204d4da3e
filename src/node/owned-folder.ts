// Output folders okd-topology owns (render --out, export-ansible --out, Render Configs). A folder
// is replaced only when it is provably ours: its manifest lists every file in it with its sha256.
// Anything else in it (a file not listed, a folder holding no listed file, a FIFO) is foreign and
// makes the write refuse with the list; a listed file whose bytes changed is a user edit and is
// overwritten only when the caller says so. The new folder is built beside the old one and swapped
// in with renames; folders a killed run left behind are recognised by name and marker and removed.
import { createHash, randomBytes } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { RENDERED_MAX_BYTES, tryReadLimitedSync } from './files';

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
function resolveTarget(dir: string): Target | string {
  const abs = path.resolve(dir);
  if (path.dirname(abs) === abs) return `${dir}: cannot replace the root folder`;
  const st = lstatSync(abs, { throwIfNoEntry: false });
  if (st?.isSymbolicLink()) {
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      return `${dir}: is a symbolic link to ${readlinkSync(abs)}, which does not exist; refusing to replace the link (create the folder it points to, or remove the link)`;
    }
    if (!statSync(real).isDirectory()) return `${dir}: is a symbolic link to ${real}, which is not a folder`;
    if (path.dirname(real) === real) return `${dir}: points to the root folder; refusing`;
    return { dir: real, followed: true };
  }
  if (st && !st.isDirectory()) return `${dir}: exists and is not a folder`;
  const parent = path.dirname(abs);
  mkdirSync(parent, { recursive: true });
  return { dir: path.join(realpathSync(parent), path.basename(abs)), followed: false };
}

interface Survey {
  foreign: string[];
  edited: string[];
  unowned?: string;
}

function isMarker(full: string): boolean {
  const st = lstatSync(full, { throwIfNoEntry: false });
  return (
    !!st?.isFile() &&
    st.size < 1024 &&
    /^okd-topology: output folder being written by process \d+;/.test(readFileSync(full, 'utf8'))
  );
}

/** What in an existing folder is not provably ours (foreign) or was changed by hand (edited). */
function survey(dir: string, kind: FolderKind): Survey {
  const top = readdirSync(dir).sort();
  if (top.length === 0) return { foreign: [], edited: [] };
  const mpath = path.join(dir, kind.manifest);
  const mst = lstatSync(mpath, { throwIfNoEntry: false });
  let listed: Map<string, string> | string;
  if (!mst?.isFile()) listed = `has no ${kind.manifest}`;
  else {
    const r = tryReadLimitedSync(mpath, MANIFEST_MAX_BYTES);
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
  const walk = (rel: string, abs: string): void => {
    for (const name of readdirSync(abs).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const full = path.join(abs, name);
      if (!rel && (name === kind.manifest || (name === MARKER && isMarker(full)))) continue;
      const st = lstatSync(full);
      const want = owned.get(r);
      if (st.isDirectory()) {
        if (ancestors.has(r)) walk(r, full);
        else foreign.push(`${r}/`);
      } else if (want === undefined) foreign.push(r);
      else if (st.isSymbolicLink()) {
        if (sha256(readlinkSync(full)) !== want) edited.push(r);
      } else if (st.isFile()) {
        const data = tryReadLimitedSync(full, RENDERED_MAX_BYTES);
        if ('error' in data || sha256(data.data) !== want) edited.push(r);
      } else foreign.push(r);
    }
  };
  walk('', dir);
  return { foreign, edited };
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
function removeMarkedFolder(dir: string): void {
  for (const name of readdirSync(dir))
    if (name !== MARKER) rmSync(path.join(dir, name), { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
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
 */
export function removeLeftovers(dir: string): string[] {
  const parent = path.dirname(dir);
  const base = path.basename(dir);
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = /^\.(.*)\.(tmp|old)-(\d+)-[0-9a-f]{8}$/.exec(name);
    if (!m || m[1] !== base || pidAlive(Number(m[3]))) continue;
    const full = path.join(parent, name);
    try {
      const st = lstatSync(full, { throwIfNoEntry: false });
      if (!st?.isDirectory()) continue;
      if (readdirSync(full).length > 0 && !isMarker(path.join(full, MARKER))) continue;
      removeMarkedFolder(full);
      removed.push(full);
    } catch {
      // Left for a later run (or the user): a leftover we cannot remove never stops a render.
    }
  }
  return removed;
}

function writeTree(tmp: string, files: OutputFile[], kind: FolderKind, manifestText: string): void {
  for (const f of files) {
    const full = path.join(tmp, ...f.local.split('/'));
    mkdirSync(path.dirname(full), { recursive: true });
    if (f.symlink) symlinkSync(f.content, full);
    else writeFileSync(full, f.content, { mode: (f.mode ?? 0o644) & 0o777, flag: 'wx' });
  }
  writeFileSync(path.join(tmp, kind.manifest), manifestText, { flag: 'wx' });
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
): WriteResult {
  const bad = files.find((f) => !plainLocal(f.local) || f.local === kind.manifest || f.local === MARKER);
  if (bad)
    return {
      ok: false,
      message: `refusing to write ${bad.local}: the path is not a plain relative path inside the output folder`,
    };
  let where: Target | string;
  try {
    where = resolveTarget(dir);
  } catch (e) {
    return { ok: false, message: `${dir}: cannot use this folder (${(e as Error).message})` };
  }
  if (typeof where === 'string') return { ok: false, message: where };
  const target = where.dir;
  const exists = lstatSync(target, { throwIfNoEntry: false }) !== undefined;
  if (exists) {
    let found: Survey;
    try {
      found = survey(target, kind);
    } catch (e) {
      return {
        ok: false,
        message: `${dir}: cannot look through the folder (${(e as Error).message}); nothing was replaced`,
      };
    }
    const no = refusal(dir, found, !!opts.overwriteEdited);
    if (no) return no;
  }
  const cleaned = removeLeftovers(target);
  const parent = path.dirname(target);
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmp = path.join(parent, `.${path.basename(target)}.tmp-${tag}`);
  const old = path.join(parent, `.${path.basename(target)}.old-${tag}`);
  const marker = markerText(process.pid);
  try {
    mkdirSync(tmp);
    writeFileSync(path.join(tmp, MARKER), marker);
    writeTree(tmp, files, kind, manifestText);
    if (exists) {
      // Marked before it moves aside, so a kill between the two renames leaves a folder we can prove is ours.
      writeFileSync(path.join(target, MARKER), marker);
      renameSync(target, old);
    }
    renameSync(tmp, target);
  } catch (e) {
    if (lstatSync(tmp, { throwIfNoEntry: false })) removeMarkedFolder(tmp);
    if (exists && lstatSync(old, { throwIfNoEntry: false }) && !lstatSync(target, { throwIfNoEntry: false }))
      renameSync(old, target);
    if (exists) rmSync(path.join(target, MARKER), { force: true });
    return { ok: false, message: `${dir}: cannot write the output (${(e as Error).message})` };
  }
  unlinkSync(path.join(target, MARKER));
  if (exists) removeMarkedFolder(old);
  return { ok: true, dir: target, followed: where.followed, cleaned };
}
