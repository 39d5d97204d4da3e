// An order-free fingerprint of a set of rectangles, for the detour cache's keys: listing, sorting and
// joining the coordinates of every card near a long detour cost most of what the searches did (a card
// dropped on a bus bar sends hundreds of links round at once). Two independent 32-bit hashes per card,
// summed, and the count: two different sets agree with odds of about one in 2^64.

/** A card's box (obstacles.ts's Rect; not imported, so neither module needs the other's). */
interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** murmur3's finaliser: every input bit reaches every output bit. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Both words of the number's binary64 form, so fractional positions hash as exactly as integers. */
function mix(h: number, v: number, k: number): number {
  f64[0] = v;
  h = Math.imul(h ^ u32[0], k);
  h = Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
  h = Math.imul(h ^ u32[1], k);
  return Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
}

function hashRect(r: Rect, seed: number, k: number): number {
  return fmix(mix(mix(mix(mix(seed, r.x, k), r.y, k), r.w, k), r.h, k));
}

export class RectPrint {
  private a = 0;
  private b = 0;
  private n = 0;

  add(r: Rect): void {
    this.a = (this.a + hashRect(r, 0x243f6a88, 0xcc9e2d51)) >>> 0;
    this.b = (this.b + hashRect(r, 0x13198a2e, 0x1b873593)) >>> 0;
    this.n++;
  }

  key(): string {
    return `${this.n}:${this.a.toString(36)}:${this.b.toString(36)}`;
  }
}
