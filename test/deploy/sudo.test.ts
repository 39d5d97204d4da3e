// Deploy as a non-root login: upload to a private staging folder, then `sudo -n` does the rest as
// root. Needs root to create a throw-away user and its sudoers rule, which the test removes again.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
    assert.equal(process.getuid?.(), 0, 'this test creates a temporary user and sudoers rule: run it as root (CI does)');
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
    const res = buildDeployPlan(files, makeTopology([{ name: 'svc', port: sshd.port, user: USER }]), { remoteRoot: sshd.root });
    assert.deepEqual(res.errors, []);
    return res.plan;
  };
  const target = () => join(sshd.root, 'etc/named/zone.db');

  it('without a NOPASSWD rule: fails with a message saying what to allow, and changes nothing', async () => {
    rmSync(SUDOERS, { force: true });
    mkdirSync(join(sshd.root, 'etc/named'), { recursive: true });
    writeFileSync(target(), 'old zone\n');
    const [res] = await runDeploy(plan([file('svc', '/etc/named/zone.db', 'new zone\n', { validate: ['grep', '-q', 'new', '{file}'] })]), opts());
    assert.equal(res.outcome, 'failed');
    assert.match(res.error ?? '', /is not root, and its sudo would prompt \(deploy never answers prompts\); allow this user NOPASSWD sudo, or connect as root/);
    assert.equal(readFileSync(target(), 'utf8'), 'old zone\n');
  });

  it('with NOPASSWD sudo: validates, swaps in as root with the right mode, and keeps a backup', async () => {
    writeFileSync(SUDOERS, `${USER} ALL=(root) NOPASSWD: ALL\n`, { mode: 0o440 });
    assert.equal(spawnSync('visudo', ['-c', '-f', SUDOERS]).status, 0, 'the sudoers rule is valid');
    writeFileSync(target(), 'old zone\n');
    const [res] = await runDeploy(plan([file('svc', '/etc/named/zone.db', 'new zone\n', { mode: '0640', validate: ['grep', '-q', 'new', '{file}'] })]), opts());
    assert.equal(res.outcome, 'deployed', res.error);
    assert.equal(readFileSync(target(), 'utf8'), 'new zone\n');
    const st = statSync(target());
    assert.equal(st.mode & 0o777, 0o640);
    assert.equal(st.uid, 0, 'written by root, not by the login user');
    assert.equal(readFileSync(`${target()}.okd-bak`, 'utf8'), 'old zone\n');
  });

  it('with NOPASSWD sudo: a failing validator leaves the file as it was', async () => {
    writeFileSync(target(), 'old zone\n');
    const [res] = await runDeploy(plan([file('svc', '/etc/named/zone.db', 'broken\n', { validate: ['grep', '-q', 'new', '{file}'] })]), opts());
    assert.equal(res.outcome, 'failed');
    assert.equal(readFileSync(target(), 'utf8'), 'old zone\n');
  });
});
