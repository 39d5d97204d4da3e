// Fixed node sizes, computed from content. Nodes are laid out, culled and connected from these
// numbers without waiting for the DOM to be measured (what keeps 1,000 hosts fast); styles.css
// gives the rows the same heights, so the content always fits its box.
import type { HostView } from './protocol';
import type { AnyView } from './describe';

export const HOST_W = 220;
export const NET_W = 280;
export const NET_H = 136;
export const VIP_W = 200;
export const VIP_H = 82;
export const POOL_H = 112;

// Row heights (px) shared with styles.css (.okd-head, .okd-sub, .okd-iface, .okd-chip).
const BORDER = 2;
const PAD = 6 + 8;
const HEAD = 22;
const SUB = 22;
const IFACE = 34;
/** The extra line of an interface with both an IPv4 and an IPv6 address (.okd-iface-dual). */
const IFACE6 = 16;
const CHIP_ROW = 19;
const CHIPS_TOP = 4;
const CHIP_AREA = HOST_W - 12 - 8;

/** Rows of service chips: chips are ~6.2 px per character plus 15 px padding and gap. */
export function chipRows(labels: readonly string[]): number {
  if (!labels.length) return 0;
  let rows = 1,
    x = 0;
  for (const l of labels) {
    const w = Math.ceil(l.length * 6.2) + 15;
    if (x > 0 && x + w > CHIP_AREA) {
      rows++;
      x = 0;
    }
    x += w;
  }
  return rows;
}

export function hostHeight(h: HostView): number {
  const rows = chipRows(h.services);
  const dual = h.interfaces.filter((i) => i.ip && i.ip6).length;
  return (
    BORDER +
    PAD +
    HEAD +
    SUB +
    IFACE * Math.max(1, h.interfaces.length) +
    IFACE6 * dual +
    (rows ? CHIPS_TOP + rows * CHIP_ROW : 0)
  );
}

export function sizeOf(v: AnyView): { w: number; h: number } {
  switch (v.kind) {
    case 'host':
      return { w: HOST_W, h: hostHeight(v) };
    case 'network':
      return { w: NET_W, h: NET_H };
    case 'vip':
      return { w: VIP_W, h: VIP_H };
    case 'pool':
      return { w: VIP_W, h: POOL_H };
  }
}

/** Boxes of the cards the palette adds (a host starts with one interface and no services). */
export const NEW_SIZE: Record<'host' | 'network' | 'vip' | 'pool', { w: number; h: number }> = {
  host: { w: HOST_W, h: BORDER + PAD + HEAD + SUB + IFACE },
  network: { w: NET_W, h: NET_H },
  vip: { w: VIP_W, h: VIP_H },
  pool: { w: VIP_W, h: POOL_H },
};
