// The router's shortcuts change nothing drawn: the grid of blocked steps answers exactly as
// Obstacles.blocker does, the guided search finds paths as cheap as plain Dijkstra's, and a pass
// with the route cache (drops and detours of earlier passes) routes exactly as one without it.
import assert from 'node:assert/strict';
import { blockedSteps, crosses, DetourCache, Obstacles, search, TURN, type Card } from '../../webview/src/obstacles';
import { routeAll } from '../../webview/src/routing';
import { RectPrint } from '../../webview/src/rectPrint';
import { RouteCache } from '../../webview/src/routeMemo';
import { bigYaml, exampleYaml, multiNetYaml } from './fixtures';
import { cardsAndLinks } from './routed';
import { rng } from '../rng';

describe('webview routing shortcuts', () => {
  it('the grid of blocked steps agrees with Obstacles.blocker on every step of random grids', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const r = rng(seed);
      const cards: Card[] = Array.from({ length: 3 + Math.floor(r() * 25) }, (_, k) => ({
        id: `c${k}`,
        x: Math.floor(r() * 1200) - 100,
        y: Math.floor(r() * 900) - 100,
        w: 20 + Math.floor(r() * 240),
        h: 20 + Math.floor(r() * 160),
      }));
      const obs = new Obstacles(cards);
      // Grid lines on, beside and between the cards' borders, as detour makes them (and some at random).
      const xs = new Set<number>(),
        ys = new Set<number>();
      for (const c of cards) {
        for (const x of [c.x, c.x - 10, c.x + c.w, c.x + c.w + 10]) xs.add(x);
        for (const y of [c.y, c.y - 10, c.y + c.h, c.y + c.h + 10]) ys.add(y);
      }
      for (let k = 0; k < 10; k++) {
        xs.add(Math.floor(r() * 1400) - 200);
        ys.add(Math.floor(r() * 1100) - 200);
      }
      const X = [...xs].sort((p, q) => p - q),
        Y = [...ys].sort((p, q) => p - q);
      const allowed = new Set(cards.filter(() => r() < 0.2).map((c) => c.id));
      const { h, v } = blockedSteps(obs, X, Y, allowed);
      const nx = X.length;
      let blockedSeen = 0;
      for (let j = 0; j < Y.length; j++)
        for (let i = 0; i < nx; i++) {
          if (i + 1 < nx) {
            const want = obs.blocker(X[i], Y[j], X[i + 1], Y[j], allowed) !== undefined;
            assert.equal(h[j * nx + i] === 1, want, `seed ${seed}: step (${X[i]},${Y[j]}) -> (${X[i + 1]},${Y[j]})`);
            if (want) blockedSeen++;
          }
          if (j + 1 < Y.length) {
            const want = obs.blocker(X[i], Y[j], X[i], Y[j + 1], allowed) !== undefined;
            assert.equal(v[j * nx + i] === 1, want, `seed ${seed}: step (${X[i]},${Y[j]}) -> (${X[i]},${Y[j + 1]})`);
          }
        }
      assert.ok(blockedSeen > 0, `seed ${seed}: some steps are blocked`);
    }
  });

  it('the guided search finds a path exactly when Dijkstra does, as cheap, crossing no card', () => {
    /** Length plus a turn per bend: what the search minimises. */
    const cost = (pts: number[]) => {
      let c = 0;
      for (let k = 0; k + 3 < pts.length; k += 2)
        c += Math.abs(pts[k + 2] - pts[k]) + Math.abs(pts[k + 3] - pts[k + 1]);
      return c + TURN * Math.max(0, pts.length / 2 - 2);
    };
    let found = 0,
      bends = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const r = rng(1000 + seed);
      const cards: Card[] = Array.from({ length: 4 + Math.floor(r() * 30) }, (_, k) => ({
        id: `c${k}`,
        x: Math.floor(r() * 1000),
        y: Math.floor(r() * 800),
        w: 30 + Math.floor(r() * 220),
        h: 30 + Math.floor(r() * 140),
      }));
      const obs = new Obstacles(cards);
      const xs = new Set([-50, 1300]),
        ys = new Set([-50, 1000]);
      for (const c of cards) {
        xs.add(c.x - 10).add(c.x + c.w + 10);
        ys.add(c.y - 10).add(c.y + c.h + 10);
      }
      const X = [...xs].sort((p, q) => p - q),
        Y = [...ys].sort((p, q) => p - q);
      const [ai, bi] = [Math.floor(r() * X.length), Math.floor(r() * X.length)];
      const [aj, bj] = [Math.floor(r() * Y.length), Math.floor(r() * Y.length)];
      const none = new Set<string>();
      const plain = search(obs, X, Y, ai, aj, bi, bj, none, false);
      const guided = search(obs, X, Y, ai, aj, bi, bj, none);
      assert.equal(guided === undefined, plain === undefined, `seed ${seed}: both find a path or neither`);
      if (!plain || !guided) continue;
      found++;
      if (guided.length > 4) bends++;
      assert.equal(cost(guided), cost(plain), `seed ${seed}: as cheap as Dijkstra's`);
      assert.deepEqual(guided.slice(0, 2), [X[ai], Y[aj]]);
      assert.deepEqual(guided.slice(-2), [X[bi], Y[bj]]);
      for (let k = 0; k + 3 < guided.length; k += 2)
        for (const c of cards)
          assert.ok(
            !crosses(c, guided[k], guided[k + 1], guided[k + 2], guided[k + 3]),
            `seed ${seed}: crosses ${c.id}`,
          );
    }
    assert.ok(found > 50 && bends > 20, `enough paths compared (${found}, ${bends} with bends)`);
  });

  it('with the route cache, a sequence of edits routes exactly as without it, and later passes reuse drops and detours', () => {
    const { cards, links } = cardsAndLinks(bigYaml(120));
    // Cards dropped into the bands under the networks and between rows (links must search round
    // them), then a host moved, one removed, and one grown: each pass must route as a fresh one.
    const r = rng(7);
    const cache = new RouteCache();
    let now = [...cards];
    const edits: ((c: typeof now) => typeof now)[] = [];
    for (let k = 0; k < 6; k++)
      edits.push((c) => [
        ...c,
        { id: `host:dropped-${k}`, x: Math.floor(r() * 2400), y: 150 + Math.floor(r() * 900), w: 220, h: 90 },
      ]);
    edits.push((c) => c.map((x) => (x.id === 'host:node-7' ? { ...x, x: x.x + 300, y: x.y + 40 } : x)));
    edits.push((c) => c.filter((x) => x.id !== 'host:dropped-2'));
    edits.push((c) => c.map((x) => (x.id === 'host:node-20' ? { ...x, h: x.h + 60 } : x)));
    edits.push((c) => c);
    routeAll(now, links, undefined, cache);
    const before = { drops: cache.hits, detours: cache.detours.hits };
    for (const [step, edit] of edits.entries()) {
      now = edit(now);
      const plain = routeAll(now, links);
      const cached = routeAll(now, links, undefined, cache);
      assert.deepEqual(cached, plain, `edit ${step}: same routes with the cache`);
    }
    assert.ok(cache.hits > before.drops + links.length * 5, `drops were taken from the cache (${cache.hits})`);
    assert.ok(cache.detours.hits > before.detours, 'and detours too');
  });

  it('random moves, adds and removals on several layouts: every cached pass equals a fresh one', () => {
    for (const [seed, text] of [
      [3, multiNetYaml(80)],
      [5, exampleYaml('okd-upi-lab')],
      [9, bigYaml(60)],
    ] as const) {
      const { cards, links } = cardsAndLinks(text);
      const r = rng(seed);
      const cache = new RouteCache();
      let now = [...cards];
      routeAll(now, links, undefined, cache);
      for (let step = 0; step < 12; step++) {
        const pick = now[Math.floor(r() * now.length)];
        const op = r();
        if (op < 0.4)
          now = now.map((c) =>
            c === pick ? { ...c, x: c.x + Math.floor(r() * 600) - 300, y: c.y + Math.floor(r() * 400) - 200 } : c,
          );
        else if (op < 0.7)
          now = [
            ...now,
            { id: `host:new-${step}`, x: Math.floor(r() * 2000), y: Math.floor(r() * 1200), w: 220, h: 90 },
          ];
        else if (pick.id.startsWith('host:') && !now.some((c) => c.parent === pick.id))
          now = now.filter((c) => c !== pick);
        const live = links.filter((l) => now.some((c) => c.id === l.source) && now.some((c) => c.id === l.target));
        assert.deepEqual(routeAll(now, live, undefined, cache), routeAll(now, live), `seed ${seed}, step ${step}`);
      }
      assert.ok(cache.hits > 0, `seed ${seed}: drops were reused`);
    }
  });

  it('the cache forgets everything past its limit rather than growing', () => {
    const cache = new DetourCache(3);
    for (let k = 0; k < 10; k++) cache.set(`k${k}`, [k]);
    assert.ok(cache.size <= 3);
    assert.deepEqual(cache.get('k9'), [9]);
  });

  it("the cache key's card fingerprint ignores order and tells apart every change of random card sets", () => {
    const rand = rng(7);
    const print = (cs: Card[]): string => {
      const p = new RectPrint();
      for (const c of cs) p.add(c);
      return p.key();
    };
    const seen = new Map<string, string>();
    for (let k = 0; k < 3000; k++) {
      const n = 1 + Math.floor(rand() * 40);
      const cs: Card[] = Array.from({ length: n }, (_, i) => ({
        id: `c${i}`,
        x: Math.round(rand() * 4000) / 2,
        y: Math.round(rand() * 4000) / 2,
        w: 220,
        h: 94,
      }));
      const key = print(cs);
      assert.equal(print([...cs].reverse()), key, 'the same cards in another order');
      // One card moved by half a pixel, or two values swapped, is another set.
      const moved = cs.map((c, i) => (i === k % n ? { ...c, x: c.x + 0.5 } : c));
      assert.notEqual(print(moved), key);
      const swapped = cs.map((c, i) => (i === 0 ? { ...c, x: c.y, y: c.x } : c));
      if (cs[0].x !== cs[0].y) assert.notEqual(print(swapped), key);
      assert.notEqual(print(cs.slice(1)), key, 'one card fewer');
      const sig = JSON.stringify(cs.map((c) => [c.x, c.y, c.w, c.h]).sort());
      const before = seen.get(key);
      assert.ok(before === undefined || before === sig, 'two different sets got one key');
      seen.set(key, sig);
    }
  });
});
