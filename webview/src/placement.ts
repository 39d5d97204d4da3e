// The computed placement of nodes without a saved position (never written to the file): one column
// per network, its VIPs and pools beside the network card (their edges stay off it), its hosts
// below grouped by role, hypervisors first with their VMs inside.
import type { HostView, NodeId, Role, TopologyView } from './protocol';
import type { AnyView } from './describe';
import { NET_H, NET_W, VIP_W, sizeOf } from './geometry';
import { LANE } from './routing';

export const GAP = 24;
export interface Box {
  w: number;
  h: number;
}

/**
 * Space between the network row and the first row of hosts: the band where each network's bus
 * and each VIP's lane run (routing.ts), one lane each, with a lane's room above and below.
 */
function linkRoom(view: TopologyView): number {
  const lanes = view.networks.length + view.vips.filter((v) => v.backendIds.length || v.holderIds.length).length;
  return Math.max(80, LANE * (lanes + 3));
}
const ROLE_ORDER: readonly Role[] = ['services', 'hypervisor', 'bootstrap', 'master', 'infra', 'storage', 'worker'];

/** Places items left to right, wrapping at `width`; returns relative positions and total height. */
export function flow(items: Box[], width: number): { at: { x: number; y: number }[]; height: number } {
  const at: { x: number; y: number }[] = [];
  let x = 0,
    y = 0,
    rowH = 0;
  for (const it of items) {
    if (x > 0 && x + it.w > width) {
      x = 0;
      y += rowH + GAP;
      rowH = 0;
    }
    at.push({ x, y });
    x += it.w + GAP;
    rowH = Math.max(rowH, it.h);
  }
  return { at, height: y + rowH };
}

/** Width of a column holding `boxes` with `perRow` per row (default: about square). */
export function columnWidth(boxes: Box[], perRow = Math.ceil(Math.sqrt(boxes.length * 1.5))): number {
  if (boxes.length === 0) return 0;
  const avg = boxes.reduce((s, b) => s + b.w, 0) / boxes.length;
  return Math.max(...boxes.map((b) => b.w), Math.min(boxes.length, Math.max(1, perRow)) * (avg + GAP) - GAP);
}

const rank = (r: Role) => {
  const i = ROLE_ORDER.indexOf(r);
  return i < 0 ? ROLE_ORDER.length : i;
};

interface Column {
  id: string;
  vips: AnyView[];
  hosts: HostView[];
  width: number;
  vipAt: { x: number; y: number }[];
  vipH: number;
}

/** Hosts and VIPs/pools by the network they attach to ('' for none). */
function columnsOf(
  view: TopologyView,
  grouped: (h: HostView) => boolean,
): Map<string, { vips: AnyView[]; hosts: HostView[] }> {
  const known = new Set(view.networks.map((n) => n.id));
  const colOf = (id: string | undefined) => (id && known.has(id) ? id : '');
  const columns = new Map<string, { vips: AnyView[]; hosts: HostView[] }>();
  for (const n of view.networks) columns.set(n.id, { vips: [], hosts: [] });
  columns.set('', { vips: [], hosts: [] });
  for (const v of [...view.vips, ...view.pools]) columns.get(colOf(v.networkId))!.vips.push(v);
  for (const h of view.hosts)
    if (!grouped(h)) columns.get(colOf(h.interfaces.find((i) => i.networkId)?.networkId))!.hosts.push(h);
  // Grouped by role (stable: file order within a role), so roles read as blocks of one colour.
  for (const c of columns.values())
    c.hosts = c.hosts
      .map((h, i) => ({ h, i }))
      .sort((a, b) => rank(a.h.role) - rank(b.h.role) || a.i - b.i)
      .map((x) => x.h);
  return columns;
}

export function defaultPlacement(
  view: TopologyView,
  boxOf: (h: HostView) => Box,
  grouped: (h: HostView) => boolean,
): Map<NodeId, { x: number; y: number }> {
  const columns = columnsOf(view, grouped);
  // Hosts per row, shared by all columns, so the whole drawing comes out roughly 16:10.
  const used = [...columns.values()].filter((c) => c.hosts.length || c.vips.length).length || 1;
  const perRow = Math.max(2, Math.ceil(Math.sqrt(0.8 * view.hosts.length) / used));
  const cols: Column[] = [];
  for (const [id, col] of columns) {
    if (!id && col.hosts.length + col.vips.length === 0) continue;
    const hostsW = columnWidth(col.hosts.map(boxOf), perRow);
    const vipBoxes = col.vips.map((v) => sizeOf(v));
    const left = id ? NET_W + GAP : 0;
    // VIPs and pools stand in one row beside the network (up to four; more wrap within the column).
    const vipW = Math.max(hostsW - left, Math.min(vipBoxes.length, 4) * (VIP_W + GAP) - GAP, VIP_W);
    const placed = flow(vipBoxes, vipW);
    const vipsW = vipBoxes.length ? Math.min(vipW, vipBoxes.length * (VIP_W + GAP) - GAP) : 0;
    cols.push({
      ...col,
      id,
      width: Math.max(hostsW, left + vipsW, id ? NET_W : 0),
      vipAt: placed.at.map((p) => ({ x: left + p.x, y: p.y })),
      vipH: placed.height,
    });
  }
  const rowH = Math.max(NET_H, ...cols.map((c) => c.vipH));
  const room = linkRoom(view);
  const out = new Map<NodeId, { x: number; y: number }>();
  let x0 = 0;
  for (const c of cols) {
    if (c.id) out.set(c.id as NodeId, { x: x0, y: 0 });
    c.vipAt.forEach((p, i) => out.set(c.vips[i].id, { x: x0 + p.x, y: p.y }));
    flow(c.hosts.map(boxOf), c.width).at.forEach((p, i) =>
      out.set(c.hosts[i].id, { x: x0 + p.x, y: rowH + room + p.y }),
    );
    x0 += c.width + 3 * GAP;
  }
  return out;
}
