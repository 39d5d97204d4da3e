// Parse + validate time for generated topologies of 100, 1,000 and 10,000 hosts, and
// yaml-language-server's schema-only validation of the same 10,000-host file for comparison.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyze } from '../src/core/analyze';
import { parseYaml, parseYamlEvents } from '../src/core/yaml/ast';
import { checkStructure } from '../src/core/schema/structure';
import { buildTopology } from '../src/core/parse';
import { runChecks } from '../src/core/checks/index';
import { generateTopology } from './gen';
import type { BenchRow } from './index';

/** A full garbage collection (for the cold-heap reference row). */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  return typeof gc === 'function' ? gc : () => undefined;
}
const gc = collector();

let lastMin = NaN;

/**
 * Median wall time of `runs` calls after `warm` warm-up calls, in ms. Runs go back to back, as
 * the editor re-validates while the user types: each run also pays for collecting the garbage of
 * the one before. With `coldHeap`, a full collection precedes each run instead; that shrinks V8's
 * young generation, which no editing session does, so it is printed for reference only.
 */
async function timeIt(
  f: () => unknown | Promise<unknown>,
  runs: number,
  warm: number,
  coldHeap = false,
): Promise<number> {
  for (let i = 0; i < warm; i++) await f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (coldHeap) gc();
    const s = performance.now();
    await f();
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  lastMin = times[0];
  return times[Math.floor(times.length / 2)];
}

/** yaml-language-server's validator, configured with our schema, as the Red Hat YAML extension would run it. */
async function ylsValidator(): Promise<(text: string) => Promise<number>> {
  const { getLanguageService } = await import('yaml-language-server');
  const { TextDocument } = await import('vscode-languageserver-textdocument');
  const schemaPath = join(__dirname, '../schemas/cluster.okd.schema.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
  const uri = 'file://' + schemaPath;
  const ls = getLanguageService({
    schemaRequestService: async () => JSON.stringify(schema),
    workspaceContext: { resolveRelativePath: (rel: string, res: string) => new URL(rel, res).toString() },
  });
  ls.configure({
    validate: true,
    hover: false,
    completion: false,
    format: false,
    schemas: [{ uri, fileMatch: ['*'], schema }],
  });
  let version = 0;
  return async (text: string) => {
    const doc = TextDocument.create('file:///bench/cluster.okd.yaml', 'yaml', ++version, text);
    const diagnostics = await ls.doValidation(doc, false);
    return diagnostics.length;
  };
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  let ours10k = NaN;
  let text10k = '';
  for (const n of [100, 1000, 10000]) {
    const text = generateTopology(n);
    // The generated file is clean; a problem here would mean the bench measures an error path.
    const bad = analyze(text).problems.filter((p) => p.severity !== 'info');
    if (bad.length) throw new Error(`generated ${n}-host topology is not clean: ${bad[0].code} ${bad[0].message}`);
    const ms = await timeIt(() => analyze(text), n >= 10000 ? 21 : 30, 5);
    // The median is the result; the minimum shows what the code does when the machine is not busy.
    const row: BenchRow = {
      name: `parse+validate ${n.toLocaleString('en')} hosts (${(text.length / 1024).toFixed(0)} KiB)`,
      value: ms,
      unit: 'ms',
      note: `median; min ${lastMin.toFixed(1)} ms`,
    };
    if (n === 10000) {
      row.goal = '< 100 ms';
      row.ok = ms < 100;
      ours10k = ms;
      text10k = text;
    }
    rows.push(row);
  }
  rows.push({
    name: '  the same after a forced full GC before each run',
    value: await timeIt(() => analyze(text10k), 15, 3, true),
    unit: 'ms',
    note: `median; min ${lastMin.toFixed(1)} ms; a cold heap, for reference`,
  });
  // Where the 10,000-host time goes, to aim future optimisation (each step alone, on a warm heap).
  const doc = parseYaml(text10k);
  rows.push({
    name: '  of which: located tree (fast path)',
    value: await timeIt(() => parseYaml(text10k), 15, 3),
    unit: 'ms',
  });
  rows.push({
    name: '  of which: schema structure',
    value: await timeIt(() => checkStructure(doc.root, []), 15, 3),
    unit: 'ms',
  });
  rows.push({
    name: '  of which: model + checks',
    value: await timeIt(() => runChecks(buildTopology(doc.root)!), 15, 3),
    unit: 'ms',
  });
  rows.push({
    name: '  for comparison: js-yaml events + tree (general path)',
    value: await timeIt(() => parseYamlEvents(text10k), 9, 2),
    unit: 'ms',
    note: 'used for YAML outside the fast subset',
  });
  const validate = await ylsValidator();
  const diags = await validate(text10k);
  const theirs = await timeIt(() => validate(text10k), 5, 2);
  rows.push({
    name: 'yaml-language-server schema validation, 10,000 hosts',
    value: theirs,
    unit: 'ms',
    note: `median; min ${lastMin.toFixed(0)} ms; ${diags} diagnostics`,
  });
  const ratio = ours10k / theirs;
  rows.push({
    name: 'ratio ours/yaml-language-server (10,000 hosts)',
    value: ratio,
    unit: '×',
    goal: '≤ 1',
    ok: ratio <= 1,
  });
  return rows;
}

// Direct run: `npx tsx bench/validate.bench.ts`
if (require.main === module) {
  void run().then((rows) => {
    for (const r of rows)
      console.log(
        `${r.name.padEnd(58)} ${r.value.toFixed(2).padStart(9)} ${r.unit} ${r.goal ?? ''} ${r.ok === undefined ? '' : r.ok ? 'met' : 'MISSED'} ${r.note ?? ''}`,
      );
  });
}
