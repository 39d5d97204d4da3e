// IntelliSense in a real VS Code (code-server + Chromium): the providers registered by
// src/vscode/language answer in the editor, not just in unit tests.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workbench, copyExamples, removeWorkspace } from '../e2e/support/workbench';

const FILE = 'k3s-metallb/cluster.okd.yaml';
const FLOW = '      - { network: lan, ip: 10.0.0.21, mac: "52:54:00:aa:00:21" }';
// agent-1's interface rewritten in block style with the values left empty, as a user mid-way.
const BLOCK = '      - network: lan\n        ip: \n        mac: ';

function lineCol(text: string, needle: string, after = true): { line: number; column: number } {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, needle);
  return { line: i + 1, column: lines[i].indexOf(needle) + 1 + (after ? needle.length : 0) };
}

describe('vscode: IntelliSense for *.okd.yaml in code-server', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let ws: string;
  let text: string;

  before(async () => {
    ws = copyExamples();
    const original = readFileSync(join(ws, FILE), 'utf8');
    assert.ok(original.includes(FLOW), 'example changed: update the fixture line');
    // agent-0 moved into the DHCP range (10.0.0.50-99) for the shrink quick fix; one VIP holder
    // for an information entry to silence.
    text = original
      .replace(FLOW, BLOCK)
      .replace('ip: 10.0.0.20,', 'ip: 10.0.0.60,')
      .replace('holders: [server-0, server-1, server-2]', 'holders: [server-0]');
    writeFileSync(join(ws, FILE), text);
    wb = await Workbench.open({
      workspace: ws,
      settings: { 'editor.wordBasedSuggestions': 'off', 'editor.hover.delay': 100 },
    });
    await wb.openFile(FILE);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb?.recordFailure(this.currentTest.fullTitle());
  });
  after(async () => {
    await wb?.close();
    if (ws) removeWorkspace(ws);
  });

  async function suggestions(): Promise<string[]> {
    const rows = wb.page.locator('.suggest-widget.visible .monaco-list-row');
    // On a loaded machine the widget can stay at "Loading…" for a request made right after the
    // previous one closed; ask again, as a user would.
    for (let attempt = 0; ; attempt++) {
      await wb.page.keyboard.press('Control+Space');
      const shown = await rows
        .first()
        .waitFor({ timeout: 8_000 })
        .then(
          () => true,
          () => false,
        );
      if (shown) break;
      if (attempt === 2) throw new Error('Ctrl+Space showed no suggestions');
      await wb.page.keyboard.press('Escape');
    }
    return (await rows.allInnerTexts()).map((t) => t.trim());
  }

  async function accept(label: RegExp): Promise<void> {
    const labels = await suggestions();
    const i = labels.findIndex((l) => label.test(l));
    assert.ok(i >= 0, `no suggestion matching ${label}; got ${labels.join(' | ')}`);
    for (let k = 0; k < i; k++) await wb.page.keyboard.press('ArrowDown');
    await wb.page.keyboard.press('Enter');
    await wb.page
      .locator('.suggest-widget.visible')
      .waitFor({ state: 'hidden', timeout: 5_000 })
      .catch(() => undefined);
  }

  /**
   * Types the space after `key:` and waits for the suggestions to open by themselves. On a loaded
   * machine the first request can be dropped while the analysis catches up: the user's second try
   * (take the space back, type it again) is allowed, never Ctrl+Space.
   */
  async function spaceOpensSuggestions(): Promise<void> {
    const rows = wb.page.locator('.suggest-widget.visible .monaco-list-row');
    for (let attempt = 1; ; attempt++) {
      await wb.page.keyboard.type(' ');
      const shown = await rows
        .first()
        .waitFor({ timeout: 10_000 })
        .then(
          () => true,
          () => false,
        );
      if (shown) return;
      if (attempt === 2) throw new Error('typing a space after the key opened no suggestions (twice)');
      await wb.page.keyboard.press('Escape');
      await wb.page.keyboard.press('Backspace');
    }
  }

  it('typing `ip: ` or `network: ` opens value suggestions by itself, without Ctrl+Space (issue 13)', async () => {
    const rows = wb.page.locator('.suggest-widget.visible .monaco-list-row');
    // The line is `ip: ` already: take the space back and type it, as a user finishing the key would.
    const ip = lineCol(text, '        ip: ');
    await wb.goToLine(ip.line, ip.column);
    await wb.page.keyboard.press('Backspace');
    await spaceOpensSuggestions();
    assert.ok(
      (await rows.allInnerTexts()).some((l) => /^10\.0\.0\.4\b/.test(l.trim())),
      'the next free address is offered',
    );
    await wb.page.keyboard.press('Escape');
    await rows.first().waitFor({ state: 'hidden', timeout: 5_000 });
    const net = lineCol(text, '      - network: lan');
    await wb.goToLine(net.line, net.column);
    for (let i = 0; i < 4; i++) await wb.page.keyboard.press('Backspace');
    await spaceOpensSuggestions();
    assert.ok(
      (await rows.allInnerTexts()).some((l) => /^lan\b/.test(l.trim())),
      'the network names are offered',
    );
    await wb.page.keyboard.press('Escape');
    await wb.page.keyboard.type('lan');
    // Nothing changed in the end: the following tests start from the same text.
    await wb.save();
    assert.equal(readFileSync(join(ws, FILE), 'utf8'), text);
  });

  it('completes the next free IP and a generated MAC on empty values', async () => {
    const ip = lineCol(text, '        ip: ');
    await wb.goToLine(ip.line, ip.column);
    await accept(/^10\.0\.0\.4\b/);
    const mac = lineCol(text, '        mac: ');
    await wb.goToLine(mac.line, mac.column);
    await accept(/^52:54:00:/);
    await wb.save();
    const saved = readFileSync(join(ws, FILE), 'utf8').split('\n');
    assert.equal(saved[ip.line - 1], '        ip: 10.0.0.4');
    assert.match(saved[mac.line - 1], /^ {8}mac: "52:54:00:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}"$/);
    await wb.screenshot('intellisense-completion');
  });

  it('offers network names and roles where they are expected', async () => {
    const net = lineCol(text, '      - network: lan');
    await wb.goToLine(net.line, net.column - 3);
    const labels = await suggestions();
    assert.ok(
      labels.some((l) => /^lan\b/.test(l)),
      labels.join(' | '),
    );
    await wb.page.keyboard.press('Escape');
  });

  it('hover on an address shows its owner and how full the network is', async () => {
    const at = lineCol(text, 'ip: 10.0.0.10', false);
    await wb.goToLine(at.line, at.column + 6);
    await wb.page.keyboard.press('Control+K');
    await wb.page.keyboard.press('Control+I');
    const hover = wb.page.locator('.monaco-hover:not(.hidden)').first();
    await hover.waitFor({ timeout: 15_000 });
    const content = await hover.innerText();
    assert.match(content, /server-0/);
    assert.match(content, /free/);
    await wb.screenshot('intellisense-hover');
    await wb.page.keyboard.press('Escape');
  });

  it('quick fix shrinks the DHCP range around a reservation', async () => {
    const at = lineCol(text, 'ip: 10.0.0.60', false);
    await wb.goToLine(at.line, at.column + 6);
    await wb.quickFix(/Shrink the DHCP range to 10\.0\.0\.61-10\.0\.0\.99/);
    await wb.save();
    const saved = readFileSync(join(ws, FILE), 'utf8');
    assert.match(saved, /\n {6}range: 10\.0\.0\.61-10\.0\.0\.99 /);
  });

  it('go to definition jumps from a reference to the host', async () => {
    const at = lineCol(text, 'on: hv-0', false);
    await wb.goToLine(at.line, at.column + 5);
    await wb.page.keyboard.press('F12');
    const def = lineCol(text, 'name: hv-0', false);
    await wb.page
      .locator('.statusbar-item', { hasText: new RegExp(`Ln ${def.line}, Col`) })
      .first()
      .waitFor({ timeout: 10_000 });
  });

  it('a warning or info can be silenced from its lightbulb with an okd-topology-disable comment', async () => {
    const at = lineCol(readFileSync(join(ws, FILE), 'utf8'), 'holders: [server-0]', false);
    await wb.goToLine(at.line, at.column + 12);
    await wb.quickFix(/Silence ha-vip-holders on this line/);
    // The code action's edit lands a moment after the menu closes; save once it is in the text.
    await wb.page
      .locator('.monaco-editor .view-lines', { hasText: 'okd-topology-disable-next-line' })
      .first()
      .waitFor({ timeout: 10_000 });
    await wb.save();
    const saved = readFileSync(join(ws, FILE), 'utf8');
    assert.match(saved, /\n {4}# okd-topology-disable-next-line ha-vip-holders\n {4}holders: \[server-0\]/);
  });

  it('Renumber network on a cidr moves every address of the network in one undo step (issue 13)', async () => {
    const before = readFileSync(join(ws, FILE), 'utf8');
    const code = (s: string) =>
      s
        .split('\n')
        .map((l) => l.replace(/(^|\s)#.*$/, ''))
        .join('\n');
    const moved = (code(before).match(/\b10\.0\.0\./g) ?? []).length;
    const at = lineCol(before, 'cidr: 10.0.0.0/24', false);
    await wb.goToLine(at.line, at.column + 8);
    await wb.quickFix(/Renumber network lan…/);
    const qi = wb.quickInput();
    await qi.waitFor({ state: 'visible', timeout: 15_000 });
    // Checked as it is typed: a /25 cannot hold the pool at .200 and up.
    await qi.locator('input').fill('10.9.0.0/25');
    await qi.locator('.quick-input-message', { hasText: /is too small for lan/ }).waitFor({ timeout: 10_000 });
    await wb.answer('10.9.0.0/24');
    await wb.page
      .locator('.monaco-editor .view-lines', { hasText: 'cidr: 10.9.0.0/24' })
      .first()
      .waitFor({ timeout: 10_000 });
    await wb.save();
    const saved = readFileSync(join(ws, FILE), 'utf8');
    assert.equal((code(saved).match(/\b10\.0\.0\./g) ?? []).length, 0, 'no address left in the old prefix');
    assert.equal((code(saved).match(/\b10\.9\.0\./g) ?? []).length, moved);
    assert.match(saved, /ip: 10\.9\.0\.60,/);
    await wb.page.keyboard.press('Control+z');
    await wb.save();
    assert.equal(readFileSync(join(ws, FILE), 'utf8'), before, 'one undo restores the file');
  });

  it('after the cidr is changed by hand, an address outside it offers "Renumber everything from OLD to NEW" (issue 13)', async () => {
    const before = readFileSync(join(ws, FILE), 'utf8');
    const code = (s: string) =>
      s
        .split('\n')
        .map((l) => l.replace(/(^|\s)#.*$/, ''))
        .join('\n');
    const cidr = lineCol(before, 'cidr: 10.0.0.0/24', false);
    // 10.0.0.0/24 -> 10.9.0.0/24 by hand: the second 0 becomes a 9.
    await wb.goToLine(cidr.line, cidr.column + 'cidr: 10.'.length);
    await wb.page.keyboard.press('Delete');
    await wb.page.keyboard.type('9');
    await wb.save();
    const edited = readFileSync(join(ws, FILE), 'utf8');
    assert.ok(edited.includes('cidr: 10.9.0.0/24'));
    const at = lineCol(edited, 'ip: 10.0.0.10', false);
    await wb.goToLine(at.line, at.column + 6);
    await wb.quickFix(/Renumber everything from 10\.0\.0\.0\/24 to 10\.9\.0\.0\/24/);
    await wb.save();
    const saved = readFileSync(join(ws, FILE), 'utf8');
    assert.equal((code(saved).match(/\b10\.0\.0\./g) ?? []).length, 0, 'no address left in the old prefix');
    assert.equal(
      (code(saved).match(/\b10\.9\.0\./g) ?? []).length,
      (code(before).match(/\b10\.0\.0\./g) ?? []).length,
      'every address moved',
    );
    await wb.page.keyboard.press('Control+z');
    await wb.save();
    assert.equal(readFileSync(join(ws, FILE), 'utf8'), edited, 'one undo gives back the hand-edited file');
  });
});
