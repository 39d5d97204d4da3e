// All edges in one SVG inside the viewport, behind the nodes. React Flow draws each edge as its
// own <svg>, which for a thousand hosts (and a VIP with hundreds of backends) costs seconds of
// rasterising; our edges are not selectable, so one layer drawn from node boxes is enough.
import { memo, useContext, useMemo, useRef, useState } from 'react';
import { ViewportPortal, useStore, type ReactFlowState } from '@xyflow/react';
import type { GraphEdge } from '../toFlow';
import { LITE_ZOOM } from '../nodes/detail';
import { busPath, pathOf, routeAll, type Card, type Link } from '../routing';
import { RouteCache } from '../routeMemo';
import { setBuses } from '../busBands';
import { hueClass, NetHues } from '../netHues';

type Drawn = {
  id: string;
  kind: string;
  d: string;
  dim: boolean;
  bus?: boolean;
  source?: string;
  target?: string;
  /** The routed points the path was written from (the route cache hands back the same array). */
  pts?: readonly number[];
};

/** Every drawn card's box in flow coordinates (VMs inside their frame), for the router. */
function cardsOf(s: ReactFlowState): Card[] {
  const out: Card[] = [];
  for (const n of s.nodeLookup.values()) {
    if (n.hidden) continue;
    const { x, y } = n.internals.positionAbsolute;
    out.push({
      id: n.id,
      x,
      y,
      w: n.measured.width ?? n.width ?? 0,
      h: n.measured.height ?? n.height ?? 0,
      parent: n.parentId,
    });
  }
  return out;
}

/** A card is being dragged: detours wait for the drop (each frame stays cheap). */
const dragging = (s: ReactFlowState) => s.nodes.some((n) => n.dragging);

const sameCards = (a: readonly Card[], b: readonly Card[]) =>
  a.length === b.length &&
  a.every(
    (c, i) =>
      c.id === b[i].id &&
      c.x === b[i].x &&
      c.y === b[i].y &&
      c.w === b[i].w &&
      c.h === b[i].h &&
      c.parent === b[i].parent,
  );

type Routed = { cards: Card[]; links: Link[]; r: ReturnType<typeof routeAll> };

function paths(
  s: ReactFlowState,
  edges: readonly GraphEdge[],
  prev: Routed | undefined,
  cache: RouteCache,
  before: ReadonlyMap<string, Drawn>,
): { routed: Routed; list: Drawn[] } {
  const links: Link[] = [];
  for (const e of edges) {
    // A VIP's hundreds of backends show only while it is selected.
    if (e.data?.bulk && !s.nodeLookup.get(e.source)?.selected) continue;
    links.push({ id: e.id, kind: e.data?.kind ?? 'interface', source: e.source, target: e.target });
  }
  const cards = cardsOf(s);
  // A selection or a search changes the node list but moves no card: the routes stay.
  const same =
    prev &&
    sameCards(prev.cards, cards) &&
    prev.links.length === links.length &&
    prev.links.every((l, i) => l.id === links[i].id);
  const routed = same ? prev : { cards, links, r: routeAll(cards, links, dragging(s) ? 0 : undefined, cache) };
  if (routed !== prev) setBuses(routed.r.buses);
  const dim = (id: string) => s.nodeLookup.get(id)?.className === 'okd-dim';
  const list: Drawn[] = routed.r.buses.map((b) => ({
    id: `bus:${b.id}`,
    kind: 'bus',
    d: busPath(b),
    dim: dim(b.id),
    bus: true,
  }));
  for (const l of routed.r.links) {
    const dimmed = dim(l.source) || dim(l.target);
    // A route kept from the last pass keeps its drawn path: no string built, no element re-rendered.
    const was = before.get(l.id);
    if (
      was &&
      was.pts === l.pts &&
      was.dim === dimmed &&
      was.kind === l.kind &&
      was.source === l.source &&
      was.target === l.target
    ) {
      list.push(was);
      continue;
    }
    list.push({
      id: l.id,
      kind: l.kind,
      d: pathOf(l.pts),
      dim: dimmed,
      source: l.source,
      target: l.target,
      pts: l.pts,
    });
  }
  return { routed, list };
}

/**
 * The store changes on every pan and zoom frame too; the paths depend only on the node list
 * (positions, sizes, selection, dimming all arrive as a new `nodes` array) and the edges, so
 * they are recomputed only when one of them changes.
 */
function usePaths(edges: readonly GraphEdge[], nodes: readonly unknown[]): Drawn[] {
  // Routes outlive a snapshot: an edit far from them leaves them as they were.
  const [cache] = useState(() => new RouteCache());
  // A new graph reaches this render before React Flow's store has its nodes (the store takes
  // them in an effect): routing the new edges over the old cards would be thrown away a moment
  // later, so until the store holds `nodes` the last drawing stays. One selector for the
  // layer's life, reading the latest props, so an older instance React calls in between agrees.
  const latest = useRef({ edges, nodes });
  latest.current = { edges, nodes };
  const select = useMemo(() => {
    let last: { nodes: unknown; edges: unknown; routed: Routed; list: Drawn[]; byId: Map<string, Drawn> } | undefined;
    return (s: ReactFlowState): Drawn[] => {
      const want = latest.current;
      if (last && (s.nodes !== want.nodes || (last.nodes === s.nodes && last.edges === want.edges))) return last.list;
      const { routed, list } = paths(s, want.edges, last?.routed, cache, last?.byId ?? new Map());
      // Nothing drawn differently: the same list, so the layer does not re-render.
      const prev = last?.list;
      const same =
        prev &&
        prev.length === list.length &&
        list.every((p, i) => p === prev[i] || (p.d === prev[i].d && p.dim === prev[i].dim && p.id === prev[i].id));
      const kept = same ? prev : list;
      last = { nodes: s.nodes, edges: want.edges, routed, list: kept, byId: new Map(kept.map((p) => [p.id, p])) };
      return last.list;
    };
  }, [cache]);
  return useStore(select);
}

/** One path; memoised, so a pass that keeps a route leaves its element alone. */
const EdgePath = memo(function EdgePath({ p, hue }: { p: Drawn; hue: string }) {
  return p.bus ? (
    <path data-bus-id={p.id.slice(4)} className={`okd-bus${hue}${p.dim ? ' okd-dim' : ''}`} d={p.d} />
  ) : (
    <path
      data-edge-id={p.id}
      data-source={p.source}
      data-target={p.target}
      className={`okd-edge okd-edge-${p.kind}${hue}${p.dim ? ' okd-dim' : ''}`}
      d={p.d}
    />
  );
});

export const EdgeLayer = memo(function EdgeLayer({
  edges,
  nodes,
}: {
  edges: readonly GraphEdge[];
  /** The node list handed to React Flow, to tell when its store has caught up. */
  nodes: readonly unknown[];
}) {
  // Re-drawn whenever React Flow's node list changes (drag, snapshot, measurement).
  const drawn = usePaths(edges, nodes);
  // Zoomed out, dashes shrink to sub-pixel segments that cost a lot to rasterise and show nothing.
  const far = useStore((s: ReactFlowState) => s.transform[2] < LITE_ZOOM);
  // A bus and the links to its network take the network's colour.
  const hues = useContext(NetHues);
  return (
    <ViewportPortal>
      <svg className={`okd-edges${far ? ' okd-far' : ''}`} width="1" height="1" aria-hidden="true">
        {drawn.map((p) => (
          <EdgePath key={p.id} p={p} hue={hueClass(hues.get(p.bus ? p.id.slice(4) : (p.target ?? '')))} />
        ))}
      </svg>
    </ViewportPortal>
  );
});
