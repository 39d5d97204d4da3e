// Pure helpers behind the graph commands: which nodes a move writes, where new items attach.
import type { InternalNode } from '@xyflow/react';
import type { NodePosition, TopologyView } from './protocol';
import { parseNodeId } from './protocol';
import type { GraphNode } from './toFlow';

const round = (n: number) => Math.round(n);

/** Absolute positions of the given nodes plus every child of a moved container. */
export function positionsOf(ids: readonly string[], lookup: (id: string) => InternalNode<GraphNode> | undefined, all: readonly GraphNode[]): NodePosition[] {
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
