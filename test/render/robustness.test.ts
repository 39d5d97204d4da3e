// renderAll never throws: on any topology that parses, even a broken one rendered with force, it
// returns files and errors. Mutants delete or duplicate lines of the examples (seeded, repeatable).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/core/analyze';
import { renderAll } from '../../src/core/render/index';
import { builtinTemplates, EXAMPLES, exampleFile, FIXTURES } from './helpers';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function mutate(text: string, r: () => number): string {
  const lines = text.split('\n');
  const n = 1 + Math.floor(r() * 3);
  for (let k = 0; k < n; k++) {
    const i = Math.floor(r() * lines.length);
    const op = r();
    if (op < 0.5) lines.splice(i, 1);
    else if (op < 0.8) lines.splice(i, 0, lines[Math.floor(r() * lines.length)]);
    else lines[i] = lines[i].replace(/\d+/, String(Math.floor(r() * 300)));
  }
  return lines.join('\n');
}

describe('render: robustness', function () {
  this.timeout(120000);
  const sources = [...EXAMPLES.map(exampleFile), path.join(FIXTURES, 'ha-services.okd.yaml')].map((f) =>
    readFileSync(f, 'utf8'),
  );
  const templates = builtinTemplates();

  it('never throws on 400 mutated topologies rendered with force', () => {
    const r = rng(20261123);
    let rendered = 0;
    for (let i = 0; i < 400; i++) {
      const text = mutate(sources[i % sources.length], r);
      const a = analyze(text);
      if (!a.topology) continue;
      let result;
      try {
        result = renderAll(a.topology, templates, { force: true, problems: a.problems });
        // Values that fail their type are never rendered, even forced; render them as if they had
        // slipped past validate, so the output guard meets them too (it must refuse, not throw).
        if (result.untyped) result = renderAll(a.topology, templates, { force: true, problems: [] });
      } catch (e) {
        assert.fail(`renderAll threw on mutant ${i}: ${(e as Error).stack}\n--- topology ---\n${text}`);
      }
      assert.ok(Array.isArray(result.files) && Array.isArray(result.errors));
      if (result.files.length > 0) rendered++;
    }
    assert.ok(rendered > 200, `only ${rendered} mutants rendered anything`);
  });
});
