// DHCPv6 (ISC dhcpd -6): one subnet6 per network with IPv6 dynamic ranges, and a fixed IPv6
// address per host interface with a MAC and an ip6 there. Nodes also need router advertisements
// with the managed flag set; that is the router's configuration, not ours.
import type { Network } from '../model';
import { formatCidr, parseCidr } from '../ip';
import { parseAddr, type Lookup } from './lookup';
import type { DhcpReservation, Dhcp6Subnet } from './view-types';

/** The network's IPv6 subnet: `cidr6`, or `cidr` when the network is IPv6 only. */
export function cidr6Of(n: Network): string | undefined {
  for (const text of [n.cidr6, n.cidr]) {
    const c = parseCidr(text);
    if (c?.family === 6) return formatCidr(c);
  }
  return undefined;
}

const family = (ip: string | undefined) => parseAddr(ip)?.family;

export function buildDhcp6(l: Lookup, label: (s: string) => string): Dhcp6Subnet[] {
  const ids = new Set<string>();
  const out: Dhcp6Subnet[] = [];
  for (const n of l.t.networks) {
    const cidr = cidr6Of(n);
    const ranges = (n.dhcp?.ranges ?? [])
      .filter((r) => family(r.start) === 6 && family(r.end) === 6)
      .map((r) => ({ start: r.start, end: r.end }));
    if (!cidr || ranges.length === 0) continue;
    const reservations: DhcpReservation[] = [];
    for (const h of l.t.hosts) {
      h.interfaces.forEach((i, k) => {
        if (i.network !== n.name || !i.mac || family(i.ip6) !== 6) return;
        let id = label(`${h.name}-${i.name ?? `if${k}`}-v6`);
        for (let s = 2; ids.has(id); s++) id = label(`${h.name}-${i.name ?? `if${k}`}-v6-${s}`);
        ids.add(id);
        reservations.push({
          id,
          host: h.name,
          hostname: h.name,
          mac: i.mac.toLowerCase().replace(/-/g, ':'),
          ip: i.ip6!,
          network: n.name,
        });
      });
    }
    const written = n.dns.map((d) => d.ip).filter((ip) => family(ip) === 6);
    const dns = written.length
      ? written
      : l
          .serviceHosts('dns')
          .flatMap((h) => h.interfaces.filter((i) => i.network === n.name && family(i.ip6) === 6).map((i) => i.ip6!));
    out.push({ network: n.name, cidr, ranges, dns, domain: n.domain ?? l.domain, reservations });
  }
  return out;
}
