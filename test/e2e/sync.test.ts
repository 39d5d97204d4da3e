// Text → graph in a real workbench: with the YAML on the left and the topology editor on the right,
// typing in the (unsaved) text renames the node in the graph; breaking the YAML freezes the graph on its
// last good state with a banner naming the line; undo brings everything back. The file is never written.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useWorkbench } from './support/session';

const FILE = 'k3s-metallb/cluster.okd.yaml';

describe('e2e: text edits reach the graph', function () {
  this.timeout(360_000);
  let original: string;

  const lineOf = (needle: string) => original.split('\n').findIndex((l) => l.includes(needle)) + 1;
  const leftEditor = () => session.wb.page.locator('.editor-group-container').first().locator('.monaco-editor').first();

  const session = useWorkbench({
    file: FILE,
    open: { settings: { 'editor.minimap.enabled': false } },
    prepare: (ws) => {
      original = readFileSync(join(ws, FILE), 'utf8');
    },
    ready: async (wb) => {
      await wb.runCommand('View: Split Editor Right');
      await wb.runCommand('OKD Topology: Open Topology Editor');
      await wb.webview().locator('[data-testid="node-host:server-0"]').waitFor({ timeout: 30_000 });
    },
  });

  it('renaming a host in the unsaved text renames its node in the graph', async () => {
    const line = lineOf('- name: server-0');
    assert.ok(line > 0);
    await leftEditor().click({ position: { x: 300, y: 100 } });
    await session.wb.goToLine(line, original.split('\n')[line - 1].indexOf('server-0') + 1 + 'server-'.length);
    await session.wb.page.keyboard.press('Shift+ArrowRight');
    await session.wb.page.keyboard.type('7');
    const view = session.wb.webview();
    await view.locator('[data-testid="node-host:server-7"]').waitFor({ timeout: 10_000 });
    await view.locator('[data-testid="node-host:server-0"]').waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(readFileSync(join(session.ws, FILE), 'utf8'), original, 'nothing saved');
    await leftEditor().click({ position: { x: 300, y: 100 } });
    await session.wb.page.keyboard.press('Control+Z');
    await view.locator('[data-testid="node-host:server-0"]').waitFor({ timeout: 10_000 });
  });

  it('broken YAML keeps the last good graph and shows the error line; undo clears it', async () => {
    const line = lineOf('hosts:');
    await leftEditor().click({ position: { x: 300, y: 100 } });
    // `hosts: [` — an unclosed flow sequence. Typed at the end of the line, every intermediate text is
    // either the same valid document or broken, so the last good graph is the original one.
    await session.wb.goToLine(line, 'hosts:'.length + 1);
    await session.wb.page.keyboard.type(' [');
    const view = session.wb.webview();
    const banner = view.locator('[data-testid="parse-error"]');
    await banner.waitFor({ timeout: 10_000 });
    const text = await banner.innerText();
    const reported = Number(/line (\d+)/.exec(text)?.[1]);
    // `hosts: []` is valid on its own; the parser trips on the list item under it.
    assert.ok(
      reported === line || reported === line + 1,
      `banner names line ${reported}, expected ${line} or ${line + 1}: ${text}`,
    );
    // Last good state: the nodes are still drawn and editing is off.
    await view.locator('[data-testid="node-host:server-0"]').waitFor({ timeout: 5_000 });
    assert.equal(
      await view.locator('[data-testid="palette-host"]').getAttribute('disabled'),
      '',
      'palette locked while broken',
    );
    await session.wb.screenshot('graph-parse-error');
    await leftEditor().click({ position: { x: 300, y: 100 } });
    for (let i = 0; i < 3 && (await banner.count()) > 0; i++) {
      await session.wb.page.keyboard.press('Control+Z');
      await banner.waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
    }
    await banner.waitFor({ state: 'detached', timeout: 5_000 });
    await view.locator('[data-testid="palette-host"]:not([disabled])').waitFor({ timeout: 5_000 });
    assert.equal(readFileSync(join(session.ws, FILE), 'utf8'), original, 'nothing saved');
  });
});
