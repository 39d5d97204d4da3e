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
  blocker(x1: number, y1: number, x2: number, y2: number, allowed: ReadonlySet<string>): Card | undefined {
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
const TURN = 40;

/**
 * An orthogonal path from `a` to `b` that crosses no card outside `allowed`, on the grid of lines
 * just outside the nearby cards' borders (fewest length plus a cost per turn); undefined if none.
 * `budget`: grid points the caller still allows searching; a search spends its grid's size, and
 * one larger than what is left is not made.
 */
export function detour(
  obs: Obstacles,
  a: { x: number; y: number },
  b: { x: number; y: number },
  allowed: ReadonlySet<string>,
  budget = { left: Infinity },
): number[] | undefined {
  const box = {
    x: Math.min(a.x, b.x) - REACH,
    y: Math.min(a.y, b.y) - REACH,
    w: Math.abs(a.x - b.x) + 2 * REACH,
    h: Math.abs(a.y - b.y) + 2 * REACH,
  };
  const xs = new Set([a.x, b.x, box.x, box.x + box.w]),
    ys = new Set([a.y, b.y, box.y, box.y + box.h]);
  for (const c of obs.near(box)) {
    if (allowed.has(c.id)) continue;
    xs.add(c.x - CLEARANCE);
    xs.add(c.x + c.w + CLEARANCE);
    ys.add(c.y - CLEARANCE);
    ys.add(c.y + c.h + CLEARANCE);
  }
  const X = [...xs].sort((p, q) => p - q),
    Y = [...ys].sort((p, q) => p - q);
  const size = X.length * Y.length;
  if (size > Math.min(MAX_NODES, budget.left)) return undefined;
  budget.left -= size;
  return search(obs, X, Y, X.indexOf(a.x), Y.indexOf(a.y), X.indexOf(b.x), Y.indexOf(b.y), allowed);
}

const DIRS = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
] as const;

/** Dijkstra over (grid point, direction of arrival), with a binary heap; deterministic ties. */
function search(
  obs: Obstacles,
  X: number[],
  Y: number[],
  ai: number,
  aj: number,
  bi: number,
  bj: number,
  allowed: ReadonlySet<string>,
): number[] | undefined {
  const nx = X.length,
    ny = Y.length;
  const id = (i: number, j: number, d: number) => ((j * nx + i) << 2) | d;
  const dist = new Float64Array(nx * ny * 4).fill(Infinity);
  const from = new Int32Array(nx * ny * 4).fill(-1);
  const heap = new Heap();
  for (let d = 0; d < 4; d++) {
    dist[id(ai, aj, d)] = 0;
    heap.push(0, id(ai, aj, d));
  }
  while (heap.size) {
    const [cost, s] = heap.pop();
    if (cost > dist[s]) continue;
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
      if (cost + step >= dist[t] || obs.blocker(X[i], Y[j], X[ti], Y[tj], allowed)) continue;
      dist[t] = cost + step;
      from[t] = s;
      heap.push(cost + step, t);
    }
  }
  return undefined;
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
