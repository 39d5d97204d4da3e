// The React Flow canvas: renders the snapshot, turns drags/connections/keys into intents.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Background,
  BackgroundVariant,
  ConnectionMode,
  Controls,
  ReactFlow,
  getViewportForBounds,
  applyNodeChanges,
  useNodesInitialized,
  useReactFlow,
  useStoreApi,
  type Connection,
  type NodeChange,
  type Viewport,
} from '@xyflow/react';
import type { ProblemView, TopologyView } from '../protocol';
import { parseNodeId } from '../protocol';
import { patchState, sendEdit } from '../bus';
import { nodeTypes } from '../nodes';
import { newFlowCache, toFlow, type GraphNode } from '../toFlow';
import { FullDetail, LiteTier } from '../nodes/detail';
import { EdgeLayer } from './EdgeLayer';
import { Minimap } from './Minimap';
import { EMPTY_LOCAL, inView, withFlow, withSelection, type LocalNodes } from '../nodeList';
import { useNarrow } from '../narrow';
import { dropTarget } from '../vmDrop';
import { cardsOf } from '../select';

/**
 * A node to show. `panOnly` (a node just created): only if it is not in view, pan to it at the
 * same zoom, without taking the selection or the focus.
 */
export interface Reveal {
  id: string;
  seq: number;
  panOnly?: boolean;
}

export interface GraphProps {
  view: TopologyView | null;
  problems: ProblemView[];
  query: string;
  locked: boolean;
  exporting: boolean;
  selection: string[];
  savedViewport?: Viewport;
  reveal?: Reveal;
  onSelection: (ids: string[]) => void;
  onOpenInspector: (id: string, focusField?: string) => void;
  onDelete: (ids: string[]) => void;
  /** Returns the nodes to put back where the drag began (see useGraphActions). */
  onCommitMove: (ids: string[], pointer?: { x: number; y: number }) => string[];
}

const ARROWS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight']);
const MOVE_COMMIT_MS = 350;
const MIN_ZOOM = 0.05;
const FIRST_MIN_ZOOM = 0.3;

// Props React Flow copies into its store: a new object or function on every render would mean
// one more store update, and every node re-running its selectors, per render.
const PRO_OPTIONS = { hideAttribution: true };
const ARIA_LABELS = {
  'node.a11yDescription.default': 'Press Enter to select and edit, Delete to remove, arrow keys to move, F2 to rename.',
};
const MULTI_SELECT_KEYS = ['Meta', 'Control'];

export function Graph(props: GraphProps) {
  const { view, problems, query, locked, selection, reveal, onSelection, onOpenInspector, onDelete, onCommitMove } =
    props;
  const rf = useReactFlow<GraphNode>();
  const store = useStoreApi();
  const narrow = useNarrow();
  const selectedRef = useRef(new Set(selection));
  selectedRef.current = new Set(selection);

  const cache = useRef(newFlowCache());
  const flow = useMemo(
    () =>
      view
        ? toFlow(view, problems, { selected: selectedRef.current, query, locked, cache: cache.current })
        : { nodes: [], edges: [] },
    [view, problems, query, locked],
  );
  // React Flow's node list is derived here, in the render that brings a new graph or selection,
  // not in an effect: an effect would paint one frame with the new inspector and the old graph,
  // then render the nodes again in a second task.
  const [local, setLocal] = useState<LocalNodes>(EMPTY_LOCAL);
  let nodes = local.nodes;
  if (local.flow !== flow || local.selection !== selection) {
    nodes = withSelection(withFlow(local.nodes, flow, local.flow), selection);
    setLocal({ flow, selection, nodes });
  }
  const setNodes = useCallback(
    (f: (ns: GraphNode[]) => GraphNode[]) => setLocal((s) => ({ ...s, nodes: f(s.nodes) })),
    [],
  );
  const onNodesChange = useCallback(
    (changes: NodeChange<GraphNode>[]) => setNodes((ns) => applyNodeChanges(changes, ns)),
    [setNodes],
  );
  const canvas = useRef<HTMLDivElement>(null);
  const fitted = useRef(!!props.savedViewport);
  useEffect(() => {
    // First graph without a saved viewport: fit it before the first node renders, from the known
    // node sizes, so nothing is rendered twice at the wrong zoom (React Flow takes the nodes in
    // an effect of its own, which runs with this one, before its nodes render).
    if (fitted.current || !flow.nodes.length || !canvas.current) return;
    fitted.current = true;
    const top = flow.nodes.filter((n) => !n.parentId);
    const x0 = Math.min(...top.map((n) => n.position.x)),
      y0 = Math.min(...top.map((n) => n.position.y));
    const x1 = Math.max(...top.map((n) => n.position.x + (n.width ?? 0))),
      y1 = Math.max(...top.map((n) => n.position.y + (n.height ?? 0)));
    const { clientWidth: w, clientHeight: h } = canvas.current;
    const fit = getViewportForBounds({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, w, h, MIN_ZOOM, 1, 0.1);
    // A big cluster fitted whole is a blur of boxes: open it at a zoom where names are readable,
    // anchored top-left (VIPs and networks), and let Fit / the minimap show the rest.
    void rf.setViewport(
      fit.zoom >= FIRST_MIN_ZOOM
        ? fit
        : { x: 24 - x0 * FIRST_MIN_ZOOM, y: 24 - y0 * FIRST_MIN_ZOOM, zoom: FIRST_MIN_ZOOM },
    );
  }, [flow, rf]);

  // First paint: restore the saved viewport, or fit the whole graph once nodes have sizes.
  // `data-ready` on the canvas: the first graph is in view and measured (tests and the bench wait on it).
  const initialized = useNodesInitialized();
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (initialized && nodes.length && !ready) setReady(true);
  }, [initialized, nodes.length, ready]);

  // `reveal` from the host (e.g. a problem was picked): select, centre and focus the node. A
  // reveal can arrive before its node is drawn (a reloaded graph, or a node whose snapshot is on
  // its way): it is held and done as soon as the node is there; dropped if a later graph lacks it.
  const pending = useRef<{ id: string; flow: unknown; panOnly?: boolean }>(undefined);
  const focusTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    if (reveal) pending.current = { id: reveal.id, flow, panOnly: reveal.panOnly };
    // Deliberately not keyed on `flow`: only a new request (or newly drawn nodes, below) acts.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reveal]);
  useEffect(() => {
    const want = pending.current;
    if (!want) return;
    const n = rf.getInternalNode(want.id);
    if (!n) {
      if (want.flow !== flow && !flow.nodes.some((x) => x.id === want.id)) pending.current = undefined;
      return;
    }
    pending.current = undefined;
    const w = n.measured.width ?? 200,
      h = n.measured.height ?? 100;
    const { x, y } = n.internals.positionAbsolute;
    if (want.panOnly) {
      const { width, height } = store.getState();
      if (!inView({ x, y, w, h }, rf.getViewport(), width, height))
        void rf.setCenter(x + w / 2, y + h / 2, { zoom: rf.getZoom() });
      return;
    }
    onSelection([want.id]);
    void rf.setCenter(n.internals.positionAbsolute.x + w / 2, n.internals.positionAbsolute.y + h / 2, {
      zoom: Math.max(rf.getZoom(), 1),
      duration: 200,
    });
    // Focus only when the graph already has it: a reveal asked for from the text editor or
    // Problems must not pull the keyboard out of the editor the user is typing in. The wait is
    // the centring animation.
    clearTimeout(focusTimer.current);
    focusTimer.current = setTimeout(() => {
      if (document.hasFocus())
        document
          .querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(want.id)}"]`)
          ?.focus({ preventScroll: true });
    }, 260);
  }, [reveal, nodes, flow, rf, store, onSelection]);
  useEffect(() => () => clearTimeout(focusTimer.current), []);

  // Selections the user makes in the canvas (click, Ctrl+click, box, pane click) arrive as
  // `select` changes. Listening to those, not to onSelectionChange, keeps the selection pushed
  // from outside (inspector, reveal, a created node) from coming back as an echo one step late,
  // which could make the two chase each other.
  const onNodesChangeAll = useCallback(
    (changes: NodeChange<GraphNode>[]) => {
      onNodesChange(changes);
      if (!changes.some((c) => c.type === 'select')) return;
      const sel = new Set(
        rf
          .getNodes()
          .filter((n) => n.selected)
          .map((n) => n.id),
      );
      for (const c of changes) {
        if (c.type !== 'select') continue;
        if (c.selected) sel.add(c.id);
        else sel.delete(c.id);
      }
      const ids = [...sel];
      onSelection(ids);
      patchState({ selection: ids });
    },
    [onNodesChange, onSelection, rf],
  );

  const onNodeDoubleClick = useCallback((_e: unknown, n: GraphNode) => onOpenInspector(n.id), [onOpenInspector]);

  // Where each dragged node was when the drag began, for a drop that is refused.
  const dragStart = useRef(new Map<string, { x: number; y: number }>());
  const onNodeDragStart = useCallback((_e: unknown, _n: GraphNode, dragged: GraphNode[]) => {
    dragStart.current = new Map(dragged.map((n) => [n.id, { ...n.position }]));
  }, []);
  // The frame a VM would move to if dropped now is marked (on the DOM node: no re-render per mouse move).
  const dropFrame = useRef<string>(undefined);
  const markDropFrame = useCallback((id: string | undefined) => {
    if (id === dropFrame.current) return;
    const el = (x?: string) => (x ? document.querySelector(`.react-flow__node[data-id="${CSS.escape(x)}"]`) : null);
    el(dropFrame.current)?.classList.remove('okd-drop-target');
    el(id)?.classList.add('okd-drop-target');
    dropFrame.current = id;
  }, []);
  const onNodeDrag = useCallback(
    (e: MouseEvent | TouchEvent, _n: GraphNode, dragged: GraphNode[]) => {
      const at = 'changedTouches' in e ? e.changedTouches[0] : e;
      if (!view || !at || !dragged.some((n) => n.parentId || (n.data.view.kind === 'host' && n.data.view.vm))) return;
      const frames = rf.getNodes().filter((n) => n.data.view.kind === 'host' && n.data.view.role === 'hypervisor');
      markDropFrame(
        dropTarget(
          view,
          dragged.map((n) => n.id),
          rf.screenToFlowPosition({ x: at.clientX, y: at.clientY }),
          cardsOf(frames, (id) => rf.getInternalNode(id)),
        ),
      );
    },
    [view, rf, markDropFrame],
  );
  const onNodeDragStop = useCallback(
    (e: MouseEvent | TouchEvent, _n: GraphNode, dragged: GraphNode[]) => {
      markDropFrame(undefined);
      const at = 'changedTouches' in e ? e.changedTouches[0] : e;
      const back = new Set(
        onCommitMove(
          dragged.map((n) => n.id),
          at ? rf.screenToFlowPosition({ x: at.clientX, y: at.clientY }) : undefined,
        ),
      );
      if (back.size)
        setNodes((ns) =>
          ns.map((n) =>
            back.has(n.id) && dragStart.current.has(n.id) ? { ...n, position: dragStart.current.get(n.id)! } : n,
          ),
        );
    },
    [onCommitMove, rf, setNodes, markDropFrame],
  );

  const isValidConnection = useCallback((c: Connection | { source: string; target: string }) => {
    return parseNodeId(c.source)?.kind === 'host' && parseNodeId(c.target)?.kind === 'network';
  }, []);

  const onConnect = useCallback(
    (c: Connection) => {
      const host = parseNodeId(c.source),
        network = parseNodeId(c.target);
      if (!locked && host?.kind === 'host' && network?.kind === 'network')
        sendEdit({ kind: 'connect', host: host.name, network: network.name });
    },
    [locked],
  );

  // Arrow keys move nodes inside React Flow; the file is written once the keys go quiet.
  const moveTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const onKeyDown = useCallback(
    (e: React.KeyboardEvent) => {
      const target = e.target as HTMLElement;
      const nodeEl = target.closest<HTMLElement>('.react-flow__node');
      if (!nodeEl || target.closest('input, textarea, select, vscode-textfield')) return;
      const id = nodeEl.dataset.id!;
      if ((e.key === 'Delete' || e.key === 'Backspace') && !locked) {
        e.preventDefault();
        onDelete(selection.includes(id) ? selection : [id]);
      } else if (e.key === 'Enter') {
        // React Flow selects the node on Enter; then the inspector takes the focus.
        onOpenInspector(id);
      } else if (e.key === 'F2' && !locked) {
        e.preventDefault();
        onOpenInspector(id, 'name');
      } else if (ARROWS.has(e.key) && !locked) {
        clearTimeout(moveTimer.current);
        const ids = rf
          .getNodes()
          .filter((n) => n.selected)
          .map((n) => n.id);
        moveTimer.current = setTimeout(() => onCommitMove(ids), MOVE_COMMIT_MS);
      }
    },
    [locked, selection, onDelete, onOpenInspector, onCommitMove, rf],
  );

  const onMoveEnd = useCallback((_e: unknown, vp: Viewport) => patchState({ viewport: vp }), []);

  return (
    <div className="okd-canvas" ref={canvas} onKeyDown={onKeyDown} data-ready={ready}>
      <FullDetail.Provider value={props.exporting}>
        <ReactFlow<GraphNode>
          nodes={nodes}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChangeAll}
          onNodeDragStart={onNodeDragStart}
          onNodeDrag={onNodeDrag}
          onNodeDragStop={onNodeDragStop}
          onNodeDoubleClick={onNodeDoubleClick}
          onConnect={onConnect}
          isValidConnection={isValidConnection}
          connectionMode={ConnectionMode.Strict}
          onMoveEnd={onMoveEnd}
          defaultViewport={props.savedViewport}
          deleteKeyCode={null}
          multiSelectionKeyCode={MULTI_SELECT_KEYS}
          selectionKeyCode="Shift"
          nodesDraggable={!locked}
          nodesConnectable={!locked}
          onlyRenderVisibleElements={!props.exporting}
          minZoom={MIN_ZOOM}
          maxZoom={2.5}
          proOptions={PRO_OPTIONS}
          ariaLabelConfig={ARIA_LABELS}
        >
          <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
          {narrow ? null : <Minimap />}
          <Controls showInteractive={false} />
          <LiteTier />
          <EdgeLayer edges={flow.edges} nodes={nodes} />
        </ReactFlow>
      </FullDetail.Provider>
    </div>
  );
}
