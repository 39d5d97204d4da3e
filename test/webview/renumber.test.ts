// Renumber as a graph action (issue 13): a network's inspector offers "Renumber…", checks the new
// prefix as it is typed, and posts one renumber edit; the real planner applies it (every address
// moves) or refuses it, and the refusal shows as a notice.
import assert from 'node:assert/strict';
import { analyze } from '../../src/core/analyze';
import { applyEdits, planGraphEdit } from '../../src/core/edit/index';
import type { GraphEdit, NetworkView, WebviewMessage } from '../../src/protocol/messages';
import { renumberError } from '../../webview/src/renumber';
import { assertValidMessages, editorSession, openEditor, waitForNodes, type EditorPage } from './harness/server';
import { exampleYaml, snapshotFromYaml } from './fixtures';

type Edit = Extract<WebviewMessage, { type: 'edit' }>;
const isRenumber = (m: WebviewMessage): m is Edit & { edit: Extract<GraphEdit, { kind: 'renumber' }> } =>
  m.type === 'edit' && m.edit.kind === 'renumber';

// A second network, for the overlap check.
const TEXT = exampleYaml('k3s-metallb').replace('hosts:\n', '  - name: storage\n    cidr: 10.1.0.0/24\nhosts:\n');

describe('webview: Renumber network from the graph', function () {
  this.timeout(60_000);

  it('checks the typed prefix: format, host bits, unchanged, overlap, a family the network lacks', () => {
    const nets = snapshotFromYaml(TEXT).view!.networks;
    const lan = nets.find((n) => n.name === 'lan')!;
    const err = (s: string) => renumberError(nets, lan, s);
    assert.match(err('10.0.0/24')!, /address\/prefix/);
    assert.match(err('10.9.0.5/24')!, /host bits set: the network address is 10\.9\.0\.0\/24/);
    assert.match(err('10.0.0.0/24')!, /already 10\.0\.0\.0\/24/);
    assert.match(err('10.1.0.0/25')!, /overlaps network storage \(10\.1\.0\.0\/24\)/);
    assert.match(err('fd00:1::/64')!, /no IPv6 network/);
    assert.equal(err(' 10.9.0.0/24 '), undefined);
    assert.equal(renumberError(nets, { ...lan, cidr6: 'fd00::/64' } as NetworkView, 'fd00:1::/64'), undefined);
  });

  describe('in Chromium', () => {
    const s = editorSession();
    let ed: EditorPage;
    beforeEach(async () => {
      ed = await openEditor(s.browser(), s.harness());
      await ed.push(snapshotFromYaml(TEXT, 1));
      await waitForNodes(ed.page, ['network:lan', 'host:agent-0']);
      await ed.page.dblclick('[data-testid="node-network:lan"] .okd-name');
      await ed.page.locator('[data-testid="inspector"]').waitFor();
      await ed.page.click('[data-testid="inspector-renumber"]');
    });
    afterEach(async () => {
      assert.deepEqual(ed.errors, [], 'no page errors');
      assertValidMessages(await ed.posted());
      await ed.page.close();
    });

    it('"Renumber…" checks as typed, posts one renumber, and the applied edit moves every address', async () => {
      const field = ed.page.locator('[data-testid="renumber-cidr"] input');
      assert.equal(await field.inputValue(), '10.0.0.0/24');
      await field.fill('10.1.0.0/25');
      assert.match(await ed.page.locator('[data-testid="renumber-error"]').innerText(), /overlaps network storage/);
      await field.press('Enter');
      await ed.page.waitForTimeout(200);
      assert.equal((await ed.posted()).filter(isRenumber).length, 0, 'an invalid prefix is not sent');
      await field.fill('10.9.0.0/24');
      assert.equal(await ed.page.locator('[data-testid="renumber-error"]').count(), 0);
      await field.press('Enter');
      const e = await ed.waitPosted(isRenumber);
      assert.deepEqual(e.edit, { kind: 'renumber', network: 'lan', cidr: '10.9.0.0/24' });
      assert.equal(await ed.page.locator('[data-testid="renumber-form"]').count(), 0, 'the form closes');
      const a = analyze(TEXT);
      const out = planGraphEdit({ text: TEXT, doc: a.doc, topology: a.topology }, e.edit);
      assert.equal(out.outcome, 'applied', out.message);
      const next = applyEdits(TEXT, out.edits);
      await ed.push({ type: 'editResult', requestId: e.requestId, outcome: 'applied', version: 2 });
      await ed.push(snapshotFromYaml(next, 2));
      await ed.page.waitForFunction(() =>
        (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document
          .querySelector('[data-testid="node-network:lan"]')
          ?.textContent.includes('10.9.0.0/24'),
      );
      assert.match(await ed.page.locator('[data-testid="node-host:agent-0"]').innerText(), /10\.9\.0\.20/);
      assert.deepEqual(
        analyze(next)
          .problems.filter((p) => p.severity === 'error')
          .map((p) => p.code),
        [],
      );
    });

    it('a prefix too small for the host parts is refused by the planner, and the notice says why', async () => {
      const field = ed.page.locator('[data-testid="renumber-cidr"] input');
      await field.fill('10.9.0.0/28');
      await ed.page.click('[data-testid="renumber-apply"]');
      const e = await ed.waitPosted(isRenumber);
      const a = analyze(TEXT);
      const out = planGraphEdit({ text: TEXT, doc: a.doc, topology: a.topology }, e.edit);
      assert.equal(out.outcome, 'error');
      await ed.push({ type: 'editResult', requestId: e.requestId, outcome: 'error', message: out.message });
      const notice = ed.page.locator('[data-testid="notice"]');
      await notice.waitFor();
      assert.match(await notice.innerText(), /10\.9\.0\.0\/28 is too small for lan/);
    });
  });
});
