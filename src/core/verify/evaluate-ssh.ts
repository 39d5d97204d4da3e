// Checks from what verify reads over SSH: HAProxy's runtime state (per backend server, and whether
// the running configuration is the file on disk) and dhcpd's leases and DHCPACK log lines.
import { parseAcks, parseInfo, parseLeases, parseServersState, parseStat } from './parsers';
import { reproduce } from './reproduce';
import type { Check, DhcpLeasesProbe, LbBackendsProbe, Observation } from './types';

function base(p: LbBackendsProbe | DhcpLeasesProbe): Omit<Check, 'target' | 'expected' | 'observed' | 'ok' | 'detail'> {
  return {
    kind: p.kind,
    severity: 'error',
    service: p.service,
    server: p.server,
    hosts: p.hosts,
    reproduce: reproduce(p),
    probe: p.id,
  };
}

/** A worker that started this long before the file changed is running an older configuration. */
const STALE_SLACK_S = 2;

export function evaluateLb(p: LbBackendsProbe, o: Extract<Observation, { kind: 'lb-backends' }>): Check[] {
  const where = `HAProxy on ${p.server}`;
  if (o.error !== undefined) {
    return [
      {
        ...base(p),
        target: `stats socket ${p.socket} on ${p.server}`,
        expected: 'backend states',
        observed: o.error,
        ok: false,
        detail: `cannot read ${where}'s stats socket: ${o.error}`,
      },
    ];
  }
  const rows = parseStat(o.stat ?? '');
  const addresses = parseServersState(o.servers ?? '');
  const out: Check[] = [];
  for (const b of p.backends) {
    for (const s of b.servers) {
      const want = `${s.address}:${s.port}`;
      const target = `backend ${b.name} server ${s.name} (${want}) on ${p.server}`;
      const hosts = [p.server, s.name];
      const row = rows.find((r) => r.proxy === b.name && r.server === s.name);
      const common = { ...base(p), hosts, target, expected: 'UP' };
      if (!row) {
        const detail = s.bootstrap
          ? `${s.name} is not in ${where}'s running configuration (the variant without the bootstrap node is in place?)`
          : `${s.name} is not in ${where}'s running configuration: deploy again, or see why the last reload did not take`;
        out.push({
          ...common,
          severity: s.bootstrap ? 'info' : 'error',
          observed: 'not configured',
          ok: false,
          detail,
        });
        continue;
      }
      const address = addresses.get(`${b.name}/${s.name}`) ?? row.address;
      if (address && address !== want) {
        out.push({
          ...common,
          observed: `sends to ${address}`,
          ok: false,
          detail: `${where} sends ${s.name}'s traffic to ${address}; the topology says ${want} (not deployed yet, or the last reload did not take)`,
        });
        continue;
      }
      const up = /^UP\b/.test(row.status) || row.status === 'no check';
      const observed = row.check ? `${row.status} (${row.check})` : row.status;
      out.push({
        ...common,
        observed,
        ok: up,
        clusterBound: true,
        api: b.name === 'api',
        detail: up
          ? `${b.name} ${s.name} is up`
          : `${where} reports ${s.name} ${row.status}${row.check ? ` (last check: ${row.check})` : ''}: nothing healthy answers on ${want}`,
      });
    }
  }
  const known = new Set(p.backends.flatMap((b) => b.servers.map((s) => `${b.name}/${s.name}`)));
  for (const r of rows) {
    if (
      !p.backends.some((b) => b.name === r.proxy) ||
      r.server === 'BACKEND' ||
      r.server === 'FRONTEND' ||
      known.has(`${r.proxy}/${r.server}`)
    )
      continue;
    out.push({
      ...base(p),
      target: `backend ${r.proxy} server ${r.server} on ${p.server}`,
      expected: 'not configured',
      observed: `${r.status} at ${r.address || '?'}`,
      ok: false,
      detail: `${where} still has ${r.server} in backend ${r.proxy}, which the topology does not list (not deployed yet, or the last reload did not take)`,
    });
  }
  out.push(staleness(p, o));
  return out;
}

function staleness(p: LbBackendsProbe, o: Extract<Observation, { kind: 'lb-backends' }>): Check {
  const info = parseInfo(o.info ?? '');
  const uptime = Number(info.get('Uptime_sec'));
  const target = `running configuration of HAProxy on ${p.server}`;
  const expected = `loaded from ${p.config} as it is now`;
  if (!Number.isFinite(uptime) || o.configMtime === undefined || o.now === undefined) {
    return {
      ...base(p),
      severity: 'info',
      target,
      expected,
      observed: 'unknown',
      ok: false,
      detail: `cannot tell when HAProxy last loaded ${p.config} (no Uptime_sec or file time)`,
    };
  }
  const started = o.now - uptime;
  if (o.configMtime > started + STALE_SLACK_S) {
    return {
      ...base(p),
      target,
      expected,
      observed: `worker started ${Math.round(o.configMtime - started)} s before the file changed`,
      ok: false,
      detail: `HAProxy runs a configuration older than ${p.config}: the last reload did not take (HAProxy keeps the old workers when the new configuration fails to start; see its log)`,
    };
  }
  return { ...base(p), target, expected, observed: 'current', ok: true, detail: '' };
}

export function evaluateDhcp(p: DhcpLeasesProbe, o: Extract<Observation, { kind: 'dhcp-leases' }>): Check[] {
  if (o.error !== undefined) {
    return [
      {
        ...base(p),
        target: `${p.leasesFile} on ${p.server}`,
        expected: 'the leases file',
        observed: o.error,
        ok: false,
        detail: `cannot read the DHCP leases on ${p.server}: ${o.error}`,
      },
    ];
  }
  const leases = parseLeases(o.leases ?? '').filter((l) => l.state === undefined || l.state === 'active');
  const acks = parseAcks(o.journal ?? '');
  return p.reservations.map((r) => {
    const target = `DHCP ${r.mac} (${r.host}) on ${p.server}`;
    const common = { ...base(p), hosts: [p.server, r.host], target, expected: r.ip };
    const wrongLease = leases.find((l) => l.mac === r.mac && l.ip !== r.ip);
    const lastAck = acks.filter((a) => a.mac === r.mac).pop();
    if (lastAck && lastAck.ip !== r.ip) {
      return {
        ...common,
        observed: lastAck.ip,
        ok: false,
        detail: `${r.host} (${r.mac}) was given ${lastAck.ip}${lastAck.when ? ` at ${lastAck.when}` : ''}, not its reservation ${r.ip}`,
      };
    }
    if (wrongLease && !lastAck) {
      return {
        ...common,
        observed: `${wrongLease.ip} (dynamic lease)`,
        ok: false,
        detail: `${r.host} (${r.mac}) holds a dynamic lease of ${wrongLease.ip}, not its reservation ${r.ip}: the running dhcpd does not know the reservation`,
      };
    }
    if (lastAck)
      return {
        ...common,
        observed: `${lastAck.ip}${lastAck.when ? ` (DHCPACK ${lastAck.when})` : ''}`,
        ok: true,
        detail: '',
      };
    return {
      ...common,
      severity: 'info',
      observed: 'not asked yet',
      ok: false,
      detail: `${r.host} (${r.mac}) has not asked for an address yet (no DHCPACK in the journal of ${p.unit}, no lease in ${p.leasesFile})`,
    };
  });
}
