// Address facts the editor features need (next free IP, who owns an address, how full a network
// is). A thin layer so the providers have one place to ask.
import type { Network, Topology } from '../model';
import { contains, formatAddr, isNetworkOrBroadcast, lastOf, normaliseMac, parseAddr, parseCidr, parseRangeOrCidr, sizeOf, generateMac, type Cidr, type Family, type IpRange } from '../ip';

export interface Owner {
  /** e.g. `host master-0`, `VIP api`, `pool default`, `DHCP range of lan`, `gateway of lan`. */
  label: string;
  kind: 'host' | 'vip' | 'pool' | 'dhcp' | 'gateway' | 'dns';
  name: string;
}

interface Claim {
  family: Family;
  start: bigint;
  end: bigint;
  owner: Owner;
}

/** Everything that claims addresses: single addresses and ranges. */
export function claims(t: Topology): Claim[] {
  const out: Claim[] = [];
  const one = (ip: string | undefined, owner: Owner) => {
    const a = parseAddr(ip);
    if (a) out.push({ family: a.family, start: a.value, end: a.value, owner });
  };
  const range = (r: IpRange | undefined, owner: Owner) => {
    if (r) out.push({ family: r.family, start: r.start, end: r.end, owner });
  };
  for (const h of t.hosts) {
    for (const i of h.interfaces) {
      one(i.ip, { label: `host ${h.name}`, kind: 'host', name: h.name });
      one(i.ip6, { label: `host ${h.name}`, kind: 'host', name: h.name });
    }
  }
  for (const v of t.vips) {
    one(v.ip, { label: `VIP ${v.name}`, kind: 'vip', name: v.name });
    one(v.ip6, { label: `VIP ${v.name}`, kind: 'vip', name: v.name });
  }
  for (const p of t.pools) for (const a of p.addresses) range(parseRangeOrCidr(a.text).range, { label: `MetalLB pool ${p.name}`, kind: 'pool', name: p.name });
  for (const n of t.networks) {
    one(n.gateway, { label: `gateway of ${n.name}`, kind: 'gateway', name: n.name });
    one(n.gateway6, { label: `gateway of ${n.name}`, kind: 'gateway', name: n.name });
    for (const d of n.dns) one(d.ip, { label: `DNS server of ${n.name}`, kind: 'dns', name: n.name });
    for (const r of n.dhcp?.ranges ?? []) range(parseRangeOrCidr(r.text).range, { label: `DHCP range of ${n.name}`, kind: 'dhcp', name: n.name });
  }
  return out;
}

export function findNetwork(t: Topology, name: string | undefined): Network | undefined {
  if (name) return t.networks.find((n) => n.name === name);
  return t.networks.length === 1 ? t.networks[0] : undefined;
}

function cidrOf(n: Network, family: Family): Cidr | undefined {
  const c = parseCidr(family === 4 ? n.cidr : n.cidr6);
  return c && c.family === family ? c : undefined;
}

/** Lowest address of the network not claimed by anything and not its network/broadcast address. */
export function nextFreeIp(t: Topology, network: string | undefined, family: Family = 4, exclude: Set<string> = new Set()): string | undefined {
  const n = findNetwork(t, network);
  if (!n) return undefined;
  const c = cidrOf(n, family);
  if (!c) return undefined;
  const taken = claims(t).filter((x) => x.family === family);
  const last = lastOf(c);
  let v = c.base;
  // Each step moves past a claim or a skipped address, so the loop is bounded by their count.
  for (let steps = taken.length + exclude.size + 8; steps > 0 && v <= last; steps--) {
    if (isNetworkOrBroadcast(c, { family, value: v }) || exclude.has(formatAddr(family, v))) {
      v++;
      continue;
    }
    let next = v;
    for (const x of taken) if (x.start <= v && v <= x.end && x.end + 1n > next) next = x.end + 1n;
    if (next === v) return formatAddr(family, v);
    v = next;
  }
  return undefined;
}

/** Who claims `ip` (several owners means a collision). */
export function ownersOf(t: Topology, ip: string): Owner[] {
  const a = parseAddr(ip);
  if (!a) return [];
  return claims(t).filter((x) => x.family === a.family && x.start <= a.value && a.value <= x.end).map((x) => x.owner);
}

export interface Usage {
  network: Network;
  cidr: Cidr;
  size: bigint;
  /** Addresses hosts, VIPs, gateway and DNS use (single addresses). */
  used: bigint;
  /** Addresses in DHCP ranges and pools. */
  ranged: bigint;
  free: bigint;
}

export function networkUsage(t: Topology, name: string, family: Family = 4): Usage | undefined {
  const n = findNetwork(t, name);
  const c = n && cidrOf(n, family);
  if (!n || !c) return undefined;
  const hostSize = sizeOf(c) - (family === 4 && c.prefix < 31 ? 2n : family === 6 && c.prefix < 127 ? 1n : 0n);
  const singles = new Set<bigint>();
  let ranged = 0n;
  const covered: [bigint, bigint][] = [];
  for (const x of claims(t)) {
    if (x.family !== family || x.end < c.base || x.start > lastOf(c)) continue;
    if (x.start === x.end) singles.add(x.start);
    else covered.push([x.start > c.base ? x.start : c.base, x.end < lastOf(c) ? x.end : lastOf(c)]);
  }
  covered.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  let curS = -1n;
  let curE = -2n;
  for (const [s, e] of covered) {
    if (s > curE + 1n) {
      if (curE >= curS && curS >= 0n) ranged += curE - curS + 1n;
      curS = s;
      curE = e;
    } else if (e > curE) curE = e;
  }
  if (curE >= curS && curS >= 0n) ranged += curE - curS + 1n;
  let used = 0n;
  for (const s of singles) if (!covered.some(([a, b]) => a <= s && s <= b) && contains(c, { family, value: s })) used++;
  const free = hostSize - used - ranged;
  return { network: n, cidr: c, size: hostSize, used, ranged, free: free < 0n ? 0n : free };
}

/** Every MAC in the topology, normalised. */
export function usedMacs(t: Topology | null): Set<string> {
  const out = new Set<string>();
  for (const h of t?.hosts ?? []) for (const i of h.interfaces) {
    const m = normaliseMac(i.mac);
    if (m) out.add(m);
  }
  return out;
}

/** A new locally administered MAC; the seed spreads suggestions so two hosts rarely get neighbours. */
export function freshMac(t: Topology | null, seedText = ''): string {
  let seed = 0;
  for (const ch of seedText) seed = (seed * 31 + ch.charCodeAt(0)) % (1 << 24);
  return generateMac(usedMacs(t), seed);
}
