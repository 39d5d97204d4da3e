// Issue 13, usable beside the YAML: at half of a 1600 px window (800 px) the toolbar is one row
// with every control on screen and clickable, the minimap is gone, the inspector is a narrow side
// panel that folds to a tab, and a node can be clicked.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { assertValidMessages, editorSession, openEditor, waitForNodes, type EditorPage } from './harness/server';
import { exampleYaml, snapshotFromYaml } from './fixtures';

const SHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');
type El = {
  getBoundingClientRect(): { x: number; y: number; width: number; height: number };
  getAttribute(n: string): string | null;
  contains(o: unknown): boolean;
};
declare const document: { elementFromPoint(x: number, y: number): unknown };

/** Every toolbar control on one row, inside the window, and not covered by anything. */
async function oneRow(ed: EditorPage, width: number): Promise<void> {
  const controls = await ed.page.locator('.okd-toolbar [data-testid]').evaluateAll((els) =>
    (els as unknown as El[]).map((el) => {
      const r = el.getBoundingClientRect();
      // What a click at the centre would hit: the control itself (or its shadow content).
      const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      return {
        id: el.getAttribute('data-testid'),
        x: r.x,
        y: r.y,
        w: r.width,
        h: r.height,
        top: el === hit || el.contains(hit),
      };
    }),
  );
  assert.ok(controls.length >= 13, `${controls.length} controls`);
  for (const c of controls) {
    assert.ok(c.x >= 0 && c.x + c.w <= width && c.w > 0, `${width} px: ${c.id} on screen: ${JSON.stringify(c)}`);
    assert.equal(c.y, controls[0].y, `${width} px: ${c.id} on the first row`);
    assert.ok(c.top, `${width} px: ${c.id} is not covered`);
  }
}

describe('webview at half width (800 px) in Chromium', function () {
  this.timeout(60_000);
  const s = editorSession();
  let ed: EditorPage;
  beforeEach(async () => {
    ed = await openEditor(s.browser(), s.harness(), { width: 800, height: 857 });
    await ed.push(snapshotFromYaml(exampleYaml('okd-upi-lab'), 1));
    await waitForNodes(ed.page, ['network:okd']);
  });
  afterEach(async () => {
    assert.deepEqual(ed.errors, [], 'no page errors');
    assertValidMessages(await ed.posted());
    await ed.page.close();
  });

  it('the toolbar is one row and every control is on screen and on top', async () => {
    // With a node selected, so Delete is enabled too (a disabled control takes no clicks).
    await ed.page.click('[data-testid="node-network:okd"] .okd-name');
    await ed.page.locator('[data-testid="inspector"]').waitFor();
    await oneRow(ed, 800);
    await ed.page.screenshot({ path: join(SHOTS, 'half-width-800-dark.png') });
  });

  it('at any width from half to full the toolbar stays one row (it wrapped between 1,000 and 1,240 px)', async () => {
    for (const width of [900, 1001, 1100, 1200, 1241, 1400]) {
      const wide = await openEditor(s.browser(), s.harness(), { width, height: 857 });
      try {
        await wide.push(snapshotFromYaml(exampleYaml('okd-upi-lab'), 1));
        await waitForNodes(wide.page, ['network:okd']);
        await wide.page.click('[data-testid="node-network:okd"] .okd-name');
        await wide.page.locator('[data-testid="inspector"]').waitFor();
        await oneRow(wide, width);
        // The compact search field is short: its hint is too, so it is not cut.
        const hint = await wide.page
          .locator('.okd-search vscode-textfield')
          .evaluate((el) => (el as unknown as { placeholder: string }).placeholder);
        assert.equal(hint, width <= 1240 ? 'Filter' : 'Filter: name, IP or role', `${width} px`);
      } finally {
        await wide.page.close();
      }
    }
  });

  it('no minimap; a click on a node opens a narrow inspector that folds to a tab and back', async () => {
    assert.equal(await ed.page.locator('.react-flow__minimap').count(), 0);
    await ed.page.click('[data-testid="action-fit"]');
    await ed.page.waitForTimeout(300);
    await ed.page.click('[data-testid="node-network:okd"] .okd-name');
    await ed.page.waitForSelector('.react-flow__node.selected[data-id="network:okd"]');
    const inspector = ed.page.locator('[data-testid="inspector"]');
    await inspector.waitFor();
    const box = (await inspector.boundingBox())!;
    assert.ok(box.width <= 260 && box.x >= 540, `inspector ${JSON.stringify(box)}`);
    await ed.page.click('[aria-label="Close inspector"]');
    const tab = ed.page.locator('[data-testid="inspector-tab"]');
    await tab.waitFor();
    assert.ok((await tab.boundingBox())!.width < 40, 'a slim tab');
    await tab.click();
    await inspector.waitFor();
    assert.equal(await inspector.getAttribute('aria-label'), 'Inspector: network okd');
  });

  it('at Fit, zoomed out to about half, the name cards use smaller type: every name fits, still 10 px or more', async () => {
    await ed.page.click('[data-testid="action-fit"]');
    await ed.page.waitForTimeout(500);
    const zoom = await ed.page.evaluate(() => {
      const vp = (
        globalThis as unknown as { document: { querySelector(s: string): { style: { transform: string } } } }
      ).document.querySelector('.react-flow__viewport');
      return Number(/scale\(([\d.]+)\)/.exec(vp.style.transform)?.[1]);
    });
    assert.ok(zoom >= 0.4 && zoom < 0.7, `Fit at 800 px zooms to ${zoom}`);
    assert.equal(await ed.page.locator('.react-flow.okd-lite-mid').count(), 1);
    const names = await ed.page.locator('.okd-lite .okd-name').evaluateAll((els) =>
      (
        els as unknown as {
          textContent: string;
          scrollWidth: number;
          clientWidth: number;
          getBoundingClientRect(): { height: number };
        }[]
      ).map((el) => ({
        text: el.textContent,
        cut: el.scrollWidth > el.clientWidth + 1,
        h: el.getBoundingClientRect().height,
      })),
    );
    assert.ok(names.length >= 15, `${names.length} name cards`);
    for (const n of names) {
      assert.ok(!n.cut, `"${n.text}" is cut`);
      assert.ok(n.h >= 10, `"${n.text}" is ${n.h.toFixed(1)} px tall`);
    }
  });
});
