// Snapshot deltas. A full snapshot of 1,000 hosts is ~450 KB of JSON; after one edit nearly all of
// it is unchanged. Once the webview holds a snapshot, the host sends only the entities that
// changed plus runs of indexes into the webview's copy for the rest, and the webview rebuilds the
// view, keeping the unchanged entity objects (so memoised nodes skip re-rendering). Pure: shared
// by the host, the webview and the tests.
import type { EdgeView, HostView, NetworkView, PoolView, ServiceView, TopologyView, VipView } from './view';

/** A list as entities (new or changed) and [start, count] runs copied from the base list. */
export type ListPatch<T> = (T | [number, number])[];

export interface ViewDelta {
  /** Absent when unchanged. */
  cluster?: TopologyView['cluster'];
  networks: ListPatch<NetworkView>;
  hosts: ListPatch<HostView>;
  vips: ListPatch<VipView>;
  pools: ListPatch<PoolView>;
  services: ListPatch<ServiceView>;
  edges: ListPatch<EdgeView>;
}

export const DELTA_LISTS = ['networks', 'hosts', 'vips', 'pools', 'services', 'edges'] as const;

/**
 * Equality of JSON-like values as they arrive after JSON transport: a property holding
 * `undefined` equals a missing one (postMessage drops both the same way).
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>,
    y = b as Record<string, unknown>;
  let defined = 0;
  for (const k in x) {
    if (x[k] === undefined) continue;
    defined++;
    if (!sameJson(x[k], y[k])) return false;
  }
  for (const k in y) if (y[k] !== undefined) defined--;
  return defined === 0;
}

function keyed<T>(list: readonly T[], key: (x: T) => string): Map<string, number> {
  const at = new Map<string, number>();
  list.forEach((x, i) => {
    const k = key(x);
    if (!at.has(k)) at.set(k, i);
  });
  return at;
}

/** `next` as a patch against `base`: entities equal to the base entity of the same key become runs. */
export function diffList<T>(base: readonly T[], next: readonly T[], key: (x: T) => string): ListPatch<T> {
  const at = keyed(base, key);
  const out: ListPatch<T> = [];
  let run: [number, number] | undefined;
  for (const x of next) {
    const i = at.get(key(x));
    if (i !== undefined && sameJson(base[i], x)) {
      if (run && run[0] + run[1] === i) run[1]++;
      else out.push((run = [i, 1]));
    } else {
      out.push(x);
      run = undefined;
    }
  }
  return out;
}

/** Rebuilds a list from its patch; undefined when a run points outside `base`. */
export function applyList<T>(base: readonly T[], patch: ListPatch<T>): T[] | undefined {
  const out: T[] = [];
  for (const item of patch) {
    if (!Array.isArray(item)) {
      out.push(item);
      continue;
    }
    const [start, count] = item;
    if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 1 || start + count > base.length)
      return undefined;
    for (let i = start; i < start + count; i++) out.push(base[i]);
  }
  return out;
}

const byId = (x: { id: string }) => x.id;
const byKind = (x: { kind: string }) => x.kind;

export function diffView(base: TopologyView, next: TopologyView): ViewDelta {
  const d: ViewDelta = {
    networks: diffList(base.networks, next.networks, byId),
    hosts: diffList(base.hosts, next.hosts, byId),
    vips: diffList(base.vips, next.vips, byId),
    pools: diffList(base.pools, next.pools, byId),
    services: diffList(base.services, next.services, byKind),
    edges: diffList(base.edges, next.edges, byId),
  };
  if (!sameJson(base.cluster, next.cluster)) d.cluster = next.cluster;
  return d;
}

/** The view a delta describes; undefined when it does not fit `base` (then ask for a full snapshot). */
export function applyDelta(base: TopologyView, d: ViewDelta): TopologyView | undefined {
  const networks = applyList(base.networks, d.networks);
  const hosts = applyList(base.hosts, d.hosts);
  const vips = applyList(base.vips, d.vips);
  const pools = applyList(base.pools, d.pools);
  const services = applyList(base.services, d.services);
  const edges = applyList(base.edges, d.edges);
  if (!networks || !hosts || !vips || !pools || !services || !edges) return undefined;
  return { cluster: d.cluster ?? base.cluster, networks, hosts, vips, pools, services, edges };
}

/**
 * `next` with every entity that equals the one of the same key in `prev` replaced by prev's
 * object, so a full snapshot keeps the identity of what did not change (as a delta does).
 */
export function reuseUnchanged(prev: TopologyView | null, next: TopologyView): TopologyView {
  if (!prev || prev === next) return next;
  const reuse = <T>(a: readonly T[], b: T[], key: (x: T) => string): T[] => {
    const at = keyed(a, key);
    let same = a.length === b.length;
    const out = b.map((x, i) => {
      const j = at.get(key(x));
      const y = j !== undefined && sameJson(a[j], x) ? a[j] : x;
      if (y !== a[i]) same = false;
      return y;
    });
    // Nothing changed at all: keep the list itself too.
    return same ? (a as T[]) : out;
  };
  return {
    cluster: sameJson(prev.cluster, next.cluster) ? prev.cluster : next.cluster,
    networks: reuse(prev.networks, next.networks, byId),
    hosts: reuse(prev.hosts, next.hosts, byId),
    vips: reuse(prev.vips, next.vips, byId),
    pools: reuse(prev.pools, next.pools, byId),
    services: reuse(prev.services, next.services, byKind),
    edges: reuse(prev.edges, next.edges, byId),
  };
}
