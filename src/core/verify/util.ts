// Small pure helpers shared by the probe derivation modules.
import type { Topology } from '../model';
import { formatAddr, parseAddr, parseRangeOrCidr } from '../ip';

/** Every address the topology names: interfaces, VIPs, gateways, DNS servers and the first address of each pool. */
export function addressBook(t: Topology): Set<string> {
  const out = new Set<string>();
  const add = (ip: string | undefined): void => {
    const a = parseAddr(ip?.trim());
    if (a) out.add(formatAddr(a.family, a.value));
  };
  for (const h of t.hosts)
    for (const i of h.interfaces) {
      add(i.ip);
      add(i.ip6);
    }
  for (const v of t.vips) {
    add(v.ip);
    add(v.ip6);
  }
  for (const n of t.networks) {
    add(n.gateway);
    add(n.gateway6);
    for (const d of n.dns) add(d.ip);
  }
  for (const p of t.pools)
    for (const a of p.addresses) {
      const first = firstOf(a.text);
      if (first) out.add(first);
    }
  return out;
}

/** The first address of a pool entry (`a-b` or a CIDR): the one MetalLB hands out first. */
export function firstOf(text: string): string | undefined {
  const r = parseRangeOrCidr(text);
  return r.range ? formatAddr(r.range.family, r.range.start) : undefined;
}

/** The topology host owning an address, for naming the server of a probe. */
export function ownerOf(t: Topology, ip: string): string | undefined {
  const want = parseAddr(ip)?.value;
  if (want === undefined) return undefined;
  for (const h of t.hosts) {
    for (const i of h.interfaces) {
      if (parseAddr(i.ip)?.value === want || parseAddr(i.ip6)?.value === want) return h.name;
    }
  }
  return undefined;
}

export function normal(ip: string): string {
  const a = parseAddr(ip);
  return a ? formatAddr(a.family, a.value) : ip;
}

export function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
