// Reading files the user names, with limits: only regular files, never more than a stated size,
// and never blocking on a FIFO (opened non-blocking, then checked with fstat before any read).
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

const MiB = 1024 * 1024;

/**
 * Largest topology file read: far above a 10,000-host topology (about 2-3 MB), small enough that a
 * wrong path (a disk image, /dev/zero) fails at once instead of exhausting memory.
 */
export const TOPOLOGY_MAX_BYTES = 32 * MiB;
/** Largest template file read (built-in templates are a few KB). */
export const TEMPLATE_MAX_BYTES = 4 * MiB;
/** Largest secret file read (an SSH public key is under 3 KB, a pull secret a few KB). */
export const SECRET_MAX_BYTES = 1 * MiB;
/** Largest rendered file read back from an output folder (a 10,000-host dhcpd.conf is a few MB). */
export const RENDERED_MAX_BYTES = 256 * MiB;

export function sizeText(n: number): string {
  return n >= MiB ? `${Math.round(n / MiB)} MiB` : `${Math.round(n / 1024)} KiB`;
}

/** What a failed read says: the caller prefixes nothing, the message names the file. */
export class ReadRefused extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

function describeKind(st: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function refusedOpen(file: string, e: unknown): ReadRefused {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new ReadRefused(`${file}: no such file`, code);
  if (code === 'EACCES') return new ReadRefused(`${file}: permission denied`, code);
  if (code === 'ENXIO') return new ReadRefused(`${file}: is not a regular file`, code);
  return new ReadRefused(`${file}: cannot read (${(e as Error).message})`, code);
}

function checkOpened(file: string, st: Stats, max: number): void {
  if (!st.isFile())
    throw new ReadRefused(
      `${file}: is ${describeKind(st)}, not a regular file`,
      st.isDirectory() ? 'EISDIR' : 'ENOTREG',
    );
  if (st.size > max)
    throw new ReadRefused(`${file}: is ${sizeText(st.size)}, over the ${sizeText(max)} limit for this file`, 'EFBIG');
}

/** Reads until end of file, stopping past max: a file that grows while being read is still caught. */
async function readAll(
  file: string,
  size: number,
  max: number,
  read: (buf: Buffer) => number | Promise<number>,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(Math.max(size - total, 64 * 1024), max + 1 - total + 1));
    const got = await read(chunk);
    if (got === 0) break;
    chunks.push(chunk.subarray(0, got));
    total += got;
    if (total > max)
      throw new ReadRefused(`${file}: grew past the ${sizeText(max)} limit for this file while being read`, 'EFBIG');
  }
  return Buffer.concat(chunks, total);
}

/**
 * Reads a regular file of at most `max` bytes without blocking the thread (the extension host's
 * and the CLI's reads). Rejects with ReadRefused, a one-line message naming `file`, for anything
 * else (missing, a directory, a device or FIFO, too large, unreadable).
 */
export async function readLimited(file: string, max: number): Promise<Buffer> {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
  const fh = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch((e: unknown) => {
    throw refusedOpen(file, e);
  });
  try {
    const st = await fh.stat();
    checkOpened(file, st, max);
    return await readAll(file, st.size, max, async (buf) => (await fh.read(buf, 0, buf.length, null)).bytesRead);
  } finally {
    await fh.close();
  }
}

/** readLimited for the owned-folder bookkeeping, which runs in one synchronous pass (see owned-folder.ts). */
export function readLimitedSync(file: string, max: number): Buffer {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw refusedOpen(file, e);
  }
  try {
    const st = fstatSync(fd);
    checkOpened(file, st, max);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(st.size - total, 64 * 1024), max + 1 - total + 1));
      const got = readSync(fd, chunk, 0, chunk.length, null);
      if (got === 0) break;
      chunks.push(chunk.subarray(0, got));
      total += got;
      if (total > max)
        throw new ReadRefused(`${file}: grew past the ${sizeText(max)} limit for this file while being read`, 'EFBIG');
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

type ReadResult = { data: Buffer } | { error: string; code?: string };

function asResult(file: string, e: unknown): ReadResult {
  if (e instanceof ReadRefused) return { error: e.message, code: e.code };
  return { error: `${file}: cannot read (${(e as Error).message})`, code: (e as NodeJS.ErrnoException).code };
}

/** readLimited as a result instead of an exception. */
export async function tryReadLimited(file: string, max: number): Promise<ReadResult> {
  try {
    return { data: await readLimited(file, max) };
  } catch (e) {
    return asResult(file, e);
  }
}

export function tryReadLimitedSync(file: string, max: number): ReadResult {
  try {
    return { data: readLimitedSync(file, max) };
  } catch (e) {
    return asResult(file, e);
  }
}
