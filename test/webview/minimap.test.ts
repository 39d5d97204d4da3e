// The minimap (components/Minimap.tsx): every node drawn once, in its colour, where React Flow put
// it; the mask's window is the visible area and follows a pan; a drag in it pans the view and a
// wheel zooms, without an edit; and the node paths are left alone by pans, selections and
// snapshots that move nothing (the point of not using React Flow's MiniMap at 1,000 hosts).
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { editorSession, openEditor, waitForNodes, type EditorPage } from './harness/server';
import { bigYaml, exampleYaml, snapshotFromYaml } from './fixtures';
import { drawMinimap, frameMinimap, roundedRect, type PlacedNode } from '../../webview/src/minimap';
import { toFlow, type GraphNode } from '../../webview/src/toFlow';
import { hueMap } from '../../webview/src/netHues';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
// The page's DOM, as much of it as the functions run in the page use (the tests compile without DOM types).
interface PageEl {
  getAttribute(n: string): string | null;
  setAttribute(n: string, v: string): void;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
  getBBox(): Box;
  appendChild(c: PageEl): void;
  remove(): void;
  querySelector(s: string): PageEl | null;
  querySelectorAll(s: string): Iterable<PageEl>;
  closest(s: string): PageEl | null;
  parentElement: PageEl | null;
  dataset: Record<string, string>;
  style: { transform: string };
  clientWidth: number;
  clientHeight: number;
  viewBox: { baseVal: Box };
}
interface Mutation {
  type: string;
  target: PageEl;
  attributeName: string | null;
  addedNodes: Iterable<PageEl>;
  removedNodes: Iterable<PageEl>;
}
declare const document: {
  querySelector(s: string): PageEl | null;
  querySelectorAll(s: string): Iterable<PageEl>;
  createElementNS(ns: string, tag: string): PageEl;
  elementFromPoint(x: number, y: number): PageEl | null;
};
declare const MutationObserver: new (f: (records: Mutation[]) => void) => { observe(el: PageEl, o: object): void };
declare const requestAnimationFrame: (f: () => void) => void;
type Win = { __mm: string[] };

/** Absolute boxes as React Flow computes them: a child's position is relative to its parent. */
function placedOf(nodes: GraphNode[]): PlacedNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return nodes.map((node) => {
    const p = node.parentId ? byId.get(node.parentId)!.position : { x: 0, y: 0 };
    return { node, x: p.x + node.position.x, y: p.y + node.position.y };
  });
}

describe('webview minimap drawing', () => {
  it('one rounded rectangle per node, one path per colour, problems drawn last', () => {
    const yaml = exampleYaml('okd-upi-lab').replace('ip: 192.168.200.12', 'ip: 192.168.200.11');
    const snap = snapshotFromYaml(yaml);
    const { nodes } = toFlow(snap.view!, snap.problems);
    const d = drawMinimap(placedOf(nodes));
    const count = (s: string) => s.split('M').length - 1;
    assert.equal(
      d.layers.reduce((n, l) => n + count(l.d), 0),
      nodes.length,
    );
    const kinds = d.layers.map((l) => l.kind);
    assert.deepEqual(
      kinds,
      ['network', 'vip', 'host', 'error'],
      'the duplicate IP makes two VMs red, over their frame',
    );
    assert.equal(count(d.layers[3].d), 2);
    const vm = placedOf(nodes).find((p) => p.node.id === 'host:master-0')!;
    assert.ok(
      d.layers[3].d.includes(roundedRect(vm.x, vm.y, vm.node.width!, vm.node.height!)),
      'at its absolute place',
    );
  });

  it('each network in its own colour slot, as on the canvas', () => {
    const snap = snapshotFromYaml(exampleYaml('okd-ipi'));
    const { nodes } = toFlow(snap.view!, snap.problems);
    const hues = hueMap(snap.view!.networks.map((n) => n.id));
    const d = drawMinimap(placedOf(nodes), (id) => hues.get(id));
    const nets = d.layers.filter((l) => l.kind === 'network');
    assert.deepEqual(
      nets.map((l) => l.hue),
      [undefined, 1],
      'baremetal in the first colour, bmc in the second',
    );
    const bmc = placedOf(nodes).find((p) => p.node.id === 'network:bmc')!;
    assert.ok(nets[1].d.includes(roundedRect(bmc.x, bmc.y, bmc.node.width!, bmc.node.height!)));
  });

  it('frames nodes and view together, centred, as React Flow did', () => {
    const f = frameMinimap(
      { x: 0, y: 0, width: 1000, height: 500 },
      { x: 100, y: 100, width: 200, height: 100 },
      200,
      150,
    );
    // 5 units per pixel across, 5 px of margin on each side; the height centred.
    assert.deepEqual(f.box, { x: -25, y: -150, width: 1050, height: 800 });
    assert.equal(f.scale, 1050 / 200);
    assert.match(f.mask, /M100,100h200v100h-200z$/);
  });
});

/** The minimap's state in flow coordinates, read from the page: its paths and the real view. */
async function read(page: Page) {
  return page.evaluate(() => {
    const svg = document.querySelector('.react-flow__minimap svg')!;
    const bbox = (d: string) => {
      const p = document.createElementNS('http://www.w3.org/2000/svg', 'path');
      p.setAttribute('class', 'probe');
      p.setAttribute('d', d);
      svg.appendChild(p);
      const b = p.getBBox();
      p.remove();
      return { x: b.x, y: b.y, width: b.width, height: b.height };
    };
    const split = (d: string) =>
      d
        .split('M')
        .filter(Boolean)
        .map((s) => bbox('M' + s));
    const layers = [...svg.querySelectorAll('path[data-kind]')].map((p) => ({
      kind: p.getAttribute('data-kind')!,
      boxes: split(p.getAttribute('d')!),
    }));
    const window = split(svg.querySelector('.react-flow__minimap-mask')!.getAttribute('d')!)[1];
    const vp = document.querySelector('.react-flow__viewport')!;
    const m = /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([-\d.]+)\)/.exec(vp.style.transform)!;
    const [tx, ty, zoom] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const rf = document.querySelector('.react-flow')!;
    const view = { x: -tx / zoom, y: -ty / zoom, width: rf.clientWidth / zoom, height: rf.clientHeight / zoom };
    const origin = vp.parentElement!.getBoundingClientRect();
    const cards = [...document.querySelectorAll('.react-flow__node')].map((el) => {
      const r = el.getBoundingClientRect();
      const x = (r.left - origin.left - tx) / zoom,
        y = (r.top - origin.top - ty) / zoom;
      return { id: el.dataset.id!, box: { x, y, width: r.width / zoom, height: r.height / zoom } };
    });
    const vb = svg.viewBox.baseVal;
    return { layers, window, view, zoom, cards, scale: vb.width / svg.clientWidth };
  });
}

const near = (a: Box, b: Box, tol = 1) =>
  Math.abs(a.x - b.x) <= tol &&
  Math.abs(a.y - b.y) <= tol &&
  Math.abs(a.width - b.width) <= tol &&
  Math.abs(a.height - b.height) <= tol;

/** Records every change under the minimap's SVG, as "<kind or class> <attribute or childList>". */
async function watch(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const w = globalThis as unknown as Win;
    w.__mm = [];
    const svg = document.querySelector('.react-flow__minimap svg')!;
    new MutationObserver((records) => {
      const probe = (n: PageEl) => n.getAttribute?.('class') === 'probe';
      for (const r of records) {
        // read() measures its paths by adding them for a moment.
        if (r.type === 'childList' && [...r.addedNodes, ...r.removedNodes].every(probe)) continue;
        const el = r.target;
        w.__mm.push(`${el.getAttribute('data-kind') ?? el.getAttribute('class')} ${r.attributeName ?? r.type}`);
      }
    }).observe(svg, { subtree: true, attributes: true, childList: true, characterData: true });
  });
  return async () => {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
    return page.evaluate(() => (globalThis as unknown as Win).__mm.splice(0));
  };
}

/** Changes other than the mask (the view's window) and the viewBox (the frame). */
const nodePathChanges = (changes: string[]) =>
  changes.filter((c) => !/^react-flow__minimap-(mask d|svg viewBox)$/.test(c));

/** A point of bare canvas (a drag there pans): no card, minimap or control under it. */
async function bareCanvas(page: Page): Promise<{ x: number; y: number }> {
  const at = await page.evaluate(() => {
    for (let y = 60; y < 780; y += 10)
      for (let x = 10; x < 1000; x += 10) {
        const el = document.elementFromPoint(x, y);
        if (el?.closest('.react-flow__pane') && !el.closest('.react-flow__node, .react-flow__panel')) return { x, y };
      }
    return null;
  });
  assert.ok(at, 'some bare canvas');
  return at;
}

async function drag(page: Page, from: { x: number; y: number }, dx: number, dy: number) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + dx, from.y + dy, { steps: 8 });
  await page.mouse.up();
}

describe('webview minimap in Chromium', function () {
  this.timeout(60_000);
  const s = editorSession();
  let ed: EditorPage;
  afterEach(async () => {
    assert.deepEqual(ed.errors, [], 'no page errors');
    await ed.page.close();
  });
  async function open(yaml: string, first: string) {
    ed = await openEditor(s.browser(), s.harness(), { width: 1280, height: 800 });
    const snap = snapshotFromYaml(yaml, 1);
    await ed.push(snap);
    await waitForNodes(ed.page, [first]);
    await ed.page.locator('.okd-canvas[data-ready="true"]').waitFor();
    return snap.view!;
  }

  it('draws every card once, in its colour, where React Flow put it; the window is the view', async () => {
    const v = await open(exampleYaml('okd-upi-lab').replace('ip: 192.168.200.12', 'ip: 192.168.200.11'), 'network:okd');
    const m = await read(ed.page);
    const all = v.hosts.length + v.networks.length + v.vips.length + v.pools.length;
    assert.equal(m.cards.length, all, 'every card is on screen');
    const boxes = m.layers.flatMap((l) => l.boxes.map((box) => ({ kind: l.kind, box })));
    assert.equal(boxes.length, m.cards.length, 'one rectangle per node');
    const kindOf = (id: string) => boxes.filter((b) => near(b.box, m.cards.find((c) => c.id === id)!.box));
    for (const c of m.cards) assert.equal(kindOf(c.id).length, 1, `${c.id} drawn once at ${JSON.stringify(c.box)}`);
    assert.deepEqual(kindOf('network:okd')[0].kind, 'network');
    assert.deepEqual(kindOf('host:okd-hv')[0].kind, 'host');
    assert.deepEqual(kindOf('host:master-1')[0].kind, 'error');
    assert.ok(near(m.window, m.view), `window ${JSON.stringify(m.window)} is the view ${JSON.stringify(m.view)}`);
  });

  it('a pan moves only the window; a drag in the minimap pans, its wheel zooms, no edit', async () => {
    await open(bigYaml(200), 'host:node-0');
    for (let i = 0; i < 2; i++) await ed.page.locator('.react-flow__controls-zoomin').click();
    await ed.page.waitForTimeout(400);
    const changes = await watch(ed.page);
    const before = await read(ed.page);
    await drag(ed.page, await bareCanvas(ed.page), -150, -80);
    const panned = await read(ed.page);
    assert.ok(panned.view.x !== before.view.x, 'the canvas was panned');
    assert.ok(near(panned.window, panned.view), 'the window follows the pan');
    const seen = await changes();
    assert.ok(seen.length > 0, 'the window moved');
    assert.deepEqual(nodePathChanges(seen), [], 'a pan touches only the mask and the frame');

    await ed.clearPosted();
    const svg = (await ed.page.locator('.react-flow__minimap svg').boundingBox())!;
    const mid = { x: svg.x + svg.width / 2, y: svg.y + svg.height / 2 };
    await drag(ed.page, mid, 20, 10);
    const moved = await read(ed.page);
    // The window follows the pointer: 20 minimap pixels are this many flow units.
    assert.ok(Math.abs(moved.view.x - panned.view.x - 20 * panned.scale) < 0.05 * 20 * panned.scale, 'x');
    assert.ok(Math.abs(moved.view.y - panned.view.y - 10 * panned.scale) < 0.05 * 10 * panned.scale + 1, 'y');
    assert.equal(moved.zoom, panned.zoom);

    await ed.page.mouse.move(mid.x, mid.y);
    await ed.page.mouse.wheel(0, -100);
    await ed.page.waitForTimeout(300);
    const zoomed = await read(ed.page);
    assert.ok(Math.abs(zoomed.zoom / moved.zoom - Math.pow(2, 0.2)) < 0.01, `zoom ${moved.zoom} -> ${zoomed.zoom}`);
    const centre = (v: Box) => ({ x: v.x + v.width / 2, y: v.y + v.height / 2 });
    assert.ok(Math.abs(centre(zoomed.view).x - centre(moved.view).x) < 1, 'zoomed about the centre of the view');
    assert.deepEqual(nodePathChanges(await changes()), [], 'no node path touched');
    const types = (await ed.posted()).map((p) => p.type);
    assert.ok(!types.includes('edit'), `posted ${types.join()}`);
  });

  it('a snapshot or selection that moves nothing leaves the node paths; a new host redraws them', async () => {
    const yaml = exampleYaml('okd-upi-lab');
    await open(yaml, 'network:okd');
    const changes = await watch(ed.page);
    await ed.push(snapshotFromYaml(yaml.replace('f8:75:a4:ac:00:fe', 'f8:75:a4:ac:00:aa'), 2));
    await ed.page.locator('.okd-mac[title="f8:75:a4:ac:00:aa"]').waitFor();
    await ed.page.click('[data-testid="node-host:master-0"] .okd-name');
    await ed.page.locator('[data-testid="inspector"]').waitFor();
    assert.deepEqual(nodePathChanges(await changes()), [], 'no node path touched');
    const hosts = async () => (await read(ed.page)).layers.find((l) => l.kind === 'host')!.boxes.length;
    const n = await hosts();
    const vm = [
      '  - name: storage-3',
      '    role: storage',
      '    vm: { cpus: 4, memoryGiB: 16, diskGiB: 250, on: okd-hv }',
      '    interfaces:',
      '      - { name: enp1s0, network: okd, ip: 192.168.200.44, mac: "f8:75:a4:ac:05:03" }',
    ].join('\n');
    await ed.push(snapshotFromYaml(yaml.replace('\n\n# No VIPs', `\n${vm}\n\n# No VIPs`), 3));
    // The new VM may be drawn off screen (only cards in view are rendered): wait on the minimap.
    await ed.page.waitForFunction(
      (want) => document.querySelector('path[data-kind="host"]')!.getAttribute('d')!.split('M').length - 1 === want,
      n + 1,
    );
    assert.ok((await changes()).includes('host d'), 'the host path was redrawn');
  });
});
