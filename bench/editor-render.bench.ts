// Topology editor webview in headless Chromium (production bundle, strict-CSP harness page):
// first render of 100 and 1,000 hosts, snapshot-in to re-rendered graph, and a graph edit round
// trip through the real edit planner with Node playing the extension host.
import type { Browser, Page } from 'playwright-core';
import type { BenchRow } from './index';
import { analyze } from '../src/core/analyze';
import { applyTextEdits, planGraphEdit } from '../src/core/edit/index';
import { buildView, problemViews } from '../src/core/view/snapshot';
import { PROTOCOL_VERSION, isWebviewMessage, type SnapshotMessage } from '../src/protocol/messages';
import { buildBundle, launchChromium, startHarness, type Harness } from '../test/webview/harness/server';
import { bigYaml, snapshotFromYaml } from '../test/webview/fixtures';

// Runs in the page: resolves once the canvas is ready and every rendered node is measured, then
// waits one more frame so the time includes layout and paint.
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function newPage(browser: Browser, harness: Harness, onPost?: (m: unknown) => void): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // tsx compiles with keepNames: functions serialised into the page call __name().
  await page.addInitScript('globalThis.__name = (f) => f;');
  if (onPost) await page.exposeFunction('__hostBinding', onPost);
  await page.goto(harness.url());
  await page.waitForFunction(() => (globalThis as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  await page.evaluate(SETTLE);
  return page;
}

/** Time from the snapshot message to a settled first graph (fit to view, all rendered nodes measured). */
async function firstRender(page: Page, snap: SnapshotMessage): Promise<number> {
  return page.evaluate(async (s) => {
    const w = globalThis as unknown as { __push(m: unknown): void; __settled(p?: () => boolean): Promise<number> };
    const t0 = performance.now();
    w.__push(s);
    return (await w.__settled()) - t0;
  }, snap as unknown);
}

/** Time from a changed snapshot to the changed node being re-rendered. */
async function update(page: Page, snap: SnapshotMessage, nodeId: string, text: string): Promise<number> {
  return page.evaluate(async ([s, id, want]) => {
    const w = globalThis as unknown as { __push(m: unknown): void; __settled(p?: () => boolean): Promise<number>; document: { querySelector(q: string): { getAttribute(a: string): string | null } | null } };
    const t0 = performance.now();
    w.__push(s);
    // The aria-label carries the addresses at every zoom level (zoomed-out cards show only names).
    return (await w.__settled(() => !!w.document.querySelector(`[data-testid="node-${id}"]`)?.getAttribute('aria-label')?.includes(want))) - t0;
  }, [snap as unknown, nodeId, text] as const);
}

async function renderRows(browser: Browser, harness: Harness, hosts: number, runs: number): Promise<BenchRow[]> {
  const text = bigYaml(hosts);
  const snap = snapshotFromYaml(text, 1);
  const first: number[] = [], again: number[] = [];
  for (let i = 0; i < runs; i++) {
    const page = await newPage(browser, harness);
    try {
      first.push(await firstRender(page, snap));
      // Change one host's address: the host re-sends the whole snapshot; the graph must follow.
      const changed = snapshotFromYaml(text.replace('ip: 10.1.0.10,', 'ip: 10.1.9.99,'), 2);
      again.push(await update(page, changed, 'host:node-1', '10.1.9.99'));
    } finally {
      await page.close();
    }
  }
  const goal = hosts >= 1000 ? '< 1500 ms' : undefined;
  const f = median(first);
  return [
    { name: `first render, ${hosts} hosts (median of ${runs})`, value: f, unit: 'ms', goal, ok: goal ? f < 1500 : undefined },
    { name: `snapshot in -> graph updated, ${hosts} hosts`, value: median(again), unit: 'ms' },
  ];
}

/** Palette click -> edit message -> planner + reparse in Node -> snapshot -> new node on screen. */
async function roundTrip(browser: Browser, harness: Harness, hosts: number, runs: number): Promise<BenchRow[]> {
  let text = bigYaml(hosts);
  let analysis = analyze(text);
  let version = 1;
  const hostMs: number[] = [];
  const ref: { page?: Page } = {};
  const onPost = (m: unknown) => {
    const page = ref.page;
    if (!isWebviewMessage(m) || m.type !== 'edit' || !page) return;
    // What the editor host does per edit: plan on the cached analysis, apply, re-analyse once.
    const t0 = performance.now();
    const out = planGraphEdit({ text, doc: analysis.doc, topology: analysis.topology }, m.edit);
    const push = (msg: unknown) => void page.evaluate((json) => (globalThis as unknown as { __push(x: unknown): void }).__push(JSON.parse(json)), JSON.stringify(msg));
    // Like the real host: every edit gets its result (the webview keeps one edit in flight until then).
    if (out.outcome !== 'applied') return push({ type: 'editResult', requestId: m.requestId, outcome: out.outcome === 'noop' ? 'noop' : 'error' });
    text = applyTextEdits(text, out.edits);
    analysis = analyze(text);
    const problems = problemViews(analysis.topology, analysis.problems);
    const snap: SnapshotMessage = {
      type: 'snapshot', protocolVersion: PROTOCOL_VERSION, version: ++version, reason: 'change', fileName: 'cluster.okd.yaml', readOnly: false,
      view: buildView(analysis.topology!, problems), problems,
    };
    hostMs.push(performance.now() - t0);
    // As JSON strings, like VS Code's webview IPC (Playwright's object serialiser is far slower).
    push({ type: 'editResult', requestId: m.requestId, outcome: 'applied', version });
    push(snap);
  };
  const page = await newPage(browser, harness, onPost);
  ref.page = page;
  const times: number[] = [];
  try {
    await firstRender(page, snapshotFromYaml(text, version));
    for (let i = 0; i < runs; i++) {
      times.push(await page.evaluate(async () => {
        const w = globalThis as unknown as { __settled(p?: () => boolean): Promise<number>; document: { querySelectorAll(q: string): { length: number }; querySelector(q: string): { click(): void } } };
        const count = () => w.document.querySelectorAll('[data-testid^="node-host:"]').length;
        const before = count();
        const t0 = performance.now();
        w.document.querySelector('[data-testid="palette-host"]').click();
        return (await w.__settled(() => count() > before)) - t0;
      }));
    }
  } finally {
    await page.close();
  }
  const v = median(times);
  return [
    { name: `graph edit -> planner + reparse -> re-rendered, ${hosts} hosts`, value: v, unit: 'ms', goal: '< 100 ms', ok: v < 100, note: 'host side played by Node (no VS Code)' },
    { name: `  of which host side (plan, apply, analyse, view), ${hosts} hosts`, value: median(hostMs), unit: 'ms' },
  ];
}

export async function run(): Promise<BenchRow[]> {
  const bundle = await buildBundle(true);
  const harness = await startHarness(bundle);
  const browser = await launchChromium();
  try {
    return [
      ...(await renderRows(browser, harness, 100, 5)),
      ...(await renderRows(browser, harness, 1000, 3)),
      ...(await roundTrip(browser, harness, 100, 5)),
      ...(await roundTrip(browser, harness, 1000, 3)),
    ];
  } finally {
    await browser.close();
    await harness.close();
    bundle.dispose();
  }
}
