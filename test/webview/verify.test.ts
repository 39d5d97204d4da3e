// Verify badges on the graph, in Debian Chromium behind the harness: the status comes from a real
// verify report (test/verify/fixtures/verify-report.json: the UPI lab in network namespaces, with
// master-0 moved to .14 in the file and not deployed yet). With OKD_UPDATE_SCREENSHOTS=1 the picture
// also refreshes docs/images/verify-badges.png.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Check } from '../../src/core/verify/types';
import { verifyStatusMessage } from '../../src/vscode/verifyStatus';
import { editorSession, openEditor, waitForNodes, type EditorPage } from './harness/server';
import { exampleYaml, snapshotFromYaml } from './fixtures';

const ROOT = join(__dirname, '..', '..');
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const report = JSON.parse(readFileSync(join(ROOT, 'test', 'verify', 'fixtures', 'verify-report.json'), 'utf8')) as {
  checks: Check[];
};

describe('webview: verify badges in Chromium', function () {
  this.timeout(60_000);
  const s = editorSession();
  let ed: EditorPage | undefined;
  afterEach(async () => {
    if (ed) assert.deepEqual(ed.errors, [], 'no page errors');
    await ed?.page.close();
    ed = undefined;
  });

  it('marks hosts red or green and service chips by their checks; a new snapshot keeps them; a clear removes them', async () => {
    const yaml = exampleYaml('okd-upi-lab').replace('ip: 192.168.200.11,', 'ip: 192.168.200.14,');
    const snap = snapshotFromYaml(yaml);
    ed = await openEditor(s.browser(), s.harness(), { theme: 'dark', width: 1500, height: 950 });
    await ed.push(snap);
    await waitForNodes(ed.page, ['host:master-0', 'host:services', 'host:compute-0']);
    assert.equal(await ed.page.locator('[data-testid="verify-badge"]').count(), 0, 'no badge before a run');

    await ed.push(verifyStatusMessage(report.checks, new Date('2026-12-04T18:05:40Z')));
    const badge = (host: string) => ed!.page.locator(`[data-testid="node-host:${host}"] [data-testid="verify-badge"]`);
    await badge('master-0').waitFor();
    assert.equal(await badge('master-0').getAttribute('data-state'), 'failed');
    assert.equal(await badge('compute-0').getAttribute('data-state'), 'ok');
    assert.equal(await badge('services').getAttribute('data-state'), 'failed');
    assert.match((await badge('master-0').getAttribute('aria-label'))!, /^verify: \d+ passed, 5 failed/);
    const chip = (name: string) =>
      ed!.page
        .locator('[data-testid="node-host:services"] .okd-chip', { hasText: name })
        .locator('[data-testid="verify-dot"]');
    assert.equal(await chip('dns').getAttribute('data-state'), 'failed');
    assert.equal(await chip('pxe').getAttribute('data-state'), 'ok');
    assert.equal(await chip('ntp').getAttribute('data-state'), 'ok');
    // The dots take no width: every chip still lies inside the card's box (none cut at the bottom).
    const card = await ed.page.locator('[data-testid="node-host:services"] .okd-card').first().boundingBox();
    const chips = ed.page.locator('[data-testid="node-host:services"] .okd-chip');
    assert.ok((await chips.count()) >= 8, 'the services host has its chips');
    type Box = { textContent: string | null; getBoundingClientRect(): { bottom: number; right: number } };
    for (const box of await chips.evaluateAll((els) =>
      (els as unknown as Box[]).map((e) => {
        const r = e.getBoundingClientRect();
        return { text: e.textContent, bottom: r.bottom, right: r.right };
      }),
    )) {
      assert.ok(box.bottom <= card!.y + card!.height, `chip ${box.text} ends inside the card`);
      assert.ok(box.right <= card!.x + card!.width, `chip ${box.text} ends inside the card`);
    }

    await ed.page.locator('[data-testid="action-fit"]').click();
    await ed.page.waitForTimeout(400);
    mkdirSync(SHOTS, { recursive: true });
    const shot = join(SHOTS, 'verify-badges.png');
    await ed.page.screenshot({ path: shot });
    if (process.env.OKD_UPDATE_SCREENSHOTS) copyFileSync(shot, join(ROOT, 'docs', 'images', 'verify-badges.png'));

    await ed.push(snapshotFromYaml(yaml, 2));
    assert.equal(
      await badge('master-0').getAttribute('data-state'),
      'failed',
      "an edit of the file keeps the last run's badges",
    );
    await ed.push({ type: 'verifyStatus', hosts: null, at: new Date().toISOString() });
    await ed.page.waitForFunction(
      () =>
        (
          globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
        ).document.querySelectorAll('[data-testid="verify-badge"]').length === 0,
    );
  });
});
