// Edit primitives on the located YAML tree. Each returns text edits that touch only the
// affected node's range; everything else in the file stays byte-identical.
import type { YKey, YMap, YNode, YPair, YScalar, YSeq } from '../yaml/ast';
import type { Path } from '../model';
import {
  columnOf,
  contentEnd,
  entryLines,
  inline,
  isLineStart,
  itemLines,
  lineEnd,
  lineStart,
  nextLineStart,
  type Style,
  type TextEdit,
  type Tpl,
} from './format';

export interface Ctx {
  text: string;
  root: YNode | null;
  style: Style;
}

export class EditError extends Error {}

export function pairOf(map: YNode | undefined, key: string): YPair | undefined {
  return map && map.kind === 'map' ? map.items.find((p) => p.key.text === key) : undefined;
}

/** Walks `path` and returns the node plus the pair that holds it (when its parent is a mapping). */
export function resolve(root: YNode | null, path: Path): { node?: YNode; pair?: YPair; parent?: YNode } {
  let node: YNode | undefined = root ?? undefined;
  let pair: YPair | undefined;
  let parent: YNode | undefined;
  for (const seg of path) {
    if (!node) return {};
    parent = node;
    if (typeof seg === 'number') {
      pair = undefined;
      node = node.kind === 'seq' ? node.items[seg] : undefined;
    } else {
      pair = pairOf(node, seg);
      node = pair?.value;
    }
  }
  return { node, pair, parent };
}

/** Offset just after the `:` that follows a mapping key. */
export function colonAfter(text: string, key: YKey): number {
  const at = text.indexOf(':', key.end);
  if (at < 0) throw new EditError('malformed mapping entry');
  return at + 1;
}

/** Replaces a scalar's text; an empty value (`key:`) gets the text after its colon. */
export function replaceScalar(ctx: Ctx, node: YScalar, key: YKey | undefined, newText: string): TextEdit {
  if (node.empty) {
    if (!key) throw new EditError('cannot locate an empty value');
    const at = colonAfter(ctx.text, key);
    return { start: at, end: at, newText: ' ' + newText };
  }
  if (node.style === 'literal' || node.style === 'folded') {
    // A block scalar's range is its content; the `|`/`>` header and trailing breaks go too.
    const from = key
      ? colonAfter(ctx.text, key)
      : ctx.text.lastIndexOf(node.style === 'literal' ? '|' : '>', node.start) + 1;
    return {
      start: key ? from : from - 1,
      end: contentEnd(ctx.text, node.end),
      newText: key ? ' ' + newText : newText,
    };
  }
  return { start: node.start, end: node.end, newText };
}

/** Appends entries to a mapping, in its own style (flow: inside the braces; block: new lines). */
export function insertEntries(ctx: Ctx, map: YMap, entries: [string, Tpl][]): TextEdit {
  const { text, style } = ctx;
  if (map.flow || map.items.length === 0) {
    const parts = entries.map(([k, v]) => inline({ t: 'map', flow: true, entries: [[k, v]] }).slice(2, -2));
    if (map.items.length === 0) {
      const inner = text.slice(map.start + 1, map.end - 1);
      if (inner.trim() !== '') throw new EditError('cannot insert into this mapping');
      return { start: map.start, end: map.end, newText: `{ ${parts.join(', ')} }` };
    }
    const last = map.items[map.items.length - 1];
    const at = last.value.kind === 'scalar' && last.value.empty ? colonAfter(text, last.key) : last.value.end;
    return { start: at, end: at, newText: parts.map((p) => `, ${p}`).join('') };
  }
  const col = columnOf(text, map.items[0].key.start);
  const at = lineEnd(text, contentEnd(text, map.end));
  const lines = entries.flatMap(([k, v]) => entryLines(k, v, col, style));
  return { start: at, end: at, newText: style.eol + lines.join(style.eol) };
}

/** The `-` that starts a block sequence item. */
export function dashOf(text: string, item: YNode): number {
  let p = item.start;
  if (text[p] === '-' && /\s/.test(text[p + 1] ?? ' ') && item.kind !== 'scalar') return p;
  p--;
  while (p >= 0 && /\s/.test(text[p])) p--;
  if (text[p] !== '-') throw new EditError('cannot find the "-" of a list item');
  return p;
}

/**
 * Appends items to the sequence under `pair` (a mapping entry). Handles block lists, flow lists,
 * the empty `[]` (becomes a block list, as a hand-written one would) and an empty value.
 */
export function appendItems(ctx: Ctx, pair: YPair, items: Tpl[]): TextEdit {
  const { text, style } = ctx;
  const v = pair.value;
  const keyCol = columnOf(text, pair.key.start);
  const blockKey =
    isLineStart(text, pair.key.start) || /^\s*-\s+$/.test(text.slice(lineStart(text, pair.key.start), pair.key.start));
  if (v.kind === 'seq' && !v.flow && v.items.length > 0) {
    const dash = columnOf(text, dashOf(text, v.items[0]));
    const at = lineEnd(text, contentEnd(text, v.end));
    return {
      start: at,
      end: at,
      newText: style.eol + items.flatMap((it) => itemLines(it, dash, style)).join(style.eol),
    };
  }
  if (v.kind === 'seq' && v.items.length > 0) {
    const last = v.items[v.items.length - 1];
    return { start: last.end, end: last.end, newText: items.map((it) => `, ${inline(it)}`).join('') };
  }
  const emptyValue = (v.kind === 'seq' && v.items.length === 0) || (v.kind === 'scalar' && v.empty);
  if (!emptyValue) throw new EditError(`"${pair.key.text}" is not a list`);
  if (!blockKey) {
    // Inside a flow mapping: stay on one line.
    if (v.kind === 'seq') return { start: v.start, end: v.end, newText: `[${items.map(inline).join(', ')}]` };
    const at = colonAfter(text, pair.key);
    return { start: at, end: at, newText: ` [${items.map(inline).join(', ')}]` };
  }
  const colon = colonAfter(text, pair.key);
  const eolAt = lineEnd(text, colon);
  // Keep a trailing comment on the key's line: `vips: []  # none` -> `vips:  # none` + items.
  const rest = v.kind === 'seq' ? text.slice(v.end, eolAt) : text.slice(colon, eolAt);
  const dash = keyCol + (style.seqIndented ? style.step : 0);
  return {
    start: colon,
    end: eolAt,
    newText: rest + style.eol + items.flatMap((it) => itemLines(it, dash, style)).join(style.eol),
  };
}

/** Removes items (by index) from the sequence under `pair`; removing all leaves `key: []`. */
export function removeItems(ctx: Ctx, pair: YPair, drop: Set<number>): TextEdit[] {
  const { text } = ctx;
  const s = pair.value as YSeq;
  if (s.kind !== 'seq') throw new EditError(`"${pair.key.text}" is not a list`);
  const kept = s.items.filter((_, i) => !drop.has(i));
  if (kept.length === s.items.length) return [];
  if (s.flow) {
    const padded = text[s.start + 1] === ' ' && kept.length > 0;
    const body = kept.map((it) => text.slice(it.start, it.end)).join(', ');
    return [{ start: s.start, end: s.end, newText: padded ? `[ ${body} ]` : `[${body}]` }];
  }
  if (kept.length === 0) {
    const colon = colonAfter(text, pair.key);
    const keyLineEnd = lineEnd(text, colon);
    return [
      { start: colon, end: lineEnd(text, contentEnd(text, s.end)), newText: ' []' + text.slice(colon, keyLineEnd) },
    ];
  }
  const edits: TextEdit[] = [];
  s.items.forEach((it, i) => {
    if (!drop.has(i)) return;
    const start = lineStart(text, dashOf(text, it));
    const end = nextLineStart(text, contentEnd(text, it.end));
    const prev = edits[edits.length - 1];
    if (prev && prev.end === start) prev.end = end;
    else edits.push({ start, end, newText: '' });
  });
  // The last item of the file may have no line break after it: drop the one before it instead.
  const tail = edits[edits.length - 1];
  if (tail.end === text.length && !text.endsWith('\n') && tail.start > 0) {
    tail.start -= text[tail.start - 2] === '\r' ? 2 : 1;
  }
  return edits;
}

/** Removes one entry from a mapping. */
export function removeEntry(ctx: Ctx, map: YMap, key: string): TextEdit | undefined {
  const { text } = ctx;
  const idx = map.items.findIndex((p) => p.key.text === key);
  if (idx < 0) return undefined;
  const pair = map.items[idx];
  const valueEnd =
    pair.value.kind === 'scalar' && pair.value.empty ? colonAfter(text, pair.key) : contentEnd(text, pair.value.end);
  if (map.items.length === 1) {
    if (map.flow) return { start: map.start, end: map.end, newText: '{}' };
    return { start: pair.key.start, end: valueEnd, newText: '{}' };
  }
  if (map.flow) {
    if (idx < map.items.length - 1) return { start: pair.key.start, end: map.items[idx + 1].key.start, newText: '' };
    const prev = map.items[idx - 1];
    const prevEnd = prev.value.kind === 'scalar' && prev.value.empty ? colonAfter(text, prev.key) : prev.value.end;
    return { start: prevEnd, end: valueEnd, newText: '' };
  }
  if (!isLineStart(text, pair.key.start)) {
    // First key of a list item (`- name: x`): pull the next key up onto the dash line.
    return { start: pair.key.start, end: map.items[idx + 1]?.key.start ?? valueEnd, newText: '' };
  }
  const end = nextLineStart(text, valueEnd);
  if (end === text.length && !text.endsWith('\n')) {
    const start = lineStart(text, pair.key.start);
    return { start: Math.max(0, start - (text[start - 2] === '\r' ? 2 : 1)), end, newText: '' };
  }
  return { start: lineStart(text, pair.key.start), end, newText: '' };
}

/**
 * Sets a value at `path`, creating missing mappings (block or flow like their parent).
 * `value` is already a template (scalar text or a list).
 */
export function setAt(ctx: Ctx, path: Path, value: Tpl): TextEdit {
  let node: YNode | undefined = ctx.root ?? undefined;
  let pair: YPair | undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (!node) throw new EditError('path does not exist');
    if (typeof seg === 'number') {
      if (node.kind !== 'seq' || !node.items[seg])
        throw new EditError(`no list item ${seg} at ${path.slice(0, i).join('.')}`);
      node = node.items[seg];
      pair = undefined;
      continue;
    }
    if (node.kind !== 'map') {
      if (node.kind === 'scalar' && node.empty && pair)
        return replaceScalar(ctx, node, pair.key, inline(nest(path.slice(i), value, true)));
      throw new EditError(`${path.slice(0, i).join('.') || 'the document'} is not a mapping`);
    }
    const next = pairOf(node, seg);
    if (!next) {
      const rest = path.slice(i + 1);
      const flow = node.flow;
      return insertEntries(ctx, node, [[seg, nest(rest, value, flow)]]);
    }
    pair = next;
    node = next.value;
  }
  if (!node) throw new EditError('path does not exist');
  if (node.kind === 'scalar') return replaceScalar(ctx, node, pair?.key, inline(value));
  if (node.kind === 'seq' && value.t === 'seq') {
    if (node.flow || node.items.length === 0) return { start: node.start, end: node.end, newText: inline(value) };
    const dash = columnOf(ctx.text, dashOf(ctx.text, node.items[0]));
    const start = lineStart(ctx.text, dashOf(ctx.text, node.items[0]));
    const lines = value.items.length ? value.items.flatMap((it) => itemLines(it, dash, ctx.style)) : [];
    if (!lines.length) {
      const colon = colonAfter(ctx.text, pair!.key);
      return { start: colon, end: lineEnd(ctx.text, contentEnd(ctx.text, node.end)), newText: ' []' };
    }
    return { start, end: lineEnd(ctx.text, contentEnd(ctx.text, node.end)), newText: lines.join(ctx.style.eol) };
  }
  throw new EditError(`${path.join('.')} is a ${node.kind === 'map' ? 'mapping' : 'list'}, not a single value`);
}

function nest(rest: Path, value: Tpl, flow: boolean): Tpl {
  let v = value;
  for (let i = rest.length - 1; i >= 0; i--) {
    const seg = rest[i];
    if (typeof seg === 'number') throw new EditError('cannot create a list item by path');
    v = { t: 'map', flow, entries: [[seg, v]] };
  }
  return v;
}
