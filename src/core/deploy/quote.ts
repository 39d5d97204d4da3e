// Remote commands are built here and only here: every word is validated and single-quoted, so no value
// from the topology or the manifest can ever be read by the remote shell as syntax.
import type { Argv } from '../render/manifest';

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
  if (!/^[A-Za-z0-9_./+-]+$/.test(argv[0]) || argv[0].startsWith('-')) {
    throw new UnsafeCommandError(`${what}: "${argv[0]}" is not a valid program name`);
  }
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
 * Splits a command template written in the topology (`validate: named-checkconf -z {file}`) into argv.
 * Quotes group words like a shell, but anything a shell would interpret ($, `, ;, |, &, <, >, globs,
 * backslashes) is refused: these templates are argument lists, not scripts.
 */
export function parseCommandTemplate(text: string): { argv?: Argv; error?: string } {
  const argv: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (quote === '"' && (c === '$' || c === '`' || c === '\\')) {
        return { error: `"${c}" inside double quotes at column ${i + 1}: use single quotes for literal text` };
      } else cur += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) argv.push(cur);
      cur = '';
      inWord = false;
    } else if (/[$`;|&<>()\\*?[\]{}#~!\n\r]/.test(c) && !(c === '{' && text.startsWith('{file}', i))) {
      return { error: `shell syntax "${c === '\n' ? '\\n' : c}" at column ${i + 1} is not allowed: write a plain command with arguments` };
    } else if (c === '{') {
      cur += '{file}';
      i += '{file}'.length - 1;
      inWord = true;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) return { error: `unclosed ${quote} quote` };
  if (inWord) argv.push(cur);
  if (argv.length === 0) return { error: 'empty command' };
  try {
    checkArgv(argv, 'command');
  } catch (e) {
    return { error: (e as Error).message.replace(/^command: /, '') };
  }
  return { argv };
}

/** Shell-style rendering for display and for Ansible's `validate` (shlex-compatible). */
export function displayCommand(argv: Argv): string {
  return argv.map(shQuote).join(' ');
}
