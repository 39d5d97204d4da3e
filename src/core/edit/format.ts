// How the file is written (line endings, indentation, quoting), so inserted text looks like
// the user's own, and safe emission of YAML scalars.
import type { TextEdit } from '../text';
import type { YKey, YNode } from '../yaml/ast';

export type { TextEdit };

export interface Style {
  eol: '\n' | '\r\n';
  /** Spaces per nesting level of block mappings. */
  step: number;
  /** True when `- ` items are indented under their key (`hosts:\n  - a`), false for `hosts:\n- a`. */
  seqIndented: boolean;
  /** How the file quotes MAC addresses. */
  macQuote: 'plain' | 'single' | 'double';
}

/** Scans the tree once for the file's conventions; defaults match the shipped examples. */
export function detectStyle(text: string, root: YNode | null): Style {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let step = 0;
  // Majority vote: a file may mix `- ` styles; new lists follow the more common one.
  let indentedVotes = 0;
  let compactVotes = 0;
  let macQuote: Style['macQuote'] | undefined;
  const walk = (n: YNode, keyCol: number | undefined, depth: number): void => {
    if (depth > 6) return;
    if (n.kind === 'map') {
      for (const it of n.items) {
        const col = columnOf(text, it.key.start);
        if (!n.flow && keyCol !== undefined && step === 0 && col > keyCol && isLineStart(text, it.key.start))
          step = col - keyCol;
        if (it.key.text === 'mac' && it.value.kind === 'scalar' && !it.value.empty && macQuote === undefined) {
          macQuote = it.value.style === 'single' ? 'single' : it.value.style === 'double' ? 'double' : 'plain';
        }
        if (it.value.kind === 'seq' && !it.value.flow && it.value.items.length > 0 && !n.flow) {
          if (columnOf(text, it.value.start) > col) indentedVotes++;
          else compactVotes++;
        }
        if (!n.flow) walk(it.value, col, depth + 1);
        else if (it.value.kind !== 'scalar') walk(it.value, undefined, depth + 1);
      }
    } else if (n.kind === 'seq') {
      for (const it of n.items) walk(it, undefined, depth + 1);
    }
  };
  if (root) walk(root, undefined, 0);
  return { eol, step: step || 2, seqIndented: indentedVotes >= compactVotes, macQuote: macQuote ?? 'double' };
}

export function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}
/** Offset of the line break ending the line that holds `offset` (or text.length); a `\r` before it counts as the break. */
export function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  if (nl < 0) return text.length;
  return nl > 0 && text[nl - 1] === '\r' ? nl - 1 : nl;
}
/**
 * Where a node's content really ends: block scalars (`|`, `>`) report an end after their
 * trailing line breaks, which would put "end of line" on the next line.
 */
export function contentEnd(text: string, offset: number): number {
  let p = offset;
  while (p > 0 && (text[p - 1] === '\n' || text[p - 1] === '\r' || text[p - 1] === ' ' || text[p - 1] === '\t')) p--;
  return p;
}

/** Offset just past the line break ending the line at `offset`. */
export function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}
/** True when only spaces precede `offset` on its line. */
export function isLineStart(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, offset), offset));
}

// YAML 1.1 booleans too: other tools (ansible, older parsers) still read `yes`/`on` as booleans.
const RESERVED = /^(~|null|true|false|yes|no|on|off|y|n)$/i;
// Numbers in YAML 1.2 core and 1.1 (underscores, binary, octal), and 1.1 timestamps.
const NUMBERISH =
  /^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|\.[0-9_]+([eE][-+]?[0-9]+)?|\.inf|\.nan)$/i;
const TIMESTAMP = /^\d{4}-\d\d?-\d\d?([Tt ]|$)/;
const SAFE_PLAIN = /^[A-Za-z0-9_./~][A-Za-z0-9_./~@+=-]*$/;

/** True when `s` can be written without quotes and reads back as the same string in any YAML version. */
export function isSafePlain(s: string): boolean {
  return SAFE_PLAIN.test(s) && !RESERVED.test(s) && !NUMBERISH.test(s) && !TIMESTAMP.test(s);
}

export function doubleQuoted(s: string): string {
  // JSON's escapes are a subset of YAML's double-quoted escapes.
  return JSON.stringify(s);
}

/** YAML text for a scalar value. `quote` forces a style for strings (e.g. MACs like the file). */
export function emitScalar(v: string | number | boolean | null, quote?: 'plain' | 'single' | 'double'): string {
  if (v === null) return 'null';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error('numbers must be finite');
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (quote === 'single' && !/[\r\n]/.test(v)) return `'${v.replace(/'/g, "''")}'`;
  if (quote === 'double') return doubleQuoted(v);
  if (quote === 'plain' && /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/.test(v)) return v;
  return isSafePlain(v) ? v : doubleQuoted(v);
}

/** A scalar replacement that keeps the existing quote style when it can. */
export function emitLike(old: YKey, v: string | number | boolean | null): string {
  if (typeof v === 'string' && (old.style === 'single' || old.style === 'double')) return emitScalar(v, old.style);
  return emitScalar(v);
}

// ---------------------------------------------------------------- templates for new content

/** A value to write: a scalar's YAML text, or a mapping/sequence in flow or block style. */
export type Tpl =
  | { t: 'scalar'; text: string }
  | { t: 'map'; flow: boolean; entries: [string, Tpl][] }
  | { t: 'seq'; flow: boolean; items: Tpl[] };

export const sc = (v: string | number | boolean | null, quote?: Style['macQuote']): Tpl => ({
  t: 'scalar',
  text: emitScalar(v, quote),
});
export const map = (flow: boolean, entries: [string, Tpl | undefined][]): Tpl => ({
  t: 'map',
  flow,
  entries: entries.filter((e): e is [string, Tpl] => e[1] !== undefined),
});
export const seq = (flow: boolean, items: Tpl[]): Tpl => ({ t: 'seq', flow, items });

// Keys are our own field names (on, y, x...): YAML 1.1 boolean words are fine as keys.
function key(k: string): string {
  return SAFE_PLAIN.test(k) && !/^(~|null|true|false)$/i.test(k) && !NUMBERISH.test(k) ? k : doubleQuoted(k);
}

/** One-line (flow) form. */
export function inline(v: Tpl): string {
  if (v.t === 'scalar') return v.text;
  if (v.t === 'map')
    return v.entries.length === 0 ? '{}' : `{ ${v.entries.map(([k, x]) => `${key(k)}: ${inline(x)}`).join(', ')} }`;
  return `[${v.items.map(inline).join(', ')}]`;
}

const pad = (n: number) => ' '.repeat(n);

function isBlock(v: Tpl): boolean {
  return (v.t === 'map' && !v.flow && v.entries.length > 0) || (v.t === 'seq' && !v.flow && v.items.length > 0);
}

/** Lines for `key: value` with the key at column `col`. */
export function entryLines(k: string, v: Tpl, col: number, s: Style): string[] {
  if (!isBlock(v)) return [`${pad(col)}${key(k)}: ${inline(v)}`];
  if (v.t === 'map')
    return [`${pad(col)}${key(k)}:`, ...v.entries.flatMap(([k2, v2]) => entryLines(k2, v2, col + s.step, s))];
  const dash = col + (s.seqIndented ? s.step : 0);
  return [`${pad(col)}${key(k)}:`, ...(v as { items: Tpl[] }).items.flatMap((it) => itemLines(it, dash, s))];
}

/** Lines for a sequence item with its dash at column `dash`. */
export function itemLines(v: Tpl, dash: number, s: Style): string[] {
  if (!isBlock(v) || v.t === 'seq') return [`${pad(dash)}- ${inline(v)}`];
  const lines = (v as { entries: [string, Tpl][] }).entries.flatMap(([k, x]) => entryLines(k, x, dash + 2, s));
  lines[0] = `${pad(dash)}- ${lines[0].slice(dash + 2)}`;
  return lines;
}
