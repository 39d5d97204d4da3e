// Very large topologies: no check may spread an unbounded array into a call (push(...x) overflows
// the stack somewhere past 100,000 elements), and an internal error names the check by its source name.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { analyze } from '../../src/core/analyze';
import { CHECKS, runChecks } from '../../src/core/checks/index';
import { RELATED_MAX } from '../../src/core/checks/util';
import type { Host, Topology } from '../../src/core/model';

const HOSTS = 150_000;

/** A small real topology, then 150,000 hosts built in memory (YAML would take minutes). */
function huge(): Topology {
  const a = analyze(`version: 1
cluster: { name: big, baseDomain: example.com, platform: kubernetes }
networks:
  - { name: big, cidr: 10.0.0.0/8 }
hosts: []
`);
  assert.ok(a.topology);
  const t = a.topology;
  const hosts: Host[] = [];
  for (let i = 0; i < HOSTS; i++) {
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${(i & 255) + 0}`;
    // Every host shares one MAC, so one check returns a problem per host: an array as large as the fleet.
    hosts.push({
      name: `h${i}`,
      role: 'worker',
      interfaces: [
        {
          network: 'big',
          ip: i % 256 === 0 ? `10.255.${(i >> 8) & 255}.1` : ip,
          mac: '52:54:00:00:00:01',
          path: ['hosts', i, 'interfaces', 0],
        },
      ],
      path: ['hosts', i],
    });
  }
  t.hosts = hosts;
  return t;
}

describe('checks on a very large topology', function () {
  this.timeout(60000);
  let tmp: string | undefined;
  after(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it(`runs every check on ${HOSTS.toLocaleString('en')} hosts without an internal error`, () => {
    const problems = runChecks(huge());
    assert.deepEqual(
      problems.filter((p) => p.code === 'internal').map((p) => p.message),
      [],
    );
    // The duplicate MAC is reported for every host: more problems than a spread could pass, each
    // with a capped related list.
    const macs = problems.filter((p) => p.code === 'mac-duplicate');
    assert.equal(macs.length, HOSTS, `only ${problems.length} problems`);
    assert.ok(macs.every((p) => (p.related?.length ?? 0) <= RELATED_MAX + 1));
  });

  it('names a failing check by its source name, as data that survives minification', () => {
    assert.ok(Object.keys(CHECKS).length >= 10);
    for (const [name, fn] of Object.entries(CHECKS))
      assert.equal(name, fn.name, "CHECKS keys are the functions' source names");
    const saved = CHECKS.checkMacs;
    try {
      CHECKS.checkMacs = () => {
        throw new RangeError('Maximum call stack size exceeded');
      };
      const t = analyze(
        'version: 1\ncluster: { name: a, baseDomain: b.c, platform: k3s }\nnetworks: []\nhosts: []\n',
      ).topology!;
      const internal = runChecks(t).filter((p) => p.code === 'internal');
      assert.deepEqual(
        internal.map((p) => p.message),
        ['Internal error in check checkMacs: Maximum call stack size exceeded'],
      );
    } finally {
      CHECKS.checkMacs = saved;
    }
  });

  it('keeps those names in the minified bundle the VSIX ships (esbuild --minify)', () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'okd-min-'));
    const out = path.join(tmp, 'checks.min.js');
    const built = buildSync({
      entryPoints: [path.join(__dirname, '../../src/core/checks/index.ts')],
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'cjs',
      write: false,
    });
    writeFileSync(out, built.outputFiles[0].text);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const min = require(out) as { CHECKS: typeof CHECKS; runChecks: typeof runChecks };
    min.CHECKS.checkPools = () => {
      throw new Error('boom');
    };
    const t = analyze(
      'version: 1\ncluster: { name: a, baseDomain: b.c, platform: k3s }\nnetworks: []\nhosts: []\n',
    ).topology!;
    assert.deepEqual(
      min
        .runChecks(t)
        .filter((p) => p.code === 'internal')
        .map((p) => p.message),
      ['Internal error in check checkPools: boom'],
    );
  });
});
