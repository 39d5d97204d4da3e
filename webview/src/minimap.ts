// What the minimap draws, without React: every node as a rounded rectangle, merged into one SVG
// path per colour, and the box the minimap shows. Pure, so it is unit-tested in Node.
import type { GraphNode } from './toFlow';

export type MinimapKind = 'network' | 'vip' | 'host' | 'warning' | 'error';

/** Drawn in this order: problems last, so an error VM stays red on its (green) hypervisor. */
export const MINIMAP_KINDS: readonly MinimapKind[] = ['network', 'vip', 'host', 'warning', 'error'];

export const MINIMAP_COLORS: Record<MinimapKind, string> = {
  network: 'var(--okd-network)',
  vip: 'var(--okd-vip)',
  host: 'var(--okd-host)',
  warning: 'var(--vscode-editorWarning-foreground, #cca700)',
  error: 'var(--vscode-errorForeground, #f14c4c)',
};

export function minimapKind(n: GraphNode): MinimapKind {
  if (n.data.severity === 'error') return 'error';
  if (n.data.severity === 'warning') return 'warning';
  if (n.type === 'network') return 'network';
  return n.type === 'vip' || n.type === 'pool' ? 'vip' : 'host';
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A node's box in flow coordinates (absolute: a VM's position is relative to its hypervisor). */
export interface PlacedNode {
  node: GraphNode;
  x: number;
  y: number;
}

export interface MinimapDrawing {
  /** One path per colour present, in MINIMAP_KINDS order. */
  layers: { kind: MinimapKind; hue?: number; d: string }[];
  /** Bounds of every drawn node; null when there is none. */
  bounds: Rect | null;
}

const RADIUS = 5;
const num = (v: number) => String(Math.round(v * 10) / 10);

/** A clockwise rounded rectangle, so overlapping ones in one path fill as their union. */
export function roundedRect(x: number, y: number, w: number, h: number): string {
  const r = Math.min(RADIUS, w / 2, h / 2);
  const a = (dx: number, dy: number) => `a${num(r)},${num(r)} 0 0 1 ${num(dx)},${num(dy)}`;
  return (
    `M${num(x + r)},${num(y)}h${num(w - 2 * r)}${a(r, r)}v${num(h - 2 * r)}${a(-r, r)}` +
    `h${num(2 * r - w)}${a(-r, -r)}v${num(2 * r - h)}${a(r, -r)}z`
  );
}

/** The size React Flow gives a node: measured once drawn, else the size toFlow set. */
function sizeOf(n: GraphNode): { w: number; h: number } {
  return { w: n.measured?.width ?? n.width ?? 0, h: n.measured?.height ?? n.height ?? 0 };
}

/** `hueOf`: a network's colour slot (netHues.ts), so each network is drawn in its own colour here too. */
export function drawMinimap(
  placed: Iterable<PlacedNode>,
  hueOf: (id: string) => number | undefined = () => undefined,
): MinimapDrawing {
  const parts = new Map<string, { kind: MinimapKind; hue?: number; rects: string[] }>();
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const { node, x, y } of placed) {
    const { w, h } = sizeOf(node);
    if (node.hidden || !w || !h) continue;
    const kind = minimapKind(node);
    const hue = kind === 'network' ? hueOf(node.id) || undefined : undefined;
    const key = hue ? `${kind}:${hue}` : kind;
    const part = parts.get(key) ?? { kind, hue, rects: [] };
    part.rects.push(roundedRect(x, y, w, h));
    parts.set(key, part);
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x + w);
    y1 = Math.max(y1, y + h);
  }
  const order = (p: { kind: MinimapKind; hue?: number }) => MINIMAP_KINDS.indexOf(p.kind) * 100 + (p.hue ?? 0);
  const layers = [...parts.values()]
    .sort((a, b) => order(a) - order(b))
    .map(({ kind, hue, rects }) => ({ kind, ...(hue ? { hue } : {}), d: rects.join('') }));
  return { layers, bounds: x0 <= x1 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null };
}

/** Two sets of layers that put the same paths on screen. */
export function sameLayers(a: MinimapDrawing['layers'], b: MinimapDrawing['layers']): boolean {
  return a.length === b.length && a.every((l, i) => l.kind === b[i].kind && l.hue === b[i].hue && l.d === b[i].d);
}

export interface MinimapFrame {
  /** The SVG viewBox, in flow coordinates. */
  box: Rect;
  /** Flow units per minimap pixel: a drag of one pixel pans the view this far. */
  scale: number;
  /** The mask: everything outside the visible area is shaded. */
  mask: string;
}

/**
 * Frames the nodes and the visible area together, centred, with a margin of `offsetScale` minimap
 * pixels: the same framing as React Flow's own MiniMap, so it looks as before.
 */
export function frameMinimap(nodes: Rect | null, view: Rect, w: number, h: number, offsetScale = 5): MinimapFrame {
  const b = nodes ? union(nodes, view) : view;
  // Before the canvas is measured there is nothing to frame: any positive scale will do.
  const fit = Math.max(b.width / w, b.height / h) || 1;
  const offset = offsetScale * fit;
  const box = {
    x: b.x - (fit * w - b.width) / 2 - offset,
    y: b.y - (fit * h - b.height) / 2 - offset,
    width: fit * w + 2 * offset,
    height: fit * h + 2 * offset,
  };
  const mask =
    `M${box.x - offset},${box.y - offset}h${box.width + 2 * offset}v${box.height + 2 * offset}h${-box.width - 2 * offset}z` +
    `M${view.x},${view.y}h${view.width}v${view.height}h${-view.width}z`;
  return { box, scale: box.width / w, mask };
}

function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x),
    y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}
