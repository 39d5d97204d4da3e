// The remote scripts of one host run in a real local shell (dash as sh, and bash, the usual login shell):
// the probe's sections zip back to the right file, and swap/restore put back exactly what was there.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileStep } from '../../src/core/deploy/plan';
import { backupPathFor, tempPathFor } from '../../src/core/deploy/paths';
import { mkdirScript, parseProbe, probeScript, restoreScript, swapScript } from '../../src/core/deploy/script';
import { file } from './fixtures';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

function step(remotePath: string, content: string, opts: { mode?: string; symlink?: boolean } = {}): FileStep {
  return {
    file: file('h', remotePath, content, { mode: opts.mode ?? '0644', symlink: opts.symlink }),
    remotePath,
    tmpPath: tempPathFor(remotePath),
    backupPath: backupPathFor(remotePath),
  };
}

for (const shell of ['sh', 'bash']) {
  describe(`deploy scripts in a real shell (${shell})`, () => {
    const run = (script: string): string =>
      execFileSync(shell, ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    let dir: string;
    let journal: string;
    const j = (index = 0) => ({ path: journal, index });
    const swap = (f: FileStep, existed: boolean, modeSet = false) => swapScript(f, existed, j(), modeSet);
    const restore = (f: FileStep, existed: boolean) => restoreScript({ ...f, existed }, j());
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'okd-script-'));
      journal = join(dir, 'journal');
      writeFileSync(journal, '{"v":1}\n');
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('probe: kinds, modes and hashes land on the right file, whatever the names', () => {
      const names = ['plain.conf', "it's a \\ name", 'sp ace', 'link', 'missing', 'adir', 'dangling', '$(touch pwned)'];
      const p = names.map((n) => join(dir, n));
      writeFileSync(p[0], 'one\n', { mode: 0o640 });
      writeFileSync(p[1], 'two\n', { mode: 0o600 });
      writeFileSync(p[2], '', { mode: 0o755 });
      symlinkSync('some/target', p[3]);
      mkdirSync(p[5]);
      symlinkSync('/nowhere/at/all', p[6]);
      writeFileSync(p[7], 'seven\n', { mode: 0o644 });
      const states = parseProbe(run(probeScript(p.map((x) => step(x, '')))), p.length);
      const me = execFileSync('id', ['-un'], { encoding: 'utf8' }).trim();
      const grp = execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
      assert.deepEqual(states, [
        { kind: 'file', mode: '640', owner: me, group: grp, sha256: sha('one\n') },
        { kind: 'file', mode: '600', owner: me, group: grp, sha256: sha('two\n') },
        { kind: 'file', mode: '755', owner: me, group: grp, sha256: sha('') },
        { kind: 'link', sha256: sha('some/target') },
        { kind: 'missing' },
        { kind: 'other' },
        { kind: 'link', sha256: sha('/nowhere/at/all') },
        { kind: 'file', mode: '644', owner: me, group: grp, sha256: sha('seven\n') },
      ]);
      assert.ok(!existsSync(join(dir, 'pwned')) && !existsSync('pwned'));
    });

    it('probe: an answer that does not add up is an error, not a wrong comparison', () => {
      assert.throws(() => parseProbe('F\nM\n--okd-probe--\n644 root root\n', 2), /unexpected answer/);
      assert.throws(() => parseProbe('F\n--okd-probe--\n644 root root\nnot-a-hash  x\n', 1), /not a checksum/);
      assert.throws(() => parseProbe('M\n', 1), /unexpected answer/);
    });

    it('mkdir runs only for a missing parent', () => {
      const f = step(join(dir, 'a b', 'c', 'x.conf'), '');
      run(mkdirScript([f])!);
      assert.ok(statSync(join(dir, 'a b', 'c')).isDirectory());
      run(mkdirScript([f])!); // all there: nothing to do, still exit 0
    });

    it('swap keeps the old file as backup and restore puts it back byte-identically (mode too)', () => {
      const f = step(join(dir, 'z.conf'), 'new\n', { mode: '0640' });
      writeFileSync(f.remotePath, 'old\n', { mode: 0o600 });
      writeFileSync(f.backupPath, 'stale backup from an earlier run\n');
      writeFileSync(f.tmpPath, 'new\n', { mode: 0o600 });
      const out = run(swap(f, true));
      assert.match(out, /^okd-journal \{"swapped":0\}$/m, 'the swap is recorded once the backup exists');
      assert.equal(readFileSync(journal, 'utf8'), '{"v":1}\n{"swapped":0}\n');
      assert.equal(readFileSync(f.remotePath, 'utf8'), 'new\n');
      assert.equal(statSync(f.remotePath).mode & 0o777, 0o640);
      assert.equal(readFileSync(f.backupPath, 'utf8'), 'old\n');
      run(restore(f, true));
      assert.equal(readFileSync(f.remotePath, 'utf8'), 'old\n');
      assert.equal(statSync(f.remotePath).mode & 0o777, 0o600);
      assert.ok(!existsSync(f.backupPath) && !existsSync(f.tmpPath));
      assert.match(readFileSync(journal, 'utf8'), /\{"undone":0\}\n$/);
    });

    it('a restore whose backup is gone fails (and records nothing), so a rollback never reports a file it did not restore', () => {
      const f = step(join(dir, 'gone.conf'), 'new\n');
      writeFileSync(f.remotePath, 'new\n');
      assert.throws(() => run(restore(f, true)));
      assert.doesNotMatch(readFileSync(journal, 'utf8'), /undone/);
      assert.equal(readFileSync(f.remotePath, 'utf8'), 'new\n');
    });

    it('modeSet: the swap leaves the mode the upload gave', () => {
      const f = step(join(dir, 'm.conf'), 'new\n', { mode: '0644' });
      writeFileSync(f.tmpPath, 'new\n', { mode: 0o604 });
      assert.doesNotMatch(swap(f, false, true), /chmod/);
      run(swap(f, false, true));
      assert.equal(statSync(f.remotePath).mode & 0o777, 0o604);
    });

    it('restore after a backup whose rename never happened leaves the live file and drops the backup', () => {
      const f = step(join(dir, 'half.conf'), 'new\n');
      writeFileSync(f.remotePath, 'live\n');
      writeFileSync(f.tmpPath, 'new\n');
      // The swap cut short right after its backup: only the backup part ran.
      run(swap(f, true).split(' && { printf')[0]);
      assert.equal(readFileSync(f.backupPath, 'utf8'), 'live\n');
      run(restore(f, true));
      assert.equal(readFileSync(f.remotePath, 'utf8'), 'live\n');
      assert.ok(!existsSync(f.backupPath) && !existsSync(f.tmpPath));
    });

    it("a symlink target is swapped and restored as a link, and a directory in the backup's way is replaced", () => {
      const f = step(join(dir, 'pxe'), 'new-target', { symlink: true });
      symlinkSync('old-target', f.remotePath);
      mkdirSync(f.backupPath);
      writeFileSync(join(f.backupPath, 'junk'), 'x');
      symlinkSync('new-target', f.tmpPath);
      run(swap(f, true));
      assert.equal(readlinkSync(f.remotePath), 'new-target');
      assert.ok(lstatSync(f.backupPath).isSymbolicLink());
      run(restore(f, true));
      assert.equal(readlinkSync(f.remotePath), 'old-target');
    });

    it('a new file is removed again by restore', () => {
      const f = step(join(dir, 'fresh.conf'), 'x');
      writeFileSync(f.tmpPath, 'x');
      run(swap(f, false));
      assert.ok(existsSync(f.remotePath));
      run(restore(f, false));
      assert.ok(!existsSync(f.remotePath));
    });
  });
}
