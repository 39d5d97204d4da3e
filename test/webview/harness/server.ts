// Shared by the webview browser tests and the editor-render bench: builds the real webview bundle
// with esbuild, serves it behind the harness page on 127.0.0.1, and drives Debian's Chromium.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { HostChannel } from './channel';
import { isWebviewMessage, type HostMessage, type WebviewMessage } from '../../../src/protocol/messages';

const ROOT = join(__dirname, '..', '..', '..');
export const CHROMIUM = '/usr/bin/chromium';

export interface Bundle {
  dir: string;
  js: string;
  css: string;
  dispose(): void;
}

/** Builds webview/src/main.tsx exactly as scripts/build.mjs does (IIFE + sibling CSS). */
export async function buildBundle(production = false): Promise<Bundle> {
  const dir = mkdtempSync(join(tmpdir(), 'okd-webview-'));
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ['webview/src/main.tsx'],
    outfile: join(dir, 'webview.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    jsx: 'automatic',
    loader: { '.css': 'css' },
    minify: production,
    define: production ? { 'process.env.NODE_ENV': '"production"' } : undefined,
    logLevel: 'silent',
    legalComments: 'none',
  });
  return {
    dir,
    js: join(dir, 'webview.js'),
    css: join(dir, 'webview.css'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface Harness {
  origin: string;
  csp(nonce: string): string;
  /** The bench's host channel (pages opened with `channel: true` use it instead of a binding). */
  channel: HostChannel;
  url(opts?: PageOptions): string;
  close(): Promise<void>;
}
export interface PageOptions {
  theme?: 'dark' | 'light' | 'hc';
  state?: unknown;
  /** Post to and hear from the Node side over HTTP on 127.0.0.1 (the bench); adds connect-src. */
  channel?: boolean;
}

/** Serves the harness page (a fresh nonce per request) and the bundle. */
export async function startHarness(bundle: Bundle): Promise<Harness> {
  const template = readFileSync(join(__dirname, 'index.html'), 'utf8');
  let origin = '';
  // The same directives the editor host uses, with the harness origin as webview.cspSource.
  const csp = (nonce: string) =>
    `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${origin} 'unsafe-inline'; img-src ${origin} data: blob:; font-src ${origin}`;
  const channel = new HostChannel();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (channel.serve(url.pathname, req, res)) return;
    if (url.pathname === '/') {
      const nonce = randomBytes(16).toString('base64');
      const theme =
        { light: 'vscode-light', hc: 'vscode-high-contrast' }[url.searchParams.get('theme') ?? ''] ?? 'vscode-dark';
      const state = url.searchParams.get('state') ?? 'undefined';
      const withChannel = url.searchParams.get('channel') === '1';
      const html = template
        .replaceAll('{{csp}}', csp(nonce) + (withChannel ? `; connect-src ${origin}` : ''))
        .replaceAll('{{channel}}', String(withChannel))
        .replaceAll('{{nonce}}', nonce)
        .replaceAll('{{origin}}', origin)
        .replaceAll('{{themeClass}}', theme)
        .replaceAll('{{state}}', JSON.stringify(JSON.parse(state === 'undefined' ? 'null' : state)));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (url.pathname === '/webview.js' || url.pathname === '/webview.css') {
      const file = url.pathname === '/webview.js' ? bundle.js : bundle.css;
      res
        .writeHead(200, { 'content-type': url.pathname.endsWith('.js') ? 'text/javascript' : 'text/css' })
        .end(readFileSync(file));
    } else if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    csp,
    channel,
    url: (o: PageOptions = {}) =>
      `${origin}/?theme=${o.theme ?? 'dark'}${o.state ? `&state=${encodeURIComponent(JSON.stringify(o.state))}` : ''}${o.channel ? '&channel=1' : ''}`,
    close: () => {
      channel.close();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Launches Debian's Chromium; fails with the install hint when it is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install it with \`apt-get install -y chromium\` (scripts/setup.d/webview.sh, run by scripts/setup.sh)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** A loaded editor page plus helpers that play the extension host's side of the protocol. */
export interface EditorPage {
  page: Page;
  errors: string[];
  push(m: HostMessage): Promise<void>;
  posted(): Promise<WebviewMessage[]>;
  clearPosted(): Promise<void>;
  /** Waits for a posted message matching `pred` and returns it. */
  waitPosted<T extends WebviewMessage>(pred: (m: WebviewMessage) => m is T, timeoutMs?: number): Promise<T>;
  /** Waits until `count` posted messages match `pred` and returns them in order. */
  waitPostedCount<T extends WebviewMessage>(
    pred: (m: WebviewMessage) => m is T,
    count: number,
    timeoutMs?: number,
  ): Promise<T[]>;
  cspViolations(): Promise<string[]>;
}

export async function openEditor(
  browser: Browser,
  harness: Harness,
  opts: PageOptions & { width?: number; height?: number } = {},
): Promise<EditorPage> {
  const page = await browser.newPage({ viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 } });
  const errors: string[] = [];
  // tsx compiles with keepNames: functions serialised into the page may call __name().
  await page.addInitScript('globalThis.__name = (f) => f;');
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(harness.url(opts));
  await page.waitForFunction(() =>
    (globalThis as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'),
  );
  const posted = async () =>
    (await page.evaluate(() => (globalThis as unknown as { __posted: WebviewMessage[] }).__posted)) as WebviewMessage[];
  return {
    page,
    errors,
    push: async (m) => {
      await page.evaluate(
        (msg) => (globalThis as unknown as { __push: (x: unknown) => void }).__push(msg),
        m as unknown,
      );
    },
    posted,
    clearPosted: async () => {
      await page.evaluate(() => {
        (globalThis as unknown as { __posted: unknown[] }).__posted.length = 0;
      });
    },
    waitPosted: async <T extends WebviewMessage>(pred: (m: WebviewMessage) => m is T, timeoutMs = 5000) => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const hit = (await posted()).find(pred);
        if (hit) return hit;
        if (Date.now() > until)
          throw new Error(
            `no matching message posted within ${timeoutMs} ms; posted: ${JSON.stringify(await posted()).slice(0, 800)}`,
          );
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    waitPostedCount: async <T extends WebviewMessage>(
      pred: (m: WebviewMessage) => m is T,
      count: number,
      timeoutMs = 5000,
    ) => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const hits = (await posted()).filter(pred);
        if (hits.length >= count) return hits;
        if (Date.now() > until)
          throw new Error(`${hits.length} of ${count} matching messages posted within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    cspViolations: async () =>
      (await page.evaluate(() => (globalThis as unknown as { __cspViolations: string[] }).__cspViolations)) as string[],
  };
}

/** Every message the webview posts must pass the host's own validator. */
export function assertValidMessages(messages: unknown[]): void {
  for (const m of messages) {
    if (!isWebviewMessage(m))
      throw new Error(`the host would drop this webview message: ${JSON.stringify(m).slice(0, 300)}`);
  }
}

/** Mocha hooks for a test file: one bundle, server and browser for all its tests. */
export function editorSession(production = false): { browser(): Browser; harness(): Harness } {
  let bundle: Bundle | undefined, harness: Harness | undefined, browser: Browser | undefined;
  before(async function () {
    this.timeout(60_000);
    browser = await launchChromium();
    bundle = await buildBundle(production);
    harness = await startHarness(bundle);
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
    bundle?.dispose();
  });
  return { browser: () => browser!, harness: () => harness! };
}

/** Waits until every given node id is rendered. */
export async function waitForNodes(page: Page, ids: string[], timeout = 10_000): Promise<void> {
  await page.waitForFunction(
    (want) =>
      want.every((id) =>
        (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector(
          `[data-testid="node-${id}"]`,
        ),
      ),
    ids,
    { timeout },
  );
}
