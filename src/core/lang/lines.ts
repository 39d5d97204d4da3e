// Line-level YAML reading for editor features. Works on text that does not parse (a half-typed
// key, an unclosed flow map), which is the normal state of a buffer while the user types.
import { LineIndex } from '../text';

export interface LineInfo {
  /** Offset of the line's first character in the document. */
  offset: number;
  text: string;
  /** Column of the first non-space character. */
  indent: number;
  /** Columns of the `- ` sequence markers at the start of the line. */
  dashes: number[];
  /** Column where the content after the markers starts. */
  contentCol: number;
  /** No content (blank, comment-only, or a document marker). */
  blank: boolean;
  /** Nothing after the markers (e.g. `  -`). */
  empty: boolean;
  /** The mapping key on this line, when it has `key:`. */
  key?: string;
  keyStart?: number;
  keyEnd?: number;
  /** Column of the first character after `key:` (before any spaces). */
  afterColon?: number;
  /** The value text after the colon, comment removed and trimmed (quotes kept). */
  rawValue?: string;
  /** Column where that value text starts. */
  valueCol?: number;
}

/** Index of the `#` that starts a comment, or -1. Quotes and `#` inside scalars are respected. */
export function commentStart(s: string, from = 0): number {
  let quote = '';
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) {
        if (quote === "'" && s[i + 1] === "'") i++;
        else quote = '';
      } else if (c === '\\' && quote === '"') i++;
    } else if (c === '"' || c === "'") {
      if (i === from || /[\s,[{:]/.test(s[i - 1])) quote = c;
    } else if (c === '#' && (i === 0 || s[i - 1] === ' ' || s[i - 1] === '\t')) return i;
  }
  return -1;
}

/** Strips matching quotes of a scalar's text (no escape handling beyond `''`). */
export function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && t[0] === '"' && t[t.length - 1] === '"') return t.slice(1, -1).replace(/\\"/g, '"');
  if (t.length >= 2 && t[0] === "'" && t[t.length - 1] === "'") return t.slice(1, -1).replace(/''/g, "'");
  return t;
}

/** Finds `key:` at `from`: returns the key's end and the colon's column, or undefined. */
function readKey(s: string, from: number): { key: string; end: number; colon: number } | undefined {
  const c = s[from];
  if (c === undefined || c === '{' || c === '[' || c === '#' || c === '&' || c === '*' || c === '|' || c === '>')
    return undefined;
  if (c === '"' || c === "'") {
    let i = from + 1;
    while (i < s.length && s[i] !== c) i += s[i] === '\\' && c === '"' ? 2 : 1;
    if (i >= s.length) return undefined;
    let j = i + 1;
    while (s[j] === ' ') j++;
    if (s[j] !== ':' || (j + 1 < s.length && !/\s/.test(s[j + 1]))) return undefined;
    return { key: unquote(s.slice(from, i + 1)), end: i + 1, colon: j };
  }
  for (let i = from; i < s.length; i++) {
    if (s[i] === '#' && /\s/.test(s[i - 1] ?? ' ')) return undefined;
    if (s[i] === ':' && (i + 1 === s.length || /\s/.test(s[i + 1]))) {
      const key = s.slice(from, i).trimEnd();
      return key ? { key, end: from + key.length, colon: i } : undefined;
    }
  }
  return undefined;
}

export function readLine(text: string, offset: number): LineInfo {
  const raw = text.endsWith('\r') ? text.slice(0, -1) : text;
  let i = 0;
  while (raw[i] === ' ') i++;
  const indent = i;
  const dashes: number[] = [];
  while (raw[i] === '-' && (i + 1 === raw.length || raw[i + 1] === ' ' || raw[i + 1] === '\t')) {
    if (dashes.length === 0 && raw.startsWith('---') && i === 0) break;
    dashes.push(i);
    i++;
    while (raw[i] === ' ' || raw[i] === '\t') i++;
  }
  const contentCol = i;
  const rest = raw.slice(i);
  const isDocMarker = indent === 0 && /^(---|\.\.\.)(\s|$)/.test(raw);
  const blank = isDocMarker || ((rest.trim() === '' || rest.startsWith('#')) && dashes.length === 0);
  const empty = rest.trim() === '' || rest.startsWith('#');
  const info: LineInfo = { offset, text: raw, indent, dashes, contentCol, blank, empty };
  if (blank || empty) return info;
  const k = readKey(raw, i);
  if (k) {
    info.key = k.key;
    info.keyStart = i;
    info.keyEnd = k.end;
    info.afterColon = k.colon + 1;
    let v = k.colon + 1;
    while (raw[v] === ' ' || raw[v] === '\t') v++;
    const cs = commentStart(raw, v);
    info.valueCol = v;
    info.rawValue = (cs < 0 ? raw.slice(v) : raw.slice(v, cs)).trimEnd();
  }
  return info;
}

/** The document's lines, read lazily (a completion touches only a few of them); the line index is the shared one. */
export class Lines extends LineIndex {
  private readonly cache = new Map<number, LineInfo>();
  get count(): number {
    return this.lineCount;
  }
  raw(line: number): string {
    const end = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    const s = this.text.slice(this.starts[line], end);
    return s.endsWith('\r') ? s.slice(0, -1) : s;
  }
  /**
   * Indentation of a line and whether it is blank (or a comment) or starts with `- `, read
   * without allocating: the walks up a 10,000-host file skip most lines on this alone.
   * Returns indent -1 for blank lines.
   */
  quick(line: number): { indent: number; dash: boolean } {
    const t = this.text;
    const end = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : t.length;
    let i = this.starts[line];
    while (i < end && t.charCodeAt(i) === 32) i++;
    const c = i < end ? t.charCodeAt(i) : 10;
    if (c === 10 || c === 13 || c === 35 /* # */) return { indent: -1, dash: false };
    const next = i + 1 < end ? t.charCodeAt(i + 1) : 10;
    const dash = c === 45 /* - */ && (next === 32 || next === 10 || next === 13 || next === 9 || i + 1 >= end);
    return { indent: i - this.starts[line], dash };
  }

  info(line: number): LineInfo {
    let li = this.cache.get(line);
    if (!li) {
      li = readLine(this.raw(line), this.starts[line]);
      this.cache.set(line, li);
    }
    return li;
  }
}
