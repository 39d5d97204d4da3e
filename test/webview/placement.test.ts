// Issue 13: new and moved nodes never overlap others; a new bare-metal host is not dropped inside a
// hypervisor frame; computed places give way to cards saved by dragging.
import assert from 'node:assert/strict';
import { analyze } from '../../src/core/analyze';
import { applyEdits, planGraphEdit } from '../../src/core/edit/index';
import type { GraphEdit, WebviewMessage } from '../../src/protocol/messages';
import { Taken, freeSpot, overlaps } from '../../webview/src/freeSpot';
import { NEW_SIZE } from '../../webview/src/geometry';
import { toFlow } from '../../webview/src/toFlow';
import { clearOfDrops } from '../../webview/src/select';
import { assertValidMessages, editorSession, openEditor, waitForNodes, type EditorPage } from './harness/server';
import { bigYaml, exampleYaml, snapshotFromYaml } from './fixtures';
import { overlappingCards } from './overlap';

type Edit = Extract<WebviewMessage, { type: 'edit' }>;
type AddHost = Edit & { edit: Extract<GraphEdit, { kind: 'addHost' }> };
// The page's DOM, as far as these tests read it (the test runs in Node; the callbacks in Chromium).
type Box = { left: number; top: number; right: number; bottom: number };
declare const document: {
  querySelector(s: string): {
    getBoundingClientRect(): Box;
    style: { transform: string };
    getAttribute(n: string): string | null;
  } | null;
};

const isAddHost = (m: WebviewMessage): m is AddHost => m.type === 'edit' && m.edit.kind === 'addHost';

/** Top-level card boxes in flow coordinates, as toFlow places them. */
function cards(text: string) {
  const { nodes } = toFlow(snapshotFromYaml(text).view!, []);
  return nodes
    .filter((n) => !n.parentId)
    .map((n) => ({ id: n.id, x: n.position.x, y: n.position.y, w: n.width!, h: n.height! }));
}

describe('webview placement (pure)', () => {
  it('freeSpot keeps a free spot, and otherwise finds the nearest one that hits nothing', () => {
    const taken = new Taken([
      { x: 0, y: 0, w: 200, h: 100 },
      { x: 220, y: 0, w: 200, h: 100 },
    ]);
    assert.deepEqual(freeSpot(taken, { x: 0, y: 300 }, { w: 100, h: 50 }), { x: 0, y: 300 });
    const at = freeSpot(taken, { x: 50, y: 20 }, { w: 100, h: 50 });
    assert.ok(!taken.hits({ ...at, w: 100, h: 50 }));
    assert.ok(Math.hypot(at.x - 50, at.y - 20) < 200, `near: ${JSON.stringify(at)}`);
    assert.deepEqual(freeSpot(taken, { x: 50, y: 20 }, { w: 100, h: 50 }), at, 'deterministic');
  });

  it('VIPs and pools stand beside their network, hosts below grouped by role (issue 13)', () => {
    const text = exampleYaml('okd-ipi').replace(/\nlayout:[\s\S]*$/, '\n');
    const c = new Map(cards(text).map((x) => [x.id, x]));
    const net = c.get('network:baremetal')!;
    for (const id of ['vip:api', 'vip:ingress', 'pool:services']) {
      const v = c.get(id)!;
      assert.ok(
        v.x >= net.x + net.w && v.y < net.y + net.h && v.y + v.h > net.y,
        `${id} beside the network: ${JSON.stringify(v)}`,
      );
    }
    const view = snapshotFromYaml(text).view!;
    const rows = view.hosts
      .filter((h) => c.has(h.id))
      .sort((a, b) => c.get(a.id)!.y - c.get(b.id)!.y || c.get(a.id)!.x - c.get(b.id)!.x);
    const roles = rows.map((h) => h.role);
    assert.deepEqual(
      roles,
      [...roles].sort(
        (a, b) =>
          ['services', 'hypervisor', 'bootstrap', 'master', 'infra', 'storage', 'worker'].indexOf(a) -
          ['services', 'hypervisor', 'bootstrap', 'master', 'infra', 'storage', 'worker'].indexOf(b),
      ),
    );
  });

  it('computed places move off a card saved by dragging; saved cards stay where they are', () => {
    const text = exampleYaml('okd-upi-lab');
    assert.ok(!/^layout:/m.test(text));
    const free = cards(text);
    // Save one host right on top of a computed network card.
    const [a, b] = [free.find((c) => c.id.startsWith('host:'))!, free.find((c) => c.id.startsWith('network:'))!];
    const name = a.id.slice('host:'.length);
    const saved = cards(`${text}layout:\n  ${name}: { x: ${b.x}, y: ${b.y} }\n`);
    assert.deepEqual(
      saved.find((c) => c.id === a.id)!,
      { ...a, x: b.x, y: b.y },
    );
    for (const p of saved)
      for (const q of saved) assert.ok(p.id === q.id || !overlaps(p, q, 0), `${p.id} overlaps ${q.id}`);
  });
});

describe('webview drops (pure)', () => {
  it('a card dropped on another moves to the nearest free spot; a container takes its children along', () => {
    const cards = [
      { id: 'host:a', x: 0, y: 0, w: 220, h: 94 },
      { id: 'host:hv', x: 5, y: 10, w: 300, h: 200 },
      { id: 'host:vm', x: 17, y: 110, w: 220, h: 94, parentId: 'host:hv' },
      { id: 'host:b', x: 1000, y: 0, w: 220, h: 94 },
    ];
    const out = clearOfDrops(
      [
        { id: 'host:hv', x: 5, y: 10 },
        { id: 'host:vm', x: 17, y: 110 },
      ],
      cards,
    );
    const hv = out.find((p) => p.id === 'host:hv')!,
      vm = out.find((p) => p.id === 'host:vm')!;
    assert.ok(!overlaps({ ...hv, w: 300, h: 200 }, cards[0], 0), `moved off host:a: ${JSON.stringify(hv)}`);
    assert.deepEqual({ dx: vm.x - hv.x, dy: vm.y - hv.y }, { dx: 12, dy: 100 }, 'the VM keeps its place in the frame');
    // A drop on free ground stays exactly where it was dropped.
    assert.deepEqual(clearOfDrops([{ id: 'host:b', x: 1000, y: 0 }], cards), [{ id: 'host:b', x: 1000, y: 0 }]);
  });
});

describe('webview placement in Chromium', function () {
  this.timeout(60_000);
  const s = editorSession();
  let ed: EditorPage;
  afterEach(async () => {
    assert.deepEqual(ed.errors, [], 'no page errors');
    assertValidMessages(await ed.posted());
    await ed.page.close();
  });

  it('+ Host with a hypervisor frame in the middle of the view lands beside it, on no card', async () => {
    ed = await openEditor(s.browser(), s.harness(), { width: 800, height: 857 });
    let text = exampleYaml('k3s-metallb');
    await ed.push(snapshotFromYaml(text, 1));
    await waitForNodes(ed.page, ['host:hv-0']);
    await ed.push({ type: 'reveal', nodeId: 'host:hv-0' });
    await ed.page.waitForTimeout(600);
    await ed.page.click('[data-testid="palette-host"]');
    const add = await ed.waitPosted(isAddHost);
    const box = { ...add.edit.position!, ...NEW_SIZE.host };
    for (const c of cards(text))
      assert.ok(!overlaps(box, c, 0), `the new host at ${JSON.stringify(box)} covers ${c.id}`);
    const a = analyze(text);
    const out = planGraphEdit({ text, doc: a.doc, topology: a.topology }, add.edit);
    assert.equal(out.outcome, 'applied', out.message);
    text = applyEdits(text, out.edits);
    await ed.push({
      type: 'editResult',
      requestId: add.requestId,
      outcome: 'applied',
      version: 2,
      created: out.created,
    });
    const next = snapshotFromYaml(text, 2);
    await ed.push(next);
    await waitForNodes(ed.page, out.created!);
    await ed.page.click('[data-testid="action-fit"]');
    await ed.page.waitForTimeout(400);
    assert.deepEqual(await overlappingCards(ed.page, next.view!), []);
  });

  it('+ Host with a bus bar in the middle of the view keeps off the bar (else every link of that network goes round on its own)', async () => {
    // Four networks of 25 hosts: each bar runs on past its network card, over open canvas.
    const text = bigYaml(100);
    // Where the first network's bar runs (flow coordinates) and how big the canvas is.
    ed = await openEditor(s.browser(), s.harness());
    await ed.push(snapshotFromYaml(text, 1));
    await waitForNodes(ed.page, ['network:net0']);
    await ed.page.waitForSelector('path.okd-bus');
    const { d, w, h } = await ed.page.evaluate(() => {
      const c = document.querySelector('.react-flow')!.getBoundingClientRect();
      return {
        d: document.querySelector('path.okd-bus')!.getAttribute('d')!,
        w: c.right - c.left,
        h: c.bottom - c.top,
      };
    });
    await ed.page.close();
    // "M x top L x y M x0 y L x1 y": the stem, then the bar.
    const [, , , , , , , x0, y, , x1] = d.split(' ').map(Number);
    const bars = [{ x: x0, y, w: x1 - x0, h: 0 }];
    // Just above the bar's far end, where nothing but the bar is in the way.
    const mid = { x: x1 - NEW_SIZE.host.w, y: y - 30 };
    // Opened again with the bar's middle at the middle of the canvas.
    ed = await openEditor(s.browser(), s.harness(), {
      state: { viewport: { x: w / 2 - mid.x, y: h / 2 - mid.y, zoom: 1 } },
    });
    await ed.push(snapshotFromYaml(text, 1));
    await waitForNodes(ed.page, ['network:net0']);
    await ed.page.waitForSelector('path.okd-bus');
    await ed.page.click('[data-testid="palette-host"]');
    const add = await ed.waitPosted(isAddHost);
    const box = { ...add.edit.position!, ...NEW_SIZE.host };
    for (const b of bars) assert.ok(!overlaps(box, b, 0), `the new host at ${JSON.stringify(box)} is on the bar ${d}`);
    for (const c of cards(text)) assert.ok(!overlaps(box, c, 0), `the new host covers ${c.id}`);
  });

  it('a host dropped onto another lands beside it: the posted move covers no card', async () => {
    ed = await openEditor(s.browser(), s.harness());
    const text = exampleYaml('k3s-metallb');
    await ed.push(snapshotFromYaml(text, 1));
    await waitForNodes(ed.page, ['host:agent-0', 'host:agent-1']);
    const from = (await ed.page.locator('[data-testid="node-host:agent-1"] .okd-name').boundingBox())!;
    const onto = (await ed.page.locator('[data-testid="node-host:agent-0"] .okd-name').boundingBox())!;
    await ed.page.mouse.move(from.x + 5, from.y + 5);
    await ed.page.mouse.down();
    await ed.page.mouse.move(onto.x + 20, onto.y + 10, { steps: 8 });
    await ed.page.mouse.move(onto.x + 25, onto.y + 12, { steps: 2 });
    await ed.page.mouse.up();
    const move = await ed.waitPosted(
      (m): m is Edit & { edit: Extract<GraphEdit, { kind: 'move' }> } => m.type === 'edit' && m.edit.kind === 'move',
    );
    const p = move.edit.positions.find((x) => x.id === 'host:agent-1')!;
    const box = { ...p, w: 220, h: cards(text).find((c) => c.id === 'host:agent-1')!.h };
    for (const c of cards(text))
      if (c.id !== 'host:agent-1')
        assert.ok(!overlaps(box, c, 0), `dropped host at ${JSON.stringify(box)} covers ${c.id}`);
  });

  /** The canvas's viewport transform and a node's box against the canvas's, in screen pixels. */
  async function shown(page: EditorPage['page'], id: string) {
    return page.evaluate((nid) => {
      const r = document.querySelector(`.react-flow__node[data-id="${nid}"]`)?.getBoundingClientRect();
      const c = document.querySelector('.okd-canvas')!.getBoundingClientRect();
      const inside = !!r && r.left >= c.left && r.top >= c.top && r.right <= c.right && r.bottom <= c.bottom;
      return { inside, transform: document.querySelector('.react-flow__viewport')!.style.transform };
    }, id);
  }

  /** The k3s example drawn, and the view's transform before anything is created. */
  async function openK3s(): Promise<{ text: string; before: string }> {
    ed = await openEditor(s.browser(), s.harness());
    const text = exampleYaml('k3s-metallb');
    await ed.push(snapshotFromYaml(text, 1));
    await waitForNodes(ed.page, ['host:agent-0']);
    return { text, before: (await shown(ed.page, 'host:agent-0')).transform };
  }

  async function created(text: string, position: { x: number; y: number }) {
    const a = analyze(text);
    const out = planGraphEdit(
      { text, doc: a.doc, topology: a.topology },
      { kind: 'addHost', role: 'worker', name: 'fresh', position },
    );
    assert.equal(out.outcome, 'applied', out.message);
    await ed.push({ type: 'editResult', requestId: 'w1', outcome: 'applied', version: 2, created: out.created });
    await ed.push(snapshotFromYaml(applyEdits(text, out.edits), 2));
    await waitForNodes(ed.page, ['host:fresh']);
  }

  it('a created host with no room left in view is brought into view, at the same zoom', async () => {
    const { text, before } = await openK3s();
    const scale = (t: string) => /scale\(([\d.]+)\)/.exec(t)![1];
    await created(text, { x: 20000, y: 15000 });
    await ed.page.waitForFunction(() => {
      const r = document.querySelector('.react-flow__node[data-id="host:fresh"]')?.getBoundingClientRect();
      const c = document.querySelector('.okd-canvas')!.getBoundingClientRect();
      return !!r && r.left >= c.left && r.top >= c.top && r.right <= c.right && r.bottom <= c.bottom;
    });
    const after = await shown(ed.page, 'host:fresh');
    assert.notEqual(after.transform, before, 'the view moved');
    assert.equal(scale(after.transform), scale(before), 'the zoom stayed');
    assert.equal(
      await ed.page.locator('.react-flow__node.selected').getAttribute('data-id'),
      'host:fresh',
      'the new host is the selection',
    );
  });

  it('a created host already in view leaves the view where it was', async () => {
    const { text, before } = await openK3s();
    const at = await ed.page.evaluate(() => {
      return document.querySelector('.react-flow__node[data-id="host:agent-0"]')!.style.transform;
    });
    const m = /translate\((-?[\d.]+)px, (-?[\d.]+)px\)/.exec(at)!;
    // Right on top of agent-0 (overlap does not matter here): surely in view.
    await created(text, { x: Number(m[1]), y: Number(m[2]) });
    await ed.page.waitForTimeout(300);
    const after = await shown(ed.page, 'host:fresh');
    assert.ok(after.inside, 'the new host is in view');
    assert.equal(after.transform, before, 'nothing panned');
  });
});
