// Property: analyze() never throws and no check crashes ("internal" problems), whatever the
// user types. The examples are mutated thousands of times with a seeded generator.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/core/analyze';
import { MUTATIONS, pick, rng } from './mutate';

describe('fuzz: analyze() never throws on mutated examples', function () {
  this.timeout(60000);
  const dir = join(__dirname, '../../examples');
  const texts = readdirSync(dir)
    .filter((d) => existsSync(join(dir, d, 'cluster.okd.yaml')))
    .map((d) => readFileSync(join(dir, d, 'cluster.okd.yaml'), 'utf8'));

  it('4,000 mutants: no exception, no internal error, every range inside the text', () => {
    assert.ok(texts.length >= 3);
    const r = rng(20261123);
    let problemsSeen = 0;
    for (let n = 0; n < 4000; n++) {
      const lines = texts[n % texts.length].split('\n');
      const count = 1 + Math.floor(r() * 4);
      for (let k = 0; k < count; k++) pick(MUTATIONS, r)(lines, r);
      const text = lines.join('\n');
      let a;
      try {
        a = analyze(text);
      } catch (e) {
        assert.fail(`analyze threw on mutant ${n}: ${(e as Error).stack}\n---\n${text}`);
      }
      const internal = a.problems.find((p) => p.code === 'internal');
      assert.equal(internal, undefined, `internal error on mutant ${n}: ${internal?.message}\n---\n${text}`);
      for (const p of a.problems) {
        assert.ok(
          p.start >= 0 && p.end <= text.length && p.start <= p.end,
          `bad range ${p.start}-${p.end} for ${p.code} on mutant ${n}`,
        );
        assert.ok(typeof p.message === 'string' && p.message.length > 0);
      }
      problemsSeen += a.problems.length;
    }
    assert.ok(problemsSeen > 3000, 'mutations should produce problems');
  });
});
