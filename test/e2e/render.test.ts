// "OKD Topology: Render Configs" in a real workbench writes every file the manifest lists, next to the
// topology, and the files are byte-identical to what the CLI renders from the same topology.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './support/workbench';
import { useWorkbench } from './support/session';

const FILE = 'okd-upi-lab/cluster.okd.yaml';

interface Manifest {
  source: string;
  cluster: string;
  files: { target: string; path: string; local: string; sha256: string; service: string; symlink?: boolean }[];
}

describe('e2e: Render Configs', function () {
  this.timeout(360_000);
  let cliOut: string;

  const session = useWorkbench({ file: FILE });
  after(() => {
    if (cliOut) rmSync(cliOut, { recursive: true, force: true });
  });

  it('writes rendered/ with a MANIFEST.json whose every file exists with the recorded hash', async () => {
    await session.wb.runCommand('OKD Topology: Render Configs');
    const toast = session.wb.page
      .locator('.notifications-toasts .notification-toast', { hasText: /Rendered \d+ files/ })
      .first();
    await toast.waitFor({ timeout: 30_000 });
    await session.wb.screenshot('render-configs');
    const out = join(session.ws, 'okd-upi-lab', 'rendered');
    const manifest = JSON.parse(readFileSync(join(out, 'MANIFEST.json'), 'utf8')) as Manifest;
    assert.equal(manifest.cluster, 'okd');
    assert.ok(manifest.files.length >= 5, `only ${manifest.files.length} files`);
    for (const f of manifest.files) {
      const p = join(out, f.local);
      if (f.symlink) {
        assert.ok(lstatSync(p).isSymbolicLink() || existsSync(p), `${f.local} missing`);
        continue;
      }
      assert.ok(existsSync(p), `${f.local} listed but not written`);
      assert.equal(createHash('sha256').update(readFileSync(p)).digest('hex'), f.sha256, `${f.local} hash`);
    }
    // The services host gets a dhcpd.conf with a reservation for master-0's MAC.
    const dhcp = manifest.files.find((f) => f.target === 'services' && f.path.endsWith('dhcpd.conf'));
    assert.ok(dhcp, 'no dhcpd.conf for the services host');
    assert.match(readFileSync(join(out, dhcp.local), 'utf8'), /f8:75:a4:ac:03:00/);
    const text = await toast.innerText();
    assert.match(text, new RegExp(`Rendered ${manifest.files.length} files`));
    await session.wb.openFile(`okd-upi-lab/rendered/${dhcp.local}`);
    await session.wb.editor().locator('.view-lines', { hasText: 'subnet' }).waitFor({ timeout: 10_000 });
    await session.wb.screenshot('rendered-dhcpd');
  });

  it('matches `okd-topology render` from the CLI byte for byte', () => {
    cliOut = mkdtempSync(join(tmpdir(), 'okd-e2e-cli-'));
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'bin', 'okd-topology.js'), 'render', join(session.ws, FILE), '--out', cliOut],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    const cli = JSON.parse(readFileSync(join(cliOut, 'MANIFEST.json'), 'utf8')) as Manifest;
    const ide = JSON.parse(
      readFileSync(join(session.ws, 'okd-upi-lab', 'rendered', 'MANIFEST.json'), 'utf8'),
    ) as Manifest;
    const key = (m: Manifest) => m.files.map((f) => `${f.local} ${f.sha256}`).sort();
    assert.deepEqual(ide.files.map((f) => f.local).sort(), cli.files.map((f) => f.local).sort(), 'same file list');
    // Name the first differing line of each differing file, so a failure says what differs.
    const diffs: string[] = [];
    for (const f of cli.files.filter((x) => !x.symlink)) {
      const a = readFileSync(join(session.ws, 'okd-upi-lab', 'rendered', f.local), 'utf8').split('\n');
      const b = readFileSync(join(cliOut, f.local), 'utf8').split('\n');
      const i = a.findIndex((l, n) => l !== b[n]);
      if (i >= 0 || a.length !== b.length)
        diffs.push(`${f.local}:${i + 1}: VS Code ${JSON.stringify(a[i])} vs CLI ${JSON.stringify(b[i])}`);
    }
    assert.deepEqual(diffs, [], 'rendered files differ');
    assert.deepEqual(key(ide), key(cli));
    for (const f of cli.files.filter((x) => x.symlink)) {
      assert.equal(
        readlinkSync(join(session.ws, 'okd-upi-lab', 'rendered', f.local)),
        readlinkSync(join(cliOut, f.local)),
      );
    }
  });

  /** Counts matches of `text` in the active editor with the find widget (Monaco renders only visible lines). */
  async function matchesInActiveEditor(text: string): Promise<string> {
    await session.wb.page.keyboard.press('Control+F');
    const input = session.wb.page
      .locator(
        '.editor-group-container.active .find-widget textarea, .editor-group-container.active .find-widget input',
      )
      .first();
    await input.waitFor({ timeout: 10_000 });
    await input.fill(text);
    const count = session.wb.page.locator('.editor-group-container.active .find-widget .matchesCount');
    await session.wb.page.waitForTimeout(300);
    const result = (await count.innerText()).trim();
    await session.wb.page.keyboard.press('Escape');
    return result;
  }

  /** The language the status bar shows for the active editor (VS Code's "Select Language Mode" item). */
  async function languageShown(expected: RegExp): Promise<string> {
    const mode = session.wb.page.locator('[id="status.editor.mode"]');
    let text = '';
    for (let i = 0; i < 20 && !expected.test(text); i++) {
      text = (await mode.innerText().catch(() => '')).trim();
      if (!expected.test(text)) await session.wb.page.waitForTimeout(250);
    }
    return text;
  }

  it('Preview Rendered File follows unsaved edits of the topology; Compare with Rendered on Disk opens a diff', async () => {
    await session.wb.page.locator('.tabs-container .tab', { hasText: 'cluster.okd.yaml' }).first().click();
    await session.wb.activeTab('cluster.okd.yaml').waitFor({ timeout: 10_000 });
    await session.wb.runCommand('OKD Topology: Preview Rendered File');
    await session.wb.pick(/dhcpd\.conf/);
    await session.wb.page
      .locator('.editor-group-container.active .tab.active', { hasText: 'dhcpd.conf' })
      .waitFor({ timeout: 15_000 });
    // Not "Properties", VS Code's guess for *.conf (issue 13).
    assert.equal(await languageShown(/^Plain Text$/), 'Plain Text');
    assert.match(await matchesInActiveEditor('f8:75:a4:ac:03:00'), /^1 of 1/);
    // Change master-0's MAC in the topology without saving: the preview re-renders from the buffer.
    await session.wb.page.keyboard.press('Control+1');
    await session.wb.page.keyboard.press('Control+H');
    const find = session.wb.page.locator('.editor-group-container.active .find-widget');
    await find.waitFor({ timeout: 10_000 });
    await find.locator('.find-part textarea, .find-part input').first().fill('f8:75:a4:ac:03:00');
    await find.locator('.replace-part textarea, .replace-part input').first().fill('f8:75:a4:ac:03:99');
    await session.wb.page.keyboard.press('Control+Alt+Enter');
    await session.wb.page.keyboard.press('Escape');
    await session.wb.page
      .locator('.tabs-container .tab.dirty', { hasText: 'cluster.okd.yaml' })
      .first()
      .waitFor({ timeout: 10_000 });
    await session.wb.page.keyboard.press('Control+2');
    let seen = '';
    for (let i = 0; i < 20 && !/^1 of 1/.test(seen); i++) {
      seen = await matchesInActiveEditor('f8:75:a4:ac:03:99');
      if (!/^1 of 1/.test(seen)) await session.wb.page.waitForTimeout(500);
    }
    assert.match(seen, /^1 of 1/, 'the preview shows the unsaved MAC');
    assert.match(await matchesInActiveEditor('f8:75:a4:ac:03:00'), /No results|^0/);
    await session.wb.screenshot('preview-live');

    // On disk is the earlier render; the diff shows it against what the buffer renders now.
    await session.wb.page.keyboard.press('Control+1');
    await session.wb.runCommand('OKD Topology: Compare with Rendered on Disk');
    // The picker says which files differ from the disk (the MAC changed only dhcpd.conf's content).
    const row = session.wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'dhcpd.conf' }).first();
    await row.waitFor({ timeout: 10_000 });
    assert.match(await row.innerText(), /differs/);
    await session.wb.pick(/dhcpd\.conf/);
    await session.wb.page
      .locator('.tab.active', { hasText: /dhcpd\.conf.*on disk ↔ rendered now/ })
      .first()
      .waitFor({ timeout: 15_000 });
    await session.wb.page.locator('.monaco-diff-editor').first().waitFor({ timeout: 15_000 });
    await session.wb.screenshot('compare-on-disk');
  });

  it('Preview Rendered File opens a YAML manifest as YAML', async () => {
    await session.wb.page.locator('.tabs-container .tab', { hasText: 'cluster.okd.yaml' }).first().click();
    await session.wb.activeTab('cluster.okd.yaml').waitFor({ timeout: 10_000 });
    await session.wb.runCommand('OKD Topology: Preview Rendered File');
    // The list is virtual (only the rows in view exist): filter it as a user would.
    const filter = session.wb.quickInput().locator('input[placeholder^="Preview which rendered file"]');
    await filter.waitFor({ timeout: 15_000 });
    await filter.fill('install-config');
    await session.wb.pick(/install-config\.yaml/);
    await session.wb.page
      .locator('.editor-group-container.active .tab.active', { hasText: 'install-config.yaml' })
      .waitFor({ timeout: 15_000 });
    assert.equal(await languageShown(/^YAML$/), 'YAML');
    await session.wb.screenshot('preview-yaml');
  });

  it('Render Configs refuses a folder holding a file it did not write, and overwrites an edited file only when confirmed', async () => {
    const out = join(session.ws, 'okd-upi-lab', 'rendered');
    const notes = join(out, 'services', 'my-notes.txt');
    writeFileSync(notes, 'mine\n');
    const focusTopology = async () => {
      await session.wb.page.locator('.tabs-container .tab', { hasText: 'cluster.okd.yaml' }).first().click();
      await session.wb.activeTab('cluster.okd.yaml').waitFor({ timeout: 10_000 });
    };
    await focusTopology();
    await session.wb.runCommand('OKD Topology: Render Configs');
    await session.wb.page
      .locator('.notifications-toasts .notification-toast', {
        hasText: /holds files okd-topology did not write.*services\/my-notes\.txt.*Nothing was written/,
      })
      .first()
      .waitFor({ timeout: 30_000 });
    await session.wb.screenshot('render-refuses-foreign');
    assert.equal(readFileSync(notes, 'utf8'), 'mine\n');
    rmSync(notes);
    const manifest = JSON.parse(readFileSync(join(out, 'MANIFEST.json'), 'utf8')) as Manifest;
    const chrony = manifest.files.find((f) => f.local.endsWith('chrony.conf') && !f.symlink)!;
    writeFileSync(join(out, chrony.local), `${readFileSync(join(out, chrony.local), 'utf8')}# my edit\n`);
    await focusTopology();
    await session.wb.runCommand('OKD Topology: Render Configs');
    const dialog = session.wb.page
      .locator('.monaco-dialog-box', { hasText: /were edited since they were rendered/ })
      .first();
    await dialog.waitFor({ timeout: 30_000 });
    assert.match(await dialog.innerText(), new RegExp(chrony.local.replace(/[.]/g, '\\.')));
    await dialog
      .locator('.monaco-button', { hasText: /^Overwrite Edits$/ })
      .first()
      .click();
    let text = '';
    for (let i = 0; i < 60 && /# my edit/.test((text = readFileSync(join(out, chrony.local), 'utf8'))); i++)
      await session.wb.page.waitForTimeout(500);
    assert.doesNotMatch(text, /# my edit/, 'the confirmed render replaced the edited file');
  });
});
