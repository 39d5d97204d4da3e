// All edges in one SVG inside the viewport, behind the nodes. React Flow draws each edge as its
// own <svg>, which for a thousand hosts (and a VIP with hundreds of backends) costs seconds of
// rasterising; our edges are not selectable, so one layer drawn from node boxes is enough.
import { memo } from 'react';
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

function paths(s: ReactFlowState, edges: readonly GraphEdge[]): { id: string; kind: string; d: string; dim: boolean }[] {
  const out: { id: string; kind: string; d: string; dim: boolean }[] = [];
  for (const e of edges) {
    if (e.data?.bulk && !s.nodeLookup.get(e.source)?.selected) continue;
    const a = anchor(s, e.source, e.sourceHandle), b = anchor(s, e.target, e.targetHandle);
    if (!a || !b) continue;
    const [d] = getBezierPath({ sourceX: a.x, sourceY: a.y, sourcePosition: a.pos, targetX: b.x, targetY: b.y, targetPosition: b.pos });
    const dim = s.nodeLookup.get(e.source)?.className === 'okd-dim' || s.nodeLookup.get(e.target)?.className === 'okd-dim';
    out.push({ id: e.id, kind: e.data?.kind ?? 'interface', d, dim });
  }
  return out;
}

export const EdgeLayer = memo(function EdgeLayer({ edges }: { edges: readonly GraphEdge[] }) {
  // Re-drawn whenever React Flow's node list changes (drag, snapshot, measurement).
  const drawn = useStore((s: ReactFlowState) => paths(s, edges), (a, b) => a.length === b.length && a.every((p, i) => p.d === b[i].d && p.dim === b[i].dim && p.id === b[i].id));
  // Zoomed out, dashes shrink to sub-pixel segments that cost a lot to rasterise and show nothing.
  const far = useStore((s: ReactFlowState) => s.transform[2] < LITE_ZOOM);
  return (
    <ViewportPortal>
      <svg className={`okd-edges${far ? ' okd-far' : ''}`} width="1" height="1" aria-hidden="true">
        {drawn.map((p) => <path key={p.id} data-edge-id={p.id} className={`okd-edge okd-edge-${p.kind}${p.dim ? ' okd-dim' : ''}`} d={p.d} />)}
      </svg>
    </ViewportPortal>
  );
});
