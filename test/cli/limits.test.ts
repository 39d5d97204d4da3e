// Every command that reads a topology refuses what is not a regular file of sane size, at once:
// /dev/zero must not eat memory and a FIFO must not hang. Run as child processes, so a regression
// that blocks is caught by the timeout instead of freezing the test runner.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TOPOLOGY_MAX_BYTES } from '../../src/node/files';

const ROOT = resolve(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'okd-limits-'));

function cli(args: string[]): { code: number | null; err: string; signal: NodeJS.Signals | null } {
  const r = spawnSync(
    process.execPath,
    ['--require', require.resolve('tsx/cjs'), join(ROOT, 'src/cli/main.ts'), ...args],
    { encoding: 'utf8', timeout: 20000 },
  );
  return { code: r.status, err: r.stderr, signal: r.signal };
}

describe('topology files: only regular files of at most 32 MiB', function () {
  this.timeout(60000);
  const fifo = join(dir, 'pipe.okd.yaml');
  spawnSync('mkfifo', [fifo]);

  it('the documented limit is 32 MiB, far above a 10,000-host topology (about 2-3 MB)', () => {
    assert.equal(TOPOLOGY_MAX_BYTES, 32 * 1024 * 1024);
  });

  it('validate /dev/zero and validate a FIFO exit 2 at once with one clear line', () => {
    const zero = cli(['validate', '/dev/zero']);
    assert.equal(zero.signal, null, 'validate /dev/zero did not finish');
    assert.equal(zero.code, 2);
    assert.equal(zero.err, '/dev/zero: is a device, not a regular file\n');
    const pipe = cli(['validate', fifo]);
    assert.equal(pipe.signal, null, 'validate FIFO hung');
    assert.equal(pipe.code, 2);
    assert.equal(pipe.err, `${fifo}: is a named pipe (FIFO), not a regular file\n`);
  });

  it('a file over the limit is refused by its size, without reading it', () => {
    const big = join(dir, 'big.okd.yaml');
    writeFileSync(big, '');
    truncateSync(big, TOPOLOGY_MAX_BYTES + 1024 * 1024);
    const r = cli(['validate', big]);
    assert.equal(r.code, 2);
    assert.equal(r.err, `${big}: is 33 MiB, over the 32 MiB limit for this file\n`);
  });

  it('render, deploy and export-ansible refuse a FIFO topology the same way', () => {
    for (const args of [
      ['render', fifo, '--out', join(dir, 'out')],
      ['deploy', fifo, '--dry-run'],
      ['export-ansible', fifo, '--out', join(dir, 'ansible')],
    ]) {
      const r = cli(args);
      assert.equal(r.signal, null, `${args[0]} hung`);
      assert.equal(r.code, 2, `${args[0]}: ${r.err}`);
      assert.match(r.err, /pipe\.okd\.yaml: is a named pipe \(FIFO\), not a regular file/, args[0]);
    }
  });
});
