// Observed versus expected: every probe's observation becomes one or more checks with what the
// topology says, what was seen, and a sentence saying what is wrong. No I/O.
import { evaluateDhcp, evaluateLb } from './evaluate-ssh';
import { evaluateDhcpOffer } from './evaluate-dhcp';
import { parsePxeMenu } from './parsers';
import { reproduce } from './reproduce';
import { baseOf } from './check-base';
import type { Check, DnsProbe, HttpProbe, NtpProbe, Observation, Probe, TcpProbe, TftpProbe, VipProbe } from './types';

export { baseOf };

function mismatch(p: Probe, target: string, expected: string, observed: string, detail: string): Check {
  return { ...baseOf(p), target, expected, observed, ok: false, detail };
}

const sameSet = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

function dns(p: DnsProbe, o: Extract<Observation, { kind: 'dns' }>): Check {
  const target = p.type === 'PTR' ? `PTR ${p.name} @${p.address}` : `${p.type} ${p.name} @${p.address}`;
  const expected = p.expected.join(', ');
  if (o.error !== undefined) {
    return mismatch(
      p,
      target,
      expected,
      o.error,
      `the DNS server at ${p.address} gave no answer (${o.error}); the topology says ${expected}`,
    );
  }
  const seen = (o.answers ?? []).map((a) => a.replace(/\.$/, '').toLowerCase());
  const want = p.expected.map((e) => e.toLowerCase());
  const observed = seen.join(', ') || 'no records';
  if (sameSet(seen, want)) return { ...baseOf(p), target, expected, observed, ok: true, detail: '' };
  const missing = want.filter((w) => !seen.includes(w));
  const extra = seen.filter((s) => !want.includes(s));
  const parts = [
    missing.length ? `missing ${missing.join(', ')}` : '',
    extra.length ? `unexpected ${extra.join(', ')}` : '',
  ].filter(Boolean);
  return mismatch(p, target, expected, observed, `the answer differs from the topology: ${parts.join('; ')}`);
}

const decoder = new TextDecoder();

function tftp(p: TftpProbe, o: Extract<Observation, { kind: 'tftp' }>): Check {
  const target = `tftp://${p.address}/${p.file}`;
  if (p.expect.kind === 'loader') {
    const expected = 'a boot loader file';
    if (o.error !== undefined)
      return mismatch(
        p,
        target,
        expected,
        o.error,
        `${p.file} cannot be fetched over TFTP (${o.error}): PXE clients stop before their menu`,
      );
    const n = o.content?.length ?? 0;
    if (n === 0) return mismatch(p, target, expected, 'an empty file', `${p.file} is empty on the TFTP server`);
    return { ...baseOf(p), target, expected, observed: `${n} bytes`, ok: true, detail: '' };
  }
  const e = p.expect;
  const expected = `${e.role} menu: kernel ${e.kernel}, ignition ${e.ignition}`;
  if (o.error !== undefined)
    return mismatch(p, target, expected, o.error, `the PXE menu cannot be fetched over TFTP (${o.error})`);
  const menu = parsePxeMenu(decoder.decode(o.content ?? new Uint8Array()));
  const wrong: string[] = [];
  const cmp = (what: string, want: string, got: string | undefined): void => {
    if (got !== want) wrong.push(`${what} is ${got ?? 'missing'}, expected ${want}`);
  };
  cmp('kernel', e.kernel, menu.kernel);
  cmp('initramfs', e.initramfs, menu.initrd);
  cmp('rootfs', e.rootfs, menu.rootfs);
  cmp('ignition URL', e.ignition, menu.ignition);
  if (menu.ignition && !menu.ignition.endsWith(`/${e.role}.ign`)) wrong.push(`the ignition is not the ${e.role} one`);
  const observed =
    menu.kernel || menu.ignition
      ? `kernel ${menu.kernel ?? '-'}, ignition ${menu.ignition ?? '-'}`
      : 'no KERNEL/APPEND lines';
  if (wrong.length) return mismatch(p, target, expected, observed, wrong.join('; '));
  return { ...baseOf(p), target, expected, observed, ok: true, detail: '' };
}

function http(p: HttpProbe, o: Extract<Observation, { kind: 'http' }>): Check {
  const expected = '200';
  if (o.error !== undefined)
    return mismatch(p, p.url, expected, o.error, `the HTTP server does not answer (${o.error})`);
  const observed = String(o.status);
  if (o.status === 200) return { ...baseOf(p), target: p.url, expected, observed, ok: true, detail: '' };
  const why =
    o.status === 404
      ? 'the file is not under the HTTP root (download the artifact or publish the ignition files)'
      : `HTTP ${o.status}`;
  return mismatch(p, p.url, expected, observed, why);
}

function tcp(p: TcpProbe, o: Extract<Observation, { kind: 'tcp' }>): Check {
  const target = `${p.address}:${p.port} (${p.what})`;
  const expected = 'accepts a connection';
  if (o.connected) return { ...baseOf(p), target, expected, observed: 'connected', ok: true, detail: '' };
  return mismatch(
    p,
    target,
    expected,
    o.error ?? 'no connection',
    `nothing accepts connections on port ${p.port} of ${p.server} (${o.error ?? 'no connection'})`,
  );
}

function ntp(p: NtpProbe, o: Extract<Observation, { kind: 'ntp' }>): Check {
  const target = `ntp ${p.address}:123`;
  const expected = 'stratum 1-15, synchronised';
  if (o.error !== undefined)
    return mismatch(p, target, expected, o.error, `the NTP server does not answer (${o.error})`);
  const observed = `stratum ${o.stratum}${o.leap === 3 ? ', leap indicator 3 (not synchronised)' : ''}`;
  const s = o.stratum ?? 0;
  if (s >= 1 && s <= 15 && o.leap !== 3) return { ...baseOf(p), target, expected, observed, ok: true, detail: '' };
  const why =
    s === 0
      ? 'stratum 0 is a kiss-o\'-death or "unspecified": the server refuses or has no time to give'
      : s >= 16
        ? 'stratum 16 means the server is not synchronised (no upstream and no `local stratum`)'
        : 'the server says its clock is not synchronised';
  return mismatch(p, target, expected, observed, why);
}

function vip(p: VipProbe, o: Extract<Observation, { kind: 'vip' }>): Check[] {
  if (p.ports.length) {
    return p.ports.map((port) => {
      const r = o.ports?.find((x) => x.port === port);
      const target = `${p.address}:${port} (${p.what})`;
      const base = {
        ...baseOf(p),
        reproduce: reproduce(p, { port }),
        clusterBound: true,
        api: p.purpose === 'api' && port === 6443,
      };
      if (r?.connected)
        return { ...base, target, expected: 'accepts a connection', observed: 'connected', ok: true, detail: '' };
      const err = r?.error ?? o.error ?? 'no connection';
      return {
        ...base,
        target,
        expected: 'accepts a connection',
        observed: err,
        ok: false,
        detail: `nothing answers on ${p.address}:${port} (${err})`,
      };
    });
  }
  const target = `${p.address} (${p.what})`;
  const expected = 'answers ARP';
  if (o.arp === 'answered')
    return [{ ...baseOf(p), target, expected, observed: 'answered', ok: true, detail: '', clusterBound: true }];
  if (o.arp === 'off-link') {
    return [
      {
        ...baseOf(p),
        severity: 'info',
        target,
        expected,
        observed: 'not probed',
        ok: false,
        detail: `this machine has no interface on ${p.network} (${p.cidr}), so ARP cannot be asked`,
      },
    ];
  }
  return [
    {
      ...mismatch(p, target, expected, o.error ?? 'no ARP answer', `no machine answers ARP for ${p.address}`),
      clusterBound: true,
    },
  ];
}

/** The checks for one probe and what was observed. */
export function evaluate(p: Probe, o: Observation): Check[] {
  if (p.kind !== o.kind) throw new Error(`observation ${o.kind} does not belong to probe ${p.id}`);
  switch (p.kind) {
    case 'dns':
      return [dns(p, o as Extract<Observation, { kind: 'dns' }>)];
    case 'tftp':
      return [tftp(p, o as Extract<Observation, { kind: 'tftp' }>)];
    case 'http':
      return [http(p, o as Extract<Observation, { kind: 'http' }>)];
    case 'tcp':
      return [tcp(p, o as Extract<Observation, { kind: 'tcp' }>)];
    case 'ntp':
      return [ntp(p, o as Extract<Observation, { kind: 'ntp' }>)];
    case 'vip':
      return vip(p, o as Extract<Observation, { kind: 'vip' }>);
    case 'lb-backends':
      return evaluateLb(p, o as Extract<Observation, { kind: 'lb-backends' }>);
    case 'dhcp-leases':
      return evaluateDhcp(p, o as Extract<Observation, { kind: 'dhcp-leases' }>);
    case 'dhcp-offer':
      return evaluateDhcpOffer(p, o as Extract<Observation, { kind: 'dhcp-offer' }>);
  }
}

const NOT_UP = 'the cluster is not up yet (no API server answers), so this is not counted as a failure';

/**
 * VIPs, pools and load-balancer backend servers only answer once the cluster runs. When no API
 * server answers (no API backend is UP and no API VIP accepts connections), their failures are info.
 * A pool address is held only while a LoadBalancer service has it: silent is info either way, and one
 * that answers while the API is known to be down is held by another machine, a collision.
 */
export function settle(checks: Check[]): Check[] {
  const up = checks.some((c) => c.ok && c.api);
  const down = !up && checks.some((c) => c.api);
  return checks.map((c) => {
    if (c.service === 'pool') return settlePool(c, up, down);
    if (up || c.ok || c.severity !== 'error' || !c.clusterBound) return c;
    return { ...c, severity: 'info', detail: `${c.detail}; ${NOT_UP}` };
  });
}

function settlePool(c: Check, up: boolean, down: boolean): Check {
  if (c.ok && down)
    return {
      ...c,
      ok: false,
      severity: 'error',
      detail:
        `${c.target.replace(/ \(.*/, '')} answers ARP while the cluster is not up: another machine holds an address ` +
        `of pool ${c.server}, and MetalLB would hand it out again (a collision). Find that machine with the command below and move it, or the pool`,
    };
  if (c.ok || c.severity !== 'error') return c;
  return {
    ...c,
    severity: 'info',
    detail: up
      ? `${c.detail}: no LoadBalancer service holds it yet, or no MetalLB speaker announces it; not counted as a failure`
      : `${c.detail}; ${NOT_UP}`,
  };
}
