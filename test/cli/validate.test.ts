import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateCommand, type CliIo } from '../../src/cli/validate';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (s) => (out += s), err: (s) => (err += s) };
  const code = await validateCommand(args, io);
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'okd-cli-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const BAD = `version: 1
cluster:
  name: x
  platfrm: k3s
  baseDomain: a.b
networks: []
hosts:
  - name: a
    role: wrker
`;

describe('okd-topology validate', () => {
  it('accepts every shipped example with exit 0', async () => {
    for (const ex of ['okd-upi-lab', 'okd-ipi', 'k3s-metallb']) {
      const r = await run([join('examples', ex, 'cluster.okd.yaml')]);
      assert.equal(r.code, 0, `${ex}: ${r.out}`);
      assert.doesNotMatch(r.out, / error /);
    }
  });

  it('prints FILE:LINE:COL: severity code: message, 1-based', async () => {
    const f = file('bad.okd.yaml', BAD);
    const r = await run([f]);
    assert.equal(r.code, 1);
    assert.ok(
      r.out.includes(
        `${f}:4:3: error schema-unknown-field: Unknown field "platfrm" in cluster; did you mean "platform"?`,
      ),
      r.out,
    );
    assert.ok(r.out.includes(`${f}:9:11: error schema-enum:`), r.out);
  });

  it('free addresses only with --usage, at each network and pool name (issue 13: not problems)', async () => {
    const ex = join('examples', 'k3s-metallb', 'cluster.okd.yaml');
    const plain = await run([ex]);
    assert.doesNotMatch(plain.out + plain.err, /free/);
    assert.match(plain.err, /^0 error\(s\), 0 warning\(s\), 0 info\n$/);
    const r = await run([ex, '--usage']);
    assert.equal(r.code, 0);
    assert.match(
      r.out,
      new RegExp(
        `^${ex.replace(/\./g, '\\.')}:15:11: usage: Network lan: 10\\.0\\.0\\.0/24: \\d+ of 256 free \\(`,
        'm',
      ),
    );
    assert.match(r.out, /: usage: Pool default: \d+ of \d+ addresses free\n/);
    const j = JSON.parse((await run([ex, '--usage', '--format', 'json'])).out);
    assert.deepEqual(
      j.usage.map((u: { kind: string; name: string; line: number }) => [u.kind, u.name, u.line]).slice(0, 1),
      [['network', 'lan', 15]],
    );
    assert.equal(JSON.parse((await run([ex, '--format', 'json'])).out).usage, undefined);
  });

  it('prints the documented JSON shape', async () => {
    const f = file('bad2.okd.yaml', BAD);
    const r = await run([f, '--format', 'json']);
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out);
    assert.equal(j.file, f);
    const p = j.problems.find((x: { code: string }) => x.code === 'schema-unknown-field');
    assert.deepEqual(
      { line: p.line, column: p.column, endLine: p.endLine, endColumn: p.endColumn, severity: p.severity },
      { line: 4, column: 3, endLine: 4, endColumn: 10, severity: 'error' },
    );
    assert.deepEqual(Object.keys(p).sort(), [
      'code',
      'column',
      'endColumn',
      'endLine',
      'line',
      'message',
      'related',
      'severity',
    ]);
  });

  it('exits 2 for a missing file, a directory, or text that is not YAML', async () => {
    assert.equal((await run([join(dir, 'nope.yaml')])).code, 2);
    assert.match((await run([join(dir, 'nope.yaml')])).err, /no such file/);
    assert.equal((await run([dir])).code, 2);
    const broken = file('broken.okd.yaml', 'cluster: [1,\n  name: {\n');
    const r = await run([broken]);
    assert.equal(r.code, 2);
    assert.match(r.out, /:\d+:\d+: error yaml-syntax: /);
  });

  it('rejects bad options with exit 2 and a usage line', async () => {
    assert.equal((await run(['--format', 'xml', 'a.yaml'])).code, 2);
    assert.equal((await run([])).code, 2);
    assert.equal((await run(['--frobnicate', 'a.yaml'])).code, 2);
  });

  it('runs as the built binary (npx okd-topology) with the same exit codes', function () {
    if (!existsSync('dist/cli.js')) execFileSync('node', ['scripts/build.mjs'], { stdio: 'ignore' });
    const ok = spawnSync('node', ['bin/okd-topology.js', 'validate', 'examples/k3s-metallb/cluster.okd.yaml']);
    assert.equal(ok.status, 0, ok.stderr.toString());
    const bad = spawnSync('node', ['bin/okd-topology.js', 'validate', file('bad3.okd.yaml', BAD), '--format', 'json']);
    assert.equal(bad.status, 1);
    assert.equal(JSON.parse(bad.stdout.toString()).problems.length > 0, true);
    const none = spawnSync('node', ['bin/okd-topology.js', 'validate', join(dir, 'missing.yaml')]);
    assert.equal(none.status, 2);
    assert.doesNotMatch(none.stderr.toString(), /at .*\.js:\d+/, 'no stack trace for user error');
  });
});
