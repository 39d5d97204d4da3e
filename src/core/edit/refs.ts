// Graph edits that follow references: rename (update every reference) and delete (remove the
// nodes, their edges and list references; single-valued references stay and checks flag them).
import type { Path, Topology } from '../model';
import type { GraphEdit } from './types';
import { parseNodeId, type NodeKind } from '../view/types';
import { contentEnd, emitLike, lineEnd, type TextEdit } from './format';
import { colonAfter, pairOf, removeEntry, removeItems, replaceScalar, resolve, EditError, type Ctx } from './tree';
import { layoutKey } from './layout';
import { namesOf } from './alloc';
import type { YMap, YPair } from '../yaml/ast';
import type { Plan } from './add';

type Of<K extends GraphEdit['kind']> = Extract<GraphEdit, { kind: K }>;

const SECTION: Record<NodeKind, 'hosts' | 'networks' | 'vips' | 'pools'> = {
  host: 'hosts',
  network: 'networks',
  vip: 'vips',
  pool: 'pools',
};

function entity(t: Topology, kind: NodeKind, name: string): { path: Path } | undefined {
  return t[SECTION[kind]].find((x: { name: string }) => x.name === name);
}

/** Replaces the scalar at `path` with `value`, keeping its quote style. */
function setScalar(ctx: Ctx, path: Path, value: string): TextEdit | undefined {
  const { node, pair } = resolve(ctx.root, path);
  if (!node || node.kind !== 'scalar') return undefined;
  return replaceScalar(ctx, node, pair?.key, emitLike(node, value));
}

/** Paths of every scalar that names `name` as a reference of `kind`. */
function referencePaths(t: Topology, kind: NodeKind, name: string): { scalars: Path[]; listItems: Path[] } {
  const scalars: Path[] = [];
  const listItems: Path[] = [];
  if (kind === 'host') {
    for (const h of t.hosts) if (h.vm?.on === name) scalars.push([...h.vm.path, 'on']);
    for (const v of t.vips) {
      v.backends.hosts.forEach((x, i) => x === name && listItems.push([...v.path, 'backends', 'hosts', i]));
      v.holders.forEach((x, i) => x === name && listItems.push([...v.path, 'holders', i]));
    }
    // Every service's `host`; callers keep only the ones that actually name this host.
    for (const s of Object.values(t.services)) {
      if (!s) continue;
      scalars.push([...s.path, 'host']);
      s.hosts.forEach((_, i) => listItems.push([...s.path, 'hosts', i]));
    }
  }
  if (kind === 'network') {
    for (const h of t.hosts) h.interfaces.forEach((i) => i.network === name && scalars.push([...i.path, 'network']));
    for (const v of t.vips) if (v.network === name) scalars.push([...v.path, 'network']);
    for (const p of t.pools) if (p.network === name) scalars.push([...p.path, 'network']);
  }
  return { scalars, listItems };
}

function scalarIs(ctx: Ctx, path: Path, name: string): boolean {
  const n = resolve(ctx.root, path).node;
  return !!n && n.kind === 'scalar' && !n.empty && n.text === name;
}

export function rename(ctx: Ctx, t: Topology, e: Of<'rename'>): Plan {
  const id = parseNodeId(e.id);
  if (!id) throw new EditError(`"${e.id}" is not a node id`);
  const target = entity(t, id.kind, id.name);
  if (!target) throw new EditError(`There is no ${id.kind} "${id.name}"`);
  if (e.newName === id.name) return { edits: [], noop: 'The name is unchanged' };
  if (!/^[^\s#:{}[\],&*!|>'"%@`]+$/.test(e.newName))
    throw new EditError(`"${e.newName}" cannot be used as a name (spaces and YAML punctuation are not allowed)`);
  if (namesOf(t, id.kind).has(e.newName)) throw new EditError(`A ${id.kind} named "${e.newName}" already exists`);
  const edits: TextEdit[] = [];
  const push = (x: TextEdit | undefined) => x && edits.push(x);
  push(setScalar(ctx, [...target.path, 'name'], e.newName));
  const refs = referencePaths(t, id.kind, id.name);
  for (const p of [...refs.scalars, ...refs.listItems])
    if (scalarIs(ctx, p, id.name)) push(setScalar(ctx, p, e.newName));
  const layout = pairOf(ctx.root ?? undefined, 'layout')?.value;
  if (layout?.kind === 'map') {
    const oldKey =
      pairOf(layout, `${id.kind}:${id.name}`) ??
      (layoutKey(t, id.kind, id.name) === id.name ? pairOf(layout, id.name) : undefined);
    if (oldKey) {
      // Renamed to a name another kind uses: the entry needs the `kind:` prefix from now on.
      const others = (['host', 'network', 'vip', 'pool'] as const).filter(
        (k) => k !== id.kind && namesOf(t, k).has(e.newName),
      );
      const key = others.length
        ? `${id.kind}:${e.newName}`
        : oldKey.key.text.includes(':')
          ? `${id.kind}:${e.newName}`
          : e.newName;
      edits.push({ start: oldKey.key.start, end: oldKey.key.end, newText: emitLike(oldKey.key, key) });
    }
  }
  return { edits, created: [`${id.kind}:${e.newName}`] };
}

/** Removes the given keys from a mapping; removing all leaves `{}` (block: `key: {}`). */
function removeKeys(ctx: Ctx, pair: YPair, keys: Set<string>): TextEdit[] {
  const m = pair.value as YMap;
  const hits = m.items.filter((p) => keys.has(p.key.text));
  if (!hits.length) return [];
  if (hits.length === m.items.length && !m.flow) {
    const colon = colonAfter(ctx.text, pair.key);
    return [
      {
        start: colon,
        end: lineEnd(ctx.text, contentEnd(ctx.text, m.end)),
        newText: ' {}' + ctx.text.slice(colon, lineEnd(ctx.text, colon)),
      },
    ];
  }
  if (hits.length === m.items.length) return [{ start: m.start, end: m.end, newText: '{}' }];
  return hits.map((p) => removeEntry(ctx, m, p.key.text)).filter((x): x is TextEdit => !!x);
}

/** Groups list-item paths by their list and removes the items. */
function removeListItems(ctx: Ctx, paths: Path[]): TextEdit[] {
  const byList = new Map<string, { path: Path; drop: Set<number> }>();
  // A reference inside an item that is itself removed goes with it (no overlapping edits).
  const keys = new Set(paths.map((p) => JSON.stringify(p)));
  const inside = (p: Path) => p.slice(0, -1).some((_, i) => keys.has(JSON.stringify(p.slice(0, i + 1))));
  for (const p of paths) {
    if (inside(p)) continue;
    const listPath = p.slice(0, -1);
    const k = JSON.stringify(listPath);
    const g = byList.get(k) ?? { path: listPath, drop: new Set<number>() };
    g.drop.add(p[p.length - 1] as number);
    byList.set(k, g);
  }
  const out: TextEdit[] = [];
  for (const g of byList.values()) {
    const { pair, node } = resolve(ctx.root, g.path);
    if (pair && node?.kind === 'seq') for (const x of removeItems(ctx, pair, g.drop)) out.push(x);
  }
  return out;
}

/**
 * The nodes a delete removes: the named ones that exist, plus every VIP and pool on a deleted
 * network (left behind, they would point at nothing). The webview lists the same before it asks
 * (webview/src/cascade.ts).
 */
export function deleteScope(t: Topology, ids: readonly string[]): { kind: NodeKind; name: string }[] {
  const out = new Map<string, { kind: NodeKind; name: string }>();
  for (const raw of ids) {
    const id = parseNodeId(raw);
    if (id && entity(t, id.kind, id.name)) out.set(`${id.kind}:${id.name}`, id);
  }
  for (const n of [...out.values()]) {
    if (n.kind !== 'network') continue;
    for (const v of t.vips) if (v.network === n.name) out.set(`vip:${v.name}`, { kind: 'vip', name: v.name });
    for (const p of t.pools) if (p.network === n.name) out.set(`pool:${p.name}`, { kind: 'pool', name: p.name });
  }
  return [...out.values()];
}

export function remove(ctx: Ctx, t: Topology, e: Of<'delete'>): Plan {
  const items: Path[] = [];
  const layoutKeys = new Set<string>();
  let found = 0;
  for (const id of deleteScope(t, e.ids)) {
    const target = entity(t, id.kind, id.name);
    if (!target) continue;
    found++;
    items.push(target.path);
    layoutKeys.add(`${id.kind}:${id.name}`);
    if (layoutKey(t, id.kind, id.name) === id.name) layoutKeys.add(id.name);
    if (id.kind === 'host') {
      for (const p of referencePaths(t, 'host', id.name).listItems) if (scalarIs(ctx, p, id.name)) items.push(p);
    }
    if (id.kind === 'network') {
      for (const h of t.hosts) for (const i of h.interfaces) if (i.network === id.name) items.push(i.path);
    }
  }
  if (!found) return { edits: [], noop: 'Nothing to delete: the nodes no longer exist' };
  const edits = removeListItems(ctx, items);
  const layout = pairOf(ctx.root ?? undefined, 'layout');
  if (layout?.value.kind === 'map') for (const x of removeKeys(ctx, layout, layoutKeys)) edits.push(x);
  return { edits };
}

/** Disconnect: removes one interface of a host on a network. */
export function disconnect(ctx: Ctx, t: Topology, e: Of<'disconnect'>): Plan {
  const host = t.hosts.find((h) => h.name === e.host);
  if (!host) throw new EditError(`There is no host "${e.host}"`);
  const on = host.interfaces.filter((i) => i.network === e.network);
  if (!on.length) return { edits: [], noop: `${e.host} has no interface on ${e.network}` };
  const pick = e.index !== undefined ? on.find((i) => i.path[i.path.length - 1] === e.index) : on[on.length - 1];
  if (!pick) throw new EditError(`Interface ${e.index} of ${e.host} is not on ${e.network}`);
  return { edits: removeListItems(ctx, [pick.path]) };
}
