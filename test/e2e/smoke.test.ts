// The packaged VSIX installs into a real code-server, activates, and its walkthrough command creates a
// topology from a template.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/core/analyze';
import { ROOT } from './support/workbench';
import { useWorkbench } from './support/session';

describe('e2e: extension in code-server (smoke)', function () {
  this.timeout(360_000);

  const session = useWorkbench();

  it("lists the extension's commands in the command palette", async () => {
    await session.wb.page.keyboard.press('F1');
    const qi = session.wb.quickInput();
    await qi.locator('input').fill('>OKD Topology:');
    const rows = qi.locator('.monaco-list-row', { hasText: 'OKD Topology:' });
    await rows.first().waitFor({ timeout: 20_000 });
    const labels = await rows.allInnerTexts();
    assert.ok(
      labels.some((l) => l.includes('New Cluster Topology')),
      `palette rows: ${labels.join(' | ')}`,
    );
    await session.wb.screenshot('palette');
    await session.wb.page.keyboard.press('Escape');
  });

  it('activates and creates a k3s + MetalLB topology from the template (New Cluster Topology…)', async () => {
    await session.wb.runCommand('OKD Topology: New Cluster Topology…');
    // The quick pick is filled by the extension itself, so seeing it proves activation.
    await session.wb.pick('Example: k3s + MetalLB');
    await session.wb.answer(); // default file name: cluster.okd.yaml in the workspace root
    const created = join(session.ws, 'cluster.okd.yaml');
    await session.wb.activeTab('cluster.okd.yaml').waitFor({ timeout: 15_000 });
    assert.ok(existsSync(created), 'cluster.okd.yaml was not written to the workspace');
    assert.equal(
      readFileSync(created, 'utf8'),
      readFileSync(join(ROOT, 'examples', 'k3s-metallb', 'cluster.okd.yaml'), 'utf8'),
    );
    await session.wb.screenshot('new-topology');
  });

  it('New Cluster Topology… from answers: a fresh k3s file the checks accept', async () => {
    const { wb } = session;
    await wb.runCommand('OKD Topology: New Cluster Topology…');
    await wb.pick('Answer a few questions');
    await wb.pick(/^k3s/);
    const qi = wb.quickInput();
    // One input box after another: wait for each prompt, type, Enter, and see the prompt go.
    const step = async (prompt: string, value?: string): Promise<void> => {
      // A RegExp matches case-sensitively (a string would find "Machine network" in "Gateway of the machine network").
      const box = qi.filter({ hasText: new RegExp(prompt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
      await box.waitFor({ timeout: 15_000 });
      if (value !== undefined) await qi.locator('input').fill(value);
      await wb.page.waitForTimeout(300);
      await qi.locator('input').press('Enter');
      await box.waitFor({ state: 'detached', timeout: 10_000 });
    };
    await step('Cluster name', 'home');
    await step('Base domain');
    await step('Machine network', '10.20.0.0/24');
    await step('Gateway');
    await step('services host');
    await step('How many masters', '1');
    await step('How many workers');
    await step('How many infra');
    await wb.pick('Bare metal');
    await wb.answer('home.okd.yaml');
    await wb.activeTab('home.okd.yaml').waitFor({ timeout: 15_000 });
    const text = readFileSync(join(session.ws, 'home.okd.yaml'), 'utf8');
    assert.match(text, /platform: k3s/);
    assert.match(text, /gateway: 10\.20\.0\.1\b/);
    assert.match(text, /ip: 10\.20\.0\.254, mac/);
    const r = analyze(text);
    assert.deepEqual(
      r.problems.filter((p) => p.severity === 'error').map((p) => p.message),
      [],
    );
    assert.equal(r.topology!.hosts.filter((h) => h.role === 'master').length, 1);
  });

  it('offers a free name the second time (cluster-2.okd.yaml) and never overwrites', async () => {
    await session.wb.runCommand('OKD Topology: New Cluster Topology…');
    await session.wb.pick('Example: OKD UPI lab');
    const value = await session.wb.inputValue();
    assert.equal(value, 'cluster-2.okd.yaml');
    await session.wb.answer();
    await session.wb.activeTab('cluster-2.okd.yaml').waitFor({ timeout: 15_000 });
    assert.equal(
      readFileSync(join(session.ws, 'cluster-2.okd.yaml'), 'utf8'),
      readFileSync(join(ROOT, 'examples', 'okd-upi-lab', 'cluster.okd.yaml'), 'utf8'),
    );
  });

  it('has a Get Started walkthrough whose first step creates a topology (OKD IPI)', async () => {
    await session.wb.runCommand('Welcome: Open Walkthrough...');
    await session.wb.pick('Get Started with OKD Topology');
    const page = session.wb.page.locator('.gettingStartedContainer');
    for (const title of [
      'Create a cluster topology',
      'Fix collisions as you type',
      'See it as a graph',
      'Render every config',
      'Deploy over SSH, with rollback',
    ]) {
      await page.getByText(title, { exact: true }).first().waitFor({ timeout: 15_000 });
    }
    await page.getByText('Create a cluster topology', { exact: true }).first().click();
    await session.wb.screenshot('walkthrough');
    await page.locator('.monaco-button', { hasText: 'New Cluster Topology…' }).first().click();
    await session.wb.pick('OKD IPI');
    assert.equal(await session.wb.inputValue(), 'cluster-3.okd.yaml');
    await session.wb.answer();
    await session.wb.activeTab('cluster-3.okd.yaml').waitFor({ timeout: 15_000 });
    assert.equal(
      readFileSync(join(session.ws, 'cluster-3.okd.yaml'), 'utf8'),
      readFileSync(join(ROOT, 'examples', 'okd-ipi', 'cluster.okd.yaml'), 'utf8'),
    );
  });
});
