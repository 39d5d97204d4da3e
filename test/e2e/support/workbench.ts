// Shared driver for the end-to-end tests: the packaged VSIX installed into a real code-server, a real
// Debian Chromium driven by playwright-core, and small UI verbs (run a command, open a file, read
// Problems) so each test file reads like the user's steps.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type FrameLocator, type Page } from 'playwright-core';
import { startCodeServer, assertCodeServerInstalled, type CodeServer } from '../../../scripts/code-server.mjs';

export const ROOT = resolve(__dirname, '..', '..', '..');
// OKD_E2E_VSIX tests another build of the extension (used as-is, never rebuilt).
export const VSIX = process.env.OKD_E2E_VSIX
  ? resolve(process.env.OKD_E2E_VSIX)
  : join(ROOT, 'dist', 'okd-topology.vsix');
export const RESULTS = join(ROOT, 'test-results');
export const SHOTS = join(RESULTS, 'screenshots');
/** Screenshots the README shows (docs/images/NAME.png). */
const README_PICTURES = new Set(['overview', 'topology-editor', 'quick-fix', 'compare-on-disk', 'deploy-confirm']);
export const CHROMIUM = process.env.OKD_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const SETUP =
  'run `bash scripts/setup-code-server.sh` (it installs code-server and Chromium; `bash scripts/setup.sh` does everything)';

/** Fails (never skips) with how to install what is missing. */
export function assertPrerequisites(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}; ${SETUP}.`);
  try {
    assertCodeServerInstalled();
  } catch (e) {
    throw new Error(`The end-to-end tests need code-server: ${(e as Error).message}`, { cause: e });
  }
}

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

let packaged = false;
/** The VSIX users install; rebuilt once per run when missing or older than the sources it is made from. */
export function ensurePackaged(): string {
  if (packaged) return VSIX;
  // OKD_E2E_NO_PACKAGE=1 tests the VSIX already in dist/ (e.g. while someone else's code does not build).
  if ((process.env.OKD_E2E_NO_PACKAGE || process.env.OKD_E2E_VSIX) && existsSync(VSIX)) return VSIX;
  const inputs = ['src', 'webview/src', 'schemas', 'templates', 'media', 'examples'].map((d) =>
    newestMtime(join(ROOT, d)),
  );
  const stale =
    !existsSync(VSIX) || statSync(VSIX).mtimeMs < Math.max(...inputs, statSync(join(ROOT, 'package.json')).mtimeMs);
  if (stale) {
    const r = spawnSync('npm', ['run', 'package'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0)
      throw new Error(
        `\`npm run package\` failed, so there is no VSIX to test:\n${(r.stdout + r.stderr).slice(-3000)}`,
      );
  }
  packaged = true;
  return VSIX;
}

/** A temp copy of examples/ (okd-upi-lab/, okd-ipi/, k3s-metallb/) to use as the workspace folder. */
export function copyExamples(): string {
  const dir = mkdtempSync(join(tmpdir(), 'okd-e2e-ws-'));
  cpSync(join(ROOT, 'examples'), dir, { recursive: true });
  return dir;
}

/** The DOM bits used inside evaluate callbacks (the tests compile without lib.dom). */
export interface DomEl {
  getAttribute(name: string): string | null;
  textContent: string | null;
}

export interface Problem {
  severity: 'error' | 'warning' | 'info';
  message: string;
  line: number;
  column: number;
  label: string;
}

export interface OpenOptions {
  workspace: string;
  /** Settings merged over the quiet defaults of scripts/code-server.mjs. */
  settings?: Record<string, unknown>;
  width?: number;
  height?: number;
  /** Environment for code-server and so for the extension host (e.g. a HOME with ~/.ssh/config). */
  env?: Record<string, string>;
}

export class Workbench {
  private constructor(
    readonly cs: CodeServer,
    readonly browser: Browser,
    readonly page: Page,
    readonly workspace: string,
  ) {}

  static async open(opts: OpenOptions): Promise<Workbench> {
    assertPrerequisites();
    const vsix = ensurePackaged();
    mkdirSync(SHOTS, { recursive: true });
    // Text editor by default, so tests that type into the YAML get the text editor even when the
    // topology editor is registered as the default for *.okd.yaml.
    // No port auto-forwarding either: it notices other tests' servers and covers the UI with a toast.
    const settings = {
      'workbench.editorAssociations': { '*.okd.yaml': 'default' },
      'files.autoSave': 'off',
      'remote.autoForwardPorts': false,
      'remote.restoreForwardedPorts': false,
      ...opts.settings,
    };
    const cs = await startCodeServer({
      folder: opts.workspace,
      vsix,
      settings,
      env: opts.env,
      logFile: join(RESULTS, 'code-server.log'),
    });
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
      const page = await browser.newPage({ viewport: { width: opts.width ?? 1440, height: opts.height ?? 900 } });
      // Generous limits: on a loaded 2-core CI machine the first workbench load can take a minute.
      await page.goto(cs.folderUrl, { timeout: 120_000 });
      await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
      // The explorer shows the folder once the remote file system answers.
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 120_000 });
      return new Workbench(cs, browser, page, opts.workspace);
    } catch (e) {
      await browser?.close();
      await cs.stop();
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.cs.stop();
  }

  async screenshot(name: string): Promise<string> {
    const file = join(SHOTS, `${name}.png`);
    await this.page.screenshot({ path: file });
    // The README's pictures are these screenshots: OKD_UPDATE_SCREENSHOTS=1 refreshes them from the run.
    if (process.env.OKD_UPDATE_SCREENSHOTS && README_PICTURES.has(name))
      copyFileSync(file, join(ROOT, 'docs', 'images', `${name}.png`));
    return file;
  }

  /** Saves a screenshot and code-server's output after a failed test, for the CI artifacts. */
  async recordFailure(testTitle: string): Promise<void> {
    const slug = testTitle.replace(/[^\w]+/g, '-').slice(0, 80);
    await this.screenshot(`FAILED-${slug}`).catch(() => undefined);
    writeFileSync(join(RESULTS, `FAILED-${slug}.code-server.log`), this.cs.output());
  }

  quickInput() {
    return this.page.locator('.quick-input-widget');
  }

  /** Opens the command palette (F1), picks the command whose label contains `title`, runs it. */
  async runCommand(title: string): Promise<void> {
    // A webview that takes focus (e.g. a delayed reveal selecting a node) closes the palette under
    // us; start over once rather than fail on a palette that vanished.
    try {
      await this.runCommandOnce(title);
    } catch {
      // Also when the row was not found: the palette may have closed before it listed anything.
      await this.page.waitForTimeout(500);
      await this.runCommandOnce(title);
    }
  }

  private async runCommandOnce(title: string): Promise<void> {
    const qi = this.quickInput();
    for (let attempt = 0; attempt < 3; attempt++) {
      // Keys typed while a webview has focus stay in its iframe; the title bar takes focus back.
      if (attempt > 0) await this.focusWorkbench();
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('F1');
      if (await qi.isVisible().catch(() => false)) break;
      await qi.waitFor({ state: 'visible', timeout: 3000 }).catch(() => undefined);
      if (await qi.isVisible().catch(() => false)) break;
    }
    const input = qi.locator('input');
    await input.fill(`>${title}`);
    const row = qi.locator('.monaco-list-row', { hasText: title }).first();
    await row.waitFor({ timeout: 15_000 }).catch(() => {
      throw new Error(
        `The command palette has no command "${title}" (is the extension installed and contributing it?)`,
      );
    });
    await row.click({ timeout: 10_000 });
    await qi.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  }

  /** Takes keyboard focus out of a webview: a click on an empty spot of the status bar. */
  async focusWorkbench(): Promise<void> {
    const bar = this.page.locator('.part.statusbar');
    const box = await bar.boundingBox();
    if (box) await this.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  }

  /** Picks an item in an open quick pick by its label text. */
  async pick(label: string | RegExp): Promise<void> {
    const qi = this.quickInput();
    await qi.waitFor({ state: 'visible', timeout: 15_000 });
    const row = qi.locator('.monaco-list-row', { hasText: label }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
  }

  /** The value of the open input box once it has one (the pick before it leaves an empty input briefly). */
  async inputValue(timeoutMs = 10_000): Promise<string> {
    const input = this.quickInput().locator('input');
    const deadline = Date.now() + timeoutMs;
    let v = '';
    while (Date.now() < deadline) {
      v = await input.inputValue().catch(() => '');
      if (v) return v;
      await this.page.waitForTimeout(100);
    }
    return v;
  }

  /** Accepts an open input box, optionally replacing its value. */
  async answer(value?: string): Promise<void> {
    const qi = this.quickInput();
    await qi.waitFor({ state: 'visible', timeout: 15_000 });
    const input = qi.locator('input');
    if (value !== undefined) await input.fill(value);
    // Validation is asynchronous; give it a beat so Enter is not swallowed by a pending check.
    await this.page.waitForTimeout(300);
    await input.press('Enter');
    await qi.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /** Opens the lightbulb menu (Ctrl+.) at the cursor and applies the code action whose title matches. */
  async quickFix(title: RegExp, beforeApply?: () => Promise<unknown>): Promise<string> {
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    // Code actions are computed asynchronously; on a loaded machine the first Ctrl+. can land before
    // the providers answer and shows nothing, so ask once more, as a user would.
    for (let attempt = 0; ; attempt++) {
      await this.keepTextFocus();
      await this.page.keyboard.press('Control+.');
      const shown = await rows
        .first()
        .waitFor({ timeout: 10_000 })
        .then(
          () => true,
          () => false,
        );
      if (shown) break;
      if (attempt === 1) throw new Error(`Ctrl+. showed no code actions (wanted ${title})`);
      await this.page.keyboard.press('Escape');
    }
    const titles = await rows.evaluateAll((els) =>
      els.map((e) => (e as unknown as DomEl).getAttribute('aria-label') ?? (e as unknown as DomEl).textContent ?? ''),
    );
    const index = titles.findIndex((t) => title.test(t));
    if (index < 0) throw new Error(`No code action matching ${title}; offered: ${titles.join(' | ')}`);
    await beforeApply?.();
    // The menu has a pointer shield over the page, so pick with the keyboard like a user would.
    for (let i = 0; i < index; i++) await this.page.keyboard.press('ArrowDown');
    await this.page.keyboard.press('Enter');
    await this.page
      .locator('.action-widget')
      .waitFor({ state: 'hidden', timeout: 5_000 })
      .catch(() => undefined);
    // Every fix edits the document, a moment after the menu closes: wait for that before anyone saves.
    await this.page
      .locator('.tabs-container .tab.active.dirty')
      .waitFor({ timeout: 10_000 })
      .catch(() => undefined);
    return titles[index];
  }

  /** Opens a workspace file in the text editor through Quick Open (Ctrl+P), as a user would. */
  async openFile(relPath: string): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+P');
    const qi = this.quickInput();
    await qi.waitFor({ state: 'visible', timeout: 10_000 });
    await qi.locator('input').fill(relPath);
    const base = relPath.split('/').pop()!;
    await qi.locator('.monaco-list-row', { hasText: base }).first().waitFor({ timeout: 15_000 });
    await this.page.keyboard.press('Enter');
    await this.activeTab(base).waitFor({ timeout: 15_000 });
  }

  activeTab(name: string) {
    return this.page.locator('.tabs-container .tab.active', { hasText: name });
  }

  /** The text editor area (Monaco) of the active editor group. */
  editor() {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /**
   * A graph webview that was just revealed can take keyboard focus a moment later; Ctrl+. would then
   * go to the webview. Put focus back into the text editor without moving its cursor.
   */
  async keepTextFocus(): Promise<void> {
    await this.page.waitForTimeout(300);
    const inText = await this.page.evaluate(() => {
      const a = (
        globalThis as unknown as {
          document: { activeElement: (DomEl & { tagName: string; closest(q: string): unknown }) | null };
        }
      ).document.activeElement;
      return !!a && a.tagName === 'TEXTAREA' && !!a.closest('.monaco-editor');
    });
    if (!inText)
      await this.page
        .locator('.editor-group-container .monaco-editor textarea')
        .last()
        .focus()
        .catch(() => undefined);
  }

  /** Moves the cursor with "Go to Line/Column" (Ctrl+G accepts `line:column`). */
  async goToLine(line: number, column = 1): Promise<void> {
    // A webview taking focus closes the Go to Line box under us; try the whole step once more.
    try {
      await this.goToLineOnce(line, column);
    } catch {
      await this.page.keyboard.press('Escape');
      await this.goToLineOnce(line, column);
    }
  }

  private async goToLineOnce(line: number, column: number): Promise<void> {
    await this.editor()
      .click({ position: { x: 200, y: 10 } })
      .catch(() => undefined);
    await this.page.keyboard.press('Control+G');
    const qi = this.quickInput();
    if (
      !(await qi.waitFor({ state: 'visible', timeout: 4_000 }).then(
        () => true,
        () => false,
      ))
    ) {
      // A graph webview that just took focus (a reveal selecting a node) swallows Ctrl+G: click
      // into a visible text editor and ask again, as a user would.
      await this.page
        .locator('.editor-group-container .monaco-editor .view-lines')
        .last()
        .click({ position: { x: 200, y: 10 } })
        .catch(() => undefined);
      await this.page.keyboard.press('Control+G');
      await qi.waitFor({ state: 'visible', timeout: 10_000 });
    }
    await qi.locator('input').fill(`:${line}:${column}`, { timeout: 5_000 });
    await this.page.keyboard.press('Enter');
    await qi.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  }

  async save(): Promise<void> {
    const dirty = this.page.locator('.tabs-container .tab.active.dirty');
    // Right after a menu closes (quick fix, suggestions) Ctrl+S can reach nothing that saves; press it
    // again from the text, as a user would when the dot stays.
    for (let attempt = 0; attempt < 3; attempt++) {
      if (attempt > 0) await this.keepTextFocus();
      await this.page.keyboard.press('Control+S');
      const saved = await dirty.waitFor({ state: 'detached', timeout: 5_000 }).then(
        () => true,
        () => false,
      );
      if (saved) return;
    }
    throw new Error('Ctrl+S did not save the active editor (it is still marked dirty)');
  }

  /** Shows the Problems panel and returns its entries (file rows skipped), expanded. */
  async problems(): Promise<Problem[]> {
    const panel = this.page.locator('.markers-panel');
    // Ctrl+Shift+M toggles, so only press it when the panel is not already showing.
    if (!(await panel.isVisible().catch(() => false))) await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ timeout: 10_000 });
    const labels = await panel
      .locator('.monaco-list-row')
      .evaluateAll((rows) => rows.map((r) => (r as unknown as DomEl).getAttribute('aria-label') ?? ''));
    const out: Problem[] = [];
    for (const label of labels) {
      // VS Code's row label: "<Severity>: <message> at line L and character C. generated by <source>".
      const m = /^(Error|Warning|Info)\s*:?\s*(.*?) at line (\d+) and character (\d+)/s.exec(label);
      if (!m) continue;
      out.push({
        severity: m[1].toLowerCase() as Problem['severity'],
        message: m[2],
        line: Number(m[3]),
        column: Number(m[4]),
        label,
      });
    }
    return out;
  }

  /** Polls the Problems panel until `predicate` holds, returning the last list it saw. */
  async waitForProblems(predicate: (p: Problem[]) => boolean, timeoutMs = 30_000): Promise<Problem[]> {
    const deadline = Date.now() + timeoutMs;
    let last: Problem[] = [];
    while (Date.now() < deadline) {
      last = await this.problems();
      if (predicate(last)) return last;
      await this.page.waitForTimeout(500);
    }
    return last;
  }

  /** The inner frame of the visible webview (VS Code nests two iframes). */
  webview(): FrameLocator {
    // Webview iframes live in an overlay outside the editor group; the visible one is the active editor's.
    return this.page
      .locator('iframe.webview.ready:visible')
      .first()
      .contentFrame()
      .locator('iframe#active-frame')
      .contentFrame();
  }
}

/** Removes temp workspaces made by copyExamples(). */
export function removeWorkspace(dir: string): void {
  if (dir.startsWith(tmpdir())) rmSync(dir, { recursive: true, force: true });
}
