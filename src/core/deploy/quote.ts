// Remote commands are built here and only here: every word is validated and single-quoted, so no value
// from the topology or the manifest can ever be read by the remote shell as syntax.
import type { Argv } from '../render/manifest';
import { parseCommand, programNameError } from '../argv';

export class UnsafeCommandError extends Error {}

/** POSIX single-quote escaping: 'it'\''s' — the only character special inside single quotes is the quote. */
export function shQuote(word: string): string {
  if (word.includes('\0')) throw new UnsafeCommandError('a command argument contains a NUL byte');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Rejects what cannot be passed safely as argv: empty vectors, NUL bytes, a program name that is not a plain word. */
export function checkArgv(argv: Argv, what: string): void {
  if (!Array.isArray(argv) || argv.length === 0) throw new UnsafeCommandError(`${what}: empty command`);
  for (const a of argv) {
    if (typeof a !== 'string') throw new UnsafeCommandError(`${what}: every argument must be a string`);
    if (a.includes('\0')) throw new UnsafeCommandError(`${what}: an argument contains a NUL byte`);
  }
  // The program is looked up on PATH or given absolutely; it never contains spaces, quotes or shell syntax.
  const bad = programNameError(argv[0]);
  if (bad) throw new UnsafeCommandError(`${what}: ${bad}`);
}

/** One quoted command line from argv. */
export function commandLine(argv: Argv, what = 'command'): string {
  checkArgv(argv, what);
  return argv.map(shQuote).join(' ');
}

/** Replaces `{file}` (and only that placeholder) inside each argument. */
export function substitute(argv: Argv, vars: Record<string, string>): Argv {
  return argv.map((a) => a.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? vars[k] : m)));
}

/**
 * Splits a command template written in the topology (`validate: named-checkconf -z {file}`) into argv with
 * the parser render uses too (src/core/argv.ts): quotes group words, shell syntax is refused.
 */
export function parseCommandTemplate(text: string): { argv?: Argv; error?: string } {
  const r = parseCommand(text);
  return r.error === undefined ? { argv: r.argv } : { error: r.error };
}

/** Shell-style rendering for display and for Ansible's `validate` (shlex-compatible). */
export function displayCommand(argv: Argv): string {
  return argv.map(shQuote).join(' ');
}
