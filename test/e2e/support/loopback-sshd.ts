// A loopback OpenSSH server for the deploy end-to-end test, built on test/deploy/sshd.ts. Sessions get
// a PATH with stand-ins for systemctl and firewall-cmd: deploy's reloads and "is the service active"
// checks then succeed without real daemons running in the test machine. Files land under `root`
// (deploy's remote root), never in the real /etc.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { makeClientKeys, Sshd, SSHD, type ClientKeys } from '../../deploy/sshd';

const STAND_INS = ['systemctl', 'firewall-cmd', 'firewall-offline-cmd'];

export class LoopbackSshd {
  private proc?: ChildProcess;
  private constructor(
    readonly sshd: Sshd,
    readonly client: ClientKeys,
    /** A HOME for the deploying process: ~/.ssh/config names the key and a known_hosts with this server. */
    readonly home: string,
  ) {}

  get port(): number {
    return this.sshd.port;
  }
  get root(): string {
    return this.sshd.root;
  }

  static async start(): Promise<LoopbackSshd> {
    const client = makeClientKeys();
    const sshd = await new Sshd(client).start();
    // Re-run the same server with per-key environments allowed (the helper's config does not).
    await sshd.stop();
    const bin = join(sshd.dir, 'fakebin');
    mkdirSync(bin);
    for (const b of STAND_INS) {
      writeFileSync(join(bin, b), '#!/bin/sh\nexit 0\n');
      chmodSync(join(bin, b), 0o755);
    }
    appendFileSync(join(sshd.dir, 'sshd_config'), 'PermitUserEnvironment yes\n');
    writeFileSync(
      join(sshd.dir, 'authorized_keys'),
      `environment="PATH=${bin}:/usr/sbin:/usr/bin:/sbin:/bin" ${client.pub}\n`,
    );
    const home = join(sshd.dir, 'home');
    mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
    writeFileSync(
      join(home, '.ssh', 'config'),
      `Host 127.0.0.1\n  IdentityFile ${client.key}\n  UserKnownHostsFile ${join(home, '.ssh', 'known_hosts')}\n`,
    );
    writeFileSync(join(home, '.ssh', 'known_hosts'), `${sshd.knownHostsLine()}\n`);
    const me = new LoopbackSshd(sshd, client, home);
    me.proc = spawn(SSHD, ['-D', '-e', '-f', join(sshd.dir, 'sshd_config')], { stdio: 'ignore' });
    await waitForPort(sshd.port);
    return me;
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (p && p.exitCode === null) await new Promise<void>((r) => (p.once('exit', () => r()), p.kill('SIGTERM')));
    rmSync(this.sshd.dir, { recursive: true, force: true });
    rmSync(this.client.dir, { recursive: true, force: true });
  }
}

function waitForPort(port: number, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const c = connect(port, '127.0.0.1');
      c.once('connect', () => (c.destroy(), resolve()));
      c.once('error', () => {
        c.destroy();
        if (Date.now() > until) reject(new Error(`sshd did not come back on 127.0.0.1:${port}`));
        else setTimeout(attempt, 30);
      });
    };
    attempt();
  });
}
