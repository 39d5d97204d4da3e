// `npm run bench`: runs every bench/*.bench.ts and prints one table. Goals are printed, not asserted.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  goal?: string;
  /** Optional verdict; when absent it is left blank. */
  ok?: boolean;
  note?: string;
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only)))
    .sort();
  const rows: (BenchRow & { suite: string })[] = [];
  for (const f of files) {
    const suite = f.replace('.bench.ts', '');
    process.stderr.write(`bench: ${suite}…\n`);
    try {
      const mod = (await import(join(__dirname, f))) as { run: () => Promise<BenchRow[]> };
      for (const r of await mod.run()) rows.push({ ...r, suite });
    } catch (e) {
      rows.push({ suite, name: 'FAILED', value: NaN, unit: '', note: (e as Error).message.split('\n')[0] });
    }
  }
  const fmt = (v: number) => (Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2)) : 'n/a');
  const table = rows.map((r) => [
    r.suite,
    r.name,
    `${fmt(r.value)} ${r.unit}`.trim(),
    r.goal ?? '',
    r.ok === undefined ? '' : r.ok ? 'met' : 'MISSED',
    r.note ?? '',
  ]);
  const head = ['suite', 'measure', 'result', 'goal', 'verdict', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log(line(head));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const t of table) console.log(line(t));
}

void main();
