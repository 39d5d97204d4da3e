// Component and keyboard behaviour of the real bundle in Chromium: tab/enter/arrows/delete on
// nodes, the inspector form (inline validation, setField, rename), search, reveal, Show in Text,
// SVG/PNG export and the persisted webview state.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { GraphEdit, SnapshotMessage, WebviewMessage } from '../../src/protocol/messages';
import { assertValidMessages, editorSession, openEditor, waitForNodes, type EditorPage } from './harness/server';
import { exampleYaml, snapshotFromYaml } from './fixtures';
import { cardBoxes, overlappingCards } from './overlap';
import { analyze } from '../../src/core/analyze';
import { applyEdits, planGraphEdit } from '../../src/core/edit/index';

// page.evaluate bodies run in the browser; these names exist there.
declare const document: {
  activeElement: { getAttribute(n: string): string | null; classList: { contains(c: string): boolean } } | null;
  querySelector(s: string): unknown;
};
declare class MouseEvent {
  constructor(type: string, init?: { bubbles?: boolean });
}
declare class DOMParser {
  parseFromString(s: string, t: string): { querySelector(s: string): unknown; documentElement: { nodeName: string } };
}

const SHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');
type Edit = Extract<WebviewMessage, { type: 'edit' }>;
const isEdit =
  <K extends GraphEdit['kind']>(kind: K) =>
  (m: WebviewMessage): m is Edit & { edit: Extract<GraphEdit, { kind: K }> } =>
    m.type === 'edit' && m.edit.kind === kind;
const TEXT = exampleYaml('k3s-metallb').replace('ip: 10.0.0.21,', 'ip: 10.0.0.20,');
const activeId = (ed: EditorPage) => ed.page.evaluate(() => document.activeElement?.getAttribute('data-id') ?? null);

describe('webview interactions in Chromium', function () {
  this.timeout(60_000);
  const s = editorSession();
  let ed: EditorPage;
  let snap: SnapshotMessage;
  beforeEach(async () => {
    ed = await openEditor(s.browser(), s.harness());
    snap = snapshotFromYaml(TEXT, 5);
    await ed.push(snap);
    await waitForNodes(ed.page, ['host:agent-0', 'host:agent-1', 'network:lan']);
  });
  afterEach(async () => {
    assert.deepEqual(ed.errors, [], 'no page errors');
    assertValidMessages(await ed.posted());
    await ed.page.close();
  });

  it('Tab walks through nodes with a visible focus ring', async () => {
    await ed.page.focus('[data-testid="node-host:agent-0"]');
    const seen = new Set<string | null>([await activeId(ed)]);
    for (let i = 0; i < 3; i++) {
      await ed.page.keyboard.press('Tab');
      const id = await activeId(ed);
      assert.ok(id && /^(host|network|vip|pool):/.test(id), `focus on a node, got ${id}`);
      seen.add(id);
    }
    assert.equal(seen.size, 4, 'four different nodes');
    const outline = await ed.page.evaluate(() => {
      const el = document.activeElement as unknown as {
        ownerDocument: {
          defaultView: { getComputedStyle(e: unknown): { outlineStyle: string; outlineWidth: string } };
        };
      };
      const cs = el.ownerDocument.defaultView.getComputedStyle(el);
      return `${cs.outlineStyle} ${cs.outlineWidth}`;
    });
    assert.equal(outline, 'solid 2px');
  });

  it('Enter opens the inspector on the focused node and moves focus into it', async () => {
    await ed.page.focus('[data-testid="node-host:agent-0"]');
    await ed.page.keyboard.press('Enter');
    const inspector = ed.page.locator('[data-testid="inspector"]');
    await inspector.waitFor();
    assert.equal(await inspector.getAttribute('aria-label'), 'Inspector: host agent-0');
    await ed.page.waitForFunction(() => !!document.activeElement?.getAttribute('data-field'));
    assert.equal(await ed.page.evaluate(() => document.activeElement?.getAttribute('data-field')), 'name');
  });

  it('arrow keys move the selected node and post one move; Delete posts delete', async () => {
    await ed.page.focus('[data-testid="node-host:agent-0"]');
    await ed.page.keyboard.press(' ');
    await ed.page.waitForSelector('.react-flow__node.selected[data-id="host:agent-0"]');
    const box0 = (await ed.page.locator('[data-testid="node-host:agent-0"]').boundingBox())!;
    for (let i = 0; i < 3; i++) await ed.page.keyboard.press('ArrowRight');
    await ed.page.keyboard.press('ArrowDown');
    const move = await ed.waitPosted(isEdit('move'));
    assert.equal((await ed.posted()).filter(isEdit('move')).length, 1, 'one move for the burst of keys');
    assert.equal(move.baseVersion, 5);
    assert.equal(move.edit.positions.length, 1);
    assert.equal(move.edit.positions[0].id, 'host:agent-0');
    const box1 = (await ed.page.locator('[data-testid="node-host:agent-0"]').boundingBox())!;
    assert.ok(box1.x > box0.x && box1.y > box0.y, 'moved right and down on screen');
    // Answer as the host does; otherwise the Delete waits for the in-flight move to time out.
    await ed.push({ type: 'editResult', requestId: move.requestId, outcome: 'applied', version: 6 });
    await ed.page.keyboard.press('Delete');
    const del = await ed.waitPosted(isEdit('delete'));
    assert.deepEqual(del.edit.ids, ['host:agent-0']);
    assert.equal(del.baseVersion, 6);
  });

  it('inspector: inline format errors block the edit; valid values send setField or rename', async () => {
    const idx = snap.view!.hosts.findIndex((h) => h.name === 'agent-1');
    await ed.page.dblclick('[data-testid="node-host:agent-1"] .okd-name');
    await ed.page.locator('[data-testid="inspector"]').waitFor();
    // A double-click puts the focus in the first field a moment later; typing starts after that.
    await ed.page.waitForFunction(() => document.activeElement?.getAttribute('data-field') === 'name');
    // The snapshot's duplicate-IP problem is shown under the IP field.
    assert.ok((await ed.page.locator('[data-testid="problem-if0.ip"]').count()) > 0);
    const ip = ed.page.locator('[data-testid="field-if0.ip"] input');
    await ip.fill('10.0.0.300');
    const err = ed.page.locator('[data-testid="error-if0.ip"]');
    await err.waitFor();
    assert.match(await err.innerText(), /IPv4/);
    await ip.press('Enter');
    await ed.page.waitForTimeout(200);
    assert.equal((await ed.posted()).filter(isEdit('setField')).length, 0, 'invalid value not sent');
    await ed.page.screenshot({ path: join(SHOTS, 'inspector-error-dark.png') });
    await ip.fill('10.0.0.31');
    assert.equal(await err.count(), 0, 'error clears as the value becomes valid');
    await ip.press('Enter');
    const set = await ed.waitPosted(isEdit('setField'));
    assert.deepEqual(set.edit, { kind: 'setField', path: ['hosts', idx, 'interfaces', 0, 'ip'], value: '10.0.0.31' });
    assert.equal(set.baseVersion, 5);
    await ip.press('Tab');
    await ed.page.waitForTimeout(200);
    assert.equal(
      (await ed.posted()).filter(isEdit('setField')).length,
      1,
      'leaving the field does not send the value again',
    );
    // The host answers each edit; the webview keeps one in flight and sends the next on the new version.
    await ed.push({ type: 'editResult', requestId: set.requestId, outcome: 'applied', version: 6 });
    await ed.clearPosted();
    const name = ed.page.locator('[data-testid="field-name"] input');
    await name.fill('agent-9');
    await name.press('Tab');
    const rn = await ed.waitPosted(isEdit('rename'));
    assert.deepEqual(rn.edit, { kind: 'rename', id: 'host:agent-1', newName: 'agent-9' });
    assert.equal(rn.baseVersion, 6, 'the second edit is built on the version the first produced');
    await ed.push({ type: 'editResult', requestId: rn.requestId, outcome: 'applied', version: 7 });
    await ed.clearPosted();
    await ed.page.click('[data-testid="field-ingress"]');
    const b = await ed.waitPosted(isEdit('setField'));
    assert.deepEqual(b.edit, { kind: 'setField', path: ['hosts', idx, 'ingress'], value: true });
    await ed.push({ type: 'editResult', requestId: b.requestId, outcome: 'applied', version: 8 });
    const services = ed.page.locator('[data-testid="field-services"] input');
    await services.fill('ntp, dns');
    await services.press('Enter');
    const sv = await ed.waitPosted(isEdit('setServices'));
    assert.deepEqual(sv.edit, { kind: 'setServices', host: 'agent-1', services: ['ntp', 'dns'] });
    await ed.push({ type: 'editResult', requestId: sv.requestId, outcome: 'applied', version: 9 });
  });

  it('a field the user clicks into right after a double-click keeps the focus', async () => {
    await ed.page.click('[data-testid="node-host:agent-1"] .okd-name');
    await ed.page.locator('[data-testid="field-if0.ip"]').waitFor();
    await ed.page.evaluate(() => {
      const q = (s: string) => document.querySelector(s) as { dispatchEvent(e: unknown): void; focus(): void };
      q('[data-testid="node-host:agent-1"] .okd-name').dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
      q('[data-testid="field-if0.ip"]').focus();
    });
    await ed.page.waitForTimeout(150);
    assert.equal(await ed.page.evaluate(() => document.activeElement?.getAttribute('data-field')), 'if0.ip');
  });

  it('the Cluster button opens the cluster settings; a committed value is a setField on the cluster block', async () => {
    await ed.page.click('[data-testid="node-host:agent-0"] .okd-name');
    await ed.page.locator('[data-testid="inspector"]').waitFor();
    await ed.page.click('[data-testid="action-cluster"]');
    const panel = ed.page.locator('[data-testid="cluster-panel"]');
    await panel.waitFor();
    assert.equal(await ed.page.locator('[data-testid="inspector"]').count(), 0, 'the node inspector made way');
    assert.equal(await panel.getAttribute('aria-label'), `Cluster ${snap.view!.cluster.name}`);
    await ed.page.waitForFunction(() => document.activeElement?.getAttribute('data-field') === 'cluster.name');
    const name = ed.page.locator('[data-testid="field-cluster.name"] input');
    await name.fill('Bad_Name');
    await ed.page.locator('[data-testid="error-cluster.name"]').waitFor();
    await name.fill('lab2');
    await name.press('Enter');
    const set = await ed.waitPosted(isEdit('setField'));
    assert.deepEqual(set.edit, { kind: 'setField', path: ['cluster', 'name'], value: 'lab2' });
    await ed.push({ type: 'editResult', requestId: set.requestId, outcome: 'applied', version: 6 });
    await ed.page.click('[data-testid="node-host:agent-1"] .okd-name');
    await ed.page.locator('[data-testid="inspector"]').waitFor();
    assert.equal(await panel.count(), 0, 'selecting a node closes the cluster panel');
    await ed.page.click('[data-testid="action-cluster"]');
    await panel.waitFor();
    await ed.page.click('[aria-label="Close cluster settings"]');
    await panel.waitFor({ state: 'detached' });
    await ed.page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'action-cluster');
  });

  it('keeps one edit in flight: a second quick edit waits for the first result and carries its version', async () => {
    await ed.clearPosted();
    await ed.page.click('[data-testid="palette-network"]');
    await ed.page.click('[data-testid="palette-network"]');
    const first = await ed.waitPosted(isEdit('addNetwork'));
    await ed.page.waitForTimeout(300);
    assert.equal(
      (await ed.posted()).filter(isEdit('addNetwork')).length,
      1,
      'the second edit is held while the first is in flight',
    );
    await ed.push({
      type: 'editResult',
      requestId: first.requestId,
      outcome: 'applied',
      version: first.baseVersion + 1,
    });
    const both = await ed.waitPostedCount(isEdit('addNetwork'), 2);
    assert.equal(both[1].baseVersion, first.baseVersion + 1);
    await ed.push({
      type: 'editResult',
      requestId: both[1].requestId,
      outcome: 'applied',
      version: first.baseVersion + 2,
    });
  });

  it('F2 focuses the name field; the inspector Delete and Disconnect send edits', async () => {
    await ed.page.focus('[data-testid="node-network:lan"]');
    await ed.page.keyboard.press('F2');
    await ed.page.waitForFunction(() => document.activeElement?.getAttribute('data-field') === 'name');
    await ed.page.click('[data-testid="inspector-delete"]');
    // A network takes its interfaces, VIPs and pools along: confirmed first (test/webview/confirm.test.ts).
    await ed.page.click('[data-testid="confirm-ok"]');
    const del = await ed.waitPosted(isEdit('delete'));
    assert.deepEqual(del.edit.ids, ['network:lan']);
    await ed.push({ type: 'editResult', requestId: del.requestId, outcome: 'applied', version: 6 });
    await ed.page.dblclick('[data-testid="node-host:agent-0"] .okd-name');
    await ed.page.getByText('Disconnect').click();
    assert.deepEqual((await ed.waitPosted(isEdit('disconnect'))).edit, {
      kind: 'disconnect',
      host: 'agent-0',
      network: 'lan',
      index: 0,
    });
  });

  it('search dims nodes that do not match and counts matches', async () => {
    await ed.page.locator('[data-testid="search"] input').fill('master');
    await ed.page.waitForSelector('[data-testid="match-count"]');
    assert.equal(await ed.page.locator('[data-testid="match-count"]').innerText(), '3 matches');
    assert.equal(await ed.page.locator('.react-flow__node.okd-dim[data-id="host:agent-0"]').count(), 1);
    assert.equal(await ed.page.locator('.react-flow__node.okd-dim[data-id="host:server-1"]').count(), 0);
    await ed.page.locator('[data-testid="search"] input').fill('10.0.0.2');
    // The graph redraws after the input event: wait for the new query's dimming, then check it.
    await ed.page.waitForSelector('.react-flow__node.okd-dim[data-id="host:server-1"]');
    assert.equal(await ed.page.locator('.react-flow__node.okd-dim[data-id="host:svc"]').count(), 0);
    assert.equal(await ed.page.locator('.react-flow__node.okd-dim[data-id="host:server-1"]').count(), 1);
  });

  it('reveal selects, centres and focuses the node; Show in Text posts its id', async () => {
    await ed.push({ type: 'reveal', nodeId: 'host:agent-1' });
    await ed.page.waitForSelector('.react-flow__node.selected[data-id="host:agent-1"]');
    await ed.page.waitForFunction(() => document.activeElement?.getAttribute('data-id') === 'host:agent-1');
    const box = (await ed.page.locator('[data-testid="node-host:agent-1"]').boundingBox())!;
    const vp = ed.page.viewportSize()!;
    assert.ok(box.x > 0 && box.y > 0 && box.x + box.width < vp.width && box.y + box.height < vp.height, 'on screen');
    await ed.page.click('[data-testid="node-host:agent-0"] [aria-label="Show in Text"]');
    const m = await ed.waitPosted((x): x is Extract<WebviewMessage, { type: 'showInText' }> => x.type === 'showInText');
    assert.deepEqual(m, { type: 'showInText', nodeId: 'host:agent-0' });
    // "{ }" also selects the node, so the inspector shows what the text editor shows.
    await ed.page.waitForSelector('.react-flow__node.selected[data-id="host:agent-0"]');
    await ed.page.waitForSelector('[data-testid="inspector"][aria-label="Inspector: host agent-0"]');
  });

  it('exports a well-formed SVG with every node and a PNG', async () => {
    await ed.page.click('[data-testid="export-svg"]');
    const svg = await ed.waitPosted(
      (x): x is Extract<WebviewMessage, { type: 'export' }> => x.type === 'export' && x.format === 'svg',
    );
    assert.match(svg.data, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    for (const name of ['agent-0', 'server-2', 'lan', 'api', 'default', '10.0.0.20'])
      assert.ok(svg.data.includes(`>${name}<`), `SVG has text ${name}`);
    assert.ok((svg.data.match(/<path /g) ?? []).length >= snap.view!.edges.length, 'edges drawn');
    assert.ok(!/var\(--/.test(svg.data), 'theme variables resolved to colours');
    const ok = await ed.page.evaluate((text) => {
      const d = new DOMParser().parseFromString(text, 'image/svg+xml');
      return !d.querySelector('parsererror') && d.documentElement.nodeName === 'svg';
    }, svg.data);
    assert.ok(ok, 'SVG parses');
    assert.equal(svg.suggestedName, 'cluster.okd.svg');
    await ed.page.click('[data-testid="export-png"]');
    const png = await ed.waitPosted(
      (x): x is Extract<WebviewMessage, { type: 'export' }> => x.type === 'export' && x.format === 'png',
      10_000,
    );
    const bytes = Buffer.from(png.data, 'base64');
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(bytes.readUInt32BE(16) > 400 && bytes.readUInt32BE(20) > 300, 'PNG has the diagram size');
    assert.deepEqual(await ed.cspViolations(), []);
  });

  it('auto layout writes no position: it removes the saved ones, and the computed placement has no overlaps (issue 13)', async () => {
    await ed.page.click('[data-testid="action-layout"]');
    const e = await ed.waitPosted(isEdit('autoLayout'), 15_000);
    assert.deepEqual(e.edit, { kind: 'autoLayout' });
    assert.equal(e.baseVersion, 5);
    let text = TEXT;
    const a = analyze(text);
    const out = planGraphEdit({ text, doc: a.doc, topology: a.topology }, e.edit);
    assert.equal(out.outcome, 'applied', out.message);
    text = applyEdits(text, out.edits);
    assert.equal(
      text.split('\n').filter((l) => /^layout:|\{ x: -?\d+, y: -?\d+ \}/.test(l)).length,
      0,
      'zero layout lines',
    );
    await ed.push({ type: 'editResult', requestId: e.requestId, outcome: 'applied', version: 6 });
    const next = snapshotFromYaml(text, 6);
    await ed.push(next);
    await ed.page.click('[data-testid="action-fit"]');
    await ed.page.waitForTimeout(400);
    const v = next.view!;
    assert.equal(
      (await cardBoxes(ed.page)).length,
      v.hosts.length + v.networks.length + v.vips.length + v.pools.length,
    );
    assert.deepEqual(await overlappingCards(ed.page, v), []);
    // Nothing saved, nothing to forget: the button only fits the view.
    await ed.clearPosted();
    await ed.page.click('[data-testid="action-layout"]');
    await ed.page.waitForTimeout(200);
    assert.equal((await ed.posted()).filter(isEdit('autoLayout')).length, 0);
  });

  it('keeps viewport and selection in webview state and restores them', async () => {
    await ed.page.click('[data-testid="node-host:agent-0"] .okd-name');
    await ed.page.mouse.move(600, 150);
    await ed.page.mouse.wheel(0, 300);
    await ed.page.waitForFunction(
      () => !!(globalThis as unknown as { __state?: { viewport?: unknown } }).__state?.viewport,
    );
    const state = (await ed.page.evaluate(() => (globalThis as unknown as { __state: unknown }).__state)) as {
      viewport: { x: number; y: number; zoom: number };
      selection: string[];
    };
    assert.deepEqual(state.selection, ['host:agent-0']);
    assert.ok(state.viewport.zoom > 0);
    const again = await openEditor(s.browser(), s.harness(), {
      state: { viewport: { x: 13, y: 17, zoom: 0.6 }, selection: ['host:agent-1'] },
    });
    try {
      await again.push(snap);
      await waitForNodes(again.page, ['host:agent-1']);
      const transform = await again.page
        .locator('.react-flow__viewport')
        .evaluate((el) => (el as unknown as { style: { transform: string } }).style.transform);
      assert.equal(transform, 'translate(13px, 17px) scale(0.6)');
      await again.page.locator('[data-testid="inspector"][aria-label="Inspector: host agent-1"]').waitFor();
    } finally {
      await again.page.close();
    }
  });
});
