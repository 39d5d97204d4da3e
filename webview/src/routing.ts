// Edge routing for the graph (issue 13, readable graph). Each network is a bus: a bar in the band
// below its row, joined to the network card by a short stub; each host link (interface, BMC)
// drops from the bar to the host's top in the gutters between cards, with horizontal and vertical
// segments only. A VIP's backends and holders hang from its own lane the same way; VIPs and pools
// reach their network side by side or over a rail above the row. No segment crosses a card other
// than the link's own ends (a VM's hypervisor frame counts as its end). Pure: unit-tested in Node.
import { Obstacles, detour, simplify, type Card, type DetourCache } from './obstacles';
import type { RouteCache } from './routeMemo';

export type { Card } from './obstacles';
export interface Link {
  id: string;
  kind: string;
  source: string;
  target: string;
}
export interface RoutedLink {
  id: string;
  kind: string;
  source: string;
  target: string;
  pts: number[];
}
/** A network's bus: stub from the card's bottom centre down to `y`, bar from `x0` to `x1`. */
export interface Bus {
  id: string;
  x: number;
  top: number;
  y: number;
  x0: number;
  x1: number;
}

/** Distance between lanes in the band below a row (placement.ts leaves room for them). */
export const LANE = 14;
/** Half the gap between cards: where gutter routes run. */
const HALF_GAP = 12;

const DROP_KINDS = new Set(['interface', 'bmc']);
const HANG_KINDS = new Set(['backend', 'holder']);
const SIDE_KINDS = new Set(['vipnet', 'pool']);

interface Ctx {
  obs: Obstacles;
  byId: Map<string, Card>;
  /** Lane y and index of each network and VIP with links hanging from it. */
  lanes: Map<string, { y: number; i: number; n: number }>;
  /** x of each host link's end on the host's top (links spread along it). */
  slots: Map<string, number>;
  /** Grid points left to search in this pass (bounds the cost of a badly dragged layout). */
  budget: { left: number };
  cache?: DetourCache;
  memo?: RouteCache;
  /** Searches made so far in this pass (a searched route is not kept: it depends on the budget). */
  searches: number;
}

/**
 * Grid points the detour searches of one pass may cover together (a few dozen searches among
 * hundreds of cards, many more in a small graph); the rest are drawn on their simple route.
 */
const SEARCHES = 250_000;

/**
 * Routes every link. `searches`: grid points the detours may search (none while a card is being
 * dragged, so a frame stays cheap; the drop routes them properly). `cache`: drops and detours of
 * earlier passes, kept by the caller (the result is the same with or without it).
 */
export function routeAll(
  cards: readonly Card[],
  links: readonly Link[],
  searches = SEARCHES,
  cache?: RouteCache,
): { buses: Bus[]; links: RoutedLink[] } {
  cache?.begin(cards);
  const byId = new Map(cards.map((c) => [c.id, c]));
  const live = links.filter((l) => byId.has(l.source) && byId.has(l.target));
  const ctx: Ctx = {
    obs: new Obstacles(cards),
    byId,
    lanes: lanesOf(cards, live),
    slots: slotsOf(live, byId),
    budget: { left: searches },
    cache: cache?.detours,
    memo: cache,
    searches: 0,
  };
  const out: RoutedLink[] = [];
  const drops = new Map<string, number[]>();
  for (const l of live) {
    const pts = routeOne(ctx, l);
    out.push({ ...l, pts });
    if (!DROP_KINDS.has(l.kind) || pts[1] !== ctx.lanes.get(l.target)?.y) continue;
    const xs = drops.get(l.target);
    if (xs) xs.push(pts[0]);
    else drops.set(l.target, [pts[0]]);
  }
  const buses: Bus[] = [];
  for (const bus of busesOf(ctx, drops)) {
    if (
      ctx.obs.clear([bus.x, bus.top, bus.x, bus.y], new Set([bus.id])) &&
      ctx.obs.clear([bus.x0, bus.y, bus.x1, bus.y], new Set([bus.id]))
    ) {
      buses.push(bus);
      continue;
    }
    // The bar would cross a card (a card dragged into the band): this network's links go round
    // on their own instead.
    for (const r of out) {
      if (r.target === bus.id && DROP_KINDS.has(r.kind))
        r.pts = searched(
          ctx,
          r,
          bottomOf(ctx.byId.get(bus.id)!),
          { x: ctx.slots.get(r.id)!, y: ctx.byId.get(r.source)!.y },
          allowedFor(ctx, r),
        );
    }
  }
  return { buses, links: out };
}

/** Ids a link may cross: its ends and the frames they sit in. */
function allowedFor(ctx: Ctx, l: Link): Set<string> {
  const s = new Set([l.source, l.target]);
  for (const id of [l.source, l.target])
    for (let p = ctx.byId.get(id)?.parent; p; p = ctx.byId.get(p)?.parent) s.add(p);
  return s;
}

/**
 * Lanes: the networks and VIPs that links hang from, grouped by the row they stand in (cards whose
 * heights overlap); each gets a lane in the band below its row's lowest card.
 */
function lanesOf(cards: readonly Card[], links: readonly Link[]): Ctx['lanes'] {
  const ids = new Set<string>();
  for (const l of links) {
    if (DROP_KINDS.has(l.kind)) ids.add(l.target);
    else if (HANG_KINDS.has(l.kind)) ids.add(l.source);
  }
  const srcs = cards.filter((c) => ids.has(c.id)).sort((a, b) => a.y - b.y || a.x - b.x);
  const lanes: Ctx['lanes'] = new Map();
  let group: Card[] = [];
  // VIPs and pools wrapped below their network count too: the band starts under the whole row.
  const rowCards = cards.filter((c) => !c.id.startsWith('host:'));
  const flush = () => {
    const top = Math.min(...group.map((c) => c.y));
    let bottom = Math.max(...group.map((c) => c.y + c.h));
    for (const c of rowCards) if (c.y >= top && c.y < bottom) bottom = Math.max(bottom, c.y + c.h);
    // Networks nearest the card row, then VIPs; left to right within each.
    const order = [...group].sort((a, b) => rankOf(a) - rankOf(b) || a.x - b.x || (a.id < b.id ? -1 : 1));
    order.forEach((c, i) => lanes.set(c.id, { y: bottom + LANE * (i + 1), i, n: order.length }));
    group = [];
  };
  for (const c of srcs) {
    if (group.length && c.y >= Math.max(...group.map((g) => g.y + g.h))) flush();
    group.push(c);
  }
  if (group.length) flush();
  return lanes;
}
const rankOf = (c: Card) => (c.id.startsWith('network:') ? 0 : 1);

/** Each host link ends at its own point along the host's top: evenly spread, in link order. */
function slotsOf(links: readonly Link[], byId: Map<string, Card>): Map<string, number> {
  const per = new Map<string, Link[]>();
  for (const l of links) {
    const host = DROP_KINDS.has(l.kind) ? l.source : HANG_KINDS.has(l.kind) ? l.target : undefined;
    const list = host ? per.get(host) : undefined;
    if (list) list.push(l);
    else if (host) per.set(host, [l]);
  }
  const out = new Map<string, number>();
  for (const [host, ls] of per) {
    const c = byId.get(host)!;
    // A hypervisor frame's links end over its own card (the top-left of the frame).
    const w = Math.min(c.w, 220);
    ls.forEach((l, k) => out.set(l.id, Math.round(c.x + (w * (k + 1)) / (ls.length + 1))));
  }
  return out;
}

function routeOne(ctx: Ctx, l: Link): number[] {
  if (DROP_KINDS.has(l.kind)) return keptDrop(ctx, l);
  if (HANG_KINDS.has(l.kind)) {
    const v = ctx.byId.get(l.source)!,
      lane = ctx.lanes.get(l.source)!;
    const x = Math.round(v.x + v.w / 2);
    return drop(ctx, l, l.source, l.target, [x, v.y + v.h, x, lane.y]);
  }
  if (SIDE_KINDS.has(l.kind)) return beside(ctx, l);
  return straight(ctx, l);
}

/** What a host link's drop depends on besides the cards it meets: lane, slot and its cards' boxes. */
function dropInputs(ctx: Ctx, l: Link, lane: { y: number; i: number; n: number }): (number | string)[] {
  const out: (number | string)[] = [lane.y, lane.i, lane.n, ctx.slots.get(l.id)!];
  for (let c = ctx.byId.get(l.source); c; c = c.parent ? ctx.byId.get(c.parent) : undefined)
    out.push(c.id, c.x, c.y, c.w, c.h);
  const n = ctx.byId.get(l.target)!;
  out.push(n.x, n.y, n.w, n.h, n.parent ?? '');
  return out;
}

/** A host link's drop, from the last pass when nothing it depends on changed. */
function keptDrop(ctx: Ctx, l: Link): number[] {
  const memo = ctx.memo;
  if (!memo) return drop(ctx, l, l.target, l.source, []);
  const inputs = dropInputs(ctx, l, ctx.lanes.get(l.target)!);
  const kept = memo.get(l.id, inputs);
  if (kept) return kept;
  const searches = ctx.searches;
  ctx.obs.seen = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  const pts = drop(ctx, l, l.target, l.source, []);
  const seen = ctx.obs.seen;
  ctx.obs.seen = undefined;
  if (ctx.searches === searches) memo.put(l.id, inputs, seen, pts);
  return pts;
}

/** Small offset per lane, so links of different sources sharing a gutter run side by side. */
function laneOffset(lane: { i: number; n: number }): number {
  const step = Math.min(4, 16 / Math.max(1, lane.n));
  return Math.round((lane.i - (lane.n - 1) / 2) * step);
}

/**
 * From the lane of `from` down to the top of `host`: straight down when clear, else down the
 * gutter beside the host (or beside the first card in the way) and along the gap above it.
 * `head`: the points before the lane (a VIP's stub), checked too.
 */
function drop(ctx: Ctx, l: Link, from: string, host: string, head: number[]): number[] {
  const lane = ctx.lanes.get(from)!,
    h = ctx.byId.get(host)!;
  const hx = ctx.slots.get(l.id)!,
    hy = h.y;
  const allowed = allowedFor(ctx, l);
  const tail = (pts: number[]) => {
    if (head.length) pts = [...head, head[head.length - 2], lane.y, ...pts];
    return ctx.obs.clear(pts, allowed) ? simplify(pts) : undefined;
  };
  if (hy > lane.y) {
    const direct = tail([hx, lane.y, hx, hy]);
    if (direct) return direct;
    const off = laneOffset(lane);
    const yh = hy - HALF_GAP + off;
    const blocker = ctx.obs.blocker(hx, lane.y, hx, hy, allowed);
    for (const gx of gutters(h, blocker, off, h.parent ? ctx.byId.get(h.parent) : undefined)) {
      const pts = tail([gx, lane.y, gx, yh, hx, yh, hx, hy]);
      if (pts) return pts;
    }
  }
  return searched(
    ctx,
    l,
    head.length ? { x: head[0], y: head[1] } : bottomOf(ctx.byId.get(from)!),
    { x: hx, y: hy },
    allowed,
  );
}

function gutters(h: Card, blocker: Card | undefined, off: number, frame: Card | undefined): number[] {
  const xs = [h.x - HALF_GAP + off, h.x + h.w + HALF_GAP + off];
  if (blocker) xs.push(blocker.x - HALF_GAP + off, blocker.x + blocker.w + HALF_GAP + off);
  if (!frame) return xs;
  // Inside a hypervisor frame, a gutter between VMs before one that runs along the frame's border.
  const onBorder = (x: number) =>
    Math.abs(x - frame.x) < HALF_GAP + 4 || Math.abs(x - frame.x - frame.w) < HALF_GAP + 4;
  return [...xs.filter((x) => !onBorder(x)), ...xs.filter(onBorder)];
}

const bottomOf = (c: Card) => ({ x: Math.round(c.x + c.w / 2), y: c.y + c.h });

/**
 * The detour search, from just outside `a`'s card to just above `b`; the straight line when the
 * budget is spent or no way exists (a card dragged onto another).
 */
function searched(
  ctx: Ctx,
  l: Link,
  a: { x: number; y: number },
  b: { x: number; y: number },
  allowed: Set<string>,
): number[] {
  ctx.searches++;
  const ends = new Set([...allowed].filter((id) => id !== l.source && id !== l.target));
  const a1 = { x: a.x, y: a.y + HALF_GAP },
    b1 = { x: b.x, y: b.y - HALF_GAP };
  const path = detour(ctx.obs, a1, b1, ends, ctx.budget, ctx.cache);
  if (path) return simplify([a.x, a.y, ...path, b.x, b.y]);
  return simplify([a.x, a.y, a1.x, a1.y, b1.x, a1.y, b1.x, b.y]);
}

/**
 * A VIP or pool and its network: side to side when they stand in one row with nothing between,
 * else over a rail just above both, else a searched detour.
 */
function beside(ctx: Ctx, l: Link): number[] {
  const s = ctx.byId.get(l.source)!,
    t = ctx.byId.get(l.target)!;
  const allowed = allowedFor(ctx, l);
  const y0 = Math.max(s.y, t.y),
    y1 = Math.min(s.y + s.h, t.y + t.h);
  if (y1 > y0) {
    const y = Math.round((y0 + y1) / 2);
    const pts = s.x >= t.x + t.w ? [s.x, y, t.x + t.w, y] : t.x >= s.x + s.w ? [s.x + s.w, y, t.x, y] : undefined;
    if (pts && ctx.obs.clear(pts, allowed)) return pts;
  }
  const sx = Math.round(s.x + s.w / 2),
    tx = Math.round(t.x + t.w / 2);
  const rail = Math.min(s.y, t.y) - HALF_GAP;
  const over = [sx, s.y, sx, rail, tx, rail, tx, t.y];
  if (ctx.obs.clear(over, allowed)) return over;
  return searched(ctx, l, bottomOf(s), { x: tx, y: t.y }, allowed);
}

function straight(ctx: Ctx, l: Link): number[] {
  const s = ctx.byId.get(l.source)!,
    t = ctx.byId.get(l.target)!;
  return searched(ctx, l, bottomOf(s), { x: Math.round(t.x + t.w / 2), y: t.y }, allowedFor(ctx, l));
}

/** A bus for every network with drops: its bar spans the drops and its own stub. */
function busesOf(ctx: Ctx, drops: Map<string, number[]>): Bus[] {
  const out: Bus[] = [];
  for (const [id, xs] of drops) {
    const c = ctx.byId.get(id)!,
      lane = ctx.lanes.get(id)!;
    const x = Math.round(c.x + c.w / 2);
    const bus = { id, x, top: c.y + c.h, y: lane.y, x0: Math.min(x, ...xs), x1: Math.max(x, ...xs) };
    out.push(bus);
  }
  return out;
}

/** SVG path data of a polyline. */
export function pathOf(pts: readonly number[]): string {
  let d = '';
  for (let i = 0; i + 1 < pts.length; i += 2) d += `${i ? ' L' : 'M'} ${pts[i]} ${pts[i + 1]}`;
  return d;
}

export function busPath(b: Bus): string {
  return `M ${b.x} ${b.top} L ${b.x} ${b.y} M ${b.x0} ${b.y} L ${b.x1} ${b.y}`;
}
