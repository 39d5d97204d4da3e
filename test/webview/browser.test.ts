// The real webview bundle in Debian Chromium behind the harness page (strict CSP, fake VS Code
// API): rendering, palette and drag gestures, connect, parse-error freeze, and a full edit round
// trip through the real edit planner. Screenshots land in test-results/screenshots/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { analyze } from '../../src/core/analyze';
import { applyEdits, planGraphEdit } from '../../src/core/edit/index';
import type { GraphEdit, WebviewMessage } from '../../src/protocol/messages';
import { assertValidMessages, editorSession, openEditor, waitForNodes, type EditorPage } from './harness/server';
import { bigYaml, exampleYaml, snapshotFromYaml } from './fixtures';

const SHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');
type Edit = Extract<WebviewMessage, { type: 'edit' }>;
const isEdit =
  <K extends GraphEdit['kind']>(kind: K) =>
  (m: WebviewMessage): m is Edit & { edit: Extract<GraphEdit, { kind: K }> } =>
    m.type === 'edit' && m.edit.kind === kind;

async function center(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const box = await page.locator(selector).first().boundingBox();
  assert.ok(box, `${selector} is on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}
async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
}

describe('webview in Chromium', function () {
  this.timeout(60_000);
  const s = editorSession();
  let ed: EditorPage | undefined;
  afterEach(async () => {
    if (ed) assert.deepEqual(ed.errors, [], 'no page errors');
    await ed?.page.close();
    ed = undefined;
  });

  it('renders every node of the UPI lab under the strict CSP, in dark, light and high-contrast themes', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const snap = snapshotFromYaml(exampleYaml('okd-upi-lab'));
    const v = snap.view!;
    const ids = [...v.hosts, ...v.networks, ...v.vips, ...v.pools].map((n) => n.id);
    for (const theme of ['dark', 'light', 'hc'] as const) {
      ed = await openEditor(s.browser(), s.harness(), { theme });
      await ed.push(snap);
      await waitForNodes(ed.page, ids);
      const label = await ed.page.getAttribute('[data-testid="node-host:master-0"]', 'aria-label');
      assert.equal(label, 'host master-0, master VM on okd-hv, 192.168.200.11');
      // VMs are drawn inside their hypervisor.
      const hv = (await ed.page.locator('[data-testid="node-host:okd-hv"]').boundingBox())!;
      const vm = (await ed.page.locator('[data-testid="node-host:master-0"]').boundingBox())!;
      assert.ok(
        vm.x >= hv.x &&
          vm.y >= hv.y &&
          vm.x + vm.width <= hv.x + hv.width + 1 &&
          vm.y + vm.height <= hv.y + hv.height + 1,
        'VM inside hypervisor',
      );
      // Network card shows CIDR, gateway, DHCP range and a utilization meter.
      const net = ed.page.locator('[data-testid="node-network:okd"]');
      const text = await net.innerText();
      for (const want of ['192.168.200.0/24', '192.168.200.1', '192.168.200.60-192.168.200.90'])
        assert.ok(text.includes(want), want);
      assert.ok(Number(await net.locator('[role=meter]').getAttribute('aria-valuenow')) > 0);
      // Services as chips on the host that runs them.
      assert.ok(
        (await ed.page.locator('[data-testid="node-host:services"] .okd-chip').allInnerTexts()).includes('dhcp'),
      );
      await ed.page.waitForTimeout(300);
      await ed.page.screenshot({ path: join(SHOTS, `upi-lab-${theme}.png`) });
      assert.deepEqual(await ed.cspViolations(), [], 'no CSP violations');
      assertValidMessages(await ed.posted());
      if (theme !== 'hc') {
        assert.deepEqual(ed.errors, []);
        await ed.page.close();
        ed = undefined;
      }
    }
  });

  it('shows problem badges with the problem text as tooltip', async () => {
    ed = await openEditor(s.browser(), s.harness());
    const snap = snapshotFromYaml(exampleYaml('k3s-metallb').replace('ip: 10.0.0.21,', 'ip: 10.0.0.20,'));
    await ed.push(snap);
    await waitForNodes(ed.page, ['host:agent-1']);
    const badge = ed.page.locator('[data-testid="node-host:agent-1"] [data-testid="problem-badge"]');
    assert.equal(await badge.count(), 1);
    const title = (await badge.getAttribute('title'))!;
    const mine = snap.problems.filter((p) => p.nodeId === 'host:agent-1');
    assert.ok(mine.length > 0);
    for (const p of mine) assert.ok(title.includes(p.message), `tooltip lists "${p.message}"`);
    assert.equal(await ed.page.locator('[data-testid="node-host:svc"] [data-testid="problem-badge"]').count(), 0);
    await ed.page.screenshot({ path: join(SHOTS, 'problems-dark.png') });
  });

  it('palette buttons post add edits, each on the version the previous one produced', async () => {
    const page = await openEditor(s.browser(), s.harness());
    ed = page;
    await ed.push({ ...snapshotFromYaml(exampleYaml('k3s-metallb')), version: 7 });
    await waitForNodes(ed.page, ['network:lan']);
    // The host answers every edit (as the extension does), so each one goes out at once and carries
    // the version the previous one produced.
    let version = 7;
    const answer = async <E extends Edit>(e: E): Promise<E> => {
      assert.equal(e.baseVersion, version);
      await page.push({ type: 'editResult', requestId: e.requestId, outcome: 'applied', version: ++version });
      return e;
    };
    await ed.page.click('[data-testid="palette-host"]');
    const host = await answer(await ed.waitPosted(isEdit('addHost')));
    assert.equal(host.edit.role, 'worker');
    assert.equal(host.edit.network, 'lan');
    assert.ok(host.edit.position && Number.isInteger(host.edit.position.x));
    await ed.page.click('[data-testid="palette-vm"]');
    const vm = await answer(await ed.waitPosted((m): m is Edit => isEdit('addHost')(m) && !!m.edit.vm));
    assert.deepEqual((vm.edit as Extract<GraphEdit, { kind: 'addHost' }>).vm, { on: 'hv-0' });
    await ed.page.click('[data-testid="palette-network"]');
    await answer(await ed.waitPosted(isEdit('addNetwork')));
    await ed.page.click('[data-testid="palette-vip"]');
    assert.equal((await answer(await ed.waitPosted(isEdit('addVip')))).edit.network, 'lan');
    await ed.page.click('[data-testid="palette-pool"]');
    assert.equal((await answer(await ed.waitPosted(isEdit('addPool')))).edit.network, 'lan');
    const posted = await ed.posted();
    assertValidMessages(posted);
    assert.deepEqual(
      posted.filter((m) => m.type === 'edit').map((m) => (m as Edit).baseVersion),
      [7, 8, 9, 10, 11],
    );
  });

  it('dragging nodes posts move with the new positions; a hypervisor takes its VMs along', async () => {
    ed = await openEditor(s.browser(), s.harness());
    const snap = snapshotFromYaml(exampleYaml('k3s-metallb'), 3);
    await ed.push(snap);
    await waitForNodes(ed.page, ['host:agent-0', 'host:hv-0']);
    const from = await center(ed.page, '[data-testid="node-host:agent-0"] .okd-name');
    await drag(ed.page, from, { x: from.x + 120, y: from.y + 40 });
    const move = await ed.waitPosted(isEdit('move'));
    assert.equal(move.baseVersion, 3);
    assert.equal(move.edit.positions.length, 1);
    assert.equal(move.edit.positions[0].id, 'host:agent-0');
    await ed.push({ type: 'editResult', requestId: move.requestId, outcome: 'applied', version: 4 });
    await ed.clearPosted();
    const hv = await center(ed.page, '[data-testid="node-host:hv-0"] .okd-head .okd-name');
    await drag(ed.page, hv, { x: hv.x + 60, y: hv.y + 30 });
    const move2 = await ed.waitPosted(isEdit('move'));
    assert.deepEqual(move2.edit.positions.map((p) => p.id).sort(), [
      'host:hv-0',
      'host:server-0',
      'host:server-1',
      'host:server-2',
    ]);
    assertValidMessages(await ed.posted());
  });

  it('multi-select (Ctrl+click) and drag moves every selected node in one edit', async () => {
    ed = await openEditor(s.browser(), s.harness());
    await ed.push(snapshotFromYaml(exampleYaml('k3s-metallb'), 4));
    await waitForNodes(ed.page, ['host:agent-0', 'host:agent-1', 'host:svc']);
    await ed.page.click('[data-testid="node-host:agent-0"] .okd-name');
    await ed.page.click('[data-testid="node-host:agent-1"] .okd-name', { modifiers: ['Control'] });
    await ed.page.waitForSelector('.react-flow__node.selected[data-id="host:agent-1"]');
    assert.equal(await ed.page.locator('.react-flow__node.selected').count(), 2);
    const from = await center(ed.page, '[data-testid="node-host:agent-1"] .okd-name');
    await drag(ed.page, from, { x: from.x + 80, y: from.y + 20 });
    const move = await ed.waitPosted(isEdit('move'));
    assert.deepEqual(move.edit.positions.map((p) => p.id).sort(), ['host:agent-0', 'host:agent-1']);
    await ed.push({ type: 'editResult', requestId: move.requestId, outcome: 'applied', version: 5 });
    await ed.page.keyboard.press('Delete');
    assert.deepEqual((await ed.waitPosted(isEdit('delete'))).edit.ids.sort(), ['host:agent-0', 'host:agent-1']);
  });

  it('dragging from a host onto a network posts connect', async () => {
    ed = await openEditor(s.browser(), s.harness());
    await ed.push(snapshotFromYaml(exampleYaml('okd-ipi')));
    await waitForNodes(ed.page, ['host:master-0', 'network:bmc']);
    const from = await center(
      ed.page,
      '.react-flow__node[data-id="host:master-0"] .react-flow__handle[data-handleid="net"]',
    );
    const to = await center(
      ed.page,
      '.react-flow__node[data-id="network:bmc"] .react-flow__handle[data-handleid="hosts"]',
    );
    await drag(ed.page, from, to);
    const c = await ed.waitPosted(isEdit('connect'));
    assert.deepEqual(c.edit, { kind: 'connect', host: 'master-0', network: 'bmc' });
  });

  it('a parse error keeps the last graph, shows the error line and disables editing', async () => {
    ed = await openEditor(s.browser(), s.harness());
    const good = snapshotFromYaml(exampleYaml('k3s-metallb'), 1);
    await ed.push(good);
    await waitForNodes(ed.page, ['host:agent-0']);
    const broken = snapshotFromYaml(
      exampleYaml('k3s-metallb').replace('  - name: agent-1\n', '  - name: agent-1\n   bad: [\n'),
      2,
      null,
    );
    assert.ok(broken.parseError, 'fixture really is broken');
    await ed.push(broken);
    const banner = ed.page.locator('[data-testid="parse-error"]');
    await banner.waitFor();
    assert.ok((await banner.innerText()).includes(`line ${broken.parseError.line + 1}`));
    assert.equal(await ed.page.locator('[data-testid="node-host:agent-0"]').count(), 1, 'graph kept');
    assert.equal(await ed.page.locator('[data-testid="palette-host"]').getAttribute('disabled'), '');
    await ed.clearPosted();
    const from = await center(ed.page, '[data-testid="node-host:agent-0"] .okd-name');
    await drag(ed.page, from, { x: from.x + 100, y: from.y + 50 });
    await ed.page.click('[data-testid="node-host:agent-0"] .okd-name');
    await ed.page.keyboard.press('Delete');
    await ed.page.waitForTimeout(500);
    assert.deepEqual(
      (await ed.posted()).filter((m) => m.type === 'edit'),
      [],
      'no edits while broken',
    );
    await ed.page.screenshot({ path: join(SHOTS, 'parse-error-dark.png') });
    await banner.getByText('Open as Text').click();
    await ed.waitPosted((m): m is Extract<WebviewMessage, { type: 'openAsText' }> => m.type === 'openAsText');
    // Fixed again: banner gone, editing back.
    await ed.push(snapshotFromYaml(exampleYaml('k3s-metallb'), 3));
    await banner.waitFor({ state: 'detached' });
    assert.equal(await ed.page.locator('[data-testid="palette-host"]').getAttribute('disabled'), null);
  });

  it('an empty file offers a starting topology instead of an error (issue 13)', async () => {
    ed = await openEditor(s.browser(), s.harness());
    const snap = snapshotFromYaml('');
    assert.ok(snap.parseError && snap.view === null);
    await ed.push({ ...snap, parseError: { ...snap.parseError, empty: true } });
    const banner = ed.page.locator('[data-testid="empty-file"]');
    await banner.waitFor();
    assert.equal(await ed.page.locator('[data-testid="parse-error"]').count(), 0);
    await ed.page.click('[data-testid="scaffold"]');
    await ed.waitPosted((m): m is Extract<WebviewMessage, { type: 'scaffold' }> => m.type === 'scaffold');
  });

  it('an edit round trip through the real edit planner redraws the graph', async () => {
    ed = await openEditor(s.browser(), s.harness());
    let text = exampleYaml('okd-ipi');
    const version = 1;
    await ed.push(snapshotFromYaml(text, version));
    await waitForNodes(ed.page, ['host:master-0', 'network:bmc']);
    const from = await center(
      ed.page,
      '.react-flow__node[data-id="host:master-0"] .react-flow__handle[data-handleid="net"]',
    );
    const to = await center(
      ed.page,
      '.react-flow__node[data-id="network:bmc"] .react-flow__handle[data-handleid="hosts"]',
    );
    await drag(ed.page, from, to);
    const msg = await ed.waitPosted(isEdit('connect'));
    assert.equal(msg.baseVersion, version);
    const a = analyze(text);
    const out = planGraphEdit({ text, doc: a.doc, topology: a.topology }, msg.edit);
    assert.equal(out.outcome, 'applied', out.message);
    text = applyEdits(text, out.edits);
    await ed.push(snapshotFromYaml(text, version + 1));
    await ed.page.waitForSelector('svg.okd-edges path[data-edge-id="if:master-0:1"]', { state: 'attached' });
    const card = await ed.page.locator('[data-testid="node-host:master-0"]').innerText();
    assert.match(card, /bmc\s+192\.168\.110\.\d+/);
  });

  it("a duplicate IP typed into master-1 in the inspector shows under master-1's field, naming master-2 (issue 13)", async () => {
    ed = await openEditor(s.browser(), s.harness());
    let text = exampleYaml('okd-ipi');
    await ed.push(snapshotFromYaml(text, 1));
    await waitForNodes(ed.page, ['host:master-1', 'host:master-2']);
    await ed.page.dblclick('[data-testid="node-host:master-1"] .okd-name');
    await ed.page.locator('[data-testid="inspector"]').waitFor();
    assert.equal(await ed.page.locator('[data-testid="problem-if0.ip"]').count(), 0, 'no problem before the edit');
    const ip = ed.page.locator('[data-testid="field-if0.ip"] input');
    await ip.fill('192.168.111.22');
    await ip.press('Enter');
    const msg = await ed.waitPosted(isEdit('setField'));
    const a = analyze(text);
    const out = planGraphEdit({ text, doc: a.doc, topology: a.topology }, msg.edit);
    assert.equal(out.outcome, 'applied', out.message);
    text = applyEdits(text, out.edits);
    await ed.push({ type: 'editResult', requestId: msg.requestId, outcome: 'applied', version: 2 });
    await ed.push(snapshotFromYaml(text, 2));
    // The node the user edits carries the collision, not only the one they did not touch.
    const mine = ed.page.locator('[data-testid="inspector"] [data-testid="problem-if0.ip"]');
    await mine.first().waitFor();
    assert.match(await mine.first().innerText(), /192\.168\.111\.22 is also used by host master-2/);
    assert.equal(await ed.page.locator('[data-testid="inspector"] .okd-name').innerText(), 'master-1');
    assert.equal(
      await ed.page.locator('[data-testid="node-host:master-1"] .okd-badge-error').count(),
      1,
      'and a badge on its card',
    );
  });

  it("dual-stack hosts show their IPv4 and IPv6 addresses, and every card's content fits its box (issue 13)", async () => {
    ed = await openEditor(s.browser(), s.harness());
    await ed.push(snapshotFromYaml(exampleYaml('okd-ipi')));
    await waitForNodes(ed.page, ['host:master-0']);
    const card = await ed.page.locator('[data-testid="node-host:master-0"]').innerText();
    assert.match(card, /192\.168\.111\.20/);
    assert.match(card, /fd2e:6f44:5dd8:c956::14/);
    type Box = {
      scrollHeight: number;
      clientHeight: number;
      getAttribute(n: string): string | null;
      querySelector(s: string): Box | null;
    };
    const over = await ed.page.locator('.react-flow__node').evaluateAll((els) =>
      (els as unknown as Box[])
        .map((el) => ({ id: el.getAttribute('data-id'), card: el.querySelector('.okd-card') }))
        .filter((x) => x.card && !x.card.querySelector('.okd-card') && x.card.scrollHeight > x.card.clientHeight + 1)
        .map((x) => x.id),
    );
    assert.deepEqual(over, [], 'cards whose content overflows');
  });

  it('a 1,000-host cluster opens at a readable zoom, draws only what is on screen, and Fit shows it all as name cards', async () => {
    ed = await openEditor(s.browser(), s.harness());
    const snap = snapshotFromYaml(bigYaml(1000));
    await ed.push(snap);
    await ed.page.waitForSelector('.okd-canvas[data-ready="true"]');
    await waitForNodes(ed.page, ['network:net0', 'vip:api']);
    const rendered = await ed.page.locator('.react-flow__node').count();
    assert.ok(rendered > 50 && rendered < 600, `culled: ${rendered} of 1007 nodes in the DOM`);
    const ingress = snap.view!.edges.filter((e) => e.id.startsWith('be:ingress:')).length;
    assert.ok(ingress > 900);
    assert.equal(
      await ed.page.locator('svg.okd-edges path[data-edge-id]').count(),
      snap.view!.edges.length - ingress + snap.view!.vips.length,
      'all edges but the bulk backends, in one layer',
    );
    assert.equal(
      await ed.page.locator('svg.okd-edges path[data-bus-id]').count(),
      snap.view!.networks.length,
      'a bus per network',
    );
    await ed.page.screenshot({ path: join(SHOTS, 'big-1000-open-dark.png') });
    await ed.page.click('[data-testid="node-vip:ingress"] .okd-name');
    await ed.page.waitForFunction(
      (n) =>
        (
          globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
        ).document.querySelectorAll('svg.okd-edges path[data-edge-id^="be:ingress:"]').length === n,
      ingress,
    );
    await ed.page.click('[data-testid="action-fit"]');
    await ed.page.waitForFunction(
      () =>
        (
          globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
        ).document.querySelectorAll('.react-flow__node').length >= 1007,
      undefined,
      { timeout: 20_000 },
    );
    assert.ok((await ed.page.locator('.okd-lite').count()) >= 1000, 'zoomed out: name-only cards');
    await ed.page.waitForTimeout(300);
    await ed.page.screenshot({ path: join(SHOTS, 'big-1000-fit-dark.png') });
  });

  it('shows a notice when the host refuses an edit as stale', async () => {
    ed = await openEditor(s.browser(), s.harness());
    await ed.push(snapshotFromYaml(exampleYaml('k3s-metallb')));
    await waitForNodes(ed.page, ['host:agent-0']);
    await ed.push({
      type: 'editResult',
      requestId: 'w1',
      outcome: 'stale',
      message: 'The file changed; the graph was refreshed.',
    });
    const notice = ed.page.locator('[data-testid="notice"]');
    await notice.waitFor();
    assert.ok((await notice.innerText()).includes('The file changed'));
  });
});
