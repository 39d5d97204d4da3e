// Real OpenSSH for the deploy tests: each instance has its own host key, authorized_keys, config and
// an unprivileged port on 127.0.0.1. Fails with install instructions when sshd is missing.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSshConfig } from '../../src/ssh/config';
import type { DeployRunOptions } from '../../src/ssh/deploy';

export const SSHD = '/usr/sbin/sshd';

export function requireTool(path: string, pkg: string): void {
  if (!existsSync(path)) {
    throw new Error(
      `${path} is not installed: run scripts/setup.sh (or apt-get install ${pkg}) before the deploy tests`,
    );
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function waitForPort(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const c = tcpConnect(port, '127.0.0.1');
      c.once('connect', () => {
        c.destroy();
        resolve();
      });
      c.once('error', () => {
        c.destroy();
        if (Date.now() > until) reject(new Error(`sshd did not listen on 127.0.0.1:${port}`));
        else setTimeout(attempt, 20);
      });
    };
    attempt();
  });
}

export function keygen(file: string, type = 'ed25519', passphrase = ''): string {
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', passphrase, '-C', 'okd-test', '-f', file]);
  return readFileSync(`${file}.pub`, 'utf8').trim();
}

/** A client identity shared by every sshd a test starts. */
export interface ClientKeys {
  dir: string;
  key: string;
  pub: string;
}

export function makeClientKeys(): ClientKeys {
  requireTool('/usr/bin/ssh-keygen', 'openssh-client');
  const dir = mkdtempSync(join(tmpdir(), 'okd-client-'));
  const key = join(dir, 'id_ed25519');
  return { dir, key, pub: keygen(key) };
}

export class Sshd {
  proc?: ChildProcess;
  port = 0;
  dir: string;
  hostKey: string;
  hostPub = '';
  stderr = '';
  /** Prepended to PATH in sessions (fake `oc`/`kubectl`/`systemctl` for tests). */
  binDir?: string;
  /** The whole PATH of sessions instead (a host without this machine's daemons in /usr/sbin). */
  path?: string;

  constructor(
    private client: ClientKeys,
    dir?: string,
  ) {
    this.dir = dir ?? mkdtempSync(join(tmpdir(), 'okd-sshd-'));
    this.hostKey = join(this.dir, 'ssh_host_ed25519_key');
  }

  /** HOME of every session: empty (see start). */
  get home(): string {
    return join(this.dir, 'session-home');
  }

  /** The directory deploy writes into (`--remote-root`). */
  get root(): string {
    return join(this.dir, 'root');
  }

  async start(port?: number): Promise<this> {
    requireTool(SSHD, 'openssh-server');
    // sshd refuses to start without its privilege-separation directory.
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    mkdirSync(this.root, { recursive: true });
    mkdirSync(this.home, { recursive: true, mode: 0o755 });
    if (!existsSync(this.hostKey)) this.hostPub = keygen(this.hostKey);
    else this.hostPub = readFileSync(`${this.hostKey}.pub`, 'utf8').trim();
    writeFileSync(join(this.dir, 'authorized_keys'), this.client.pub + '\n');
    this.port = port ?? (await freePort());
    const cfg = join(this.dir, 'sshd_config');
    writeFileSync(
      cfg,
      [
        `Port ${this.port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${this.hostKey}`,
        `PidFile ${join(this.dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${join(this.dir, 'authorized_keys')}`,
        'StrictModes no',
        'UsePAM no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin prohibit-password',
        'AllowTcpForwarding yes',
        'MaxStartups 200',
        'MaxSessions 50',
        'LogLevel ERROR',
        'Subsystem sftp internal-sftp',
        // An emulated host is a clean machine: sessions get an empty HOME, so the login shell does not source
        // this machine's own dotfiles (root's ~/.bashrc here runs `pyenv init`, ~100 ms of CPU per command).
        // (One SetEnv line: sshd keeps only the first.)
        `SetEnv HOME=${this.home}${this.path ? ` PATH=${this.path}` : this.binDir ? ` PATH=${this.binDir}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin` : ''}`,
        '',
      ].join('\n'),
    );
    // -r: no re-exec of sshd per connection. The re-exec (fresh address space per connection) costs ~8 ms of
    // CPU here (17 → 9 ms per connection measured), and all test servers share this machine's CPUs.
    this.proc = spawn(SSHD, ['-D', '-e', '-r', '-f', cfg], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.proc.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    await waitForPort(this.port, 5000).catch((e: Error) => {
      throw new Error(`${e.message}: ${this.stderr}`);
    });
    return this;
  }

  /** A known_hosts line for this server, as `ssh-keyscan` would give it. */
  knownHostsLine(): string {
    const [type, b64] = this.hostPub.split(' ');
    return `[127.0.0.1]:${this.port} ${type} ${b64}`;
  }

  /** Kills the per-connection sshd processes (children of the listener) — a dropped connection. */
  killSessions(): number {
    if (!this.proc?.pid) return 0;
    let n = 0;
    const kids = (pid: number): number[] => {
      try {
        return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
          .trim()
          .split(/\s+/)
          .filter(Boolean)
          .map(Number);
      } catch {
        return [];
      }
    };
    const all: number[] = [];
    const walk = (pid: number): void => {
      for (const k of kids(pid)) {
        all.push(k);
        walk(k);
      }
    };
    walk(this.proc.pid);
    for (const pid of all) {
      try {
        process.kill(pid, 'SIGKILL');
        n++;
      } catch {
        /* already gone */
      }
    }
    return n;
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    });
    this.proc = undefined;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A started loopback sshd, the client's keys, and a known_hosts file that trusts the server. */
export async function startTrustedSshd(): Promise<{ client: ClientKeys; sshd: Sshd; knownHosts: string }> {
  const client = makeClientKeys();
  const sshd = await new Sshd(client).start();
  const knownHosts = join(client.dir, 'known_hosts');
  writeFileSync(knownHosts, `${sshd.knownHostsLine()}\n`);
  return { client, sshd, knownHosts };
}

/** Deploy options for the test servers: the client's key only, no agent, no ~/.ssh/config, unknown hosts refused. */
export function testRunOptions(
  client: ClientKeys,
  knownHostsFile: string,
  extra: Partial<DeployRunOptions> = {},
): DeployRunOptions {
  return {
    sshConfig: parseSshConfig(''),
    knownHostsFile,
    identityFiles: [client.key],
    agent: false,
    onUnknownHost: async () => false,
    ...extra,
  };
}
