// Where a node can go without covering another: new nodes from the palette, and nodes the
// computed placement puts among cards whose positions were saved by dragging (issue 13: new
// and moved nodes never overlap others; a new bare-metal host never lands in a hypervisor frame).
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Clear space kept around a card. */
export const MARGIN = 12;
/** Rings searched before giving up and going below everything. */
const MAX_RINGS = 60;
const CELL = 256;

export function overlaps(a: Rect, b: Rect, margin = MARGIN): boolean {
  return a.x < b.x + b.w + margin && b.x < a.x + a.w + margin && a.y < b.y + b.h + margin && b.y < a.y + a.h + margin;
}

/** Rects in a coarse grid, so "does this box hit anything" looks at its neighbourhood only. */
export class Taken {
  private cells = new Map<string, Rect[]>();
  bottom = -Infinity;
  constructor(rects: Iterable<Rect> = []) {
    for (const r of rects) this.add(r);
  }
  private *keys(r: Rect): Generator<string> {
    for (let i = Math.floor((r.x - MARGIN) / CELL); i <= Math.floor((r.x + r.w + MARGIN) / CELL); i++) {
      for (let j = Math.floor((r.y - MARGIN) / CELL); j <= Math.floor((r.y + r.h + MARGIN) / CELL); j++)
        yield `${i},${j}`;
    }
  }
  add(r: Rect): void {
    for (const k of this.keys(r)) {
      const list = this.cells.get(k);
      if (list) list.push(r);
      else this.cells.set(k, [r]);
    }
    this.bottom = Math.max(this.bottom, r.y + r.h);
  }
  hits(r: Rect, except?: Rect): boolean {
    for (const k of this.keys(r))
      for (const t of this.cells.get(k) ?? []) if (t !== except && overlaps(r, t)) return true;
    return false;
  }
}

/**
 * The spot nearest to `want` (ring by ring on a grid of half the box) where a box of `size`
 * hits nothing in `taken`. Deterministic: the same inputs give the same spot. When the rings run
 * out, the spot below everything.
 */
export function freeSpot(
  taken: Taken,
  want: { x: number; y: number },
  size: { w: number; h: number },
): { x: number; y: number } {
  const free = (x: number, y: number) => !taken.hits({ x, y, w: size.w, h: size.h });
  if (free(want.x, want.y)) return { x: Math.round(want.x), y: Math.round(want.y) };
  const sx = Math.ceil((size.w + MARGIN) / 2),
    sy = Math.ceil((size.h + MARGIN) / 2);
  for (let r = 1; r <= MAX_RINGS; r++) {
    let best: { x: number; y: number; d: number } | undefined;
    for (let i = -r; i <= r; i++) {
      for (const [dx, dy] of [
        [i, -r],
        [i, r],
        [-r, i],
        [r, i],
      ]) {
        const x = want.x + dx * sx,
          y = want.y + dy * sy;
        const d = (x - want.x) ** 2 + (y - want.y) ** 2;
        if ((!best || d < best.d) && free(x, y)) best = { x, y, d };
      }
    }
    if (best) return { x: Math.round(best.x), y: Math.round(best.y) };
  }
  return { x: Math.round(want.x), y: Math.round(Math.max(want.y, taken.bottom) + 2 * MARGIN) };
}
