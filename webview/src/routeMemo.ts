// Routes kept from one routing pass to the next. A host link's drop depends on its inputs (lane,
// slot, the host's and network's boxes) and on the cards met by the segments it asked about; when
// none of those changed, the next pass takes the drop as it was. After an edit that adds or moves
// a card, only the links near it are routed again (what keeps a 1,000-host edit quick).
import { DetourCache, type Card } from './obstacles';

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
type Inputs = readonly (number | string)[];
interface Kept {
  inputs: Inputs;
  seen: Box;
  pts: number[];
  /** The pass that last routed or confirmed it: only the one just before counts. */
  pass: number;
}

const rect = (c: Card) => `${c.x},${c.y},${c.w},${c.h},${c.parent ?? ''}`;

export class RouteCache {
  readonly detours = new DetourCache();
  private drops = new Map<string, Kept>();
  private cards = new Map<string, string>();
  /** Boxes of cards added, removed or changed since the last pass (old and new places). */
  private changed: Card[] = [];
  /** Drops taken from the cache (for the tests and the bench). */
  hits = 0;
  private pass = 0;

  /** Starts a pass over `cards`: what changed since the last one. */
  begin(cards: readonly Card[]): void {
    this.pass++;
    const now = new Map<string, string>();
    this.changed = [];
    for (const c of cards) {
      const r = rect(c);
      now.set(c.id, r);
      if (this.cards.get(c.id) !== r) this.changed.push(c);
    }
    for (const [id, r] of this.cards) {
      if (now.get(id) === r) continue;
      const [x, y, w, h] = r.split(',').map(Number);
      this.changed.push({ id, x, y, w, h });
    }
    this.cards = now;
    // Every pass keeps only the links it routed, so removed links do not pile up.
    if (this.drops.size > 4 * cards.length + 1000) this.drops.clear();
  }

  /**
   * The drop of `id` from the last pass, when its inputs are the same and nothing it met changed.
   * A drop the last pass did not keep (searched, or its link not drawn) is routed again: the
   * changes are known only from one pass to the next.
   */
  get(id: string, inputs: Inputs): number[] | undefined {
    const k = this.drops.get(id);
    if (!k || k.pass !== this.pass - 1 || !same(k.inputs, inputs)) return undefined;
    for (const c of this.changed) if (meets(c, k.seen)) return undefined;
    k.pass = this.pass;
    this.hits++;
    return k.pts;
  }

  put(id: string, inputs: Inputs, seen: Box, pts: number[]): void {
    this.drops.set(id, { inputs, seen, pts, pass: this.pass });
  }
}

function same(a: Inputs, b: Inputs): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A card's box meets the area (touching counts: the cache errs on the side of routing again). */
function meets(c: Card, b: Box): boolean {
  return c.x <= b.x1 && c.x + c.w >= b.x0 && c.y <= b.y1 && c.y + c.h >= b.y0;
}
