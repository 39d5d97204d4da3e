// Auto-layout with elkjs (layered, top to bottom: VIPs/pools, networks, hosts). The bundled
// build runs in-thread, so no worker script (and no extra CSP source) is needed.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { NodePosition } from './protocol';

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
  parentId?: string;
  /** Current position (relative to the parent for children). */
  x: number;
  y: number;
}
export interface LayoutEdge { source: string; target: string; kind: string }

let elk: InstanceType<typeof ELK> | undefined;

/**
 * Lays out top-level nodes; children of a container keep their place inside it.
 * Returns absolute positions for every node, rounded to whole pixels for a tidy `layout` section.
 */
export async function autoLayout(nodes: LayoutNode[], edges: LayoutEdge[]): Promise<NodePosition[]> {
  elk ??= new ELK();
  const top = nodes.filter((n) => !n.parentId);
  const topOf = new Map(nodes.map((n) => [n.id, n.parentId ?? n.id]));
  const seen = new Set<string>();
  const elkEdges: { id: string; sources: string[]; targets: string[] }[] = [];
  for (const e of edges) {
    // Networks sit between their VIPs/pools (above) and hosts (below): orient edges that way.
    if (e.kind === 'backend' || e.kind === 'holder') continue;
    const [s, t] = e.kind === 'interface' ? [topOf.get(e.target), topOf.get(e.source)] : [topOf.get(e.source), topOf.get(e.target)];
    if (!s || !t || s === t || seen.has(`${s}>${t}`)) continue;
    seen.add(`${s}>${t}`);
    elkEdges.push({ id: `e${elkEdges.length}`, sources: [s], targets: [t] });
  }
  const graph = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '90',
      'elk.spacing.nodeNode': '36',
      'elk.spacing.componentComponent': '80',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.separateConnectedComponents': 'true',
    },
    children: top.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: elkEdges,
  });
  const abs = new Map<string, { x: number; y: number }>();
  for (const c of graph.children ?? []) abs.set(c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) });
  const out: NodePosition[] = [];
  for (const n of nodes) {
    const p = n.parentId ? abs.get(n.parentId) : abs.get(n.id);
    if (!p) continue;
    out.push(n.parentId ? { id: n.id, x: Math.round(p.x + n.x), y: Math.round(p.y + n.y) } : { id: n.id, ...p });
  }
  return out;
}
