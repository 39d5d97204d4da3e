// The editor host in a real workbench (code-server + Debian Chromium): "Show in Text" selects the
// node's YAML beside the graph, typing in the text updates the graph, broken YAML shows the
// banner and locks editing, "Reveal in Topology Graph" selects the node under the cursor, and
// "Open as Text" returns to the YAML. Needs scripts/setup-code-server.sh (see test/e2e).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workbench, copyExamples, removeWorkspace } from '../e2e/support/workbench';

const FILE = 'okd-upi-lab/cluster.okd.yaml';

describe('e2e: topology editor host', function () {
  this.timeout(240_000);
  let wb: Workbench;
  let ws: string;
  let original: string;
  const lineOf = (needle: string) => original.split('\n').findIndex((l) => l.includes(needle)) + 1;

  before(async () => {
    ws = copyExamples();
    // A problem on network okd for its quick-fix menu: the gateway inside the DHCP range.
    const example = readFileSync(join(ws, FILE), 'utf8');
    assert.ok(example.includes('gateway: 192.168.200.1 '), 'example changed: update the planted problem');
    writeFileSync(join(ws, FILE), example.replace('gateway: 192.168.200.1 ', 'gateway: 192.168.200.70 '));
    original = readFileSync(join(ws, FILE), 'utf8');
    wb = await Workbench.open({ workspace: ws });
    await wb.openFile(FILE);
    await wb.runCommand('OKD Topology: Open Topology Editor');
    await wb.webview().locator('[data-testid="node-host:compute-0"]').waitFor({ timeout: 60_000 });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb?.recordFailure(this.currentTest.fullTitle());
  });
  after(async () => {
    await wb?.close();
    removeWorkspace(ws);
  });

  it('"Show in Text" opens the YAML beside the graph with the node\'s item selected', async () => {
    const view = wb.webview();
    await view.locator('[data-testid="node-host:compute-0"]').click();
    await view.locator('[data-testid="inspector"]').waitFor({ timeout: 10_000 });
    await view.locator('vscode-button', { hasText: 'Show in Text' }).click();
    const status = wb.page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+ \(\d+ selected\)/ }).first();
    await status.waitFor({ timeout: 15_000 });
    assert.equal(await wb.page.locator('.editor-group-container').count(), 2, 'text editor beside the graph');
    const m = /Ln (\d+), Col \d+ \((\d+) selected\)/.exec((await status.textContent()) ?? '');
    assert.ok(m, 'a selection in the text editor');
    // The selection ends on the host's last line (its interface) and spans its whole item.
    const start = lineOf('- name: compute-0');
    assert.equal(Number(m[1]), start + 4);
    assert.ok(Number(m[2]) > 100, `selected ${m[2]} characters`);
  });

  it('typing in the text editor redraws the graph (unsaved), and opening never saved anything', async () => {
    await wb.goToLine(lineOf('- name: compute-0'), 22);
    await wb.page.keyboard.type('9');
    await wb.webview().locator('[data-testid="node-host:compute-09"]').waitFor({ timeout: 15_000 });
    assert.equal(readFileSync(join(ws, FILE), 'utf8'), original, 'nothing written to disk');
  });

  it('broken YAML keeps the last graph, shows the error with its line and locks editing', async () => {
    await wb.goToLine(lineOf('role: worker'), 1);
    await wb.page.keyboard.type('  x: [');
    const banner = wb.webview().locator('[data-testid="parse-error"]');
    await banner.waitFor({ timeout: 15_000 });
    assert.match((await banner.textContent()) ?? '', /line \d+/i);
    assert.ok(
      await wb.webview().locator('[data-testid="node-host:compute-09"]').count(),
      'last good graph still drawn',
    );
    assert.ok(await wb.webview().locator('[data-testid="palette-host"][disabled]').count(), '+ Host is disabled');
    for (let i = 0; i < 8 && (await banner.count()); i++) {
      await wb.page.keyboard.press('Control+Z');
      await wb.page.waitForTimeout(300);
    }
    await banner.waitFor({ state: 'detached', timeout: 15_000 });
  });

  it('"Reveal in Topology Graph" selects the node under the text cursor', async () => {
    await wb.goToLine(lineOf('- name: compute-1') + 1, 8);
    await wb.runCommand('OKD Topology: Reveal in Topology Graph');
    const inspector = wb.webview().locator('[data-testid="inspector"][aria-label="Inspector: host compute-1"]');
    await inspector.waitFor({ timeout: 15_000 });
  });

  it('a problem\'s quick-fix menu offers "Reveal … in Topology Graph"', async () => {
    // The previous reveal left focus in the graph (it focuses the node shortly after selecting it);
    // Ctrl+. must reach the text editor, so take focus back once the graph has settled.
    const text = wb.page.locator('.editor-group-container').nth(1).locator('.monaco-editor .view-lines').first();
    for (let i = 0; i < 5; i++) {
      await text.click();
      await wb.page.waitForTimeout(700);
      const inText = await wb.page.evaluate(() => {
        const a = (
          globalThis as unknown as {
            document: { activeElement: { tagName: string; closest(q: string): unknown } | null };
          }
        ).document.activeElement;
        return !!a && a.tagName === 'TEXTAREA' && !!a.closest('.monaco-editor');
      });
      if (inText) break;
    }
    await wb.goToLine(lineOf('gateway: 192.168.200.70'), 17);
    await wb.quickFix(/Reveal network okd in Topology Graph/);
    await wb
      .webview()
      .locator('[data-testid="inspector"][aria-label="Inspector: network okd"]')
      .waitFor({ timeout: 15_000 });
  });

  it('"Reveal in Topology Graph" brings a hidden graph back and selects the node', async () => {
    // Hide the graph behind another file in its group, then reveal from the text beside it.
    // Take focus out of the graph (it grabbed it for the selection), then hide the graph.
    await wb.page.locator('.editor-group-container').nth(1).locator('.monaco-editor .view-lines').first().click();
    await wb.runCommand('View: Focus First Editor Group');
    await wb.runCommand('File: New Untitled Text File');
    await wb.page
      .locator('iframe.webview.ready:visible')
      .waitFor({ state: 'detached', timeout: 10_000 })
      .catch(() => undefined);
    assert.equal(await wb.page.locator('iframe.webview.ready:visible').count(), 0, 'the graph is hidden');
    await wb.page.locator('.editor-group-container').nth(1).locator('.monaco-editor .view-lines').first().click();
    await wb.goToLine(lineOf('- name: compute-2') + 1, 8);
    await wb.runCommand('OKD Topology: Reveal in Topology Graph');
    await wb
      .webview()
      .locator('[data-testid="inspector"][aria-label="Inspector: host compute-2"]')
      .waitFor({ timeout: 30_000 });
  });

  for (const format of ['SVG', 'PNG'] as const) {
    it(`exports the diagram as ${format} through a save dialog next to the file`, async () => {
      await wb.webview().locator('vscode-button', { hasText: format }).click();
      const input = wb.quickInput().locator('input');
      await input.waitFor({ timeout: 30_000 });
      const target = join(ws, 'okd-upi-lab', `cluster.okd.${format.toLowerCase()}`);
      // The simple save dialog fills its path in steps; wait for the suggested file name.
      for (let i = 0; i < 40 && (await input.inputValue()) !== target; i++) await wb.page.waitForTimeout(250);
      assert.equal(await input.inputValue(), target);
      await input.press('Enter');
      for (let i = 0; i < 40 && !existsSync(target); i++) await wb.page.waitForTimeout(250);
      const bytes = readFileSync(target);
      if (format === 'SVG') assert.match(bytes.toString('utf8', 0, 200), /<svg[\s>]/);
      else assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    });
  }

  it('"Open as Text" replaces the graph with the YAML editor', async () => {
    await wb.page.keyboard.press('Escape');
    await wb.page
      .locator('.editor-group-container')
      .first()
      .locator('.tabs-container .tab', { hasText: 'cluster.okd.yaml' })
      .last()
      .click();
    await wb.page.waitForTimeout(500);
    const before = await wb.page.locator('.editor-group-container').first().locator('.monaco-editor:visible').count();
    await wb.runCommand('OKD Topology: Open as Text');
    await wb.page
      .locator('.editor-group-container')
      .first()
      .locator('.monaco-editor:visible')
      .first()
      .waitFor({ timeout: 15_000 });
    assert.equal(before, 0, 'the graph was the active editor of the first group');
  });
});

function readSettings(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

describe('e2e: okdTopology.editor.openByDefault', function () {
  this.timeout(240_000);

  it('opens *.okd.yaml files in the graph editor when set', async () => {
    const ws = copyExamples();
    // The harness defaults the association to the text editor; the setting must override it.
    const wb = await Workbench.open({ workspace: ws, settings: { 'okdTopology.editor.openByDefault': true } });
    try {
      // The extension mirrors the setting into workbench.editorAssociations once it activates.
      const settingsFile = join(wb.cs.userDataDir, 'User', 'settings.json');
      for (let i = 0; i < 120 && !readSettings(settingsFile).includes('okdTopology.topologyEditor'); i++)
        await wb.page.waitForTimeout(250);
      assert.match(readSettings(settingsFile), /"\*\.okd\.yaml":\s*"okdTopology\.topologyEditor"/);
      await wb.openFile('k3s-metallb/cluster.okd.yaml');
      await wb.webview().locator('[data-testid="node-host:svc"]').waitFor({ timeout: 60_000 });
      assert.equal(
        await wb.page.locator('.editor-group-container.active .monaco-editor:visible').count(),
        0,
        'no text editor opened',
      );
    } catch (e) {
      await wb.recordFailure('openByDefault');
      throw e;
    } finally {
      await wb.close();
      removeWorkspace(ws);
    }
  });
});
