// The one parser for command lines written in the topology (services.<kind>.validate / reload): render
// turns them into the argv it writes to MANIFEST.json, deploy checks them before anything connects.
// Quotes group words like a shell; anything a shell would interpret is refused, because these are
// argument lists for a program, never scripts. Pure: used by render and deploy alike.

export interface ParsedCommand {
  /** The words, quotes removed. With an error, still the words as written (metacharacters kept literally). */
  argv: string[];
  /** Why this is not a plain command; absent when it is one. */
  error?: string;
}

/** Characters a POSIX shell would treat as syntax outside quotes (expansion, redirection, globbing, lists...). */
const SHELL_SYNTAX = /[$`;|&<>()\\*?[\]{}#~!\n\r]/;
const PLACEHOLDER = '{file}';

/** A program name: looked up on PATH or given as a path; never an option, a space or shell syntax. */
export function programNameError(word: string): string | undefined {
  return /^[A-Za-z0-9_./+-]+$/.test(word) && !word.startsWith('-')
    ? undefined
    : `"${word}" is not a valid program name`;
}

export function parseCommand(text: string): ParsedCommand {
  const argv: string[] = [];
  let error: string | undefined;
  const fail = (msg: string): void => {
    error ??= msg;
  };
  let cur = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
      else {
        if (quote === '"' && (c === '$' || c === '`' || c === '\\')) {
          fail(`"${c}" inside double quotes at column ${i + 1}: use single quotes for literal text`);
        }
        cur += c;
      }
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) argv.push(cur);
      cur = '';
      inWord = false;
    } else if (c === '{' && text.startsWith(PLACEHOLDER, i)) {
      cur += PLACEHOLDER;
      i += PLACEHOLDER.length - 1;
      inWord = true;
    } else {
      if (SHELL_SYNTAX.test(c)) {
        fail(
          `shell syntax "${c === '\n' ? '\\n' : c === '\r' ? '\\r' : c}" at column ${i + 1} is not allowed: write a plain command with arguments`,
        );
      }
      cur += c;
      inWord = true;
    }
  }
  if (quote) fail(`unclosed ${quote} quote`);
  if (inWord) argv.push(cur);
  if (argv.length === 0) fail('empty command');
  else if (argv.some((a) => a.includes('\0'))) fail('an argument contains a NUL byte');
  else {
    const bad = programNameError(argv[0]);
    if (bad) fail(bad);
  }
  return error === undefined ? { argv } : { argv, error };
}
