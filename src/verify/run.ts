// Runs verify's probes: a bounded number at a time, each under a timeout, then compares what was
// seen with the topology (core/verify). Never throws for what a host answers or fails to answer.
import { mapLimit } from '../core/deploy/pool';
import { evaluate, settle } from '../core/verify/evaluate';
import type { Check, Observation, Probe } from '../core/verify/types';
import { arpProbe, dnsQuery, httpStatus, sntpQuery, tcpConnect, tftpGet } from './net';
import { dhcpOffer } from './dhcp';
import { readDhcp, readLb, SshPool, type SshOptions } from './ssh';

export interface VerifyRunOptions {
  /** Probes in flight at once (default 16). */
  concurrency?: number;
  /** Per network probe (default 3000 ms). */
  timeoutMs?: number;
  /** Per SSH read, including the connection (default 15000 ms). */
  sshTimeoutMs?: number;
  /** How to reach hosts over SSH; without it, SSH probes report that they were not run. */
  ssh?: SshOptions;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, probe: Probe) => void;
}

function withDeadline<T extends Observation>(p: Promise<T>, ms: number, kind: T['kind']): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve({ kind, error: `no answer within ${ms} ms` } as T), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

export async function observe(p: Probe, opts: VerifyRunOptions, pool?: SshPool): Promise<Observation> {
  const t = opts.timeoutMs ?? 3000;
  switch (p.kind) {
    case 'dns':
      return { kind: 'dns', ...(await dnsQuery(p.address, p.port ?? 53, p.type, p.name, t)) };
    case 'tftp':
      return { kind: 'tftp', ...(await tftpGet(p.address, p.port ?? 69, p.file, t)) };
    case 'http':
      return { kind: 'http', ...(await httpStatus(p.url, p.address, p.port, p.path, t)) };
    case 'tcp':
      return { kind: 'tcp', ...(await tcpConnect(p.address, p.port, t)) };
    case 'ntp':
      return { kind: 'ntp', ...(await sntpQuery(p.address, p.port ?? 123, t)) };
    case 'dhcp-offer':
      return dhcpOffer(p, t);
    case 'vip': {
      if (p.ports.length) {
        const ports = await Promise.all(
          p.ports.map(async (port) => ({ port, ...(await tcpConnect(p.address, port, t)) })),
        );
        return { kind: 'vip', ports: ports.map((x) => ({ port: x.port, connected: !!x.connected, error: x.error })) };
      }
      return { kind: 'vip', arp: await arpProbe(p.address, p.cidr, t) };
    }
    case 'lb-backends':
    case 'dhcp-leases': {
      if (!pool) return { kind: p.kind, error: 'not run: no SSH settings' };
      const st = opts.sshTimeoutMs ?? 15000;
      return p.kind === 'lb-backends'
        ? withDeadline(readLb(pool, p, st), st, p.kind)
        : withDeadline(readDhcp(pool, p, st), st, p.kind);
    }
  }
}

export async function runVerify(probes: Probe[], opts: VerifyRunOptions = {}): Promise<Check[]> {
  const pool = opts.ssh ? new SshPool(opts.ssh, opts.signal) : undefined;
  let done = 0;
  try {
    const results = await mapLimit(probes, opts.concurrency ?? 16, async (p) => {
      let o: Observation;
      if (opts.signal?.aborted) o = { kind: p.kind, error: 'cancelled' } as Observation;
      else {
        // A hard ceiling too: a probe must end even if a socket never reports.
        const ceiling =
          p.kind === 'lb-backends' || p.kind === 'dhcp-leases'
            ? (opts.sshTimeoutMs ?? 15000) + 1000
            : (opts.timeoutMs ?? 3000) * 2 + 1000;
        o = await withDeadline(observe(p, opts, pool), ceiling, p.kind);
      }
      opts.onProgress?.(++done, probes.length, p);
      return evaluate(p, o);
    });
    return settle(results.flat());
  } finally {
    await pool?.closeAll();
  }
}
