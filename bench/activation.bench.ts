// Extension activation time and VSIX size, measured on what ships: `npm run package` builds the
// production bundle and the VSIX; the bundle is then loaded and activated in fresh Node processes
// against a recording fake `vscode` module (bench/fake-vscode.ts), so the number is the extension's
// own cost (module evaluation + activate()), without the editor around it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { buildSync } from 'esbuild';
import { dirname, join } from 'node:path';
import type { BenchRow } from './index';

const ROOT = join(__dirname, '..');
const SAMPLES = 9;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function run(): Promise<BenchRow[]> {
  const pkg = spawnSync('npm', ['run', 'package'], { cwd: ROOT, encoding: 'utf8' });
  if (pkg.status !== 0)
    throw new Error(
      `npm run package failed: ${(pkg.stderr || pkg.stdout).split('\n').filter(Boolean).slice(-3).join(' ')}`,
    );
  const vsix = statSync(join(ROOT, 'dist', 'okd-topology.vsix')).size;
  const bundle = statSync(join(ROOT, 'dist', 'extension.js')).size;

  // Plain JS child: a TypeScript loader would also hook (and slow) the require of the bundle.
  const child = join(mkdtempSync(join(tmpdir(), 'okd-bench-')), 'fake-vscode.js');
  buildSync({
    entryPoints: [join(__dirname, 'fake-vscode.ts')],
    outfile: child,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
  });
  const samples: {
    loadMs: number;
    activateMs: number;
    registrations: number;
    subscriptions: number;
    error?: string;
  }[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const r = spawnSync(process.execPath, [child, 'dist/extension.js'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0)
      throw new Error(
        `activation child failed: ${(r.stderr.split('\n').find((l) => /Error/.test(l)) ?? r.stderr).slice(0, 300)}`,
      );
    samples.push(JSON.parse(r.stdout.trim().split('\n').pop()!));
  }
  rmSync(dirname(child), { recursive: true, force: true });
  const total = median(samples.map((s) => s.loadMs + s.activateMs));
  const last = samples[samples.length - 1];
  return [
    {
      name: 'activation: load + activate() of dist/extension.js (median of 9)',
      value: total,
      unit: 'ms',
      goal: '< 100 ms',
      ok: total < 100 && !last.error,
      note: last.error
        ? `activate() threw: ${last.error}`
        : `load ${median(samples.map((s) => s.loadMs)).toFixed(1)} ms, activate ${median(samples.map((s) => s.activateMs)).toFixed(1)} ms; ${last.registrations} registrations, ${last.subscriptions} disposables`,
    },
    { name: 'dist/extension.js (production bundle)', value: bundle / 1024, unit: 'KiB' },
    {
      name: 'VSIX size (dist/okd-topology.vsix)',
      value: vsix / 1024 / 1024,
      unit: 'MB',
      goal: '< 3 MB',
      ok: vsix < 3 * 1024 * 1024,
    },
  ];
}
