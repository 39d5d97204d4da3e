// The topology editor in a real workbench: "Open Topology Editor" draws every host, network and pool of
// the example; "+ Host" in the graph adds one host to the YAML (a minimal edit); VS Code's undo restores
// the file byte for byte; commands from the palette act on the focused graph's file.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { useWorkbench } from './support/session';

const FILE = 'okd-upi-lab/cluster.okd.yaml';
const YML = 'k3s-metallb/lab.okd.yml';

interface Doc {
  hosts: { name: string }[];
  networks: { name: string }[];
  pools?: { name: string }[];
  vips?: { name: string }[];
}

describe('e2e: topology editor', function () {
  this.timeout(360_000);
  let original: string;

  const session = useWorkbench({
    file: FILE,
    prepare: (ws) => {
      original = readFileSync(join(ws, FILE), 'utf8');
      // The same topology under the other ending: everything must work for it too.
      writeFileSync(join(ws, YML), readFileSync(join(ws, 'k3s-metallb/cluster.okd.yaml'), 'utf8'));
    },
  });

  it('opens from the command palette and draws every host, network and pool', async () => {
    await session.wb.runCommand('OKD Topology: Open Topology Editor');
    const view = session.wb.webview();
    const doc = load(original) as Doc;
    const expected = [
      ...doc.networks.map((n) => `network:${n.name}`),
      ...doc.hosts.map((h) => `host:${h.name}`),
      ...(doc.pools ?? []).map((p) => `pool:${p.name}`),
      ...(doc.vips ?? []).map((v) => `vip:${v.name}`),
    ];
    await view.locator(`[data-testid="node-${expected[0]}"]`).waitFor({ timeout: 30_000 });
    const missing: string[] = [];
    for (const id of expected) if ((await view.locator(`[data-testid="node-${id}"]`).count()) === 0) missing.push(id);
    assert.deepEqual(missing, [], 'nodes missing from the graph');
    // Opening never changes the file.
    assert.equal(readFileSync(join(session.ws, FILE), 'utf8'), original);
    await session.wb.page.waitForTimeout(500); // let the layout settle for the screenshot
    await session.wb.screenshot('topology-editor');
  });

  it('"+ Host" in the graph adds exactly one host to the YAML, leaving every other line as it was', async () => {
    const view = session.wb.webview();
    const before = (load(original) as Doc).hosts.map((h) => h.name);
    await view.locator('[data-testid="palette-host"]').click();
    await session.wb.page.locator('.tabs-container .tab.active.dirty').waitFor({ timeout: 10_000 });
    await session.wb.save();
    const text = readFileSync(join(session.ws, FILE), 'utf8');
    const after = (load(text) as Doc).hosts.map((h) => h.name);
    assert.equal(after.length, before.length + 1, 'one host more');
    const added = after.filter((n) => !before.includes(n));
    assert.equal(added.length, 1);
    await view.locator(`[data-testid="node-host:${added[0]}"]`).waitFor({ timeout: 10_000 });
    // Minimal edit: the original lines all survive, in order (only new lines were inserted).
    const newLines = text.split('\n');
    let i = 0;
    for (const line of original.split('\n')) {
      while (i < newLines.length && newLines[i] !== line) i++;
      assert.ok(i < newLines.length, `original line changed or lost: ${JSON.stringify(line)}`);
      i++;
    }
    await session.wb.screenshot('topology-editor-added-host');
  });

  it('undo (Ctrl+Z) restores the file byte for byte and removes the node', async () => {
    const view = session.wb.webview();
    const added = (load(readFileSync(join(session.ws, FILE), 'utf8')) as Doc).hosts
      .map((h) => h.name)
      .filter((n) => !original.includes(`name: ${n}\n`));
    await view
      .locator('.react-flow__pane, [data-testid="search"]')
      .first()
      .click({ position: { x: 5, y: 5 } })
      .catch(() => undefined);
    await session.wb.page.keyboard.press('Control+Z');
    await session.wb.page.locator('.tabs-container .tab.active.dirty').waitFor({ timeout: 10_000 });
    await session.wb.save();
    assert.equal(readFileSync(join(session.ws, FILE), 'utf8'), original, 'undo restored the original text');
    for (const n of added)
      await view.locator(`[data-testid="node-host:${n}"]`).waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('Render Configs from the palette acts on the focused graph\'s file without asking "Which topology?" (issue 13)', async () => {
    // The workspace holds three topologies; the graph of okd-upi-lab has the focus.
    await session.wb.webview().locator('[data-testid="action-fit"]').click();
    await session.wb.runCommand('OKD Topology: Render Configs');
    const toast = session.wb.page
      .locator('.notifications-toasts .notification-toast', { hasText: /Rendered \d+ files/ })
      .first();
    await toast.waitFor({ timeout: 30_000 });
    assert.equal(await session.wb.page.locator('.quick-input-widget', { hasText: 'Which topology?' }).count(), 0);
    assert.ok(
      existsSync(join(session.ws, 'okd-upi-lab', 'rendered', 'MANIFEST.json')),
      "rendered next to the graph's file",
    );
    assert.ok(
      !existsSync(join(session.ws, 'k3s-metallb', 'rendered')) && !existsSync(join(session.ws, 'okd-ipi', 'rendered')),
    );
  });

  it('a .okd.yml file opens in the graph editor like a .okd.yaml one', async () => {
    await session.wb.openFile(YML);
    await session.wb.runCommand('OKD Topology: Open Topology Editor');
    const hosts = (load(readFileSync(join(session.ws, YML), 'utf8')) as Doc).hosts.map((h) => h.name);
    const view = session.wb.webview();
    for (const h of hosts) await view.locator(`[data-testid="node-host:${h}"]`).waitFor({ timeout: 30_000 });
  });
});
