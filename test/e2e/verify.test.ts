// "OKD Topology: Verify Lab" in a real workbench. The topology's lab is 127.77.0.0/24 on this
// machine's loopback, where nothing the topology declares serves (and SSH goes to a closed port), so
// every probe answers quickly and fails: the test follows those failures through the UI — the progress
// notification's result, the Verify Lab tree, the output channel with the commands to try by hand,
// and red badges on the graph.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useWorkbench } from './support/session';

const FILE = 'verify-lab/cluster.okd.yaml';
const TOPOLOGY = `# Verify Lab e2e: the lab is 127.77.0.0/24 on this machine's loopback, where nothing serves.
version: 1
cluster:
  name: lab
  baseDomain: home.arpa
  platform: k3s
networks:
  - name: lan
    cidr: 127.77.0.0/24
    gateway: 127.77.0.1
    dns: [127.77.0.2]
    dhcp:
      range: 127.77.0.50-127.77.0.99
hosts:
  - name: svc
    role: services
    interfaces:
      - { network: lan, ip: 127.77.0.2, mac: "52:54:00:aa:00:02" }
    ssh: { host: 127.77.0.2, port: 1, user: root }
  - name: server-0
    role: master
    interfaces:
      - { network: lan, ip: 127.77.0.10, mac: "52:54:00:aa:00:10" }
services:
  dhcp: { host: svc }
  dns: { host: svc }
  ntp: { host: svc }
`;

describe('e2e: Verify Lab', function () {
  this.timeout(360_000);
  const session = useWorkbench({
    file: FILE,
    prepare: (ws) => {
      mkdirSync(join(ws, 'verify-lab'), { recursive: true });
      writeFileSync(join(ws, FILE), TOPOLOGY);
    },
  });

  it('reports in a notification, the Verify Lab tree and the output channel, and puts red badges on the graph', async () => {
    const { page } = session.wb;
    await session.wb.runCommand('OKD Topology: Verify Lab');
    const toast = page
      .locator('.notifications-toasts .notification-toast', {
        hasText: /Verify Lab: \d+ checks: \d+ passed, [1-9]\d* failed/,
      })
      .first();
    await toast.waitFor({ timeout: 90_000 });

    // The tree: the serving host with its failures, then its services.
    const tree = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Verify Lab' }) });
    const svc = tree.locator('.monaco-list-row', { hasText: 'svc' }).first();
    await svc.waitFor({ timeout: 30_000 });
    assert.match(await svc.innerText(), /failed/);
    assert.match(await tree.locator('.monaco-list-row', { hasText: 'DNS' }).first().innerText(), /DNS\s*\d+ failed/);

    // The output channel: each failure with the command that asks the same question by hand.
    await toast.locator('.monaco-button', { hasText: 'Show Failures' }).click();
    const output = page.locator('.part.panel .monaco-editor .view-lines');
    await output.filter({ hasText: 'try: chronyd -Q' }).first().waitFor({ timeout: 30_000 });
    // Monaco draws spaces as no-break spaces.
    const text = (await output.first().innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /FAIL svc · NTP: ntp 127\.77\.0\.2:123/);

    // The graph: the services host is red, its DNS chip too.
    await session.wb.openFile(FILE);
    await session.wb.runCommand('OKD Topology: Open Topology Editor');
    const view = session.wb.webview();
    const badge = view.locator('[data-testid="node-host:svc"] [data-testid="verify-badge"]');
    await badge.waitFor({ timeout: 30_000 });
    assert.equal(await badge.getAttribute('data-state'), 'failed');
    assert.equal(
      await view
        .locator('[data-testid="node-host:svc"] .okd-chip', { hasText: 'dns' })
        .locator('[data-testid="verify-dot"]')
        .getAttribute('data-state'),
      'failed',
    );
    await session.wb.screenshot('verify-lab');
  });
});
