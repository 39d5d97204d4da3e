// Graph commands shared by the toolbar, the keyboard and the inspector. Each one turns a user
// gesture into a GraphEdit intent; the graph itself changes only when the host's next snapshot arrives.
import { useCallback } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { Role, TopologyView } from './protocol';
import { log, post, sendEdit } from './bus';
import { autoLayout } from './layout';
import { buildSvg, svgToPngBase64, type ExportNode } from './exportImage';
import { gridLayout, type GraphNode } from './toFlow';
import { positionsOf, targetHypervisor, targetNetwork } from './select';

const round = (n: number) => Math.round(n);
/** Above this many top-level hosts a layered layout gets too wide to use; the grid is used instead. */
const ELK_MAX_HOSTS = 24;

export function useGraphActions(view: TopologyView | null, selection: readonly string[], locked: boolean, setExporting: (on: boolean) => void) {
  const rf = useReactFlow<GraphNode>();

  /** A free-ish spot for a new node: the middle of what the user is looking at. */
  const center = useCallback(() => {
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    const p = rf.screenToFlowPosition({ x: (pane?.left ?? 0) + (pane?.width ?? 800) / 2, y: (pane?.top ?? 0) + (pane?.height ?? 600) / 2 });
    return { x: round(p.x), y: round(p.y) };
  }, [rf]);

  const add = useCallback((what: 'host' | 'vm' | 'network' | 'vip' | 'pool', role: Role = 'worker') => {
    if (!view || locked) return;
    const network = targetNetwork(view, selection);
    const position = center();
    switch (what) {
      case 'host':
        sendEdit({ kind: 'addHost', role, ...(network ? { network } : {}), position });
        break;
      case 'vm': {
        const on = targetHypervisor(view, selection);
        sendEdit({ kind: 'addHost', role, ...(network ? { network } : {}), vm: on ? { on } : {}, position });
        break;
      }
      case 'network':
        sendEdit({ kind: 'addNetwork', position });
        break;
      case 'vip':
      case 'pool':
        if (!network) { log('info', `add ${what}: no network yet`); return; }
        sendEdit({ kind: what === 'vip' ? 'addVip' : 'addPool', network, position });
        break;
    }
  }, [view, selection, locked, center]);

  const remove = useCallback((ids: readonly string[] = selection) => {
    if (!locked && ids.length) sendEdit({ kind: 'delete', ids: [...ids] });
  }, [selection, locked]);

  const commitMove = useCallback((ids: readonly string[]) => {
    if (locked || !ids.length) return;
    const positions = positionsOf(ids, (id) => rf.getInternalNode(id), rf.getNodes());
    if (positions.length) sendEdit({ kind: 'move', positions });
  }, [rf, locked]);

  const fit = useCallback((ids?: readonly string[]) => {
    void rf.fitView({ padding: 0.15, duration: 200, ...(ids?.length ? { nodes: ids.map((id) => ({ id })) } : {}) });
  }, [rf]);

  const layout = useCallback(async () => {
    if (!view || locked) return;
    const nodes = rf.getNodes().map((n) => {
      const i = rf.getInternalNode(n.id);
      return { id: n.id, parentId: n.parentId, x: n.position.x, y: n.position.y, width: i?.measured.width ?? n.width ?? 220, height: i?.measured.height ?? n.height ?? 120 };
    });
    const hosts = nodes.filter((n) => !n.parentId && n.id.startsWith('host:')).length;
    const positions = hosts > ELK_MAX_HOSTS ? gridLayout(view) : await autoLayout(nodes, view.edges);
    if (positions.length) sendEdit({ kind: 'autoLayout', positions });
  }, [rf, view, locked]);

  const exportAs = useCallback(async (format: 'svg' | 'png') => {
    const root = document.querySelector<HTMLElement>('.react-flow');
    if (!root) return;
    // Off-screen nodes are not in the DOM while culling is on; render everything for the export.
    setExporting(true);
    try {
      await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const zoom = rf.getViewport().zoom;
      const items: ExportNode[] = [];
      for (const n of rf.getNodes()) {
        const el = root.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(n.id)}"]`);
        const i = rf.getInternalNode(n.id);
        if (el && i) items.push({ id: n.id, x: i.internals.positionAbsolute.x, y: i.internals.positionAbsolute.y, el });
      }
      const svg = buildSvg(root, items, zoom);
      const data = format === 'svg' ? svg : await svgToPngBase64(svg);
      const base = (document.title || 'topology').replace(/\.ya?ml$/i, '').replace(/[^\w.-]+/g, '-');
      post({ type: 'export', format, data, suggestedName: `${base}.${format}` });
    } catch (e) {
      log('error', `export ${format} failed: ${(e as Error).message}`);
    } finally {
      setExporting(false);
    }
  }, [rf, setExporting]);

  return { add, remove, commitMove, fit, layout, exportAs };
}
