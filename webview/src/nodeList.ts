// The node list the canvas hands to React Flow, kept from one snapshot to the next: unchanged
// nodes keep their object (React Flow and the memoised cards skip them), local state (a drag, the
// selection) is carried over, and a card can be tested against the visible area.
import type { Viewport } from '@xyflow/react';
import type { GraphNode, toFlow } from './toFlow';

export interface LocalNodes {
  flow: Flow | null;
  selection: readonly string[];
  nodes: GraphNode[];
}
export type Flow = ReturnType<typeof toFlow>;
export const EMPTY_LOCAL: LocalNodes = { flow: null, selection: [], nodes: [] };

/**
 * The new graph's nodes, keeping the node object of every node whose content did not change
 * (toFlow hands back the same object for it), so React Flow and the memoised cards skip it: a
 * snapshot that changes one host re-renders one host.
 */
export function withFlow(prev: GraphNode[], flow: Flow, prevFlow: Flow | null): GraphNode[] {
  const old = new Map(prevFlow?.nodes.map((n) => [n.id, n]));
  const byId = new Map(prev.map((n) => [n.id, n]));
  return flow.nodes.map((n) => {
    const p = byId.get(n.id);
    if (!p) return n;
    // A local drag the file did not take (e.g. a refused edit) must snap back, so compare positions too.
    if (old.get(n.id) === n && p.position.x === n.position.x && p.position.y === n.position.y) return p;
    return p.selected === n.selected ? n : { ...n, selected: p.selected };
  });
}

/** A selection made outside the canvas (inspector, reveal, a created node) shows on the nodes. */
export function withSelection(nodes: GraphNode[], selection: readonly string[]): GraphNode[] {
  const want = new Set(selection);
  let changed = false;
  const out = nodes.map((n) => {
    if (!!n.selected === want.has(n.id)) return n;
    changed = true;
    return { ...n, selected: want.has(n.id) };
  });
  return changed ? out : nodes;
}

/**
 * Whether a card (flow coordinates) lies wholly inside a canvas of `w` x `h` pixels at this
 * viewport. The size comes from React Flow's store: reading it from the DOM here would force a
 * layout in the middle of rendering a snapshot.
 */
export function inView(r: { x: number; y: number; w: number; h: number }, vp: Viewport, w: number, h: number): boolean {
  const left = -vp.x / vp.zoom,
    top = -vp.y / vp.zoom;
  return r.x >= left && r.y >= top && r.x + r.w <= left + w / vp.zoom && r.y + r.h <= top + h / vp.zoom;
}
