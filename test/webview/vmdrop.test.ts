// Dragging VMs between hypervisors in Chromium (issue 13): a VM dropped on another hypervisor's
// frame posts one moveToHypervisor (the real planner rewrites vm.on and the next snapshot draws it
// in the new frame); a VM dropped on no hypervisor goes back with a message and posts nothing; a
// bare-metal host dropped on a frame stays bare metal (an ordinary move beside the frame).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { analyze } from '../../src/core/analyze';
import { applyEdits, planGraphEdit } from '../../src/core/edit/index';
import type { GraphEdit, WebviewMessage } from '../../src/protocol/messages';
import { assertValidMessages, editorSession, openEditor, waitForNodes, type EditorPage } from './harness/server';
import { exampleYaml, snapshotFromYaml } from './fixtures';
import { planDrop } from '../../webview/src/vmDrop';
import type { Card } from '../../webview/src/select';

type Edit = Extract<WebviewMessage, { type: 'edit' }>;
const isEdit =
  <K extends GraphEdit['kind']>(kind: K) =>
  (m: WebviewMessage): m is Edit & { edit: Extract<GraphEdit, { kind: K }> } =>
    m.type === 'edit' && m.edit.kind === kind;
const SHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');
type Box = { x: number; y: number; width: number; height: number };

// A second hypervisor with one VM of its own, so there are two frames.
const TEXT = exampleYaml('k3s-metallb').replace(
  'vips:\n',
  [
    '  - name: hv-1',
    '    role: hypervisor',
    '    interfaces:',
    '      - { network: lan, ip: 10.0.0.4, mac: "52:54:00:aa:00:04" }',
    '  - name: vm-x',
    '    role: worker',
    '    vm: { cpus: 2, memoryGiB: 4, on: hv-1 }',
    '    interfaces:',
    '      - { network: lan, ip: 10.0.0.13, mac: "52:54:00:aa:00:13" }',
    'vips:',
    '',
  ].join('\n'),
);

declare const document: { elementFromPoint(x: number, y: number): { closest(s: string): unknown } | null };

async function box(page: Page, id: string): Promise<Box> {
  const b = await page.locator(`[data-testid="node-${id}"]`).boundingBox();
  assert.ok(b, `${id} is on screen`);
  return b;
}
const within = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 1 &&
  inner.y >= outer.y - 1 &&
  inner.x + inner.width <= outer.x + outer.width + 1 &&
  inner.y + inner.height <= outer.y + outer.height + 1;

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 6 });
  await page.mouse.move(to.x, to.y, { steps: 6 });
  await page.mouse.up();
}
async function grab(page: Page, id: string): Promise<{ x: number; y: number }> {
  const b = (await page.locator(`[data-testid="node-${id}"] .okd-name`).first().boundingBox())!;
  return { x: b.x + 4, y: b.y + b.height / 2 };
}
/** A point of bare canvas: no card, minimap or control under it. */
async function emptySpot(page: Page): Promise<{ x: number; y: number }> {
  const at = await page.evaluate(() => {
    for (let y = 120; y < 760; y += 20) {
      for (let x = 20; x < 1000; x += 20) {
        const el = document.elementFromPoint(x, y);
        if (
          el?.closest('.react-flow__pane') &&
          !el.closest('.react-flow__node, .react-flow__minimap, .react-flow__controls')
        )
          return { x, y };
      }
    }
    return null;
  });
  assert.ok(at, 'some bare canvas');
  return at;
}

describe('webview: what a drop of VMs means (planDrop)', () => {
  const view = snapshotFromYaml(TEXT).view!;
  // hv-0's frame at (0,0) 600x400 holding server-0..2; hv-1's at (800,0) 300x300 holding vm-x.
  const cards: Card[] = [
    { id: 'host:hv-0', x: 0, y: 0, w: 600, h: 400 },
    { id: 'host:hv-1', x: 800, y: 0, w: 300, h: 300 },
    ...['server-0', 'server-1', 'server-2'].map((n, i) => ({
      id: `host:${n}`,
      parentId: 'host:hv-0',
      x: 10 + i * 200,
      y: 100,
      w: 180,
      h: 90,
    })),
    { id: 'host:vm-x', parentId: 'host:hv-1', x: 810, y: 100, w: 180, h: 90 },
    { id: 'host:agent-0', x: 0, y: 600, w: 180, h: 90 },
  ];
  it('several VMs onto another frame: one reparent; the bare-metal host dragged along just moves', () => {
    assert.deepEqual(planDrop(view, ['host:server-0', 'host:server-1', 'host:agent-0'], { x: 900, y: 250 }, cards), {
      reparent: { hosts: ['server-0', 'server-1'], on: 'hv-1' },
      snapBack: [],
      move: ['host:agent-0'],
    });
  });
  it('a hypervisor dragged with its VMs is an ordinary move of all of them, wherever it lands', () => {
    assert.deepEqual(planDrop(view, ['host:hv-0', 'host:server-0'], { x: 900, y: 250 }, cards), {
      snapBack: [],
      move: ['host:hv-0', 'host:server-0'],
    });
  });
  it('a keyboard move (no pointer) never changes a hypervisor', () => {
    assert.deepEqual(planDrop(view, ['host:server-0'], undefined, cards), { snapBack: [], move: ['host:server-0'] });
  });
  it('VMs dropped on bare canvas go back, named in the message', () => {
    const p = planDrop(view, ['host:server-0', 'host:vm-x'], { x: 700, y: 700 }, cards);
    assert.deepEqual([p.reparent, p.snapBack, p.move], [undefined, ['host:server-0', 'host:vm-x'], []]);
    assert.match(p.message!, /^server-0, vm-x went back to their hypervisors/);
  });
});

describe('webview: dragging VMs between hypervisors', function () {
  this.timeout(60_000);
  const s = editorSession();
  let ed: EditorPage;
  beforeEach(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ed = await openEditor(s.browser(), s.harness());
    await ed.push(snapshotFromYaml(TEXT, 1));
    await waitForNodes(ed.page, ['host:hv-0', 'host:hv-1', 'host:server-0', 'host:vm-x', 'host:agent-0']);
    await ed.page.waitForSelector('.okd-canvas[data-ready="true"]');
  });
  afterEach(async () => {
    assert.deepEqual(ed.errors, [], 'no page errors');
    assertValidMessages(await ed.posted());
    await ed.page.close();
  });

  it("a hypervisor's connect handle sits over its own card at the frame's top left, where its network link ends", async () => {
    const frame = await box(ed.page, 'host:hv-0');
    const handle = (await ed.page
      .locator('.react-flow__node[data-id="host:hv-0"] .react-flow__handle[data-handleid="net"]')
      .first()
      .boundingBox())!;
    const head = (await ed.page.locator('[data-testid="node-host:hv-0"] .okd-name').first().boundingBox())!;
    const link = await ed.page.evaluate(() => {
      const doc = (
        globalThis as unknown as {
          document: {
            querySelector(s: string): { getAttribute(n: string): string | null; getScreenCTM(): unknown } | null;
          };
        }
      ).document;
      const el = doc.querySelector('path[data-source="host:hv-0"]');
      const nums = (el?.getAttribute('d') ?? '').replace(/[ML]/g, ' ').trim().split(/\s+/).map(Number);
      const P = (
        globalThis as unknown as {
          DOMPoint: new (x: number, y: number) => { matrixTransform(m: unknown): { x: number } };
        }
      ).DOMPoint;
      return new P(nums[nums.length - 2], nums[nums.length - 1]).matrixTransform(el!.getScreenCTM()).x;
    });
    const mid = handle.x + handle.width / 2;
    assert.ok(
      mid < frame.x + frame.width / 3,
      `the handle (${mid}) is at the left of the frame (${frame.x}-${frame.x + frame.width})`,
    );
    assert.ok(
      Math.abs(mid - head.x) < 200 && link >= frame.x && link <= mid + handle.width,
      `link ends at ${link}, handle ${mid}`,
    );
  });

  it("a VM dropped on another hypervisor's frame posts moveToHypervisor; applied, it is drawn in the new frame", async () => {
    const hv1 = await box(ed.page, 'host:hv-1');
    const from = await grab(ed.page, 'host:server-0');
    const to = { x: hv1.x + hv1.width / 2, y: hv1.y + hv1.height - 8 };
    // Over the frame, before the drop, the frame is marked as the target; only that one.
    await ed.page.mouse.move(from.x, from.y);
    await ed.page.mouse.down();
    await ed.page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 6 });
    await ed.page.mouse.move(to.x, to.y, { steps: 6 });
    await ed.page.screenshot({ path: join(SHOTS, 'vm-drop-target.png') });
    assert.deepEqual(
      await ed.page
        .locator('.okd-drop-target')
        .evaluateAll((els) => els.map((x) => (x as unknown as { dataset: { id: string } }).dataset.id)),
      ['host:hv-1'],
    );
    await ed.page.mouse.up();
    assert.equal(await ed.page.locator('.okd-drop-target').count(), 0, 'the mark goes with the drop');
    const e = await ed.waitPosted(isEdit('moveToHypervisor'));
    assert.deepEqual(e.edit, { kind: 'moveToHypervisor', hosts: ['server-0'], on: 'hv-1' });
    await ed.page.waitForTimeout(300);
    assert.equal((await ed.posted()).filter(isEdit('move')).length, 0, 'no position written for it');
    // Until the file says otherwise it is drawn where it was.
    assert.ok(
      within(await box(ed.page, 'host:server-0'), await box(ed.page, 'host:hv-0')),
      'back in hv-0 until the snapshot',
    );
    // The host's side: the real planner, one plan (one undo step), then the snapshot of the new text.
    const a = analyze(TEXT);
    const out = planGraphEdit({ text: TEXT, doc: a.doc, topology: a.topology }, e.edit);
    assert.equal(out.outcome, 'applied', out.message);
    const next = applyEdits(TEXT, out.edits);
    assert.match(
      next,
      /- name: server-0\n {4}role: master\n {4}vm: \{ cpus: 4, memoryGiB: 16, diskGiB: 120, on: hv-1 \}/,
    );
    assert.ok(!next.includes('server-0: { x:'), 'its old place in hv-0 is forgotten');
    await ed.push({ type: 'editResult', requestId: e.requestId, outcome: 'applied', version: 2, created: out.created });
    await ed.push(snapshotFromYaml(next, 2));
    await ed.page.waitForTimeout(300);
    const [vm, hv1After, hv0After] = [
      await box(ed.page, 'host:server-0'),
      await box(ed.page, 'host:hv-1'),
      await box(ed.page, 'host:hv-0'),
    ];
    assert.ok(within(vm, hv1After), `server-0 ${JSON.stringify(vm)} inside hv-1 ${JSON.stringify(hv1After)}`);
    assert.ok(!within(vm, hv0After), 'and no longer in hv-0');
  });

  it('a VM dropped outside every hypervisor goes back, with a message, and nothing is posted', async () => {
    // Measured against its frame: the notice above the canvas shifts everything on screen.
    const rel = async () => {
      const [vm, hv] = [await box(ed.page, 'host:server-1'), await box(ed.page, 'host:hv-0')];
      return [Math.round(vm.x - hv.x), Math.round(vm.y - hv.y)];
    };
    const before = await rel();
    await drag(ed.page, await grab(ed.page, 'host:server-1'), await emptySpot(ed.page));
    const notice = ed.page.locator('[data-testid="notice"]');
    await notice.waitFor();
    assert.match(await notice.innerText(), /server-1 went back to its hypervisor/);
    await ed.page.waitForTimeout(400);
    assert.deepEqual(
      (await ed.posted()).filter((m) => m.type === 'edit'),
      [],
      'no edit',
    );
    assert.deepEqual(await rel(), before);
    assert.ok(within(await box(ed.page, 'host:server-1'), await box(ed.page, 'host:hv-0')));
  });

  it("a bare-metal host dropped on a hypervisor's frame stays bare metal: a move beside the frame", async () => {
    const hv1 = await box(ed.page, 'host:hv-1');
    await drag(ed.page, await grab(ed.page, 'host:agent-0'), { x: hv1.x + hv1.width / 2, y: hv1.y + hv1.height - 8 });
    const move = await ed.waitPosted(isEdit('move'));
    assert.equal((await ed.posted()).filter(isEdit('moveToHypervisor')).length, 0);
    assert.deepEqual(
      move.edit.positions.map((p) => p.id),
      ['host:agent-0'],
    );
  });

  it('a VM moved inside its own frame is an ordinary move', async () => {
    const hv0 = await box(ed.page, 'host:hv-0');
    const from = await grab(ed.page, 'host:server-2');
    await drag(ed.page, from, { x: Math.min(from.x + 30, hv0.x + hv0.width - 20), y: from.y + 6 });
    const move = await ed.waitPosted(isEdit('move'));
    assert.deepEqual(
      move.edit.positions.map((p) => p.id),
      ['host:server-2'],
    );
    assert.equal((await ed.posted()).filter(isEdit('moveToHypervisor')).length, 0);
  });
});
