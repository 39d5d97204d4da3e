// All edges in one SVG inside the viewport, behind the nodes. React Flow draws each edge as its
// own <svg>, which for a thousand hosts (and a VIP with hundreds of backends) costs seconds of
// rasterising; our edges are not selectable, so one layer drawn from node boxes is enough.
import { memo, useMemo, useRef } from 'react';
import { Position, ViewportPortal, getBezierPath, useStore, type ReactFlowState } from '@xyflow/react';
import type { GraphEdge } from '../toFlow';
import { LITE_ZOOM } from '../nodes/detail';

type Anchor = { x: number; y: number; pos: Position };

/** Where a handle sits on a node box: top-centre or bottom-centre. */
function anchor(s: ReactFlowState, id: string, handle: string | null | undefined): Anchor | undefined {
  const n = s.nodeLookup.get(id);
  if (!n || n.hidden) return undefined;
  const w = n.measured.width ?? n.width ?? 0;
  const h = n.measured.height ?? n.height ?? 0;
  const { x, y } = n.internals.positionAbsolute;
  const bottom = handle === 'out' || handle === 'hosts';
  return { x: x + w / 2, y: bottom ? y + h : y, pos: bottom ? Position.Bottom : Position.Top };
}

/**
 * A VIP or pool beside its network (the computed placement puts it there): joined side to side,
 * so the link does not loop over either card.
 */
function sideBySide(s: ReactFlowState, src: string, dst: string): [Anchor, Anchor] | undefined {
  const a = s.nodeLookup.get(src),
    b = s.nodeLookup.get(dst);
  if (!a || !b || a.hidden || b.hidden) return undefined;
  const pa = a.internals.positionAbsolute,
    pb = b.internals.positionAbsolute;
  const ha = a.measured.height ?? a.height ?? 0;
  const wb = b.measured.width ?? b.width ?? 0,
    hb = b.measured.height ?? b.height ?? 0;
  // Overlapping rows, and the source wholly to the right of the network.
  if (pa.y > pb.y + hb || pb.y > pa.y + ha || pa.x < pb.x + wb) return undefined;
  const y = (Math.max(pa.y, pb.y) + Math.min(pa.y + ha, pb.y + hb)) / 2;
  return [
    { x: pa.x, y, pos: Position.Left },
    { x: pb.x + wb, y, pos: Position.Right },
  ];
}

type Drawn = { id: string; kind: string; d: string; dim: boolean };
type Cached = Drawn & { ax: number; ay: number; bx: number; by: number };

function paths(s: ReactFlowState, edges: readonly GraphEdge[], prev: Map<string, Cached>): Map<string, Cached> {
  const out = new Map<string, Cached>();
  for (const e of edges) {
    if (e.data?.bulk && !s.nodeLookup.get(e.source)?.selected) continue;
    const kind0 = e.data?.kind;
    const side = kind0 === 'pool' || kind0 === 'vipnet' ? sideBySide(s, e.source, e.target) : undefined;
    const [a, b] = side ?? [anchor(s, e.source, e.sourceHandle), anchor(s, e.target, e.targetHandle)];
    if (!a || !b) continue;
    const dim =
      s.nodeLookup.get(e.source)?.className === 'okd-dim' || s.nodeLookup.get(e.target)?.className === 'okd-dim';
    const kind = e.data?.kind ?? 'interface';
    // Most edges did not move: keep their path (and object), skipping the curve maths.
    const p = prev.get(e.id);
    if (p && p.ax === a.x && p.ay === a.y && p.bx === b.x && p.by === b.y && p.dim === dim && p.kind === kind) {
      out.set(e.id, p);
      continue;
    }
    const [d] = side
      ? [`M ${a.x} ${a.y} L ${b.x} ${b.y}`]
      : getBezierPath({
          sourceX: a.x,
          sourceY: a.y,
          sourcePosition: a.pos,
          targetX: b.x,
          targetY: b.y,
          targetPosition: b.pos,
        });
    out.set(e.id, { id: e.id, kind, d, dim, ax: a.x, ay: a.y, bx: b.x, by: b.y });
  }
  return out;
}

/**
 * The store changes on every pan and zoom frame too; the paths depend only on the node list
 * (positions, sizes, selection, dimming all arrive as a new `nodes` array), so they are
 * recomputed only when it or the edges change.
 */
function usePaths(edges: readonly GraphEdge[]): Drawn[] {
  // Path objects by edge id, reused whenever an edge's ends did not move (content-addressed, so
  // sharing it between selector instances is safe).
  const shared = useRef(new Map<string, Cached>());
  // One memo per selector instance: a selector always returns the same list for the same nodes,
  // even when React calls an older instance in between.
  const select = useMemo(() => {
    let last: { nodes: unknown; list: Drawn[] } | undefined;
    return (s: ReactFlowState): Drawn[] => {
      if (last?.nodes === s.nodes) return last.list;
      const byId = paths(s, edges, shared.current);
      shared.current = byId;
      const list = [...byId.values()];
      const prev = last?.list;
      last = {
        nodes: s.nodes,
        list: prev && prev.length === list.length && list.every((p, i) => p === prev[i]) ? prev : list,
      };
      return last.list;
    };
  }, [edges]);
  return useStore(select);
}

export const EdgeLayer = memo(function EdgeLayer({ edges }: { edges: readonly GraphEdge[] }) {
  // Re-drawn whenever React Flow's node list changes (drag, snapshot, measurement).
  const drawn = usePaths(edges);
  // Zoomed out, dashes shrink to sub-pixel segments that cost a lot to rasterise and show nothing.
  const far = useStore((s: ReactFlowState) => s.transform[2] < LITE_ZOOM);
  return (
    <ViewportPortal>
      <svg className={`okd-edges${far ? ' okd-far' : ''}`} width="1" height="1" aria-hidden="true">
        {drawn.map((p) => (
          <path
            key={p.id}
            data-edge-id={p.id}
            className={`okd-edge okd-edge-${p.kind}${p.dim ? ' okd-dim' : ''}`}
            d={p.d}
          />
        ))}
      </svg>
    </ViewportPortal>
  );
});
