// Text → graph in a real workbench: with the YAML on the left and the topology editor on the right,
// typing in the (unsaved) text renames the node in the graph; breaking the YAML freezes the graph on its
// last good state with a banner naming the line; undo brings everything back. The file is never written.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workbench, copyExamples, removeWorkspace } from './support/workbench';

const FILE = 'k3s-metallb/cluster.okd.yaml';

describe('e2e: text edits reach the graph', function () {
  this.timeout(360_000);
  let wb: Workbench;
  let ws: string;
  let original: string;

  const lineOf = (needle: string) => original.split('\n').findIndex((l) => l.includes(needle)) + 1;
  const leftEditor = () => wb.page.locator('.editor-group-container').first().locator('.monaco-editor').first();

  before(async () => {
    ws = copyExamples();
    original = readFileSync(join(ws, FILE), 'utf8');
    wb = await Workbench.open({ workspace: ws, settings: { 'editor.minimap.enabled': false } });
    await wb.openFile(FILE);
    await wb.runCommand('View: Split Editor Right');
    await wb.runCommand('OKD Topology: Open Topology Editor');
    await wb.webview().locator('[data-testid="node-host:server-0"]').waitFor({ timeout: 30_000 });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb?.recordFailure(this.currentTest.fullTitle());
  });
  after(async () => {
    await wb?.close();
    removeWorkspace(ws);
  });

  it('renaming a host in the unsaved text renames its node in the graph', async () => {
    const line = lineOf('- name: server-0');
    assert.ok(line > 0);
    await leftEditor().click({ position: { x: 300, y: 100 } });
    await wb.goToLine(line, original.split('\n')[line - 1].indexOf('server-0') + 1 + 'server-'.length);
    await wb.page.keyboard.press('Shift+ArrowRight');
    await wb.page.keyboard.type('7');
    const view = wb.webview();
    await view.locator('[data-testid="node-host:server-7"]').waitFor({ timeout: 10_000 });
    await view.locator('[data-testid="node-host:server-0"]').waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(readFileSync(join(ws, FILE), 'utf8'), original, 'nothing saved');
    await leftEditor().click({ position: { x: 300, y: 100 } });
    await wb.page.keyboard.press('Control+Z');
    await view.locator('[data-testid="node-host:server-0"]').waitFor({ timeout: 10_000 });
  });

  it('broken YAML keeps the last good graph and shows the error line; undo clears it', async () => {
    const line = lineOf('hosts:');
    await leftEditor().click({ position: { x: 300, y: 100 } });
    // `hosts: [` — an unclosed flow sequence. Typed at the end of the line, every intermediate text is
    // either the same valid document or broken, so the last good graph is the original one.
    await wb.goToLine(line, 'hosts:'.length + 1);
    await wb.page.keyboard.type(' [');
    const view = wb.webview();
    const banner = view.locator('[data-testid="parse-error"]');
    await banner.waitFor({ timeout: 10_000 });
    const text = await banner.innerText();
    const reported = Number(/line (\d+)/.exec(text)?.[1]);
    // `hosts: []` is valid on its own; the parser trips on the list item under it.
    assert.ok(reported === line || reported === line + 1, `banner names line ${reported}, expected ${line} or ${line + 1}: ${text}`);
    // Last good state: the nodes are still drawn and editing is off.
    await view.locator('[data-testid="node-host:server-0"]').waitFor({ timeout: 5_000 });
    assert.equal(await view.locator('[data-testid="palette-host"]').getAttribute('disabled'), '', 'palette locked while broken');
    await wb.screenshot('graph-parse-error');
    await leftEditor().click({ position: { x: 300, y: 100 } });
    for (let i = 0; i < 3 && (await banner.count()) > 0; i++) {
      await wb.page.keyboard.press('Control+Z');
      await banner.waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
    }
    await banner.waitFor({ state: 'detached', timeout: 5_000 });
    await view.locator('[data-testid="palette-host"]:not([disabled])').waitFor({ timeout: 5_000 });
    assert.equal(readFileSync(join(ws, FILE), 'utf8'), original, 'nothing saved');
  });
});
