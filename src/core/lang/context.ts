// Where is the cursor, in YAML terms? Computed from indentation and the current line only, so it
// works while the buffer does not parse (the usual case mid-typing) and is O(lines above).
import type { Path } from '../model';
import { schemaAt } from '../schema/structure';
import { Lines, commentStart, unquote, type LineInfo } from './lines';

export interface CursorContext {
  /**
   * key: a mapping key is being typed in the mapping at `path`;
   * value: the scalar at `path` is being typed;
   * item: a new entry of the list at `path` could start here (no `- ` typed yet).
   */
  kind: 'key' | 'value' | 'item';
  path: Path;
  /** Text typed so far for the current word (an opening quote included). */
  prefix: string;
  /** Span a completion replaces. */
  start: number;
  end: number;
  /** Column of the mapping's keys (block context), for multi-line snippets. */
  column: number;
  flow: boolean;
  /** Keys with their (unquoted) values in the mapping around the cursor, the current key excluded. */
  siblings: Map<string, string>;
}

/** Path of the block mapping holding an entry at column `c` of line `L` (lines above decide). */
export function container(ls: Lines, L: number, c: number): Path {
  for (let j = L - 1; j >= 0; j--) {
    const q = ls.quick(j);
    if (q.indent < 0 || q.indent >= c) continue; // blank, a sibling, or deeper content
    const li = ls.info(j);
    if (li.blank) continue;
    const d = li.dashes.length ? li.dashes[li.dashes.length - 1] : undefined;
    if (d !== undefined && d < c && (li.contentCol >= c || li.empty)) return itemPath(ls, j, d);
    if (li.contentCol >= c) continue;
    if (li.key !== undefined) return [...mapPathOfLine(ls, j, li), li.key];
    return [];
  }
  return [];
}

/** Path of the list item whose `- ` is at column `d` of line `L`. */
export function itemPath(ls: Lines, L: number, d: number): Path {
  let index = 0;
  for (let j = L - 1; j >= 0; j--) {
    const q = ls.quick(j);
    if (q.indent < 0 || q.indent > d) continue;
    if (q.indent === d && q.dash) {
      index++;
      continue;
    }
    const li = ls.info(j);
    if (li.blank) continue;
    if (li.key === undefined) return [index];
    return [...mapPathOfLine(ls, j, li), li.key, index];
  }
  return [index];
}

/** Path of the mapping the content of line `L` belongs to (its key's mapping). */
export function mapPathOfLine(ls: Lines, L: number, li: LineInfo): Path {
  if (li.dashes.length) return itemPath(ls, L, li.dashes[li.dashes.length - 1]);
  return container(ls, L, li.contentCol);
}

/** Keys and values of the block mapping at column `c` around line `L` (both directions). */
export function blockSiblings(ls: Lines, L: number, c: number, startsItem: boolean): Map<string, string> {
  const out = new Map<string, string>();
  const add = (li: LineInfo) => {
    if (li.key !== undefined && !out.has(li.key)) out.set(li.key, unquote(li.rawValue ?? ''));
  };
  if (!startsItem) {
    for (let j = L - 1; j >= 0; j--) {
      const q = ls.quick(j);
      if (q.indent < 0 || q.indent > c) continue;
      const li = ls.info(j);
      if (li.blank || li.contentCol > c) continue;
      if (li.contentCol < c) break;
      const d = li.dashes.length ? li.dashes[li.dashes.length - 1] : undefined;
      if (d !== undefined && d >= c) break;
      add(li);
      if (d !== undefined) break; // the item's first line
    }
  }
  for (let j = L + 1; j < ls.count; j++) {
    const q = ls.quick(j);
    if (q.indent < 0 || q.indent > c) continue;
    const li = ls.info(j);
    if (li.blank || (li.contentCol > c && !li.dashes.some((x) => x <= c))) continue;
    if (li.contentCol !== c || li.dashes.length) break;
    add(li);
  }
  return out;
}

interface Frame {
  type: 'map' | 'seq';
  key: string | null;
  state: 'key' | 'value';
  index: number;
  pairs: Map<string, string>;
}

interface FlowSnapshot {
  stack: Frame[];
  token: string;
  tokenStart: number;
}

/**
 * Scans a flow collection on one line from `from` (its opening bracket); returns the frames open
 * at column `at`, or undefined when every collection is closed before it.
 */
export function scanFlow(line: string, from: number, at: number): FlowSnapshot | undefined {
  const stack: Frame[] = [];
  let token = '';
  let tokenStart = -1;
  let quoted = false;
  let snap: FlowSnapshot | undefined;
  const top = () => stack[stack.length - 1];
  const commit = () => {
    const f = top();
    const t = token.trim();
    if (f && f.type === 'map') {
      if (f.state === 'value' && f.key !== null) f.pairs.set(f.key, unquote(t));
      else if (f.state === 'key' && t) f.pairs.set(unquote(t), '');
    }
    token = '';
    tokenStart = -1;
    quoted = false;
  };
  const end = Math.min(
    line.length,
    Math.max(at, commentStart(line, from) < 0 ? line.length : commentStart(line, from)),
  );
  for (let i = from; i <= end; i++) {
    if (i === at && stack.length)
      snap = { stack: copy(stack), token: token.replace(/^\s+/, ''), tokenStart: tokenStart < 0 ? at : tokenStart };
    if (i >= end) break;
    const c = line[i];
    if ((c === '"' || c === "'") && token.trim() === '') {
      let j = i + 1;
      while (j < line.length && line[j] !== c) j += line[j] === '\\' && c === '"' ? 2 : 1;
      tokenStart = i;
      // A quote still open at the cursor: the token is everything typed so far.
      if (at > i && at <= j) {
        token = line.slice(i, at);
        snap = { stack: copy(stack), token, tokenStart: i };
        token = line.slice(i, j + 1);
      } else token = line.slice(i, j + 1);
      quoted = true;
      i = j;
      continue;
    }
    if (c === '{' || c === '[') {
      stack.push({ type: c === '{' ? 'map' : 'seq', key: null, state: 'key', index: 0, pairs: new Map() });
      token = '';
      tokenStart = -1;
      continue;
    }
    if (c === '}' || c === ']') {
      commit();
      stack.pop();
      if (stack.length === 0 && i < at) return undefined;
      continue;
    }
    const f = top();
    if (!f) return undefined;
    if (c === ',') {
      commit();
      if (f.type === 'map') {
        f.state = 'key';
        f.key = null;
      } else f.index++;
      continue;
    }
    if (
      c === ':' &&
      f.type === 'map' &&
      f.state === 'key' &&
      (quoted || i + 1 >= line.length || /[\s,}\]]/.test(line[i + 1]))
    ) {
      f.key = unquote(token.trim());
      f.state = 'value';
      token = '';
      tokenStart = -1;
      quoted = false;
      continue;
    }
    if (/\s/.test(c) && token === '') continue;
    if (tokenStart < 0) tokenStart = i;
    token += c;
  }
  if (stack.length) commit();
  return snap;
}

// Frames keep changing after the cursor; copy their state but share `pairs` so keys typed after
// the cursor still count as present.
function copy(stack: Frame[]): Frame[] {
  return stack.map((f) => ({ ...f }));
}

/** End of the scalar token that starts at or before `from` (stops at flow punctuation in flow). */
function tokenEnd(line: string, from: number, flow: boolean): number {
  let i = from;
  if (flow) {
    while (i < line.length && !/[,}\]#]/.test(line[i])) i++;
    while (i > from && line[i - 1] === ' ') i--;
    return i;
  }
  const cs = commentStart(line, from);
  i = cs < 0 ? line.length : cs;
  while (i > from && /\s/.test(line[i - 1])) i--;
  return i;
}

/** The cursor context at `offset`. */
export function cursorContext(text: string, offset: number, ls = new Lines(text)): CursorContext {
  const L = ls.lineOf(offset);
  const lineStart = ls.start(L);
  const line = ls.raw(L);
  const x = Math.min(offset - lineStart, line.length);
  const pre = ls.info(L);
  const before = { ...pre, ...readBefore(line, x) };
  const at = (col: number) => lineStart + col;

  // A flow collection opened on this line and still open at the cursor.
  const flowFrom = flowOpening(line, before);
  if (flowFrom >= 0 && flowFrom < x) {
    const snap = scanFlow(line, flowFrom, x);
    if (snap) {
      const base: Path =
        before.key !== undefined && (before.valueCol ?? -1) <= flowFrom
          ? [...mapPathOfLine(ls, L, before), before.key]
          : mapPathOfLine(ls, L, before);
      const path: Path = [...base];
      for (let i = 0; i < snap.stack.length - 1; i++) {
        const f = snap.stack[i];
        path.push(f.type === 'map' ? (f.key ?? '') : f.index);
      }
      const f = snap.stack[snap.stack.length - 1];
      const end = at(tokenEnd(line, x, true));
      const common = {
        prefix: snap.token,
        start: at(snap.tokenStart),
        end: Math.max(end, offset),
        column: -1,
        flow: true,
      };
      if (f.type === 'seq') return { kind: 'value', path: [...path, f.index], ...common, siblings: new Map() };
      const siblings = new Map(f.pairs);
      if (f.state === 'value' && f.key !== null) {
        siblings.delete(f.key);
        return { kind: 'value', path: [...path, f.key], ...common, siblings };
      }
      let kEnd = x;
      while (kEnd < line.length && !/[\s:,}\]]/.test(line[kEnd])) kEnd++;
      siblings.delete(unquote(line.slice(common.start - lineStart, kEnd)));
      return { kind: 'key', path, ...common, end: at(kEnd), siblings };
    }
  }

  if (before.key !== undefined && before.afterColon !== undefined && x >= before.afterColon) {
    // `key: partial|`
    const vStart = Math.min(before.valueCol ?? x, x);
    const mapPath = mapPathOfLine(ls, L, before);
    const siblings = blockSiblings(ls, L, before.contentCol, before.dashes.length > 0);
    siblings.delete(before.key);
    return {
      kind: 'value',
      path: [...mapPath, before.key],
      prefix: line.slice(vStart, x),
      start: at(vStart),
      end: Math.max(at(tokenEnd(line, vStart, false)), offset),
      column: before.contentCol,
      flow: false,
      siblings,
    };
  }

  // No colon before the cursor: a key (or a list scalar) is being typed.
  const wordStart = before.empty ? x : before.contentCol;
  const prefix = line.slice(wordStart, x);
  let wordEnd = x;
  while (wordEnd < line.length && !/[\s:#]/.test(line[wordEnd])) wordEnd++;
  const span = { prefix, start: at(wordStart), end: at(wordEnd), flow: false };
  if (before.dashes.length) {
    const d = before.dashes[before.dashes.length - 1];
    const path = itemPath(ls, L, d);
    const siblings = blockSiblings(ls, L, before.empty ? x : before.contentCol, true);
    return {
      path,
      ...span,
      column: before.empty ? Math.max(x, d + 2) : before.contentCol,
      siblings,
      kind: itemOrValue(path),
    };
  }
  const c = before.empty ? x : before.contentCol;
  // At the column of a sibling `- `, or indented under a key with no value: a new list entry.
  for (let j = L - 1; j >= 0; j--) {
    const q = ls.quick(j);
    if (q.indent < 0 || q.indent > c) continue;
    const li = ls.info(j);
    if (li.blank) continue;
    if (li.dashes[0] === c)
      return { kind: 'item', path: itemPath(ls, j, c).slice(0, -1), ...span, column: c, siblings: new Map() };
    break;
  }
  const path = container(ls, L, c);
  if (schemaAt(path)?.type === 'array') return { kind: 'item', path, ...span, column: c, siblings: new Map() };
  return { kind: 'key', path, ...span, column: c, siblings: blockSiblings(ls, L, c, false) };
}

/** A `- word` entry is a key of a new mapping in a list of mappings, else a scalar list value. */
function itemOrValue(path: Path): 'key' | 'value' {
  const s = schemaAt(path);
  return s && (s.type === 'object' || s.properties) ? 'key' : 'value';
}

/** The line's key/value as seen up to column `x` only. */
function readBefore(line: string, x: number): Partial<LineInfo> {
  const cut = line.slice(0, x);
  let i = 0;
  while (cut[i] === ' ') i++;
  while (cut[i] === '-' && (i + 1 === cut.length || cut[i + 1] === ' ')) {
    i++;
    while (cut[i] === ' ') i++;
  }
  const rest = cut.slice(i);
  const empty = rest.trim() === '';
  const out: Partial<LineInfo> = { empty, key: undefined, afterColon: undefined, valueCol: undefined };
  const full = line;
  // Reuse the full line's key when its colon lies before the cursor.
  const m = /^("[^"]*"|'[^']*'|[^\s#'"{[][^#]*?)\s*:(?=\s|$)/.exec(full.slice(i));
  if (m && i + m[0].length <= x) {
    out.key = unquote(m[1].trim());
    out.afterColon = i + m[0].length;
    let v = out.afterColon;
    while (full[v] === ' ') v++;
    out.valueCol = v;
  }
  return out;
}

/** Column of the bracket opening a flow collection as this line's value, or -1. */
function flowOpening(line: string, li: LineInfo): number {
  const col = li.key !== undefined ? (li.valueCol ?? -1) : li.contentCol;
  if (col < 0) return -1;
  return line[col] === '{' || line[col] === '[' ? col : -1;
}
