// README's first command: `npm start` without desktop VS Code builds, packages, starts code-server on
// 127.0.0.1, prints a URL that opens an example topology with the extension active, and stops on Ctrl+C.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { assertPrerequisites, CHROMIUM, CHROMIUM_ARGS, ROOT, SHOTS } from './support/workbench';

function waitForUrl(child: ChildProcess, timeoutMs: number): Promise<{ url: string; output: () => string }> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm start printed no URL within ${timeoutMs} ms:\n${output.slice(-3000)}`)),
      timeoutMs,
    );
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before printing a URL:\n${output.slice(-3000)}`));
    });
  });
}

describe('e2e: npm start (code-server fallback)', function () {
  this.timeout(600_000);
  let child: ChildProcess | undefined;
  let browser: Browser | undefined;
  let tmp: string;

  before(() => {
    assertPrerequisites();
    tmp = mkdtempSync(join(tmpdir(), 'okd-e2e-start-'));
  });
  after(async () => {
    await browser?.close();
    if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  });

  it('prints a 127.0.0.1 URL that opens the example with the extension active, and stops on Ctrl+C', async () => {
    // No `code` on PATH is the case under test; OKD_USE_CODE_SERVER makes that explicit.
    child = spawn('bash', ['scripts/start.sh'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, OKD_USE_CODE_SERVER: '1', OKD_PLAYGROUND: join(tmp, 'playground') },
    });
    const { url, output } = await waitForUrl(child, 480_000);
    assert.match(output(), /code-server/);

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(url, { timeout: 120_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    await page.locator('.tabs-container .tab.active', { hasText: 'cluster.okd.yaml' }).waitFor({ timeout: 30_000 });
    // The status bar summary exists only once the extension has activated and analysed the file.
    await page.locator('.statusbar-item', { hasText: /OKD: / }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, 'npm-start.png') });

    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    process.kill(-child.pid!, 'SIGINT');
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000))]);
    assert.notEqual(code, 'timeout', 'npm start did not stop on Ctrl+C');
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(url)![1]);
    await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), 'code-server still answers after Ctrl+C');
  });
});
