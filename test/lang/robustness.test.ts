// Property test: every provider answers without throwing on any cut, duplication or junk
// inserted into a topology, at any offset — the state of a buffer while someone types.
import { strict as assert } from 'node:assert';
import { analyze } from '../../src/core/analyze';
import { complete } from '../../src/core/lang/completion';
import { hover } from '../../src/core/lang/hover';
import { definitionAt, referencesAt, renameAt } from '../../src/core/lang/navigation';
import { documentSymbols } from '../../src/core/lang/symbols';
import { applyEdits, quickFixes } from '../../src/core/lang/fixes';
import { LAB, example } from './util';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const JUNK = [
  '',
  ' ',
  '\n',
  ':',
  '- ',
  '{',
  '}',
  '[',
  ']',
  ',',
  '"',
  "'",
  '#',
  '  ',
  'ip: ',
  'mac:',
  '10.0.0.',
  '&a',
  '*a',
  '|',
  '\t',
  '---\n',
];

describe('lang: providers never throw on mangled input', () => {
  it('1,500 mutations of the lab and the examples', () => {
    const rand = rng(42);
    const bases = [LAB, example('k3s-metallb'), example('okd-ipi')];
    let answered = 0;
    for (let n = 0; n < 1500; n++) {
      const base = bases[n % bases.length];
      const at = Math.floor(rand() * base.length);
      const len = Math.floor(rand() * 12);
      const junk = JUNK[Math.floor(rand() * JUNK.length)];
      const text = base.slice(0, at) + junk + base.slice(at + len);
      const a = analyze(text);
      const off = Math.min(text.length, at + Math.floor(rand() * 4));
      try {
        complete(text, off, a);
        hover(a, off);
        definitionAt(a, off);
        referencesAt(a, off, true);
        renameAt(a, off, 'x-1');
        documentSymbols(a.doc.root);
        for (const p of a.problems) for (const f of quickFixes(a, p)) applyEdits(text, f.edits);
      } catch (e) {
        assert.fail(`threw on mutation ${n} at ${off}: ${(e as Error).stack}\n--- text ---\n${text}`);
      }
      answered++;
    }
    assert.equal(answered, 1500);
  });
});
