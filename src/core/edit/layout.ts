// The `layout` section: graph positions keyed by node name. Existing entries are updated in
// place, new ones appended in the style of their siblings, the section created at the end.
import type { Topology } from '../model';
import { parseNodeId, type NodeKind } from '../view/types';
import { columnOf, emitScalar, entryLines, lineEnd, map, sc, type TextEdit, type Tpl } from './format';
import { colonAfter, insertEntries, pairOf, removeEntry, replaceScalar, EditError, type Ctx } from './tree';
import type { YMap, YPair } from '../yaml/ast';

export interface NodePos {
  id: string;
  x: number;
  y: number;
}

function kindsNamed(t: Topology, name: string): NodeKind[] {
  const out: NodeKind[] = [];
  if (t.hosts.some((h) => h.name === name)) out.push('host');
  if (t.networks.some((n) => n.name === name)) out.push('network');
  if (t.vips.some((v) => v.name === name)) out.push('vip');
  if (t.pools.some((p) => p.name === name)) out.push('pool');
  return out;
}

/**
 * The layout key for a node: its bare name, or `kind:name` when another kind of node has the
 * same name (a VIP and a pool both called "default" must not share a position).
 */
export function layoutKey(t: Topology, kind: NodeKind, name: string): string {
  return kindsNamed(t, name).some((k) => k !== kind) ? `${kind}:${name}` : name;
}

/** Where a node's position is read from: `kind:name` first, then the bare name. */
export function layoutEntry(t: Topology, kind: NodeKind, name: string): { x: number; y: number } | undefined {
  return t.layout[`${kind}:${name}`] ?? t.layout[name];
}

/** The existing layout entry of a node, if any. */
function findEntry(layout: YMap | undefined, t: Topology, kind: NodeKind, name: string): YPair | undefined {
  if (!layout) return undefined;
  return pairOf(layout, `${kind}:${name}`) ?? (layoutKey(t, kind, name) === name ? pairOf(layout, name) : undefined);
}

export function nodeExists(t: Topology, id: string): boolean {
  const p = parseNodeId(id);
  return !!p && kindsNamed(t, p.name).includes(p.kind);
}

export function layoutEdits(ctx: Ctx, t: Topology, positions: NodePos[], exists?: (id: string) => boolean): TextEdit[] {
  const latest = new Map<string, NodePos>();
  for (const p of positions) if (!exists || exists(p.id)) latest.set(p.id, p);
  const layoutPair = pairOf(ctx.root ?? undefined, 'layout');
  const layout = layoutPair?.value.kind === 'map' ? layoutPair.value : undefined;
  if (layoutPair && !layout && !(layoutPair.value.kind === 'scalar' && layoutPair.value.empty)) {
    throw new EditError('`layout` is not a mapping; fix it in the text first');
  }
  const edits: TextEdit[] = [];
  const fresh: [string, Tpl][] = [];
  const sibling = layout?.items.find((it) => it.value.kind === 'map')?.value as YMap | undefined;
  const flow = sibling ? sibling.flow : true;
  for (const p of latest.values()) {
    const id = parseNodeId(p.id);
    if (!id) continue;
    const x = Math.round(p.x);
    const y = Math.round(p.y);
    const entry = findEntry(layout, t, id.kind, id.name);
    if (!entry) {
      fresh.push([
        layoutKey(t, id.kind, id.name),
        map(flow, [
          ['x', sc(x)],
          ['y', sc(y)],
        ]),
      ]);
      continue;
    }
    const v = entry.value;
    if (v.kind === 'scalar') {
      edits.push(replaceScalar(ctx, v, entry.key, `{ x: ${x}, y: ${y} }`));
      continue;
    }
    if (v.kind !== 'map') throw new EditError(`layout entry "${entry.key.text}" is not a mapping`);
    const missing: [string, Tpl][] = [];
    for (const [k, n] of [
      ['x', x],
      ['y', y],
    ] as const) {
      const pair = pairOf(v, k);
      if (!pair) missing.push([k, sc(n)]);
      else if (pair.value.kind === 'scalar' && pair.value.value !== n)
        edits.push(replaceScalar(ctx, pair.value, pair.key, emitScalar(n)));
      else if (pair.value.kind !== 'scalar')
        throw new EditError(`layout entry "${entry.key.text}" has a non-number ${k}`);
    }
    if (missing.length) edits.push(insertEntries(ctx, v, missing));
  }
  if (!fresh.length) return edits;
  if (layout) edits.push(insertEntries(ctx, layout, fresh));
  else if (layoutPair) {
    // `layout:` with no value yet: write the entries as a block under it.
    const colon = colonAfter(ctx.text, layoutPair.key);
    const eolAt = lineEnd(ctx.text, colon);
    const col = columnOf(ctx.text, layoutPair.key.start) + ctx.style.step;
    const lines = fresh.flatMap(([k, v]) => entryLines(k, v, col, ctx.style));
    edits.push({ start: eolAt, end: eolAt, newText: ctx.style.eol + lines.join(ctx.style.eol) });
  } else {
    if (!ctx.root || ctx.root.kind !== 'map') throw new EditError('the file has no top-level mapping');
    edits.push(insertEntries(ctx, ctx.root, [['layout', map(false, fresh)]]));
  }
  return edits;
}

/** Auto layout: removes the `layout` section (saved positions), so every node is placed by the webview. */
export function forgetLayout(ctx: Ctx): { edits: TextEdit[]; noop?: string } {
  const root = ctx.root;
  const edit = root?.kind === 'map' && pairOf(root, 'layout') ? removeEntry(ctx, root, 'layout') : undefined;
  return edit ? { edits: [edit] } : { edits: [], noop: 'No saved positions: the layout is already automatic' };
}
