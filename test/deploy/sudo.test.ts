// Deploy as a non-root login: upload to a private staging folder, then `sudo -n` does the rest as
// root. Needs root to create a throw-away user and its sudoers rule, which the test removes again.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDeployPlan } from '../../src/core/deploy/plan';
import type { RenderedFile } from '../../src/core/render/manifest';
import { runDeploy, type DeployRunOptions } from '../../src/ssh/deploy';
import { file, makeTopology } from './fixtures';
import { requireTool, startTrustedSshd, testRunOptions, type ClientKeys, type Sshd } from './sshd';

const USER = 'okd-sudo-test';
const SUDOERS = '/etc/sudoers.d/okd-topology-test';

describe('deploy as a non-root user through sudo -n (real sshd, real sudo)', function () {
  this.timeout(30000);
  let client: ClientKeys;
  let sshd: Sshd;
  let kh: string;
  let createdUser = false;

  before(async () => {
    assert.equal(
      process.getuid?.(),
      0,
      'this test creates a temporary user and sudoers rule: run it as root (CI does)',
    );
    requireTool('/usr/bin/sudo', 'sudo');
    if (spawnSync('id', [USER]).status !== 0) {
      execFileSync('useradd', ['--create-home', '--shell', '/bin/sh', USER]);
      createdUser = true;
    }
    // '*' instead of useradd's '!': no password, but not "locked", which sshd would refuse.
    execFileSync('usermod', ['-p', '*', USER]);
    ({ client, sshd, knownHosts: kh } = await startTrustedSshd());
    // sshd reads authorized_keys as the logging-in user: let it through the test folder.
    chmodSync(sshd.dir, 0o711);
    chmodSync(join(sshd.dir, 'authorized_keys'), 0o644);
  });
  after(async () => {
    rmSync(SUDOERS, { force: true });
    await sshd?.destroy();
    if (createdUser) spawnSync('userdel', ['--remove', USER]);
  });

  const opts = (): DeployRunOptions => testRunOptions(client, kh);
  const plan = (files: RenderedFile[]) => {
    const res = buildDeployPlan(files, makeTopology([{ name: 'svc', port: sshd.port, user: USER }]), {
      remoteRoot: sshd.root,
    });
    assert.deepEqual(res.errors, []);
    return res.plan;
  };
  const target = () => join(sshd.root, 'etc/named/zone.db');

  it('without a NOPASSWD rule: fails with a message saying what to allow, and changes nothing', async () => {
    rmSync(SUDOERS, { force: true });
    mkdirSync(join(sshd.root, 'etc/named'), { recursive: true });
    writeFileSync(target(), 'old zone\n');
    const [res] = await runDeploy(
      plan([file('svc', '/etc/named/zone.db', 'new zone\n', { validate: ['grep', '-q', 'new', '{file}'] })]),
      opts(),
    );
    assert.equal(res.outcome, 'failed');
    assert.match(
      res.error ?? '',
      /is not root, and its sudo would prompt \(deploy never answers prompts\); allow this user NOPASSWD sudo, or connect as root/,
    );
    assert.equal(readFileSync(target(), 'utf8'), 'old zone\n');
  });

  it('with NOPASSWD sudo: validates, swaps in as root with the right mode, and keeps a backup', async () => {
    writeFileSync(SUDOERS, `${USER} ALL=(root) NOPASSWD: ALL\n`, { mode: 0o440 });
    assert.equal(spawnSync('visudo', ['-c', '-f', SUDOERS]).status, 0, 'the sudoers rule is valid');
    writeFileSync(target(), 'old zone\n');
    const [res] = await runDeploy(
      plan([
        file('svc', '/etc/named/zone.db', 'new zone\n', { mode: '0640', validate: ['grep', '-q', 'new', '{file}'] }),
      ]),
      opts(),
    );
    assert.equal(res.outcome, 'deployed', res.error);
    assert.equal(readFileSync(target(), 'utf8'), 'new zone\n');
    const st = statSync(target());
    assert.equal(st.mode & 0o777, 0o640);
    assert.equal(st.uid, 0, 'written by root, not by the login user');
    assert.equal(readFileSync(`${target()}.okd-bak`, 'utf8'), 'old zone\n');
  });

  it('with NOPASSWD sudo: a failing validator leaves the file as it was', async () => {
    writeFileSync(target(), 'old zone\n');
    const [res] = await runDeploy(
      plan([file('svc', '/etc/named/zone.db', 'broken\n', { validate: ['grep', '-q', 'new', '{file}'] })]),
      opts(),
    );
    assert.equal(res.outcome, 'failed');
    assert.equal(readFileSync(target(), 'utf8'), 'old zone\n');
  });

  it('with NOPASSWD sudo: a connection cut mid-upload leaves the staging folder, named in the message, and the next deploy removes it', async () => {
    writeFileSync(target(), 'old zone\n');
    const staging = (): string[] =>
      readdirSync('/tmp')
        .filter((n) => /^okd-topology\.[A-Za-z0-9]+$/.test(n))
        .map((n) => `/tmp/${n}`);
    const before = new Set(staging());
    let killed = 0;
    let dir: string | undefined;
    const watch = setInterval(() => {
      dir ??= staging().find((d) => !before.has(d));
      if (!killed && dir && existsSync(`${dir}/0`) && statSync(`${dir}/0`).size > 0) killed = sshd.killSessions();
    }, 2);
    const big = 'z'.repeat(40 * 1024 * 1024);
    const [res] = await runDeploy(plan([file('svc', '/etc/named/zone.db', big)]), opts()).finally(() =>
      clearInterval(watch),
    );
    assert.ok(killed > 0 && dir);
    assert.equal(res.outcome, 'failed', res.error);
    assert.ok(res.error!.includes(`${dir}/0 is left on the host. The next deploy to this host removes it`), res.error);
    assert.ok(existsSync(dir!), 'the staging folder is there, as the message says');
    assert.equal(readFileSync(target(), 'utf8'), 'old zone\n');

    const [again] = await runDeploy(plan([file('svc', '/etc/named/zone.db', 'new zone\n')]), opts());
    assert.equal(again.outcome, 'deployed', again.error);
    assert.ok(
      again.notes?.some((n) => n.includes(`removed 1 temporary upload(s) it left: ${dir}`)),
      JSON.stringify(again.notes),
    );
    assert.ok(!existsSync(dir!));
  });
});
