// The one remote shell a host's scripts share: a script that reads stdin cannot swallow the next one, a
// script that hangs is killed at the command timeout and the rollback runs in a fresh shell. Real sshd.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDeployPlan } from '../../src/core/deploy/plan';
import type { RenderedFile } from '../../src/core/render/manifest';
import { runDeploy, type DeployRunOptions } from '../../src/ssh/deploy';
import { file, makeTopology } from './fixtures';
import { startTrustedSshd, testRunOptions, type ClientKeys, type Sshd } from './sshd';

/** Whether a process with `marker` in its command line runs on this machine (the test host). */
function alive(marker: string): boolean {
  try {
    execFileSync('pgrep', ['-f', marker], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('deploy: one remote shell per host (real sshd)', function () {
  this.timeout(30000);
  let client: ClientKeys;
  let sshd: Sshd;
  let kh: string;

  before(async () => {
    ({ client, sshd, knownHosts: kh } = await startTrustedSshd());
  });
  after(async () => sshd?.destroy());

  const opts = (extra: Partial<DeployRunOptions> = {}): DeployRunOptions => testRunOptions(client, kh, extra);
  const r = (p: string): string => join(sshd.root, p);
  const plan = (files: RenderedFile[]) => {
    const res = buildDeployPlan(files, makeTopology([{ name: 'svc', port: sshd.port }]), { remoteRoot: sshd.root });
    assert.deepEqual(res.errors, []);
    return res.plan;
  };
  const seed = (p: string, content: string): void => {
    mkdirSync(join(r(p), '..'), { recursive: true });
    writeFileSync(r(p), content, { mode: 0o640 });
  };
  const state = (dir: string): Record<string, string> =>
    Object.fromEntries(
      readdirSync(r(dir)).map((n) => [
        n,
        `${(statSync(r(`${dir}/${n}`)).mode & 0o777).toString(8)} ${readFileSync(r(`${dir}/${n}`), 'utf8')}`,
      ]),
    );

  it('runs every script of a host in one shell, and a command reading stdin gets /dev/null', async () => {
    seed('/etc/one/a.conf', 'old a\n');
    const lines: string[] = [];
    // `cat` with the shell's stdin would read the scripts that follow (or wait for them forever).
    const files = [
      file('svc', '/etc/one/a.conf', 'new a\n', {
        validate: ['sh', '-c', 'cat; test -s "$1"', 'v', '{file}'],
        reload: ['cat'],
      }),
      file('svc', '/etc/one/b.conf', 'new b\n', { validate: ['cat'] }),
    ];
    const [res] = await runDeploy(plan(files), opts({ log: (l) => lines.push(l), commandTimeoutMs: 10000 }));
    assert.equal(res.outcome, 'deployed', res.error);
    assert.equal(readFileSync(r('/etc/one/a.conf'), 'utf8'), 'new a\n');
    assert.equal(readFileSync(r('/etc/one/b.conf'), 'utf8'), 'new b\n');
    assert.equal(lines.filter((l) => /\$ exec sh$/.test(l)).length, 1, lines.join('\n'));
  });

  it('refuses a target that is a directory before anything is uploaded', async () => {
    mkdirSync(r('/etc/three/d.conf'), { recursive: true });
    seed('/etc/three/ok.conf', 'old\n');
    const [res] = await runDeploy(
      plan([
        file('svc', '/etc/three/ok.conf', 'new\n', { validate: ['true'] }),
        file('svc', '/etc/three/d.conf', 'x\n', { validate: ['true'] }),
      ]),
      opts(),
    );
    assert.equal(res.outcome, 'failed');
    assert.match(
      res.error!,
      /three\/d\.conf on the host is neither a file nor a symbolic link .*No file on the host was changed/,
    );
    assert.deepEqual(readdirSync(r('/etc/three')).sort(), ['d.conf', 'ok.conf']);
    assert.equal(readFileSync(r('/etc/three/ok.conf'), 'utf8'), 'old\n');
  });

  it('a reload that hangs is killed at the timeout, and a fresh shell restores every file byte-identically', async () => {
    seed('/etc/two/a.conf', 'old a\n');
    seed('/etc/two/b.conf', 'old b\n');
    const before = state('/etc/two');
    mkdirSync(r('/var'), { recursive: true });
    const once = r('/var/hung-once');
    // Hangs the first time only, so the rollback's own reload can finish.
    const reload = ['sh', '-c', 'if [ -e "$1" ]; then exit 0; fi; touch "$1"; sleep 20', 'reload', once];
    const files = ['a', 'b'].map((n) =>
      file('svc', `/etc/two/${n}.conf`, `new ${n}\n`, { validate: ['true'], reload }),
    );
    const lines: string[] = [];
    const [res] = await runDeploy(plan(files), opts({ commandTimeoutMs: 1500, log: (l) => lines.push(l) }));
    assert.equal(res.outcome, 'rolled-back', res.error);
    assert.match(
      res.error!,
      /^reloading dns \(sh -c .*\) did not finish within 1\.5 s \(the command timeout\) and was stopped\. Every file on the host was restored and the services reloaded\.$/,
    );
    const now = state('/etc/two');
    for (const n of ['a.conf', 'b.conf']) assert.equal(now[n], before[n], n);
    assert.ok(!Object.keys(now).some((n) => n.includes('okd-tmp')), 'no temp file left');
    assert.equal(lines.filter((l) => /\$ exec sh$/.test(l)).length, 2, 'the rollback ran in a new shell');
    // The hung reload (and its sleep) was killed with its process group, not left running on the host.
    assert.ok(
      lines.some((l) => /\$ kill -KILL -- -\d+$/.test(l)),
      lines.join('\n'),
    );
    const gone = Date.now() + 5000;
    while (alive(once) && Date.now() < gone) await new Promise((res) => setTimeout(res, 100));
    assert.equal(alive(once), false, 'the timed-out reload still runs on the host');
    execFileSync('rm', ['-f', once]);
  });
});
