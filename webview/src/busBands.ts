// The bus bars and stems drawn last, in flow coordinates. A new card from the palette keeps off
// them as it keeps off cards: a card in a bus's band makes every link of that network go round
// on its own (a tangle, and at 1,000 hosts a hundred times the routing work). Kept outside React
// state: it is read only when a card is added.
import type { Rect } from './freeSpot';
import type { Bus } from './routing';

let bands: readonly Rect[] = [];

export function setBuses(buses: readonly Bus[]): void {
  bands = buses.flatMap((b) => [
    { x: b.x0, y: b.y, w: b.x1 - b.x0, h: 0 },
    { x: b.x, y: b.top, w: 0, h: b.y - b.top },
  ]);
}

export function busBands(): readonly Rect[] {
  return bands;
}
