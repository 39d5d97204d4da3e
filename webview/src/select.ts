// Pure helpers behind the graph commands: which nodes a move writes, where new items attach.
import type { InternalNode } from '@xyflow/react';
import type { NodePosition, TopologyView } from './protocol';
import { parseNodeId } from './protocol';
import type { GraphNode } from './toFlow';
import { Taken, freeSpot, type Rect } from './freeSpot';

const round = (n: number) => Math.round(n);

/** Absolute positions of the given nodes plus every child of a moved container. */
export function positionsOf(
  ids: readonly string[],
  lookup: (id: string) => InternalNode<GraphNode> | undefined,
  all: readonly GraphNode[],
): NodePosition[] {
  const want = new Set(ids);
  for (const n of all) if (n.parentId && want.has(n.parentId)) want.add(n.id);
  const out: NodePosition[] = [];
  for (const id of want) {
    const n = lookup(id);
    if (n) out.push({ id, x: round(n.internals.positionAbsolute.x), y: round(n.internals.positionAbsolute.y) });
  }
  return out;
}

/** Picks the network a new item should attach to: the selected one, a selected host's, or the first. */
export function targetNetwork(view: TopologyView, selection: readonly string[]): string | undefined {
  for (const id of selection) {
    const p = parseNodeId(id);
    if (p?.kind === 'network') return p.name;
    if (p?.kind === 'host') {
      const net = view.hosts.find((h) => h.id === id)?.interfaces.find((i) => i.networkId)?.network;
      if (net) return net;
    }
  }
  return view.networks[0]?.name;
}

/** The hypervisor a new VM goes on: the selected hypervisor (or a selected VM's), else the first. */
export function targetHypervisor(view: TopologyView, selection: readonly string[]): string | undefined {
  for (const id of selection) {
    const h = view.hosts.find((x) => x.id === id);
    if (h?.role === 'hypervisor') return h.name;
    if (h?.vm?.on) return h.vm.on;
  }
  return view.hosts.find((h) => h.role === 'hypervisor')?.name;
}

export interface Card extends Rect {
  id: string;
  parentId?: string;
}

/**
 * A moved card that lands on another one goes to the nearest free spot (the drop is a wish, not a
 * collision); a container's children follow it. Children moved inside their container stay put.
 */
export function clearOfDrops(positions: readonly NodePosition[], cards: readonly Card[]): NodePosition[] {
  const moved = new Set(positions.map((p) => p.id));
  const byId = new Map(cards.map((c) => [c.id, c]));
  const taken = new Taken(cards.filter((c) => !c.parentId && !moved.has(c.id)));
  const delta = new Map<string, { dx: number; dy: number }>();
  for (const p of positions) {
    const c = byId.get(p.id);
    if (!c || c.parentId) continue;
    const at = freeSpot(taken, p, c);
    taken.add({ ...c, ...at });
    delta.set(p.id, { dx: at.x - p.x, dy: at.y - p.y });
  }
  return positions.map((p) => {
    const c = byId.get(p.id);
    const d = delta.get(c?.parentId ?? p.id);
    return d && (d.dx || d.dy) ? { id: p.id, x: round(p.x + d.dx), y: round(p.y + d.dy) } : p;
  });
}

/** Every card's absolute box, as React Flow holds it now. */
export function cardsOf(
  nodes: readonly GraphNode[],
  lookup: (id: string) => InternalNode<GraphNode> | undefined,
): Card[] {
  return nodes.map((n) => {
    const i = lookup(n.id);
    return {
      id: n.id,
      parentId: n.parentId,
      x: i?.internals.positionAbsolute.x ?? n.position.x,
      y: i?.internals.positionAbsolute.y ?? n.position.y,
      w: i?.measured.width ?? n.width ?? 0,
      h: i?.measured.height ?? n.height ?? 0,
    };
  });
}
