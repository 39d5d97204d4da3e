// The shipped examples must validate clean: no errors or warnings (information is fine).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/core/analyze';
import { addressUsage } from '../../src/core/lang/usage';
import { generateTopology } from '../../bench/gen';

const dir = join(__dirname, '../../examples');

describe('examples validate clean', () => {
  const names = readdirSync(dir).filter((d) => existsSync(join(dir, d, 'cluster.okd.yaml')));
  it('there are at least the three required examples', () => {
    for (const n of ['okd-upi-lab', 'okd-ipi', 'k3s-metallb']) assert.ok(names.includes(n), `examples/${n} is missing`);
  });
  for (const name of names) {
    it(name, () => {
      const a = analyze(readFileSync(join(dir, name, 'cluster.okd.yaml'), 'utf8'));
      assert.ok(a.topology);
      const bad = a.problems.filter((p) => p.severity !== 'info');
      assert.deepEqual(
        bad.map((p) => `${p.line + 1}:${p.column + 1} ${p.code}: ${p.message}`),
        [],
      );
      assert.ok(
        !a.problems.some((p) => p.code === 'info-free-addresses'),
        'free addresses are not problems (issue 13)',
      );
      assert.ok(addressUsage(a.topology).length > 0);
    });
  }
});

describe('generated bench topologies validate clean (no false positives at scale)', () => {
  for (const platform of ['okd-upi', 'okd-ipi', 'k3s', 'kubernetes'] as const) {
    it(`${platform}, 1,500 hosts over several racks`, () => {
      const a = analyze(generateTopology(1500, { platform }));
      assert.equal(a.topology?.hosts.length, 1500);
      const bad = a.problems.filter((p) => p.severity !== 'info');
      assert.deepEqual(
        bad.slice(0, 5).map((p) => `${p.line + 1}:${p.column + 1} ${p.code}: ${p.message}`),
        [],
      );
    });
  }
});
