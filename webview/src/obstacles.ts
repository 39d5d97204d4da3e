// Cards as obstacles for edge routing: a coarse grid of card rectangles, so "does this segment
// cross a card" looks only at the cells the segment passes (the render path never compares every
// edge with every card), and an orthogonal shortest path around cards for the few links the
// gutter routes cannot place (cards the user dragged into odd places).

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface Card extends Rect {
  id: string;
  parent?: string;
}

import { RectPrint } from './rectPrint';

const CELL = 256;

/** A horizontal or vertical segment crosses the inside of `r` (touching its border does not count). */
export function crosses(r: Rect, x1: number, y1: number, x2: number, y2: number): boolean {
  const lx = Math.min(x1, x2),
    hx = Math.max(x1, x2),
    ly = Math.min(y1, y2),
    hy = Math.max(y1, y2);
  return lx < r.x + r.w && hx > r.x && ly < r.y + r.h && hy > r.y;
}

export class Obstacles {
  private cells = new Map<number, Card[]>();
  constructor(readonly cards: readonly Card[]) {
    for (const c of cards) {
      for (let i = Math.floor(c.x / CELL); i <= Math.floor((c.x + c.w) / CELL); i++) {
        for (let j = Math.floor(c.y / CELL); j <= Math.floor((c.y + c.h) / CELL); j++) {
          const k = key(i, j);
          const list = this.cells.get(k);
          if (list) list.push(c);
          else this.cells.set(k, [c]);
        }
      }
    }
  }

  /** The first card (not in `allowed`) the segment crosses, if any. */
  /** When set, grows to cover every segment asked about (what a route's result depended on). */
  seen: { x0: number; y0: number; x1: number; y1: number } | undefined;

  blocker(x1: number, y1: number, x2: number, y2: number, allowed: ReadonlySet<string>): Card | undefined {
    const s = this.seen;
    if (s) {
      s.x0 = Math.min(s.x0, x1, x2);
      s.x1 = Math.max(s.x1, x1, x2);
      s.y0 = Math.min(s.y0, y1, y2);
      s.y1 = Math.max(s.y1, y1, y2);
    }
    for (let i = Math.floor(Math.min(x1, x2) / CELL); i <= Math.floor(Math.max(x1, x2) / CELL); i++) {
      for (let j = Math.floor(Math.min(y1, y2) / CELL); j <= Math.floor(Math.max(y1, y2) / CELL); j++) {
        for (const c of this.cells.get(key(i, j)) ?? []) if (!allowed.has(c.id) && crosses(c, x1, y1, x2, y2)) return c;
      }
    }
    return undefined;
  }

  /** True when no segment of the polyline (x0, y0, x1, y1, ...) crosses a card outside `allowed`. */
  clear(pts: readonly number[], allowed: ReadonlySet<string>): boolean {
    for (let i = 0; i + 3 < pts.length; i += 2)
      if (this.blocker(pts[i], pts[i + 1], pts[i + 2], pts[i + 3], allowed)) return false;
    return true;
  }

  /** Cards whose box meets `r`. */
  near(r: Rect): Card[] {
    const out = new Set<Card>();
    for (let i = Math.floor(r.x / CELL); i <= Math.floor((r.x + r.w) / CELL); i++) {
      for (let j = Math.floor(r.y / CELL); j <= Math.floor((r.y + r.h) / CELL); j++) {
        for (const c of this.cells.get(key(i, j)) ?? [])
          if (c.x < r.x + r.w && r.x < c.x + c.w && c.y < r.y + r.h && r.y < c.y + c.h) out.add(c);
      }
    }
    return [...out];
  }
}

// Cell coordinates packed in one number (no string keys in the hot loop).
const key = (i: number, j: number) => (i + 32768) * 65536 + (j + 32768);

/** Space kept between a detour and the cards it goes round. */
const CLEARANCE = 10;
/** How far beyond its two ends a detour may wander. */
const REACH = 400;
/** Grid lines in one search, beyond which a link is drawn straight rather than searched for. */
const MAX_NODES = 12_000;
export const TURN = 40;

/**
 * An orthogonal path from `a` to `b` that crosses no card outside `allowed`, on the grid of lines
 * just outside the nearby cards' borders (fewest length plus a cost per turn); undefined if none.
 * `budget`: grid points the caller still allows searching; a search spends its grid's size, and
 * one larger than what is left is not made.
 */
/**
 * Detours found by earlier passes. A search sees only the cards that meet its box (outside
 * `allowed`), so the same ends among the same such cards give the same path: after an edit that
 * moved nothing near them, a pass takes most detours from here instead of searching again.
 */
export class DetourCache {
  private map = new Map<string, number[] | null>();
  constructor(private readonly limit = 4000) {}
  /** Lookups answered from the cache (for the tests and the bench). */
  hits = 0;
  get(key: string): number[] | null | undefined {
    const v = this.map.get(key);
    if (v !== undefined) this.hits++;
    return v;
  }
  set(key: string, path: number[] | null): void {
    // Entries of layouts long gone are dropped all at once rather than tracked one by one.
    if (this.map.size >= this.limit) this.map.clear();
    this.map.set(key, path);
  }
  get size(): number {
    return this.map.size;
  }
}

export function detour(
  obs: Obstacles,
  a: { x: number; y: number },
  b: { x: number; y: number },
  allowed: ReadonlySet<string>,
  budget = { left: Infinity },
  cache?: DetourCache,
): number[] | undefined {
  const box = {
    x: Math.min(a.x, b.x) - REACH,
    y: Math.min(a.y, b.y) - REACH,
    w: Math.abs(a.x - b.x) + 2 * REACH,
    h: Math.abs(a.y - b.y) + 2 * REACH,
  };
  const xs = new Set([a.x, b.x, box.x, box.x + box.w]),
    ys = new Set([a.y, b.y, box.y, box.y + box.h]);
  const seen = cache ? new RectPrint() : undefined;
  for (const c of obs.near(box)) {
    if (allowed.has(c.id)) continue;
    xs.add(c.x - CLEARANCE);
    xs.add(c.x + c.w + CLEARANCE);
    ys.add(c.y - CLEARANCE);
    ys.add(c.y + c.h + CLEARANCE);
    seen?.add(c);
  }
  const X = [...xs].sort((p, q) => p - q),
    Y = [...ys].sort((p, q) => p - q);
  const size = X.length * Y.length;
  // A cached search still spends its size, so a pass draws the same with or without the cache.
  if (size > Math.min(MAX_NODES, budget.left)) return undefined;
  budget.left -= size;
  const key = seen ? `${a.x},${a.y},${b.x},${b.y}|${seen.key()}` : '';
  const hit = cache?.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const path = search(obs, X, Y, X.indexOf(a.x), Y.indexOf(a.y), X.indexOf(b.x), Y.indexOf(b.y), allowed);
  cache?.set(key, path ?? null);
  return path;
}

const DIRS = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
] as const;

/**
 * A* over (grid point, direction of arrival), with a binary heap and deterministic ties. The
 * distance left as the crow flies on the grid never overestimates (steps cost their length plus
 * a turn), so the path found is a cheapest one, as plain Dijkstra (`guided` false) finds, only
 * after far fewer steps.
 */
export function search(
  obs: Obstacles,
  X: number[],
  Y: number[],
  ai: number,
  aj: number,
  bi: number,
  bj: number,
  allowed: ReadonlySet<string>,
  guided = true,
): number[] | undefined {
  const nx = X.length,
    ny = Y.length;
  const bx = X[bi],
    by = Y[bj];
  const left = (p: number) => (guided ? Math.abs(X[p % nx] - bx) + Math.abs(Y[Math.floor(p / nx)] - by) : 0);
  const { h: hBlocked, v: vBlocked } = blockedSteps(obs, X, Y, allowed);
  const id = (i: number, j: number, d: number) => ((j * nx + i) << 2) | d;
  const dist = new Float64Array(nx * ny * 4).fill(Infinity);
  const from = new Int32Array(nx * ny * 4).fill(-1);
  const heap = new Heap();
  for (let d = 0; d < 4; d++) {
    dist[id(ai, aj, d)] = 0;
    heap.push(left(aj * nx + ai), id(ai, aj, d));
  }
  // With a heuristic that never overestimates, a state's first pop has its final cost: later
  // (stale) entries of it are skipped without any arithmetic on the keys.
  const done = new Uint8Array(nx * ny * 4);
  while (heap.size) {
    const s = heap.pop()[1];
    if (done[s]) continue;
    done[s] = 1;
    const cost = dist[s];
    const d0 = s & 3,
      p = s >> 2,
      i = p % nx,
      j = (p - i) / nx;
    if (i === bi && j === bj) return unwind(from, s, X, Y, nx);
    for (let d = 0; d < 4; d++) {
      const ti = i + DIRS[d][0],
        tj = j + DIRS[d][1];
      if (ti < 0 || tj < 0 || ti >= nx || tj >= ny) continue;
      const step = Math.abs(X[ti] - X[i]) + Math.abs(Y[tj] - Y[j]) + (d === d0 || (i === ai && j === aj) ? 0 : TURN);
      const t = id(ti, tj, d);
      // The step from (i, j) to its neighbour, looked up in the grid of blocked steps.
      const blocked = d < 2 ? hBlocked[j * nx + Math.min(i, ti)] : vBlocked[Math.min(j, tj) * nx + i];
      if (cost + step >= dist[t] || blocked) continue;
      dist[t] = cost + step;
      from[t] = s;
      heap.push(cost + step + left(t >> 2), t);
    }
  }
  return undefined;
}

/**
 * Which steps between neighbouring grid points cross a card outside `allowed` (what
 * Obstacles.blocker answers, for every step at once): h[j * nx + i] for (i, j) to (i + 1, j),
 * v[j * nx + i] for (i, j) to (i, j + 1).
 */
export function blockedSteps(
  obs: Obstacles,
  X: number[],
  Y: number[],
  allowed: ReadonlySet<string>,
): { h: Uint8Array; v: Uint8Array } {
  const nx = X.length,
    ny = Y.length;
  const h = new Uint8Array(nx * ny),
    v = new Uint8Array(nx * ny);
  const extent = { x: X[0], y: Y[0], w: X[nx - 1] - X[0], h: Y[ny - 1] - Y[0] };
  for (const c of obs.near(extent)) {
    if (allowed.has(c.id)) continue;
    // Lines strictly inside the card, and the steps that overlap its inside.
    const xIn0 = after(X, c.x),
      xIn1 = before(X, c.x + c.w),
      yIn0 = after(Y, c.y),
      yIn1 = before(Y, c.y + c.h);
    // The first step that ends past the card's near side.
    const xStep0 = Math.max(0, xIn0 - 1),
      yStep0 = Math.max(0, yIn0 - 1);
    // Horizontal steps on rows inside the card whose span overlaps (c.x, c.x + c.w).
    for (let j = yIn0; j <= yIn1; j++)
      for (let i = xStep0; i < nx - 1 && X[i] < c.x + c.w; i++) if (X[i + 1] > c.x) h[j * nx + i] = 1;
    // Vertical steps on columns inside the card whose span overlaps (c.y, c.y + c.h).
    for (let i = xIn0; i <= xIn1; i++)
      for (let j = yStep0; j < ny - 1 && Y[j] < c.y + c.h; j++) if (Y[j + 1] > c.y) v[j * nx + i] = 1;
  }
  return { h, v };
}

/** Index of the first value greater than `x` (values sorted ascending); the length if none. */
function after(values: number[], x: number): number {
  let lo = 0,
    hi = values.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (values[m] > x) hi = m;
    else lo = m + 1;
  }
  return lo;
}

/** Index of the last value less than `x`; -1 if none. */
function before(values: number[], x: number): number {
  let lo = 0,
    hi = values.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (values[m] < x) lo = m + 1;
    else hi = m;
  }
  return lo - 1;
}

/** The found path as polyline points, straight runs merged. */
function unwind(from: Int32Array, end: number, X: number[], Y: number[], nx: number): number[] {
  const pts: [number, number][] = [];
  for (let s = end; s >= 0; s = from[s]) {
    const p = s >> 2,
      i = p % nx;
    pts.push([X[i], Y[(p - i) / nx]]);
  }
  pts.reverse();
  return simplify(pts.flat());
}

/** Drops the middle point of every three in a line, and repeated points. */
export function simplify(pts: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < pts.length; i += 2) {
    const x = pts[i],
      y = pts[i + 1];
    const n = out.length;
    if (n >= 2 && out[n - 2] === x && out[n - 1] === y) continue;
    if (
      n >= 4 &&
      ((out[n - 4] === out[n - 2] && out[n - 2] === x) || (out[n - 3] === out[n - 1] && out[n - 1] === y))
    ) {
      out[n - 2] = x;
      out[n - 1] = y;
      continue;
    }
    out.push(x, y);
  }
  return out;
}

class Heap {
  private k: number[] = [];
  private v: number[] = [];
  get size(): number {
    return this.k.length;
  }
  push(key: number, val: number): void {
    const k = this.k,
      v = this.v;
    let i = k.length;
    k.push(key);
    v.push(val);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (k[p] < key || (k[p] === key && v[p] <= val)) break;
      k[i] = k[p];
      v[i] = v[p];
      i = p;
    }
    k[i] = key;
    v[i] = val;
  }
  pop(): [number, number] {
    const k = this.k,
      v = this.v;
    const top: [number, number] = [k[0], v[0]];
    const lk = k.pop()!,
      lv = v.pop()!;
    if (k.length) this.sift(lk, lv);
    return top;
  }
  private sift(key: number, val: number): void {
    const k = this.k,
      v = this.v,
      n = k.length;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (k[c + 1] < k[c] || (k[c + 1] === k[c] && v[c + 1] < v[c]))) c++;
      if (k[c] > key || (k[c] === key && v[c] >= val)) break;
      k[i] = k[c];
      v[i] = v[c];
      i = c;
    }
    k[i] = key;
    v[i] = val;
  }
}
