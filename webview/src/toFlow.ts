// Snapshot -> React Flow nodes and edges. Pure (no DOM), so it is unit-tested in Node.
// Positions come from the file's `layout` section (only what the user placed by dragging); the others get a
// deterministic computed placement (placement.ts), which Auto Layout returns every node to.
import { Position, type Edge, type Node } from '@xyflow/react';
import type { HostView, NetworkView, NodeId, PoolView, ProblemView, TopologyView, VipView } from './protocol';
import { ariaLabel, matches, worstSeverity, type AnyView } from './describe';
import { HOST_W, hostHeight, sizeOf } from './geometry';
import { Taken, freeSpot } from './freeSpot';
import { defaultPlacement, flow, columnWidth, type Box } from './placement';

export type FlowKind = 'host' | 'hypervisor' | 'network' | 'vip' | 'pool';

export type GraphNodeData = {
  view: AnyView;
  problems: ProblemView[];
  severity?: ProblemView['severity'];
  /** false when a search is active and this node does not match it. */
  match?: boolean;
  /** Editing is off (parse error or read-only document). */
  locked?: boolean;
};
export type GraphNode = Node<GraphNodeData, FlowKind>;
export type GraphEdge = Edge<{ kind: string; bulk?: boolean }>;
export const BULK_BACKENDS = 40;

export interface FlowOptions {
  selected?: ReadonlySet<string>;
  query?: string;
  locked?: boolean;
  /** Nodes and edges of earlier calls, reused when nothing they show changed (see FlowCache). */
  cache?: FlowCache;
}

/** What a node was made from besides its view object; equal inputs give the same node. */
interface MadeNode {
  node: GraphNode;
  type: FlowKind;
  x: number;
  y: number;
  w: number;
  h: number;
  problems: string;
  match?: boolean;
  locked?: boolean;
  selected: boolean;
  parentId?: string;
}

/**
 * Keyed by the view objects of the snapshot, which stay the same objects while their content does
 * (webview/src/snapshots.ts): an unchanged host gets back the very node object it had, so React
 * Flow and the memoised cards skip it.
 */
export interface FlowCache {
  nodes: WeakMap<object, MadeNode>;
  edges: WeakMap<object, GraphEdge>;
}

export function newFlowCache(): FlowCache {
  return { nodes: new WeakMap(), edges: new WeakMap() };
}

export { HOST_W, NET_W, NET_H, VIP_W, VIP_H, hostHeight } from './geometry';
export { GAP } from './placement';
export const VM_PAD = 12;

/** The hypervisor container: its own card on top, its VMs in a grid below. */
function hypervisorBox(hv: HostView, vms: HostView[]): { box: Box; rel: Map<string, { x: number; y: number }> } {
  const top = hostHeight(hv) + VM_PAD;
  const boxes = vms.map((v) => ({ w: HOST_W, h: hostHeight(v) }));
  const width = Math.max(HOST_W, columnWidth(boxes));
  const placed = flow(boxes, width);
  const rel = new Map<string, { x: number; y: number }>();
  vms.forEach((v, i) => rel.set(v.id, { x: VM_PAD + placed.at[i].x, y: top + placed.at[i].y }));
  return { box: { w: width + 2 * VM_PAD, h: top + placed.height + VM_PAD }, rel };
}

/**
 * Computed places that a card saved by dragging covers move to the nearest free spot, so no two
 * cards overlap. Only when the file mixes saved and computed positions; deterministic.
 */
function clearOfSaved(
  tops: readonly AnyView[],
  fallback: Map<NodeId, { x: number; y: number }>,
  size: (v: AnyView) => Box,
): void {
  const saved = tops.filter((v) => v.position);
  const loose = tops.filter((v) => !v.position && fallback.has(v.id));
  if (!saved.length || !loose.length) return;
  const rect = (v: AnyView, at: { x: number; y: number }) => ({ ...at, ...sizeBox(size(v)) });
  const fixed = new Taken(saved.map((v) => rect(v, v.position!)));
  const covered = loose.filter((v) => fixed.hits(rect(v, fallback.get(v.id)!)));
  if (!covered.length) return;
  const moving = new Set(covered);
  const taken = new Taken([
    ...saved.map((v) => rect(v, v.position!)),
    ...loose.filter((v) => !moving.has(v)).map((v) => rect(v, fallback.get(v.id)!)),
  ]);
  for (const v of covered) {
    const at = freeSpot(taken, fallback.get(v.id)!, size(v));
    fallback.set(v.id, at);
    taken.add(rect(v, at));
  }
}
const sizeBox = (b: Box) => ({ w: b.w, h: b.h });

/** Host links (interface, BMC) leave the host's top bar for the network's; the rest leave a VIP or pool. */
function edgeHandles(kind: string): { sourceHandle: string; targetHandle: string } {
  if (kind === 'interface' || kind === 'bmc') return { sourceHandle: 'net', targetHandle: 'hosts' };
  return kind === 'pool' ? { sourceHandle: 'out', targetHandle: 'top' } : { sourceHandle: 'out', targetHandle: 'in' };
}

type Handles = NonNullable<GraphNode['handles']>;

/** The handles each node kind draws (see nodes/*.tsx), at their CSS places. */
export function handlesOf(type: FlowKind, w: number, h: number): Handles {
  const bar = Math.min(0.6 * w, 150);
  const top = (id: string, kind: 'source' | 'target', width = 1): Handles[number] => ({
    id,
    type: kind,
    position: Position.Top,
    x: (w - width) / 2,
    y: -3,
    width,
    height: 6,
  });
  const bottom = (id: string, kind: 'source' | 'target', width = 1): Handles[number] => ({
    id,
    type: kind,
    position: Position.Bottom,
    x: (w - width) / 2,
    y: h - 3,
    width,
    height: 6,
  });
  switch (type) {
    case 'host':
    case 'hypervisor':
      return [top('net', 'source', bar), top('in', 'target')];
    case 'network':
      return [top('top', 'target'), bottom('hosts', 'target', bar)];
    case 'vip':
    case 'pool':
      return [bottom('out', 'source')];
  }
}

export function toFlow(
  view: TopologyView,
  problems: readonly ProblemView[],
  opts: FlowOptions = {},
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const byNode = new Map<NodeId, ProblemView[]>();
  for (const p of problems) if (p.nodeId) byNode.set(p.nodeId, [...(byNode.get(p.nodeId) ?? []), p]);

  const hostIds = new Set(view.hosts.map((h) => h.id));
  const vmsOf = new Map<NodeId, HostView[]>();
  for (const h of view.hosts) {
    const hv = h.vm?.hypervisorId;
    if (hv && hv !== h.id && hostIds.has(hv)) vmsOf.set(hv, [...(vmsOf.get(hv) ?? []), h]);
  }
  const isChild = (h: HostView) => !!h.vm?.hypervisorId && h.vm.hypervisorId !== h.id && hostIds.has(h.vm.hypervisorId);
  // A hypervisor that is itself a VM of another would nest containers; drawn flat instead.
  const containers = new Map<NodeId, ReturnType<typeof hypervisorBox>>();
  for (const [hv, vms] of vmsOf) {
    const hvView = view.hosts.find((h) => h.id === hv);
    if (hvView && !isChild(hvView)) containers.set(hv, hypervisorBox(hvView, vms));
  }
  const grouped = (h: HostView) => isChild(h) && containers.has(h.vm!.hypervisorId!);

  // ---- default placement (computed, never written): see placement.ts
  const fallback = defaultPlacement(view, (h) => containers.get(h.id)?.box ?? { w: HOST_W, h: hostHeight(h) }, grouped);
  const tops: AnyView[] = [...view.networks, ...view.vips, ...view.pools, ...view.hosts.filter((h) => !grouped(h))];
  clearOfSaved(tops, fallback, (v) => containers.get(v.id)?.box ?? sizeOf(v));
  const posOf = (v: AnyView) => v.position ?? fallback.get(v.id) ?? { x: 0, y: 0 };

  // ---- nodes (parents before children, as React Flow requires)
  const query = opts.query?.trim() ?? '';
  const cache = opts.cache;
  const make = (
    v: AnyView,
    type: FlowKind,
    position: { x: number; y: number },
    size?: Box,
    parentId?: string,
  ): GraphNode => {
    const probs = byNode.get(v.id) ?? [];
    const match = query ? matches(v, query) : undefined;
    const { w, h } = size ?? sizeOf(v);
    const selected = opts.selected?.has(v.id) ?? false;
    const probKey = probs.length ? JSON.stringify(probs) : '';
    const hit = cache?.nodes.get(v);
    if (
      hit &&
      hit.type === type &&
      hit.x === position.x &&
      hit.y === position.y &&
      hit.w === w &&
      hit.h === h &&
      hit.problems === probKey &&
      hit.match === match &&
      hit.locked === opts.locked &&
      hit.selected === selected &&
      hit.parentId === parentId
    )
      return hit.node;
    const node: GraphNode = {
      id: v.id,
      type,
      position,
      // Known sizes and handles: React Flow can cull off-screen nodes from the first frame
      // instead of rendering every node once just to measure it.
      width: w,
      height: h,
      measured: { width: w, height: h },
      handles: handlesOf(type, w, h),
      data: { view: v, problems: probs, severity: worstSeverity(probs), match, locked: opts.locked },
      ariaLabel: ariaLabel(v, probs),
      selected,
      draggable: !opts.locked,
      connectable: !opts.locked,
      className: match === false ? 'okd-dim' : undefined,
      domAttributes: { 'data-testid': `node-${v.id}` } as GraphNode['domAttributes'],
    };
    if (parentId) {
      node.parentId = parentId;
      node.extent = 'parent';
    }
    cache?.nodes.set(v, {
      node,
      type,
      x: position.x,
      y: position.y,
      w,
      h,
      problems: probKey,
      match,
      locked: opts.locked,
      selected,
      parentId,
    });
    return node;
  };

  const nodes: GraphNode[] = [];
  for (const n of view.networks) nodes.push(make(n, 'network', posOf(n)));
  for (const v of view.vips) nodes.push(make(v, 'vip', posOf(v)));
  for (const p of view.pools) nodes.push(make(p, 'pool', posOf(p)));
  const children: GraphNode[] = [];
  for (const h of view.hosts) {
    if (grouped(h)) continue;
    const c = containers.get(h.id);
    if (!c) {
      nodes.push(make(h, 'host', posOf(h)));
      continue;
    }
    const at = posOf(h);
    // VMs stored with absolute positions; React Flow wants them relative to the container.
    const rel = new Map<string, { x: number; y: number }>();
    let w = c.box.w,
      hgt = c.box.h;
    for (const vm of vmsOf.get(h.id)!) {
      const r = vm.position
        ? { x: Math.max(VM_PAD, vm.position.x - at.x), y: Math.max(hostHeight(h), vm.position.y - at.y) }
        : c.rel.get(vm.id)!;
      rel.set(vm.id, r);
      w = Math.max(w, r.x + HOST_W + VM_PAD);
      hgt = Math.max(hgt, r.y + hostHeight(vm) + VM_PAD);
    }
    nodes.push(make(h, 'hypervisor', at, { w, h: hgt }));
    for (const vm of vmsOf.get(h.id)!) {
      children.push(make(vm, 'host', rel.get(vm.id)!, undefined, h.id));
    }
  }
  nodes.push(...children);

  // ---- edges: the host's view edges plus "VIP sits on network" (implicit in the file)
  const nodeIds = new Set(nodes.map((n) => n.id));
  const edges: GraphEdge[] = [];
  // A VIP in front of hundreds of workers would bury the graph in its edges: those are drawn
  // only while the VIP is selected (the card shows the count).
  const backendCount = new Map<string, number>();
  for (const e of view.edges)
    if (e.kind === 'backend') backendCount.set(e.source, (backendCount.get(e.source) ?? 0) + 1);
  for (const e of view.edges) {
    if (!nodeIds.has(e.source) || !nodeIds.has(e.target)) continue;
    const bulk = e.kind === 'backend' && (backendCount.get(e.source) ?? 0) > BULK_BACKENDS;
    const handles = edgeHandles(e.kind);
    const hit = opts.cache?.edges.get(e);
    if (hit && !!hit.data?.bulk === bulk) {
      edges.push(hit);
      continue;
    }
    const edge: GraphEdge = {
      id: e.id,
      source: e.source,
      target: e.target,
      ...handles,
      data: bulk ? { kind: e.kind, bulk } : { kind: e.kind },
      selectable: false,
      focusable: false,
    };
    opts.cache?.edges.set(e, edge);
    edges.push(edge);
  }
  for (const v of view.vips) {
    if (v.networkId && nodeIds.has(v.networkId)) {
      edges.push({
        id: `vipnet:${v.id}`,
        source: v.id,
        target: v.networkId,
        sourceHandle: 'out',
        targetHandle: 'top',
        data: { kind: 'vipnet' },
        selectable: false,
        focusable: false,
      });
    }
  }
  return { nodes, edges };
}

/** Views by node id, for the inspector and keyboard actions. */
export function indexView(view: TopologyView | null): Map<NodeId, AnyView> {
  const m = new Map<NodeId, AnyView>();
  if (!view) return m;
  for (const v of [...view.networks, ...view.hosts, ...view.vips, ...view.pools] as (
    HostView | NetworkView | VipView | PoolView
  )[])
    m.set(v.id, v);
  return m;
}
