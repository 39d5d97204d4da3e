// The minimap, in place of React Flow's <MiniMap>: that one runs a store selector per node on
// every store update (~5 ms per edit and per pan frame at 1,000 hosts). Here the nodes are one
// path per colour, drawn again only when the node list changes; a pan or zoom moves the mask.
import { memo, useContext, useEffect, useMemo, useRef, type RefObject } from 'react';
import { Panel, useStore, useStoreApi, type InternalNode, type ReactFlowState } from '@xyflow/react';
import type { GraphNode } from '../toFlow';
import {
  MINIMAP_COLORS,
  drawMinimap,
  frameMinimap,
  sameLayers,
  type MinimapDrawing,
  type PlacedNode,
} from '../minimap';
import { hueClass, NetHues } from '../netHues';

// The size and look of React Flow's MiniMap, which the theme CSS (styles.css) was made for.
const WIDTH = 200;
const HEIGHT = 150;
// Chromium draws the boxes sharp this way; React Flow's MiniMap does the same.
const SHAPE_RENDERING = 'crispEdges';
// A trackpad pinch on macOS arrives as small ctrl+wheel steps (as XYMinimap scales them).
const PINCH = typeof navigator !== 'undefined' && navigator.userAgent.includes('Mac') ? 10 : 1;

interface ViewState {
  x: number;
  y: number;
  zoom: number;
  width: number;
  height: number;
  nodes: GraphNode[];
}
const selectView = (s: ReactFlowState): ViewState => ({
  x: s.transform[0],
  y: s.transform[1],
  zoom: s.transform[2],
  width: s.width,
  height: s.height,
  // The nodes are the ones Graph hands to React Flow (useStore is not generic over them).
  nodes: s.nodes as GraphNode[],
});
const sameView = (a: ViewState, b: ViewState) =>
  a.x === b.x &&
  a.y === b.y &&
  a.zoom === b.zoom &&
  a.width === b.width &&
  a.height === b.height &&
  a.nodes === b.nodes;

/** Where React Flow placed each node (absolute: a VM is stored relative to its hypervisor). */
function* placed(nodes: GraphNode[], lookup: Map<string, InternalNode<GraphNode>>): Iterable<PlacedNode> {
  for (const node of nodes) {
    const at = lookup.get(node.id)?.internals.positionAbsolute;
    if (at) yield { node, x: at.x, y: at.y };
  }
}

export const Minimap = memo(function Minimap() {
  const store = useStoreApi<GraphNode>();
  const v = useStore(selectView, sameView);
  // The store's nodeLookup is up to date whenever its node list is new (React Flow fills it first).
  const hues = useContext(NetHues);
  const drawing = useMemo(
    () => drawMinimap(placed(v.nodes, store.getState().nodeLookup), (id) => hues.get(id)),
    [v.nodes, store, hues],
  );
  const view = { x: -v.x / v.zoom, y: -v.y / v.zoom, width: v.width / v.zoom, height: v.height / v.zoom };
  const { box, mask } = frameMinimap(drawing.bounds, view, WIDTH, HEIGHT);
  const svg = useRef<SVGSVGElement>(null);
  usePanZoom(svg);
  return (
    <Panel position="bottom-right" className="react-flow__minimap" data-testid="rf__minimap">
      <svg
        ref={svg}
        width={WIDTH}
        height={HEIGHT}
        viewBox={`${box.x} ${box.y} ${box.width} ${box.height}`}
        className="react-flow__minimap-svg"
        role="img"
        aria-label="Minimap"
        style={{ touchAction: 'none' }}
      >
        <NodeLayers layers={drawing.layers} />
        <path className="react-flow__minimap-mask" d={mask} fillRule="evenodd" pointerEvents="none" />
      </svg>
    </Panel>
  );
});

type Layers = MinimapDrawing['layers'];
// A new node list that moves nothing (most snapshots, a selection) gives equal paths: skipped.
const NodeLayers = memo(
  function NodeLayers({ layers }: { layers: Layers }) {
    return layers.map((l) => (
      <path
        key={`${l.kind}:${l.hue ?? 0}`}
        data-kind={l.kind}
        className={hueClass(l.hue).trim() || undefined}
        d={l.d}
        style={{ fill: MINIMAP_COLORS[l.kind] }}
        shapeRendering={SHAPE_RENDERING}
      />
    ));
  },
  (a, b) => sameLayers(a.layers, b.layers),
);

/**
 * Dragging in the minimap pans the view so that its box follows the pointer; the wheel zooms
 * about the centre of the view. Both as React Flow's pannable, zoomable MiniMap (XYMinimap).
 */
function usePanZoom(svg: RefObject<SVGSVGElement | null>): void {
  const store = useStoreApi<GraphNode>();
  useEffect(() => {
    const el = svg.current;
    if (!el) return;
    let last: { x: number; y: number } | undefined;
    const down = (e: PointerEvent) => {
      if (e.button !== 0) return;
      last = { x: e.clientX, y: e.clientY };
      el.setPointerCapture(e.pointerId);
      e.preventDefault();
    };
    const move = (e: PointerEvent) => {
      const { panZoom, transform } = store.getState();
      if (!last || !panZoom) return;
      const [x, y, zoom] = transform;
      // Screen pixels per minimap pixel, read from what is drawn: the frame changes as the view moves.
      const k = (el.viewBox.baseVal.width / el.clientWidth) * zoom;
      void panZoom.setViewport({ x: x - (e.clientX - last.x) * k, y: y - (e.clientY - last.y) * k, zoom });
      last = { x: e.clientX, y: e.clientY };
    };
    const up = () => (last = undefined);
    const wheel = (e: WheelEvent) => {
      const { panZoom, transform } = store.getState();
      if (!panZoom) return;
      e.preventDefault();
      const step = e.deltaMode === 1 ? 0.05 : e.deltaMode ? 1 : 0.002;
      void panZoom.scaleTo(transform[2] * Math.pow(2, -e.deltaY * step * (e.ctrlKey ? PINCH : 1)));
    };
    el.addEventListener('pointerdown', down);
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', up);
    // Not passive: the wheel must not also scroll or zoom what is under the minimap.
    el.addEventListener('wheel', wheel, { passive: false });
    return () => {
      el.removeEventListener('pointerdown', down);
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointercancel', up);
      el.removeEventListener('wheel', wheel);
    };
  }, [svg, store]);
}
