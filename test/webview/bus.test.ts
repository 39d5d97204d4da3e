// Issue 13, readable graph, measured from what Chromium draws: every network is a bus and every
// host link an orthogonal drop from it that crosses no card but its own ends; zoomed out, cards
// still show their name large enough to read; a label cut to its card has a title with the text.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { TopologyView } from '../../src/protocol/messages';
import { editorSession, openEditor, waitForNodes, type EditorPage } from './harness/server';
import { bigYaml, exampleYaml, multiNetYaml, snapshotFromYaml } from './fixtures';

const SHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');

type R = { x: number; y: number; width: number; height: number };
type Pt = { x: number; y: number };
type PathEl = { getAttribute(n: string): string | null; getScreenCTM(): unknown };
type NodeEl = { getAttribute(n: string): string | null; getBoundingClientRect(): R };
declare const DOMPoint: new (x: number, y: number) => { matrixTransform(m: unknown): Pt };

interface Drawn {
  id: string;
  source: string;
  target: string;
  bus: boolean;
  pts: Pt[];
}

/** Every edge and bus path as screen points (the path data mapped through its screen matrix). */
async function drawnPaths(page: Page): Promise<Drawn[]> {
  return page.locator('svg.okd-edges path').evaluateAll((els) =>
    (els as unknown as PathEl[]).map((el) => {
      const m = el.getScreenCTM();
      const nums = (el.getAttribute('d') ?? '').replace(/[ML]/g, ' ').trim().split(/\s+/).map(Number);
      const pts: Pt[] = [];
      for (let i = 0; i + 1 < nums.length; i += 2) pts.push(new DOMPoint(nums[i], nums[i + 1]).matrixTransform(m));
      const bus = el.getAttribute('data-bus-id');
      return {
        id: el.getAttribute('data-edge-id') ?? `bus:${bus}`,
        source: el.getAttribute('data-source') ?? bus ?? '',
        target: el.getAttribute('data-target') ?? bus ?? '',
        bus: !!bus,
        pts,
      };
    }),
  );
}

async function cardRects(page: Page): Promise<Map<string, R>> {
  const list = await page.locator('.react-flow__node').evaluateAll((els) =>
    (els as unknown as NodeEl[]).map((el) => {
      const r = el.getBoundingClientRect();
      return [el.getAttribute('data-id') ?? '', { x: r.x, y: r.y, width: r.width, height: r.height }] as const;
    }),
  );
  return new Map(list);
}

/** Segments (pairs of consecutive points; a bus path's move between stub and bar is no segment). */
function segments(d: Drawn): [Pt, Pt][] {
  if (d.bus)
    return [
      [d.pts[0], d.pts[1]],
      [d.pts[2], d.pts[3]],
    ];
  return d.pts.slice(1).map((p, i) => [d.pts[i], p]);
}

/** Segments that cross the inside of a card other than their link's ends (and the frames they sit in). */
function crossings(paths: Drawn[], cards: Map<string, R>, view: TopologyView): string[] {
  const frame = new Map(
    view.hosts.filter((h) => h.vm?.hypervisorId).map((h) => [h.id as string, h.vm!.hypervisorId as string]),
  );
  const out: string[] = [];
  const IN = 1; // a screen pixel of slack for rounding at the borders
  for (const d of paths) {
    const ok = new Set([d.source, d.target, frame.get(d.source), frame.get(d.target)]);
    for (const [a, b] of segments(d)) {
      if (Math.abs(a.x - b.x) > 0.5 && Math.abs(a.y - b.y) > 0.5) out.push(`${d.id}: a diagonal segment`);
      for (const [id, r] of cards) {
        if (ok.has(id)) continue;
        if (
          Math.min(a.x, b.x) < r.x + r.width - IN &&
          Math.max(a.x, b.x) > r.x + IN &&
          Math.min(a.y, b.y) < r.y + r.height - IN &&
          Math.max(a.y, b.y) > r.y + IN
        )
          out.push(`${d.id} crosses ${id}`);
      }
    }
  }
  return out;
}

/**
 * Host links (interfaces, BMCs) missing, or not running from their network's bar to their host's
 * top. `detours`: a link may instead start at the bottom of its network's card (one the router
 * sent round cards dragged in the way of the bar).
 */
function missingDrops(paths: Drawn[], cards: Map<string, R>, view: TopologyView, detours = false): string[] {
  const byId = new Map(paths.map((p) => [p.id, p]));
  const out: string[] = [];
  for (const e of view.edges.filter((x) => x.kind === 'interface' || x.kind === 'bmc')) {
    const d = byId.get(e.id),
      bus = byId.get(`bus:${e.target}`);
    if (!d || !bus) {
      out.push(`${e.id}: ${d ? 'no bus' : 'no drop'}`);
      continue;
    }
    const first = d.pts[0],
      last = d.pts[d.pts.length - 1],
      card = cards.get(e.source)!;
    const [b0, b1] = [bus.pts[2], bus.pts[3]];
    const net = cards.get(e.target)!;
    const atCard = Math.abs(first.y - net.y - net.height) < 0.5 && first.x >= net.x && first.x <= net.x + net.width;
    const onBar =
      Math.abs(first.y - b0.y) < 0.5 && first.x >= Math.min(b0.x, b1.x) - 0.5 && first.x <= Math.max(b0.x, b1.x) + 0.5;
    if (!onBar && !(detours && atCard)) out.push(`${e.id}: does not start on the bus of ${e.target}`);
    if (Math.abs(last.y - card.y) > 0.5 || last.x < card.x || last.x > card.x + card.width)
      out.push(`${e.id}: does not end on the top of ${e.source}`);
  }
  // Every interface on a known network has its link (and so its drop).
  for (const h of view.hosts)
    h.interfaces.forEach((i, idx) => {
      if (i.networkId && !byId.has(`if:${h.name}:${idx}`)) out.push(`${h.name} interface ${idx}: no drop`);
    });
  return out;
}

/** Text cut to its box (wider than shown) without a title, on an ancestor up to the card, holding its text. */
async function cutWithoutTitle(page: Page): Promise<string[]> {
  type El = {
    scrollWidth: number;
    clientWidth: number;
    textContent: string | null;
    children: { length: number };
    closest(s: string): El | null;
    getAttribute(n: string): string | null;
    parentElement: El | null;
    classList: { contains(c: string): boolean };
  };
  return page.locator('.react-flow__node .okd-card *').evaluateAll((els) =>
    (els as unknown as El[]).flatMap((el) => {
      if (el.children.length || el.scrollWidth <= el.clientWidth + 1) return [];
      const text = (el.textContent ?? '').trim();
      for (let p: El | null = el; p && !p.classList.contains('react-flow__node'); p = p.parentElement)
        if ((p.getAttribute('title') ?? '').includes(text)) return [];
      return [`"${text}" is cut and has no title`];
    }),
  );
}

describe('webview buses in Chromium (issue 13: readable graph)', function () {
  this.timeout(120_000);
  const s = editorSession();
  let ed: EditorPage;
  afterEach(async () => {
    assert.deepEqual(ed.errors, [], 'no page errors');
    await ed.page.close();
  });

  async function open(yaml: string, width = 1600, height = 1000) {
    const snap = snapshotFromYaml(yaml);
    ed = await openEditor(s.browser(), s.harness(), { width, height });
    await ed.push(snap);
    const hosts = snap.view!.hosts.map((h) => h.id);
    await waitForNodes(ed.page, [hosts[0]], 30_000);
    return snap.view!;
  }

  it('200 hosts at Fit: a bus per network, a drop to each host from each of its networks, no segment through a card; names readable', async () => {
    const view = await open(bigYaml(200));
    await ed.page.click('[data-testid="action-fit"]');
    await ed.page.waitForTimeout(600);
    const cards = await cardRects(ed.page);
    assert.equal([...cards.keys()].filter((id) => id.startsWith('host:')).length, 200, 'every host drawn');
    const paths = await drawnPaths(ed.page);
    assert.equal(paths.filter((p) => p.bus).length, 4, 'one bus per network');
    assert.deepEqual(missingDrops(paths, cards, view), []);
    assert.deepEqual(crossings(paths, cards, view), []);
    // Zoomed out: the name-and-role cards, with the name at least 10 px tall on screen.
    const names = await ed.page.locator('.react-flow__node[data-id^="host:"] .okd-lite .okd-name').evaluateAll((els) =>
      (
        els as unknown as {
          textContent: string;
          getAttribute(n: string): string | null;
          getBoundingClientRect(): R;
        }[]
      ).map((el) => ({
        text: el.textContent,
        title: el.getAttribute('title'),
        h: el.getBoundingClientRect().height,
      })),
    );
    assert.equal(names.length, 200, 'every host a zoomed-out card');
    for (const n of names) {
      assert.equal(n.title, n.text, 'the title holds the name');
      assert.ok(n.h >= 10, `${n.text}: ${n.h.toFixed(1)} px tall`);
    }
    assert.deepEqual(await cutWithoutTitle(ed.page), []);
    await ed.page.screenshot({ path: join(SHOTS, 'bus-200-fit.png') });
  });

  it('zoomed out, a problem stays visible: the colliding hosts keep their badge, a clean one has none', async () => {
    // node-4 takes node-0's address on net0.
    await open(bigYaml(200).replace('ip: 10.0.0.11,', 'ip: 10.0.0.10,'));
    await ed.page.click('[data-testid="action-fit"]');
    await ed.page.waitForTimeout(600);
    const badge = (host: string) => ed.page.locator(`[data-testid="node-host:${host}"] [data-testid="problem-badge"]`);
    assert.ok((await ed.page.locator('.okd-lite').count()) >= 200, 'zoomed-out cards');
    for (const host of ['node-0', 'node-4']) {
      assert.equal(await badge(host).count(), 1, `${host} has a badge`);
      assert.match(
        (await badge(host).getAttribute('title')) ?? '',
        /10\.0\.0\.10/,
        `${host}: the badge names the address`,
      );
      assert.ok((await badge(host).boundingBox())!.height >= 8, `${host}: the badge is readable`);
    }
    assert.equal(await badge('node-8').count(), 0, 'no badge on a clean host');
  });

  it('200 hosts, many on two or three networks: one drop per bus for each, none through a card (zoomed in and at Fit)', async () => {
    const view = await open(multiNetYaml(200));
    assert.ok(view.hosts.filter((h) => h.interfaces.length === 3).length >= 9);
    for (const fit of [false, true]) {
      if (fit) await ed.page.click('[data-testid="action-fit"]');
      await ed.page.waitForTimeout(600);
      const cards = await cardRects(ed.page);
      const paths = await drawnPaths(ed.page);
      const shown = view.hosts.filter((h) => cards.has(h.id));
      assert.ok(shown.length >= (fit ? 200 : 10), `${shown.length} hosts on screen`);
      const visible = { ...view, hosts: shown, edges: view.edges.filter((e) => cards.has(e.source)) };
      assert.deepEqual(missingDrops(paths, cards, visible), []);
      assert.deepEqual(crossings(paths, cards, view), []);
    }
    await ed.page.screenshot({ path: join(SHOTS, 'bus-200-multi-fit.png') });
  });

  it("each network has its own colour: its card's edge, its bus, its drops and the host rows on it agree; two networks differ", async () => {
    const view = await open(multiNetYaml(60));
    // Zoomed in to full cards, a host on three networks that is on screen (its rows show).
    for (let i = 0; i < 10 && !(await ed.page.locator('.react-flow__node .okd-iface').count()); i++)
      await ed.page.click('.react-flow__controls-zoomin');
    await ed.page.waitForTimeout(300);
    const drawn = new Set(
      await ed.page
        .locator('.react-flow__node')
        .evaluateAll((els) =>
          (els as unknown as { getAttribute(n: string): string | null }[]).map((el) => el.getAttribute('data-id')),
        ),
    );
    const host = view.hosts.find((h) => h.interfaces.length === 3 && drawn.has(h.id))!;
    assert.ok(host, 'a host on three networks is on screen');
    const colours = await ed.page.evaluate((hostId) => {
      type El = { getAttribute(n: string): string | null; closest(s: string): El | null };
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): El[] } }).document;
      const style = (el: El, prop: string) =>
        (globalThis as unknown as { getComputedStyle(e: El): Record<string, string> }).getComputedStyle(el)[prop];
      const out: Record<string, { card: string; bus: string; drops: string[] }> = {};
      for (const card of doc.querySelectorAll('.react-flow__node[data-id^="network:"] .okd-network')) {
        const id = card.closest('.react-flow__node')!.getAttribute('data-id')!;
        const bus = doc.querySelectorAll(`path[data-bus-id="${id}"]`)[0];
        const drops = doc.querySelectorAll(`path.okd-edge-interface[data-target="${id}"][data-source="${hostId}"]`);
        out[id] = {
          card: style(card, 'borderLeftColor'),
          bus: bus ? style(bus, 'stroke') : 'none',
          drops: Array.from(drops, (d) => style(d, 'stroke')),
        };
      }
      return out;
    }, host.id);
    const nets = Object.keys(colours);
    assert.equal(nets.length, 4);
    for (const [id, c] of Object.entries(colours)) {
      assert.equal(c.bus, c.card, `${id}: the bus has the card's colour`);
      for (const d of c.drops) assert.equal(d, c.card, `${id}: ${host.name}'s drop has its network's colour`);
    }
    const onHost = host.interfaces.map((i) => i.networkId!);
    for (const id of onHost) assert.equal(colours[id].drops.length, 1, `${host.name} has one drop from ${id}`);
    assert.equal(new Set(nets.map((id) => colours[id].card)).size, 4, 'four networks, four colours');
    const rows = await ed.page
      .locator(`[data-testid="node-${host.id}"] .okd-iface-on`)
      .evaluateAll((els) =>
        (els as unknown as object[]).map(
          (el) =>
            (globalThis as unknown as { getComputedStyle(e: object): Record<string, string> }).getComputedStyle(el)
              .borderLeftColor,
        ),
      );
    assert.deepEqual(
      rows,
      onHost.map((id) => colours[id].card),
      'each interface row carries its network colour',
    );
  });

  it('BMC links, VIPs and pools cross no card either (okd-ipi, and the 15-host lab with its hypervisor frame), full cards zoomed in', async () => {
    for (const name of ['okd-ipi', 'okd-upi-lab', 'k3s-metallb'] as const) {
      const view = await open(exampleYaml(name));
      await ed.page.click('[data-testid="action-fit"]');
      await ed.page.waitForTimeout(500);
      const cards = await cardRects(ed.page);
      const paths = await drawnPaths(ed.page);
      if (name === 'okd-ipi')
        assert.ok(
          paths.some((p) => p.id.startsWith('bmc:')),
          'BMC links drawn',
        );
      assert.deepEqual(missingDrops(paths, cards, view), [], name);
      assert.deepEqual(crossings(paths, cards, view), [], name);
      await ed.page.screenshot({ path: join(SHOTS, `bus-${name}-fit.png`) });
      // Full cards (zoomed in): every cut value has its title.
      for (let i = 0; i < 8 && (await ed.page.locator('.okd-lite').count()) > 0; i++) {
        await ed.page.click('.react-flow__controls-zoomin');
        await ed.page.waitForTimeout(250);
      }
      assert.equal(await ed.page.locator('.okd-lite').count(), 0, `${name}: full cards when zoomed in`);
      assert.deepEqual(await cutWithoutTitle(ed.page), [], name);
      await ed.page.close();
    }
    ed = await openEditor(s.browser(), s.harness());
  });

  it('a host the user dragged into the band under the networks (saved in layout): the links go round it', async () => {
    // node-21 saved across the lanes of the buses, as a drag would leave it (the cards it covers move aside).
    const yaml = `${bigYaml(24)}layout:\n  node-21: { x: 150, y: 158 }\n`;
    const view = await open(yaml, 1280, 800);
    await ed.page.click('[data-testid="action-fit"]');
    await ed.page.waitForTimeout(500);
    const cards = await cardRects(ed.page);
    const net = cards.get('network:net0')!,
      moved = cards.get('host:node-21')!;
    assert.ok(
      moved.y > net.y + net.height && moved.y < cards.get('host:node-0')!.y,
      `the saved place wins: ${JSON.stringify(moved)}`,
    );
    const paths = await drawnPaths(ed.page);
    await ed.page.screenshot({ path: join(SHOTS, 'bus-dragged.png') });
    assert.deepEqual(crossings(paths, cards, view), []);
    assert.deepEqual(missingDrops(paths, cards, view, true), []);
  });
});
