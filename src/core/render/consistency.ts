// Cross-checks of the rendered set against itself: what one file promises, another must provide.
// These catch gaps between files (a reservation with no DNS name, a PXE MAC DHCP never answers).
import type { Path } from '../model';
import type { Problem } from '../problems';
import { parseRangeOrCidr, rangesOverlap, type IpRange } from '../ip';
import { parseAddr } from './lookup';
import type { View } from './view';

const keys = new Map<string, string>();
function addrKey(ip: string): string {
  let k = keys.get(ip);
  if (k === undefined) {
    const a = parseAddr(ip);
    k = a ? `${a.family}:${a.value}` : ip;
    if (keys.size > 100_000) keys.clear();
    keys.set(ip, k);
  }
  return k;
}

export function checkConsistency(v: View): Problem[] {
  const out: Problem[] = [];
  const l = v.lookup;
  const t = l.t;
  const ifacePath = (host: string, pred: (i: { ip?: string; mac?: string }) => boolean): Path => {
    const h = l.hosts.get(host);
    const i = h?.interfaces.find(pred);
    return i?.path ?? h?.path ?? [];
  };

  const forward = v.dns?.zones.find((z) => z.kind === 'forward');
  const aByName = new Map<string, Set<string>>();
  const ptrs = new Set<string>();
  if (v.dns && forward) {
    for (const r of forward.records) {
      if (r.type !== 'A' && r.type !== 'AAAA') continue;
      if (!aByName.has(r.name)) aByName.set(r.name, new Set());
      aByName.get(r.name)!.add(addrKey(r.data));
    }
    for (const z of v.dns.zones) {
      if (z.kind !== 'reverse') continue;
      for (const r of z.records) ptrs.add(`${r.name}.${z.name}`);
    }
  }
  const allA = new Set<string>();
  for (const set of aByName.values()) for (const k of set) allA.add(k);
  const hasA = (ip: string) => allA.has(addrKey(ip));
  const hasPtr = (ip: string) => {
    const a = parseAddr(ip);
    if (!a) return false;
    const name =
      a.family === 4
        ? `${ip.split('.').reverse().join('.')}.in-addr.arpa`
        : `${a.value.toString(16).padStart(32, '0').split('').reverse().join('.')}.ip6.arpa`;
    return ptrs.has(name);
  };

  if (v.dhcp && v.dns) {
    for (const s of v.dhcp.subnets) {
      for (const r of s.reservations) {
        const missing = [hasA(r.ip) ? '' : 'A', hasPtr(r.ip) ? '' : 'PTR'].filter((x) => x);
        if (missing.length === 0) continue;
        out.push({
          code: 'render-reservation-dns',
          severity: 'error',
          path: ifacePath(r.host, (i) => i.ip === r.ip),
          message: `DHCP reserves ${r.ip} for ${r.host}, but the rendered DNS zones have no ${missing.join(' or ')} record for it`,
        });
      }
    }
  }

  if (v.lb && v.dns) {
    for (const fe of v.lb.frontends) {
      for (const s of fe.backend.servers) {
        const set = aByName.get(s.name);
        if (set?.has(addrKey(s.address))) continue;
        out.push({
          code: 'render-backend-unresolved',
          severity: 'error',
          path: l.hosts.get(s.name)?.path ?? [],
          message: `HAProxy backend ${fe.backend.name} sends port ${s.port} to ${s.name} (${s.address}), but ${s.name}.${v.cluster.domain} does not resolve to that address in the rendered zone`,
        });
      }
    }
  }

  if (v.pxe) {
    const macs = new Set(v.dhcp?.subnets.flatMap((s) => s.reservations.map((r) => r.mac)) ?? []);
    for (const e of v.pxe.entries) {
      if (macs.has(e.mac)) continue;
      out.push({
        code: 'render-pxe-no-reservation',
        severity: 'error',
        path: ifacePath(e.host, (i) => i.mac?.toLowerCase() === e.mac),
        message: v.dhcp
          ? `PXE entry ${e.file} boots ${e.host} by MAC ${e.mac}, but dhcpd.conf has no reservation for that MAC (give the interface an IPv4 address on a DHCP network)`
          : `PXE entry ${e.file} boots ${e.host}, but no DHCP service is rendered to send it to the TFTP server`,
      });
    }
  }

  // Outside IPI (where the platform's own keepalived holds the VIPs) a VIP needs holders, or
  // no rendered file puts the address on any host and DNS points at nothing.
  if (t.cluster.platform !== 'okd-ipi') {
    const hostIps = new Set(
      t.hosts
        .flatMap((h) => h.interfaces.flatMap((i) => [i.ip, i.ip6]))
        .filter((x): x is string => !!x)
        .map(addrKey),
    );
    for (const vip of t.vips) {
      if (vip.holders.length > 0 || !vip.ip || hostIps.has(addrKey(vip.ip))) continue;
      out.push({
        code: 'render-vip-unheld',
        severity: 'warning',
        path: [...vip.path, 'ip'],
        message: `VIP ${vip.name} (${vip.ip}) has no holders, so no rendered file puts this address on a host; list holders (two or more get keepalived) or manage it outside the topology`,
      });
    }
  }

  if (v.dhcp) {
    const dyn: { range: IpRange; text: string; network: string }[] = [];
    for (const s of v.dhcp.subnets) {
      for (const r of s.ranges) {
        const p = parseRangeOrCidr(`${r.start}-${r.end}`);
        if (p.range) dyn.push({ range: p.range, text: `${r.start}-${r.end}`, network: s.network });
      }
    }
    const against = (range: IpRange, what: string, path: Path) => {
      for (const d of dyn) {
        if (!rangesOverlap(range, d.range)) continue;
        out.push({
          code: 'render-in-dhcp-range',
          severity: 'error',
          path,
          message: `${what} lies inside the DHCP dynamic range ${d.text} of network ${d.network} in the rendered dhcpd.conf; a client could lease it`,
        });
      }
    };
    for (const vip of t.vips) {
      for (const [ip, key] of [
        [vip.ip, 'ip'],
        [vip.ip6, 'ip6'],
      ] as const) {
        const a = parseAddr(ip);
        if (a)
          against({ family: a.family, start: a.value, end: a.value }, `VIP ${vip.name} (${ip})`, [...vip.path, key]);
      }
    }
    for (const pool of t.pools) {
      for (const a of pool.addresses) {
        const p = parseRangeOrCidr(a.text);
        if (p.range) against(p.range, `MetalLB pool ${pool.name} (${a.text.trim()})`, a.path);
      }
    }
  }
  return out;
}
