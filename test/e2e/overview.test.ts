// The README's overview picture, taken from a real session, with the assertions that make it true:
// the YAML and the topology editor side by side, a planted collision in Problems, and the same problem
// as a badge on the host's node in the graph. With OKD_UPDATE_SCREENSHOTS=1 it also refreshes
// docs/images/overview.png (otherwise a test run would leave the tracked image modified).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useWorkbench } from './support/session';

const FILE = 'okd-upi-lab/cluster.okd.yaml';

describe('e2e: overview (YAML + graph + Problems)', function () {
  this.timeout(360_000);

  const session = useWorkbench({
    file: FILE,
    open: { width: 1600, height: 1000, settings: { 'editor.minimap.enabled': false } },
    // compute-2 takes master-1's address.
    prepare: (ws) => {
      const path = join(ws, FILE);
      writeFileSync(path, readFileSync(path, 'utf8').replace('ip: 192.168.200.23', 'ip: 192.168.200.12'));
    },
  });

  it('shows the collision in Problems and as a badge on the host in the graph beside the YAML', async () => {
    const problems = await session.wb.waitForProblems((ps) => ps.some((p) => p.severity === 'error'));
    assert.ok(
      problems.some((p) => p.severity === 'error' && /192\.168\.200\.12/.test(p.message)),
      JSON.stringify(problems),
    );
    // Split first, then open the graph in the right-hand group: the YAML stays on the left.
    await session.wb.runCommand('View: Close Primary Side Bar');
    await session.wb.runCommand('View: Split Editor Right');
    await session.wb.runCommand('OKD Topology: Open Topology Editor');
    const view = session.wb.webview();
    const badge = view.locator('[data-testid="node-host:compute-2"] [data-testid="problem-badge"]');
    await badge.waitFor({ timeout: 30_000 });
    assert.equal(
      await view.locator('[data-testid="node-host:master-0"] [data-testid="problem-badge"]').count(),
      0,
      'no badge on a clean host',
    );
    await view.locator('[data-testid="action-fit"]').click();
    // Put the colliding line in view in the text editor on the left.
    await session.wb.page
      .locator('.editor-group-container')
      .first()
      .locator('.monaco-editor')
      .click({ position: { x: 300, y: 200 } });
    await session.wb.goToLine(79, 43);
    await session.wb.page.waitForTimeout(800);
    await session.wb.screenshot('overview');
  });
});
