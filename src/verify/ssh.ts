// What verify reads over SSH: HAProxy's stats socket (by OpenSSH stream-local forwarding, so
// nothing is installed on the host) with the config file's time, and dhcpd's leases and DHCPACK lines.
// One connection per host, shared by its probes; host keys are checked as deploy checks them.
import { commandLine, shQuote } from '../core/deploy/quote';
import { asRoot } from '../core/deploy/script';
import type { HostTarget } from '../core/deploy/plan';
import type { DhcpLeasesProbe, LbBackendsProbe, Observation } from '../core/verify/types';
import { connect, type ConnectOptions } from '../ssh/connect';
import type { SshConnection } from '../ssh/session';

export type SshOptions = Omit<ConnectOptions, 'signal' | 'log'>;

export class SshPool {
  private conns = new Map<string, Promise<SshConnection>>();

  constructor(
    private opts: SshOptions,
    private signal?: AbortSignal,
  ) {}

  get(t: HostTarget): Promise<SshConnection> {
    const key = `${t.user ?? ''}@${t.alias}:${t.port ?? ''}`;
    let c = this.conns.get(key);
    if (!c) {
      c = connect(t, { ...this.opts, signal: this.signal });
      c.catch(() => undefined);
      this.conns.set(key, c);
    }
    return c;
  }

  async closeAll(): Promise<void> {
    for (const c of this.conns.values()) {
      try {
        (await c).close();
      } catch {
        // never connected
      }
    }
    this.conns.clear();
  }
}

const JOURNAL_MARK = '@@okd-verify-journal';

export async function readLb(
  pool: SshPool,
  p: LbBackendsProbe,
  timeoutMs: number,
): Promise<Extract<Observation, { kind: 'lb-backends' }>> {
  try {
    const conn = await pool.get(p.ssh);
    if (!conn.isRoot) {
      return {
        kind: 'lb-backends',
        error: `the stats socket ${p.socket} is root's and verify logs in as ${conn.user}; connect as root (ssh.user) to read backend states`,
      };
    }
    const times = await conn.exec(`${commandLine(['stat', '-c', '%Y', '--', p.config])}; date +%s`, { timeoutMs });
    const [mtime, now] = times.stdout.trim().split('\n').map(Number);
    const stat = await conn.askUnixSocket(p.socket, 'show stat\n', timeoutMs);
    const servers = await conn.askUnixSocket(p.socket, 'show servers state\n', timeoutMs);
    const info = await conn.askUnixSocket(p.socket, 'show info\n', timeoutMs);
    if (!stat.trim())
      return { kind: 'lb-backends', error: `${p.socket} answered nothing (is it HAProxy's stats socket?)` };
    return {
      kind: 'lb-backends',
      stat,
      servers,
      info,
      configMtime: times.code === 0 && Number.isFinite(mtime) ? mtime : undefined,
      now: Number.isFinite(now) ? now : undefined,
    };
  } catch (e) {
    return { kind: 'lb-backends', error: (e as Error).message };
  }
}

export async function readDhcp(
  pool: SshPool,
  p: DhcpLeasesProbe,
  timeoutMs: number,
): Promise<Extract<Observation, { kind: 'dhcp-leases' }>> {
  try {
    const conn = await pool.get(p.ssh);
    // The journal is where dhcpd logs DHCPACK for fixed addresses; hosts without journald just print nothing there.
    const script = [
      `cat -- ${shQuote(p.leasesFile)}`,
      `echo ${JOURNAL_MARK}`,
      `journalctl -q --no-pager -o short-iso -u ${shQuote(p.unit)} -n 20000 2>/dev/null | grep -F DHCPACK | tail -n 5000`,
    ].join('; ');
    const r = await conn.exec(asRoot(script, !conn.isRoot), { timeoutMs });
    const at = r.stdout.indexOf(`${JOURNAL_MARK}\n`);
    if (at < 0)
      return {
        kind: 'dhcp-leases',
        error: `the leases could not be read (${(r.stderr || r.stdout).trim().split('\n').pop() || `exit ${r.code}`})`,
      };
    const leases = r.stdout.slice(0, at);
    if (!leases && /No such file/.test(r.stderr))
      return { kind: 'dhcp-leases', error: `${p.leasesFile} does not exist (has dhcpd ever run on ${p.server}?)` };
    return { kind: 'dhcp-leases', leases, journal: r.stdout.slice(at + JOURNAL_MARK.length + 1) };
  } catch (e) {
    return { kind: 'dhcp-leases', error: (e as Error).message };
  }
}
