// Issue 13, safety of edits: a delete that takes other things along lists them and asks first,
// with Cancel focused (Enter and Escape never delete); the list matches what the planner removes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../src/core/analyze';
import { applyEdits, planGraphEdit } from '../../src/core/edit/index';
import type { GraphEdit, WebviewMessage } from '../../src/protocol/messages';
import { cascadeOf, needsConfirm } from '../../webview/src/cascade';
import { assertValidMessages, editorSession, openEditor, waitForNodes, type EditorPage } from './harness/server';
import { exampleYaml, snapshotFromYaml } from './fixtures';

declare const document: { activeElement: { getAttribute(n: string): string | null } | null };
const SHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');
type Edit = Extract<WebviewMessage, { type: 'edit' }>;
const isDelete = (m: WebviewMessage): m is Edit & { edit: Extract<GraphEdit, { kind: 'delete' }> } =>
  m.type === 'edit' && m.edit.kind === 'delete';
const EXAMPLES = ['okd-upi-lab', 'k3s-metallb', 'okd-ipi'] as const;

describe('webview: delete cascade (pure)', () => {
  it('a network lists every interface, VIP and pool on it; a plain host lists nothing', () => {
    const view = snapshotFromYaml(exampleYaml('k3s-metallb')).view!;
    const c = cascadeOf(view, ['network:lan']);
    const onLan = view.hosts.flatMap((h) => h.interfaces.filter((i) => i.network === 'lan'));
    assert.equal(c.goes.filter((l) => l.startsWith('interface of host')).length, onLan.length);
    assert.ok(c.goes.includes('VIP api on lan (10.0.0.5)'));
    assert.ok(c.goes.some((l) => l.startsWith('pool default on lan')));
    assert.equal(needsConfirm(cascadeOf(view, ['host:agent-0'])), false);
  });

  it('a hypervisor says which VMs lose it', () => {
    const view = snapshotFromYaml(exampleYaml('okd-upi-lab')).view!;
    const hv = view.hosts.find((h) => view.hosts.some((v) => v.vm?.hypervisorId === h.id))!;
    const c = cascadeOf(view, [hv.id]);
    assert.ok(c.stays.length > 0 && c.stays.every((l) => l.startsWith('VM ')));
  });

  it('lists exactly what the planner removes, for every network of every example', () => {
    for (const name of EXAMPLES) {
      const text = exampleYaml(name);
      const view = snapshotFromYaml(text).view!;
      for (const n of view.networks) {
        const a = analyze(text);
        const out = planGraphEdit({ text, doc: a.doc, topology: a.topology }, { kind: 'delete', ids: [n.id] });
        const after = analyze(applyEdits(text, out.edits)).topology!;
        const t = a.topology!;
        const gone =
          t.hosts.flatMap((h) => h.interfaces).length -
          after.hosts.flatMap((h) => h.interfaces).length +
          (t.vips.length - after.vips.length) +
          (t.pools.length - after.pools.length);
        assert.equal(cascadeOf(view, [n.id]).goes.length, gone, `${name}: ${n.id}`);
        assert.ok(
          !after.pools.some((p) => p.network === n.name) && !after.vips.some((v) => v.network === n.name),
          `${name}: nothing points at ${n.name}`,
        );
      }
    }
  });
});

describe('webview: delete confirmation in Chromium', function () {
  this.timeout(60_000);
  const s = editorSession();
  let ed: EditorPage;
  beforeEach(async () => {
    ed = await openEditor(s.browser(), s.harness(), { width: 800, height: 857 });
    await ed.push(snapshotFromYaml(exampleYaml('k3s-metallb'), 5));
    await waitForNodes(ed.page, ['network:lan', 'host:agent-0']);
  });
  afterEach(async () => {
    assert.deepEqual(ed.errors, [], 'no page errors');
    assertValidMessages(await ed.posted());
    await ed.page.close();
  });

  it('Delete on a network lists what goes with it; Cancel has the focus, Enter and Escape keep everything', async () => {
    await ed.page.click('[data-testid="node-network:lan"] .okd-name');
    await ed.page.click('[data-testid="action-delete"]');
    const dialog = ed.page.locator('[data-testid="confirm-delete"]');
    await dialog.waitFor();
    const text = await dialog.innerText();
    assert.match(text, /Delete lan\?/);
    assert.match(text, /interface of host agent-0 on lan \(10\.0\.0\.\d+\)/);
    assert.match(text, /VIP api on lan/);
    assert.match(text, /pool default on lan/);
    // Fully on screen at 800 × 857, buttons included.
    const box = (await dialog.boundingBox())!;
    assert.ok(box.y >= 0 && box.y + box.height <= 857 && box.x >= 0 && box.x + box.width <= 800, JSON.stringify(box));
    await ed.page.screenshot({ path: join(SHOTS, 'confirm-delete-network-dark.png') });
    await ed.page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'confirm-cancel');
    await ed.page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await ed.page.click('[data-testid="action-delete"]');
    await dialog.waitFor();
    await ed.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await ed.page.waitForTimeout(200);
    assert.equal((await ed.posted()).filter(isDelete).length, 0, 'nothing deleted');
    await ed.page.click('[data-testid="action-delete"]');
    await ed.page.click('[data-testid="confirm-ok"]');
    assert.deepEqual((await ed.waitPosted(isDelete)).edit.ids, ['network:lan']);
  });

  it('a host whose delete takes nothing else along is deleted at once', async () => {
    await ed.page.focus('[data-testid="node-host:agent-0"]');
    await ed.page.keyboard.press(' ');
    await ed.page.keyboard.press('Delete');
    assert.deepEqual((await ed.waitPosted(isDelete)).edit.ids, ['host:agent-0']);
    assert.equal(await ed.page.locator('[data-testid="confirm-delete"]').count(), 0);
  });
});
