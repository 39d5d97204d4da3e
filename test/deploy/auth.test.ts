// Connection features against real OpenSSH: ssh-agent, encrypted keys, ~/.ssh/config aliases and ProxyJump.
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDeployPlan } from '../../src/core/deploy/plan';
import { parseSshConfig } from '../../src/ssh/config';
import { connect } from '../../src/ssh/connect';
import { runDeploy } from '../../src/ssh/deploy';
import { file, makeTopology } from './fixtures';
import { keygen, makeClientKeys, Sshd, type ClientKeys } from './sshd';

describe('SSH connection: agent, passphrases, config, ProxyJump (real sshd)', function () {
  this.timeout(30000);
  let client: ClientKeys;
  let target: Sshd;
  let jump: Sshd;
  let kh: string;

  before(async () => {
    client = makeClientKeys();
    target = await new Sshd(client).start();
    jump = await new Sshd(client).start();
    kh = join(client.dir, 'known_hosts');
    writeFileSync(kh, `${target.knownHostsLine()}\n${jump.knownHostsLine()}\n`);
  });
  after(async () => {
    await target?.destroy();
    await jump?.destroy();
  });

  const base = () => ({
    sshConfig: parseSshConfig(''),
    knownHostsFile: kh,
    agent: false as const,
    onUnknownHost: async () => false,
  });

  it('authenticates through ssh-agent (SSH_AUTH_SOCK) with no key file', async () => {
    const sock = join(client.dir, `agent-${Date.now()}.sock`);
    const agent: ChildProcess = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 100 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 20));
      execFileSync('ssh-add', [client.key], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
      const conn = await connect(
        { alias: '127.0.0.1', user: 'root', port: target.port },
        { ...base(), agent: sock, identityFiles: [] },
      );
      assert.equal((await conn.exec('echo agent-ok')).stdout.trim(), 'agent-ok');
      conn.close();
    } finally {
      agent.kill();
    }
  });

  it('asks for the passphrase of an encrypted key; a wrong one is a clear error', async () => {
    const enc = join(client.dir, `enc-${Date.now()}`);
    const pub = keygen(enc, 'ed25519', 'correct horse');
    writeFileSync(join(target.dir, 'authorized_keys'), `${client.pub}\n${pub}\n`);
    const asked: string[] = [];
    const conn = await connect(
      { alias: '127.0.0.1', user: 'root', port: target.port },
      {
        ...base(),
        identityFiles: [enc],
        passphrase: async (f) => (asked.push(f), 'correct horse'),
      },
    );
    assert.deepEqual(asked, [enc]);
    assert.equal((await conn.exec('echo ok')).stdout.trim(), 'ok');
    conn.close();
    await assert.rejects(
      connect(
        { alias: '127.0.0.1', user: 'root', port: target.port },
        { ...base(), identityFiles: [enc], passphrase: async () => 'wrong' },
      ),
      (e: Error) => /wrong passphrase/.test(e.message) && !e.message.includes('correct horse'),
    );
  });

  it('resolves a ~/.ssh/config alias with ProxyJump and deploys through the jump host', async () => {
    const cfgText = [
      'Host lab-services',
      '  HostName 127.0.0.1',
      `  Port ${target.port}`,
      '  User root',
      `  ProxyJump root@127.0.0.1:${jump.port}`,
      'Host *',
      `  IdentityFile ${client.key}`,
    ].join('\n');
    const topo = makeTopology([{ name: 'services', port: 0, sshHost: 'lab-services' }]);
    topo.hosts[0].ssh = { host: 'lab-services', path: ['hosts', 0, 'ssh'] };
    const { plan, errors } = buildDeployPlan([file('services', '/etc/via-jump.conf', 'jumped\n')], topo, {
      remoteRoot: target.root,
    });
    assert.deepEqual(errors, []);
    const lines: string[] = [];
    const [res] = await runDeploy(plan, { ...base(), sshConfig: parseSshConfig(cfgText), log: (l) => lines.push(l) });
    assert.equal(res.outcome, 'deployed', res.error);
    assert.equal(readFileSync(join(target.root, 'etc/via-jump.conf'), 'utf8'), 'jumped\n');
    assert.ok(
      lines.some((l) => l.includes(`through ProxyJump root@127.0.0.1:${jump.port}`)),
      lines.join('\n'),
    );

    // With the jump host down, the target cannot be reached at all: the connection really goes through it.
    await jump.stop();
    const [down] = await runDeploy(plan, { ...base(), sshConfig: parseSshConfig(cfgText) });
    assert.equal(down.outcome, 'failed');
    assert.match(down.error!, new RegExp(`127\\.0\\.0\\.1:${jump.port}: cannot connect: connection refused`));
    await jump.start(jump.port);
  });
});
