// Graph commands shared by the toolbar, the keyboard and the inspector. Each one turns a user
// gesture into a GraphEdit intent; the graph itself changes only when the host's next snapshot arrives.
import { useCallback } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { Role, TopologyView } from './protocol';
import { log, post, sendEdit } from './bus';
import { buildSvg, svgToPngBase64, type ExportNode } from './exportImage';
import type { GraphNode } from './toFlow';
import { positionsOf, targetHypervisor, targetNetwork } from './select';

const round = (n: number) => Math.round(n);

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

  /**
   * Automatic placement is computed here (toFlow) and never written: auto layout only removes the
   * positions saved by dragging, in one undoable edit.
   */
  const layout = useCallback(() => {
    if (!view || locked) return;
    const saved = [...view.networks, ...view.hosts, ...view.vips, ...view.pools].some((n) => n.position);
    if (saved) sendEdit({ kind: 'autoLayout' });
    else fit();
  }, [view, locked, fit]);

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
