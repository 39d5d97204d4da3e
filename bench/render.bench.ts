// Rendering every config for a 1,000-host topology (view model + all templates + consistency).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchRow } from './index';
import { generateTopology } from './gen';
import { analyze } from '../src/core/analyze';
import { renderAll } from '../src/core/render/index';

/** Median CPU time and median wall time of `runs` calls (CPU is the stable figure on a busy machine). */
function measure(fn: () => unknown, runs = 7): { cpu: number; wall: number } {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    fn();
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(runs / 2)];
  return { cpu: mid(cpu), wall: mid(wall) };
}

export async function run(): Promise<BenchRow[]> {
  const dir = join(__dirname, '..', 'templates');
  const templates: Record<string, string> = {};
  for (const f of readdirSync(dir)) if (f.endsWith('.liquid')) templates[f] = readFileSync(join(dir, f), 'utf8');
  const rows: BenchRow[] = [];
  for (const [label, platform] of [
    ['okd-upi + PXE', 'okd-upi'],
    ['k3s + MetalLB', 'k3s'],
  ] as const) {
    // The generator has no PXE service; add it so every services-host artifact is rendered.
    const text = generateTopology(1000, { platform }) + (platform === 'okd-upi' ? '  pxe: { host: services }\n' : '');
    const a = analyze(text);
    if (!a.topology) throw new Error('generated topology did not parse');
    const opts = { problems: a.problems, force: true };
    const first = renderAll(a.topology, templates, opts);
    if (first.errors.length) throw new Error(first.errors[0].message);
    const m = measure(() => renderAll(a.topology!, templates, opts));
    rows.push({
      name: `render all, 1,000 hosts, ${label} (${first.files.length} files)`,
      value: m.cpu,
      unit: 'ms CPU',
      goal: '< 200 ms',
      ok: m.cpu < 200,
      note: `median of 7; wall ${m.wall.toFixed(0)} ms`,
    });
  }
  return rows;
}
