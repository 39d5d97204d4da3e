// Scratch: CPU profile of the 1,000-host graph-edit round trip in the webview (not committed).
import type { Page } from 'playwright-core';
import { applyTextEdits, type TextEdit } from '../src/core/edit/index';
import { EditorSession, type DocPort } from '../src/vscode/editor/session';
import type { HostMessage } from '../src/protocol/messages';
import { launchChromium, startHarness } from '../test/webview/harness/server';
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
async function buildBundle(_prod: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'okd-webview-'));
  await esbuild.build({ absWorkingDir: join(__dirname, '..'), entryPoints: ['webview/src/main.tsx'], outfile: join(dir, 'webview.js'), bundle: true, platform: 'browser', format: 'iife', target: 'es2022', jsx: 'automatic', loader: { '.css': 'css' }, minify: false, define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'silent', legalComments: 'none' });
  return { dir, js: join(dir, 'webview.js'), css: join(dir, 'webview.css'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
import { bigYaml } from '../test/webview/fixtures';

const SETTLE = `
  window.__settled = (pred) => new Promise((resolve) => {
    const tick = () => {
      const canvas = document.querySelector('.okd-canvas[data-ready="true"]');
      const nodes = document.querySelectorAll('.react-flow__node');
      const hidden = [...nodes].some((n) => n.style.visibility === 'hidden');
      if (canvas && nodes.length && !hidden && (!pred || pred())) requestAnimationFrame(() => resolve(performance.now()));
      else requestAnimationFrame(tick);
    };
    tick();
  });`;
class BenchDoc implements DocPort {
  v = 1;
  constructor(public body: string) {}
  version() { return this.v; }
  text() { return this.body; }
  fileName() { return 'cluster.okd.yaml'; }
  readOnly() { return false; }
  apply(edits: TextEdit[], version: number) {
    if (version !== this.v) return Promise.resolve(false);
    this.body = applyTextEdits(this.body, edits);
    this.v++;
    return Promise.resolve(true);
  }
}
type PNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; hitCount: number; children?: number[] };
async function main() {
  const prod = process.argv[2] === 'prod';
  const bundle = await buildBundle(prod);
  const harness = await startHarness(bundle);
  const browser = await launchChromium();
  const doc = new BenchDoc(bigYaml(1000));
  const ref: { page?: Page } = {};
  const nodeMarks: [string, number][] = [];
  const session = new EditorSession({ doc, post: (m: HostMessage) => { nodeMarks.push([`node-post ${m.type}`, performance.now()]); const j = JSON.stringify(m); void ref.page?.evaluate((x) => (globalThis as unknown as { __push(x: unknown): void }).__push(JSON.parse(x)), j); },
    log: () => undefined, showRange: () => undefined, exportImage: () => Promise.resolve('cancelled'), openAsText: () => undefined, theme: () => 'dark' });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript('globalThis.__name = (f) => f;');
  ref.page = page;
  await page.exposeFunction('__hostBinding', (m: unknown) => { nodeMarks.push([`node-recv ${(m as { type: string }).type}`, performance.now()]); void session.receive(m); });
  await page.goto(harness.url());
  await page.evaluate(SETTLE);
  await page.evaluate(async () => (globalThis as unknown as { __settled(): Promise<number> }).__settled());
  const cdp = await page.context().newCDPSession(page);
  const one = () => page.evaluate(async () => {
    const w = globalThis as unknown as { __settled(p?: () => boolean): Promise<number>; document: { querySelectorAll(q: string): Iterable<{ getAttribute(a: string): string | null }>; querySelector(q: string): { click(): void } } };
    const hosts = () => [...w.document.querySelectorAll('[data-testid^="node-host:"]')].map((e) => e.getAttribute('data-testid'));
    const before = new Set(hosts());
    const t0 = performance.now();
    w.document.querySelector('[data-testid="palette-host"]').click();
    return (await w.__settled(() => hosts().some((id) => !before.has(id)))) - t0;
  });
  console.log('warmup', (await one()).toFixed(0));
  if (process.argv[3] === 'marks') {
    await page.evaluate(() => {
      const w = globalThis as unknown as { __marks: [string, number][]; addEventListener(t: string, f: (e: { data: { type: string } }) => void): void; __posted: { type: string }[] };
      w.__marks = [];
      w.addEventListener('message', (e) => w.__marks.push([`done ${e.data.type}`, performance.now()]));
      const orig = w.__posted.push.bind(w.__posted);
      w.__posted.push = (...xs: { type: string }[]) => { for (const x of xs) w.__marks.push([`post ${x.type}`, performance.now()]); return orig(...xs); };
    });
    await page.addInitScript(() => undefined);
    const rows: string[] = [];
    for (let i = 0; i < 7; i++) {
      await page.evaluate(() => { (globalThis as unknown as { __marks: unknown[] }).__marks = []; });
      nodeMarks.length = 0;
      const total = await one();
      const marks = await page.evaluate(() => (globalThis as unknown as { __marks: [string, number][] }).__marks);
      const t0 = marks[0]?.[1] ?? 0;
      const n0 = nodeMarks[0]?.[1] ?? 0;
      rows.push(`${total.toFixed(0)}: ` + marks.map(([k, t]) => `${k}@${(t - t0).toFixed(0)}`).join(' ') + ' | node: ' + nodeMarks.map(([k, t]) => `${k}@${(t - n0).toFixed(0)}`).join(' '));
    }
    console.log(rows.join('\n'));
    process.exit(0);
  }
  if (process.argv[3] === 'trace') {
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    const tt: number[] = [];
    for (let i = 0; i < 7; i++) tt.push(await one());
    const buf = await browser.stopTracing();
    console.log('times', tt.map((t) => t.toFixed(0)).join(' '));
    const ev = (JSON.parse(buf.toString()) as { traceEvents: { name: string; ph: string; dur?: number; tid: number; args?: { data?: { stackTrace?: unknown; } } }[] }).traceEvents;
    const sum = new Map<string, number>();
    for (const e of ev) if (e.ph === 'X' && e.dur) sum.set(e.name, (sum.get(e.name) ?? 0) + e.dur);
    console.log([...sum].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, v]) => `${(v / 1000 / 7).toFixed(1).padStart(7)} ms/edit ${k}`).join('\n'));
    const big = ev.filter((e) => e.ph === 'X' && (e.name === 'Layout' || e.name === 'UpdateLayoutTree') && (e.dur ?? 0) > 5000);
    for (const e of big.slice(0, 20)) console.log(e.name, ((e.dur ?? 0) / 1000).toFixed(1), JSON.stringify(e.args).slice(0, 300));
    process.exit(0);
  }
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const times: number[] = [];
  for (let i = 0; i < 7; i++) times.push(await one());
  const { profile } = await cdp.send('Profiler.stop') as unknown as { profile: { nodes: PNode[]; samples: number[]; timeDeltas: number[] } };
  console.log('times', times.map((t) => t.toFixed(0)).join(' '));
  // self time by function
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const dt = new Map<number, number>();
  profile.samples.forEach((s, i) => dt.set(s, (dt.get(s) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  for (const [id, us] of dt) {
    const n = byId.get(id)!;
    const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    self.set(k, (self.get(k) ?? 0) + us);
  }
  // total (inclusive) time by function
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map<string, number>();
  for (const [id, us] of dt) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur)!;
      const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
      if (seen.has(k)) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + us);
    }
  }
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${(v / 1000 / 7).toFixed(1).padStart(7)} ms/edit  ${k}`).join('\n');
  console.log('--- self\n' + top(self, 35));
  console.log('--- inclusive\n' + top(incl, 400));
  await page.close(); session.dispose(); await browser.close(); await harness.close(); bundle.dispose();
}
void main();
