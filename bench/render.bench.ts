// Rendering every config for a 1,000-host topology (view model + all templates + consistency).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchRow } from './index';
import { generateTopology } from './gen';
import { analyze } from '../src/core/analyze';
import { renderAll } from '../src/core/render/index';

function median(fn: () => unknown, runs = 7): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

export async function run(): Promise<BenchRow[]> {
  const dir = join(__dirname, '..', 'templates');
  const templates: Record<string, string> = {};
  for (const f of readdirSync(dir)) if (f.endsWith('.liquid')) templates[f] = readFileSync(join(dir, f), 'utf8');
  const rows: BenchRow[] = [];
  for (const [label, platform] of [['okd-upi + PXE', 'okd-upi'], ['k3s + MetalLB', 'k3s']] as const) {
    // The generator has no PXE service; add it so every services-host artifact is rendered.
    const text = generateTopology(1000, { platform }) + (platform === 'okd-upi' ? '  pxe: { host: services }\n' : '');
    const a = analyze(text);
    if (!a.topology) throw new Error('generated topology did not parse');
    const opts = { problems: a.problems, force: true };
    const first = renderAll(a.topology, templates, opts);
    if (first.errors.length) throw new Error(first.errors[0].message);
    const cpu0 = process.cpuUsage();
    const ms = median(() => renderAll(a.topology!, templates, opts));
    const cpu = process.cpuUsage(cpu0);
    // CPU time per render, for comparing runs on a busy machine where wall time is noisy.
    const cpuMs = (cpu.user + cpu.system) / 1000 / 7;
    rows.push({ name: `render all, 1,000 hosts, ${label} (${first.files.length} files)`, value: ms, unit: 'ms', goal: '< 200 ms', ok: ms < 200, note: `median of 7; ${cpuMs.toFixed(0)} ms CPU per render` });
  }
  return rows;
}
