// Issue 13, readable graph: the pure bus routing, on the cards toFlow places (Node, no browser).
import assert from 'node:assert/strict';
import { crosses, detour, Obstacles } from '../../webview/src/obstacles';
import { routeAll, type Card } from '../../webview/src/routing';
import { bigYaml, exampleYaml, multiNetYaml } from './fixtures';
import { cardsAndLinks } from './routed';

/** Every segment of every link that crosses a card other than its ends (and their frames). */
function crossings(cards: Card[], routed: { id: string; source: string; target: string; pts: number[] }[]): string[] {
  const byId = new Map(cards.map((c) => [c.id, c]));
  const out: string[] = [];
  for (const r of routed) {
    const ok = new Set([r.source, r.target, byId.get(r.source)?.parent, byId.get(r.target)?.parent]);
    for (let i = 0; i + 3 < r.pts.length; i += 2) {
      const [x1, y1, x2, y2] = r.pts.slice(i, i + 4);
      assert.ok(x1 === x2 || y1 === y2, `${r.id}: segment ${x1},${y1} -> ${x2},${y2} is not orthogonal`);
      for (const c of cards) if (!ok.has(c.id) && crosses(c, x1, y1, x2, y2)) out.push(`${r.id} crosses ${c.id}`);
    }
  }
  return out;
}

describe('webview bus routing (pure)', () => {
  for (const [name, text] of [
    ['200 hosts', bigYaml(200)],
    ['200 hosts on 2-3 networks', multiNetYaml(200)],
    ['okd-upi-lab', exampleYaml('okd-upi-lab')],
    ['okd-ipi', exampleYaml('okd-ipi').replace(/\nlayout:[\s\S]*$/, '\n')],
    ['k3s-metallb', exampleYaml('k3s-metallb')],
  ] as const) {
    it(`${name}: orthogonal links that cross no card; every host link hangs from its network's bus`, () => {
      const { cards, links } = cardsAndLinks(text);
      const r = routeAll(cards, links);
      assert.equal(r.links.length, links.length);
      assert.deepEqual(crossings(cards, r.links), []);
      const buses = new Map(r.buses.map((b) => [b.id, b]));
      for (const l of r.links.filter((x) => x.kind === 'interface' || x.kind === 'bmc')) {
        const bus = buses.get(l.target);
        assert.ok(bus, `${l.id}: ${l.target} has a bus`);
        assert.equal(l.pts[1], bus.y, `${l.id} starts on the bar`);
        assert.ok(l.pts[0] >= bus.x0 && l.pts[0] <= bus.x1, `${l.id} starts within the bar`);
        const host = cards.find((c) => c.id === l.source)!;
        assert.equal(l.pts[l.pts.length - 1], host.y, `${l.id} ends on the host's top`);
      }
      for (const b of r.buses) {
        for (const c of cards)
          assert.ok(
            c.id === b.id || (!crosses(c, b.x0, b.y, b.x1, b.y) && !crosses(c, b.x, b.top, b.x, b.y)),
            `bus ${b.id} crosses ${c.id}`,
          );
      }
    });
  }

  it('a host dragged into the band: the bar would cross it, so the links go round; still no crossing', () => {
    const { cards, links } = cardsAndLinks(bigYaml(24));
    const net = cards.find((c) => c.id === 'network:net0')!;
    const moved = cards.map((c) =>
      c.id === 'host:node-1' ? { ...c, x: net.x + net.w + 40, y: net.y + net.h + 5 } : c,
    );
    const r = routeAll(moved, links);
    assert.deepEqual(crossings(moved, r.links), []);
  });

  it('a network and a VIP the user dragged among the hosts: no bar, its links go round; still no crossing', () => {
    const layout = 'layout:\n  net0: { x: 500, y: 400 }\n  api: { x: 100, y: 700 }\n  node-3: { x: -300, y: 100 }\n';
    const { cards, links } = cardsAndLinks(bigYaml(24) + layout);
    const r = routeAll(cards, links);
    assert.ok(!r.buses.some((b) => b.id === 'network:net0'), 'no bar through the hosts');
    assert.deepEqual(crossings(cards, r.links), []);
  });

  it('detour finds the way round a wall, and none through a closed box', () => {
    const wall: Card = { id: 'w', x: 0, y: 100, w: 400, h: 20 };
    const obs = new Obstacles([wall]);
    const p = detour(obs, { x: 200, y: 50 }, { x: 200, y: 200 }, new Set())!;
    assert.ok(p, 'a path');
    for (let i = 0; i + 3 < p.length; i += 2)
      assert.ok(!crosses(wall, p[i], p[i + 1], p[i + 2], p[i + 3]), JSON.stringify(p));
    const box = [
      { id: 'a', x: 0, y: 0, w: 1000, h: 10 },
      { id: 'b', x: 0, y: 290, w: 1000, h: 10 },
      { id: 'c', x: 0, y: 0, w: 10, h: 300 },
      { id: 'd', x: 990, y: 0, w: 10, h: 300 },
    ];
    assert.equal(detour(new Obstacles(box), { x: 500, y: 150 }, { x: 500, y: 900 }, new Set()), undefined);
  });
});
