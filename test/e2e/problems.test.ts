// A planted collision (one host's IP reused by another) shows in Problems at the right line, the quick
// fix repairs it, and a collision typed into the unsaved buffer appears and goes away with undo.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useWorkbench } from './support/session';

const FILE = 'okd-upi-lab/cluster.okd.yaml';
const TAKEN = '192.168.200.12'; // master-1's address
const PLANT_ON = '192.168.200.23'; // compute-2's address, replaced by TAKEN

function lineOf(text: string, needle: string): { line: number; column: number } {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `fixture has no line with ${needle}`);
  return { line: i + 1, column: lines[i].indexOf(needle) + 1 };
}

describe('e2e: Problems panel and quick fixes', function () {
  this.timeout(360_000);
  let planted: { line: number; column: number };

  const session = useWorkbench({
    file: FILE,
    prepare: (ws) => {
      const path = join(ws, FILE);
      const original = readFileSync(path, 'utf8');
      planted = lineOf(original, `ip: ${PLANT_ON}`);
      planted.column += 'ip: '.length;
      writeFileSync(path, original.replace(`ip: ${PLANT_ON}`, `ip: ${TAKEN}`));
    },
  });

  it('shows the duplicate IP as an error at the planted line and column', async () => {
    const problems = await session.wb.waitForProblems((ps) =>
      ps.some((p) => p.severity === 'error' && p.line === planted.line),
    );
    const hit = problems.find((p) => p.severity === 'error' && p.line === planted.line);
    assert.ok(hit, `no error at line ${planted.line}; Problems: ${JSON.stringify(problems, null, 1)}`);
    assert.equal(hit.column, planted.column, `error column (${hit.label})`);
    assert.match(hit.message, new RegExp(TAKEN.replace(/\./g, '\\.')), 'the message names the address');
    assert.match(hit.message, /master-1/, 'the message names the other owner');
    // The status bar summarises the same state.
    await session.wb.page
      .locator('.statusbar-item', { hasText: /OKD: \d+ errors?/ })
      .first()
      .waitFor({ timeout: 10_000 });
    await session.wb.screenshot('problems');
  });

  it('repairs it with the "Use the next free address" quick fix', async () => {
    await session.wb.goToLine(planted.line, planted.column);
    await session.wb.quickFix(/Use the next free address/, () => session.wb.screenshot('quick-fix'));
    await session.wb.save();
    const text = readFileSync(join(session.ws, FILE), 'utf8');
    const line = text.split('\n')[planted.line - 1];
    const ip = /ip: (\d+\.\d+\.\d+\.\d+)/.exec(line)?.[1];
    assert.ok(ip, `line ${planted.line} lost its ip: ${line}`);
    assert.notEqual(ip, TAKEN);
    assert.ok(ip.startsWith('192.168.200.'), `the new address ${ip} is in the host's network`);
    assert.equal(text.split(`ip: ${ip},`).length - 1, 1, `${ip} is used once`);
    const after = await session.wb.waitForProblems((ps) => !ps.some((p) => p.severity === 'error'));
    assert.deepEqual(
      after.filter((p) => p.severity === 'error'),
      [],
    );
  });

  it('reports a collision typed into the unsaved buffer, and undo clears it', async () => {
    const text = readFileSync(join(session.ws, FILE), 'utf8');
    const at = lineOf(text, 'ip: 192.168.200.22'); // compute-1
    await session.wb.goToLine(at.line, at.column + 'ip: '.length);
    for (let i = 0; i < '192.168.200.22'.length; i++) await session.wb.page.keyboard.press('Shift+ArrowRight');
    await session.wb.page.keyboard.type(TAKEN);
    await session.wb.page.locator('.tabs-container .tab.active.dirty').waitFor({ timeout: 5_000 });
    const problems = await session.wb.waitForProblems((ps) =>
      ps.some((p) => p.severity === 'error' && p.line === at.line),
    );
    assert.ok(
      problems.some((p) => p.severity === 'error' && p.line === at.line),
      `typed collision not reported: ${JSON.stringify(problems)}`,
    );
    await session.wb.editor().click({ position: { x: 300, y: 40 } });
    await session.wb.page.keyboard.press('Control+Z');
    const cleared = await session.wb.waitForProblems((ps) => !ps.some((p) => p.severity === 'error'));
    assert.deepEqual(
      cleared.filter((p) => p.severity === 'error'),
      [],
      'undo removed the collision',
    );
  });
});
