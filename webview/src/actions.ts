// Graph commands shared by the toolbar, the keyboard and the inspector. Each one turns a user
// gesture into a GraphEdit intent; the graph itself changes only when the host's next snapshot arrives.
import { useCallback } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { Role, TopologyView } from './protocol';
import { log, post, sendEdit } from './bus';
import { buildSvg, svgToPngBase64, type ExportNode } from './exportImage';
import type { GraphNode } from './toFlow';
import { cardsOf, clearOfDrops, positionsOf, targetHypervisor, targetNetwork } from './select';
import { Taken, freeSpot } from './freeSpot';
import { NEW_SIZE } from './geometry';
import { busBands } from './busBands';
import { planDrop } from './vmDrop';
import type { Notice } from './components/Banner';

const round = (n: number) => Math.round(n);

export function useGraphActions(
  view: TopologyView | null,
  selection: readonly string[],
  locked: boolean,
  setExporting: (on: boolean) => void,
  notify: (n: Notice) => void,
) {
  const rf = useReactFlow<GraphNode>();

  /**
   * Where a new card goes: the free spot nearest the middle of what the user is looking at, never
   * on another card (nor inside a hypervisor's frame, which is a card too).
   */
  const spot = useCallback(
    (kind: keyof typeof NEW_SIZE) => {
      const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
      const p = rf.screenToFlowPosition({
        x: (pane?.left ?? 0) + (pane?.width ?? 800) / 2,
        y: (pane?.top ?? 0) + (pane?.height ?? 600) / 2,
      });
      const size = NEW_SIZE[kind];
      // Cards and bus bars (a card in a bus's band sends that network's links round one by one).
      const taken = new Taken(busBands());
      for (const n of rf.getNodes()) {
        if (n.parentId) continue;
        const i = rf.getInternalNode(n.id);
        taken.add({
          x: i?.internals.positionAbsolute.x ?? n.position.x,
          y: i?.internals.positionAbsolute.y ?? n.position.y,
          w: i?.measured.width ?? n.width ?? 0,
          h: i?.measured.height ?? n.height ?? 0,
        });
      }
      return freeSpot(taken, { x: round(p.x - size.w / 2), y: round(p.y - size.h / 2) }, size);
    },
    [rf],
  );

  const add = useCallback(
    (what: 'host' | 'vm' | 'network' | 'vip' | 'pool', role: Role = 'worker') => {
      if (!view || locked) return;
      const network = targetNetwork(view, selection);
      switch (what) {
        case 'host':
          sendEdit({ kind: 'addHost', role, ...(network ? { network } : {}), position: spot('host') });
          break;
        case 'vm': {
          // A VM takes the next place in its hypervisor's grid (computed, not written).
          const on = targetHypervisor(view, selection);
          sendEdit({ kind: 'addHost', role, ...(network ? { network } : {}), vm: on ? { on } : {} });
          break;
        }
        case 'network':
          sendEdit({ kind: 'addNetwork', position: spot('network') });
          break;
        case 'vip':
        case 'pool':
          if (!network) {
            log('info', `add ${what}: no network yet`);
            return;
          }
          sendEdit({ kind: what === 'vip' ? 'addVip' : 'addPool', network, position: spot(what) });
          break;
      }
    },
    [view, selection, locked, spot],
  );

  const remove = useCallback(
    (ids: readonly string[] = selection) => {
      if (!locked && ids.length) sendEdit({ kind: 'delete', ids: [...ids] });
    },
    [selection, locked],
  );

  /**
   * Writes where dragged (or arrow-moved) nodes went; `pointer` is where a drag ended. VMs dropped
   * on another hypervisor move there instead. Returns the nodes to put back where the drag began:
   * refused drops, and VMs whose new frame the next snapshot draws.
   */
  const commitMove = useCallback(
    (ids: readonly string[], pointer?: { x: number; y: number }): string[] => {
      if (locked || !ids.length) return [];
      const lookup = (id: string) => rf.getInternalNode(id);
      const cards = cardsOf(rf.getNodes(), lookup);
      const drop = view ? planDrop(view, ids, pointer, cards) : { snapBack: [], move: [...ids] };
      if (drop.reparent) sendEdit({ kind: 'moveToHypervisor', ...drop.reparent });
      if (drop.message) notify({ kind: 'warning', text: drop.message });
      const positions = drop.move.length ? positionsOf(drop.move, lookup, rf.getNodes()) : [];
      // A drop on another card is a wish for that place: the nearest free spot is written.
      if (positions.length) sendEdit({ kind: 'move', positions: clearOfDrops(positions, cards) });
      const reparented = new Set(drop.reparent?.hosts);
      return [...drop.snapBack, ...ids.filter((id) => view?.hosts.some((h) => h.id === id && reparented.has(h.name)))];
    },
    [rf, locked, view, notify],
  );

  const fit = useCallback(
    (ids?: readonly string[]) => {
      void rf.fitView({ padding: 0.15, duration: 200, ...(ids?.length ? { nodes: ids.map((id) => ({ id })) } : {}) });
    },
    [rf],
  );

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

  const exportAs = useCallback(
    async (format: 'svg' | 'png') => {
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
          if (el && i)
            items.push({ id: n.id, x: i.internals.positionAbsolute.x, y: i.internals.positionAbsolute.y, el });
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
    },
    [rf, setExporting],
  );

  return { add, remove, commitMove, fit, layout, exportAs };
}
