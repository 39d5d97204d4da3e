// "OKD Topology: Deploy…" in a real workbench against a real OpenSSH server on 127.0.0.1: every host of
// the topology is reached through ~/.ssh/config (key + known_hosts), files land under the remote-root
// setting with the rendered content, and the result is reported as a success.
//
// Contract this test relies on (src/vscode deploy adapter):
//  - a setting whose key ends in `remoteRoot` (package.json contributes.configuration) that prefixes
//    every remote path, like the CLI's --remote-root. Without it the test refuses to run, so a deploy
//    can never write into this machine's real /etc.
//  - the command asks the phase (Enter: hosts) then the hosts with quick picks (Enter: every host), opens the whole
//    plan in a read-only document beside, and confirms with a short modal whose focused button is
//    "Review Plan" (Enter deploys nothing; a notification offers "Deploy…" again) and that has a
//    "Deploy" button; it ends with a notification saying the hosts were deployed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workbench, removeWorkspace, ROOT } from './support/workbench';
import { LoopbackSshd } from './support/loopback-sshd';

function topology(port: number): string {
  return `# Deploy e2e: both hosts are reached over SSH on 127.0.0.1; dhcp/ntp use staged validate/reload.
version: 1
cluster:
  name: lab
  baseDomain: home.arpa
  platform: k3s
networks:
  - name: lan
    cidr: 10.0.0.0/24
    gateway: 10.0.0.1
    dns: [10.0.0.2]
    domain: lab.home.arpa
    dhcp:
      range: 10.0.0.50-10.0.0.99
hosts:
  - name: svc
    role: services
    interfaces:
      - { network: lan, ip: 10.0.0.2, mac: "52:54:00:aa:00:02" }
    ssh: { host: 127.0.0.1, port: ${port}, user: root }
  - name: server-0
    role: master
    interfaces:
      - { network: lan, ip: 10.0.0.10, mac: "52:54:00:aa:00:10" }
    ssh: { host: 127.0.0.1, port: ${port}, user: root }
services:
  dhcp: { host: svc, validate: "test -s {file}", reload: "true" }
  ntp: { host: svc, upstream: [pool.ntp.org], validate: "test -s {file}", reload: "true" }
`;
}

function remoteRootSetting(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    contributes?: { configuration?: unknown };
  };
  const conf = pkg.contributes?.configuration;
  const sections = Array.isArray(conf) ? conf : conf ? [conf] : [];
  const keys = sections.flatMap((s: { properties?: Record<string, unknown> }) => Object.keys(s.properties ?? {}));
  const key = keys.find((k) => /deploy.*remoteRoot$/i.test(k)) ?? keys.find((k) => /remoteRoot$/i.test(k));
  if (!key) {
    throw new Error(
      "package.json contributes no `…remoteRoot` setting for Deploy; the e2e deploy test will not run a deploy that would write into this machine's real /etc",
    );
  }
  return key;
}

describe('e2e: Deploy… over SSH to a loopback sshd', function () {
  this.timeout(360_000);
  let wb: Workbench | undefined;
  let ws: string;
  let sshd: LoopbackSshd | undefined;
  let cliOut: string | undefined;

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb?.recordFailure(this.currentTest.fullTitle());
  });
  after(async () => {
    await wb?.close();
    await sshd?.stop();
    if (ws) removeWorkspace(ws);
    if (cliOut) rmSync(cliOut, { recursive: true, force: true });
  });

  it('deploys every rendered file of both hosts under the remote root and reports success', async () => {
    const setting = remoteRootSetting();
    sshd = await LoopbackSshd.start();
    ws = mkdtempSync(join(tmpdir(), 'okd-e2e-deploy-'));
    writeFileSync(join(ws, 'cluster.okd.yaml'), topology(sshd.port));
    wb = await Workbench.open({
      workspace: ws,
      settings: { [setting]: sshd.root },
      env: { HOME: sshd.home, SSH_AUTH_SOCK: '' },
    });
    await wb.openFile('cluster.okd.yaml');
    await wb.runCommand('OKD Topology: Deploy…');
    const page = wb.page;
    // First the phase (Enter takes the default, hosts), then the hosts (Enter: every host).
    await page
      .locator('.quick-input-widget input[placeholder="Deploy which phase?"]')
      .waitFor({ state: 'visible', timeout: 60_000 });
    await page.keyboard.press('Enter');
    await page
      .locator('.quick-input-widget input[placeholder="Deploy to which hosts?"]')
      .waitFor({ state: 'visible', timeout: 60_000 });
    await page.keyboard.press('Enter');

    // The confirmation: short (it fits the window), the plan readable beside it, and Enter does not deploy.
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 60_000 });
    await wb.screenshot('deploy-confirm');
    const box = await dialog.boundingBox();
    const viewport = page.viewportSize();
    assert.ok(
      box && viewport && box.height < viewport.height / 2,
      `the dialog is ${box?.height} px tall in a ${viewport?.height} px window`,
    );
    const buttons = await dialog.locator('.monaco-button').allInnerTexts();
    // svc's firewalld zone needs firewalld (its firewall-cmd is on the host's PATH): the install choice is offered.
    assert.deepEqual(buttons.map((b) => b.trim()).sort(), [
      'Cancel',
      'Deploy',
      'Deploy and Install Packages',
      'Review Plan',
    ]);
    const focused = await page.evaluate(() =>
      (
        globalThis as unknown as { document: { activeElement: { innerText?: string } | null } }
      ).document.activeElement?.innerText?.trim(),
    );
    assert.equal(focused, 'Review Plan', 'the focused (Enter) button deploys nothing');
    assert.match(await dialog.innerText(), /Deploy \d+ file\(s\) to 2 host\(s\) \(hosts phase\)\?/);
    assert.ok((await dialog.innerText()).includes(`svc: root@127.0.0.1:${sshd.port}`), 'the address really connected');
    const planTab = page.locator('.tabs-container .tab', { hasText: 'cluster.okd.yaml (deploy plan)' });
    assert.ok(await planTab.isVisible(), 'the plan is open in an editor');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
    const planText = await page
      .locator('.editor-instance .view-lines')
      .filter({ hasText: 'Deploy plan, phase' })
      .first()
      .innerText();
    assert.match(planText, new RegExp(`svc\\s+\\(root@127\\.0\\.0\\.1:${sshd.port}\\)`));
    const again = page
      .locator('.notifications-toasts .notification-toast', { hasText: 'deploy once you have read it' })
      .first();
    await again.waitFor({ state: 'visible', timeout: 10_000 });
    assert.ok(!existsSync(join(sshd.root, 'etc')), 'Enter deployed nothing');
    assert.equal(await planTab.count(), 1, 'reviewing shows the plan where it is, not in another column');

    await again.locator('.monaco-button', { hasText: 'Deploy…' }).click();
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    await dialog.locator('.monaco-button', { hasText: /^Deploy$/ }).click();
    const done = page.locator('.notifications-toasts .notification-toast', { hasText: /host\(s\) ok/i }).first();
    const failed = page
      .locator('.notifications-toasts .notification-toast', { hasText: /not deployed|fail|error|cannot|refus/i })
      .first();
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && !(await done.isVisible().catch(() => false))) {
      if (await failed.isVisible().catch(() => false)) assert.fail(`Deploy reported: ${await failed.innerText()}`);
      await page.waitForTimeout(300);
    }
    assert.ok(await done.isVisible(), 'no success notification within 2 minutes');
    await wb.screenshot('deploy-done');

    // What landed must be exactly what render produces for each host.
    cliOut = mkdtempSync(join(tmpdir(), 'okd-e2e-deploy-render-'));
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'bin', 'okd-topology.js'), 'render', join(ws, 'cluster.okd.yaml'), '--out', cliOut],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    const manifest = JSON.parse(readFileSync(join(cliOut, 'MANIFEST.json'), 'utf8')) as {
      files: { target: string; path: string; local: string }[];
    };
    const hostFiles = manifest.files.filter((f) => f.target !== 'cluster');
    assert.ok(hostFiles.some((f) => f.target === 'svc') && hostFiles.some((f) => f.target === 'server-0'));
    for (const f of hostFiles) {
      const remote = join(sshd.root, f.path);
      assert.ok(existsSync(remote), `${f.target}:${f.path} not deployed`);
      assert.equal(
        readFileSync(remote, 'utf8'),
        readFileSync(join(cliOut, f.local), 'utf8'),
        `${f.target}:${f.path} content`,
      );
    }
  });
});
