// The README's pictures of the graph at 15 hosts (the okd-the-hard-way lab) and 200 hosts, taken from
// the real bundle in Chromium, with what makes them worth showing asserted: every host drawn and no
// card covering another at Fit (the bus routing itself is measured in bus.test.ts). With
// OKD_UPDATE_SCREENSHOTS=1 they refresh docs/images/graph-15.png
// and graph-200.png.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { editorSession, openEditor, waitForNodes, type EditorPage } from './harness/server';
import { bigYaml, exampleYaml, snapshotFromYaml } from './fixtures';
import { overlappingCards } from './overlap';

const ROOT = join(__dirname, '..', '..');
const SHOTS = join(ROOT, 'test-results', 'screenshots');

describe('webview: the README pictures at 15 and 200 hosts', function () {
  this.timeout(120_000);
  const s = editorSession();
  let ed: EditorPage | undefined;
  afterEach(async () => {
    if (ed) assert.deepEqual(ed.errors, [], 'no page errors');
    await ed?.page.close();
    ed = undefined;
  });

  for (const [name, yaml] of [
    ['graph-15', exampleYaml('okd-upi-lab')],
    ['graph-200', bigYaml(200)],
  ] as const) {
    it(`${name}: every host drawn, no card over another at Fit`, async () => {
      const snap = snapshotFromYaml(yaml);
      ed = await openEditor(s.browser(), s.harness(), { theme: 'dark', width: 1600, height: 1000 });
      await ed.push(snap);
      const hosts = snap.view!.hosts.map((h) => h.id);
      await waitForNodes(ed.page, [hosts[0], hosts[hosts.length - 1]], 30_000);
      await ed.page.locator('[data-testid="action-fit"]').click();
      await ed.page.waitForTimeout(600);
      assert.equal(await ed.page.locator('.react-flow__node[data-id^="host:"]').count(), hosts.length);
      assert.deepEqual(await overlappingCards(ed.page, snap.view!), []);
      mkdirSync(SHOTS, { recursive: true });
      const shot = join(SHOTS, `${name}.png`);
      await ed.page.screenshot({ path: shot });
      if (process.env.OKD_UPDATE_SCREENSHOTS) copyFileSync(shot, join(ROOT, 'docs', 'images', `${name}.png`));
    });
  }
});
