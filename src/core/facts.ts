// The address book of a topology: who owns which address, which ranges are handed out
// dynamically, what is free. Checks, hover, completion, quick fixes and render all ask
// the same questions, so they are answered once here (cached per Topology object).
import type { Host, Network, Path, Role, Topology, Vip } from './model';
import {
  formatAddr, isNetworkOrBroadcast, lastOf, parseAddr, parseCidr, parseRangeOrCidr,
  type Addr, type Cidr, type Family, type IpRange,
} from './ip';

export type OwnerKind = 'interface' | 'vip' | 'gateway' | 'dns';
export type RangeKind = 'dhcp' | 'pool';

/** One address owned (or referenced, for gateways and DNS servers) by something in the file. */
export interface AddressOwner {
  kind: OwnerKind;
  addr: Addr;
  /** Normalised text, e.g. "10.0.0.10" or "fd00::10". */
  text: string;
  /** Host, VIP or network name. */
  name: string;
  /** The network the address is declared on ('' when unknown). */
  network: string;
  /** Human label for messages: "host server-0 (lan)", "VIP api", "gateway of network lan". */
  label: string;
  /** Location of the address scalar. */
  path: Path;
  /** For interfaces: the host. */
  host?: Host;
  vip?: Vip;
}

/** A range of addresses handed out dynamically: a DHCP range or one entry of a pool. */
export interface RangeOwner {
  kind: RangeKind;
  range: IpRange;
  /** As written. */
  text: string;
  /** Pool name, or the network name for DHCP ranges. */
  name: string;
  network: string;
  label: string;
  path: Path;
  /** Set for a pool entry written as a CIDR. */
  cidr?: Cidr;
}

export interface NetInfo {
  network: Network;
  /** Parsed cidr and cidr6 (whichever parse), in that order. */
  cidrs: Cidr[];
}

export interface Facts {
  owners: AddressOwner[];
  /** Key: addrKey(); value: every owner of that address, in document order. */
  byAddr: Map<string, AddressOwner[]>;
  ranges: RangeOwner[];
  /** First network of each name (duplicates are reported by checks). */
  networks: Map<string, NetInfo>;
  hosts: Map<string, Host>;
  byRole: Map<Role, Host[]>;
  pools: Map<string, Topology['pools'][number]>;
  vips: Map<string, Vip>;
}

export function addrKey(a: Addr): string {
  return a.family === 4 ? `4:${a.value}` : `6:${a.value}`;
}

/** Key for an address text, or undefined when it does not parse. */
export function keyOf(text: string | undefined): string | undefined {
  const a = parseAddr(text);
  return a ? addrKey(a) : undefined;
}

const cache = new WeakMap<Topology, Facts>();

/** The address book of `t`, built once per Topology object. Never throws. */
export function factsOf(t: Topology): Facts {
  let f = cache.get(t);
  if (!f) {
    f = build(t);
    cache.set(t, f);
  }
  return f;
}

function build(t: Topology): Facts {
  const owners: AddressOwner[] = [];
  const byAddr = new Map<string, AddressOwner[]>();
  const add = (o: Omit<AddressOwner, 'addr' | 'text'>, raw: string | undefined) => {
    const addr = parseAddr(raw);
    if (!addr) return;
    const owner: AddressOwner = { ...o, addr, text: formatAddr(addr.family, addr.value) };
    owners.push(owner);
    const k = addrKey(addr);
    const list = byAddr.get(k);
    if (list) list.push(owner);
    else byAddr.set(k, [owner]);
  };
  const networks = new Map<string, NetInfo>();
  for (const n of t.networks) {
    if (!networks.has(n.name)) {
      const cidrs: Cidr[] = [];
      for (const c of [n.cidr, n.cidr6]) {
        const p = parseCidr(c);
        if (p) cidrs.push(p);
      }
      networks.set(n.name, { network: n, cidrs });
    }
  }
  const hosts = new Map<string, Host>();
  const byRole = new Map<Role, Host[]>();
  for (const h of t.hosts) {
    if (!hosts.has(h.name)) hosts.set(h.name, h);
    const list = byRole.get(h.role);
    if (list) list.push(h);
    else byRole.set(h.role, [h]);
    for (const i of h.interfaces) {
      const label = `host ${h.name} (${i.network || '?'})`;
      add({ kind: 'interface', name: h.name, network: i.network, label, path: [...i.path, 'ip'], host: h }, i.ip);
      add({ kind: 'interface', name: h.name, network: i.network, label, path: [...i.path, 'ip6'], host: h }, i.ip6);
    }
  }
  const vips = new Map<string, Vip>();
  for (const v of t.vips) {
    if (!vips.has(v.name)) vips.set(v.name, v);
    add({ kind: 'vip', name: v.name, network: v.network, label: `VIP ${v.name}`, path: [...v.path, 'ip'], vip: v }, v.ip);
    add({ kind: 'vip', name: v.name, network: v.network, label: `VIP ${v.name}`, path: [...v.path, 'ip6'], vip: v }, v.ip6);
  }
  const ranges: RangeOwner[] = [];
  for (const n of t.networks) {
    add({ kind: 'gateway', name: n.name, network: n.name, label: `the gateway of network ${n.name}`, path: [...n.path, 'gateway'] }, n.gateway);
    add({ kind: 'gateway', name: n.name, network: n.name, label: `the gateway of network ${n.name}`, path: [...n.path, 'gateway6'] }, n.gateway6);
    for (const d of n.dns) add({ kind: 'dns', name: n.name, network: n.name, label: `a DNS server of network ${n.name}`, path: d.path }, d.ip);
    for (const r of n.dhcp?.ranges ?? []) {
      const p = parseRangeOrCidr(r.text ?? '');
      if (p.range) ranges.push({ kind: 'dhcp', range: p.range, text: r.text, name: n.name, network: n.name, label: `the DHCP range ${r.text.trim()} of network ${n.name}`, path: r.path });
    }
  }
  const pools = new Map<string, Topology['pools'][number]>();
  for (const p of t.pools) {
    if (!pools.has(p.name)) pools.set(p.name, p);
    for (const a of p.addresses) {
      const r = parseRangeOrCidr(a.text ?? '');
      if (r.range) ranges.push({ kind: 'pool', range: r.range, cidr: r.cidr, text: a.text, name: p.name, network: p.network ?? '', label: `pool ${p.name} (${a.text.trim()})`, path: a.path });
    }
  }
  return { owners, byAddr, ranges, networks, hosts, byRole, pools, vips };
}

/** Everything that owns or covers `ip`: single owners first, then DHCP ranges and pools. */
export function ownersOf(t: Topology, ip: string | Addr): { owners: AddressOwner[]; ranges: RangeOwner[] } {
  const a = typeof ip === 'string' ? parseAddr(ip) : ip;
  if (!a) return { owners: [], ranges: [] };
  const f = factsOf(t);
  return { owners: f.byAddr.get(addrKey(a)) ?? [], ranges: rangesContaining(f, a) };
}

export function rangesContaining(f: Facts, a: Addr): RangeOwner[] {
  const out: RangeOwner[] = [];
  for (const r of f.ranges) if (r.range.family === a.family && a.value >= r.range.start && a.value <= r.range.end) out.push(r);
  return out;
}

/** The network's subnet of the given family (default: the first that parses). */
export function networkCidr(t: Topology, networkName: string, family?: Family): Cidr | undefined {
  const info = factsOf(t).networks.get(networkName);
  if (!info) return undefined;
  return family ? info.cidrs.find((c) => c.family === family) : info.cidrs[0];
}

/** Sorted, merged union of ranges of one family, clipped to [lo, hi]. */
function mergedRanges(ranges: IpRange[], family: Family, lo: bigint, hi: bigint): IpRange[] {
  const list = ranges
    .filter((r) => r.family === family && r.end >= lo && r.start <= hi)
    .map((r) => ({ family, start: r.start < lo ? lo : r.start, end: r.end > hi ? hi : r.end }))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: IpRange[] = [];
  for (const r of list) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end + 1n) {
      if (r.end > last.end) last.end = r.end;
    } else out.push({ ...r });
  }
  return out;
}

function inMerged(merged: IpRange[], v: bigint): boolean {
  let lo = 0;
  let hi = merged.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (v < merged[mid].start) hi = mid - 1;
    else if (v > merged[mid].end) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * The lowest address of the network that nothing owns: skips the network and broadcast
 * addresses, gateways, DNS servers, every host and VIP address, DHCP ranges and pools.
 */
export function nextFreeIp(t: Topology, networkName: string, opts: { family?: Family; exclude?: Set<string> } = {}): string | undefined {
  const cidr = networkCidr(t, networkName, opts.family);
  if (!cidr) return undefined;
  const f = factsOf(t);
  const excluded = new Set<string>();
  for (const e of opts.exclude ?? []) {
    const k = keyOf(e);
    if (k) excluded.add(k);
  }
  const first = cidr.base;
  const last = lastOf(cidr);
  const blocked = mergedRanges(f.ranges.map((r) => r.range), cidr.family, first, last);
  let bi = 0;
  // Bounded so a huge IPv6 subnet full of owners cannot spin for long.
  for (let v = first, steps = 0; v <= last && steps < 1_000_000; steps++) {
    while (bi < blocked.length && blocked[bi].end < v) bi++;
    if (bi < blocked.length && blocked[bi].start <= v) {
      v = blocked[bi].end + 1n;
      continue;
    }
    const a: Addr = { family: cidr.family, value: v };
    const k = addrKey(a);
    if (!isNetworkOrBroadcast(cidr, a) && !f.byAddr.has(k) && !excluded.has(k)) return formatAddr(cidr.family, v);
    v++;
  }
  return undefined;
}

export interface Usage {
  /** Every address of the subnet (including network/broadcast). */
  size: number;
  /** Static addresses in use (interfaces, VIPs, gateways, DNS servers) outside DHCP ranges and pools. */
  used: number;
  free: number;
  /** Addresses in DHCP dynamic ranges. */
  dynamic: number;
  /** Addresses in pools, not counting those already in a DHCP range. */
  pooled: number;
  /** Network and broadcast addresses. */
  reserved: number;
}

/** Counts can exceed 2^53 for IPv6: they are approximate Numbers then (1.8e19 for a /64). */
function n(b: bigint): number {
  return Number(b);
}

/** Address usage of a network's subnet (of `family`, default its first subnet). */
export function networkUsage(t: Topology, networkName: string, family?: Family): Usage | undefined {
  const cidr = networkCidr(t, networkName, family);
  if (!cidr) return undefined;
  const f = factsOf(t);
  const first = cidr.base;
  const last = lastOf(cidr);
  const size = last - first + 1n;
  let reserved = 0n;
  if (isNetworkOrBroadcast(cidr, { family: cidr.family, value: first })) reserved++;
  if (size > 1n && isNetworkOrBroadcast(cidr, { family: cidr.family, value: last })) reserved++;
  const dyn = mergedRanges(f.ranges.filter((r) => r.kind === 'dhcp').map((r) => r.range), cidr.family, first, last);
  const all = mergedRanges(f.ranges.map((r) => r.range), cidr.family, first, last);
  const total = (rs: IpRange[]) => rs.reduce((s, r) => s + (r.end - r.start + 1n), 0n);
  const dynamic = total(dyn);
  const pooled = total(all) - dynamic;
  let used = 0n;
  const seen = new Set<string>();
  for (const o of f.owners) {
    if (o.addr.family !== cidr.family || o.addr.value < first || o.addr.value > last) continue;
    const k = addrKey(o.addr);
    if (seen.has(k) || inMerged(all, o.addr.value) || isNetworkOrBroadcast(cidr, o.addr)) continue;
    seen.add(k);
    used++;
  }
  let free = size - reserved - used - dynamic - pooled;
  if (free < 0n) free = 0n;
  return { size: n(size), used: n(used), free: n(free), dynamic: n(dynamic), pooled: n(pooled), reserved: n(reserved) };
}

/** Size of a pool and how many of its addresses are taken by hosts, VIPs, gateways or DNS servers. */
export function poolUsage(t: Topology, poolName: string): { size: number; used: number; free: number } | undefined {
  const f = factsOf(t);
  if (!f.pools.has(poolName)) return undefined;
  const own = f.ranges.filter((r) => r.kind === 'pool' && r.name === poolName);
  let size = 0n;
  let used = 0n;
  for (const family of [4, 6] as const) {
    const merged = mergedRanges(own.map((r) => r.range), family, 0n, (1n << (family === 4 ? 32n : 128n)) - 1n);
    size += merged.reduce((s, r) => s + (r.end - r.start + 1n), 0n);
    const seen = new Set<string>();
    for (const o of f.owners) {
      const k = addrKey(o.addr);
      if (o.addr.family === family && !seen.has(k) && inMerged(merged, o.addr.value)) {
        seen.add(k);
        used++;
      }
    }
  }
  return { size: n(size), used: n(used), free: n(size - used) };
}

/** Roles whose hosts are cluster nodes (they define the machine network). */
export const NODE_ROLES: readonly Role[] = ['bootstrap', 'master', 'worker', 'infra', 'storage'];

export interface MachineNet {
  cidr: Cidr;
  text: string;
  path: Path;
  /** The node network it came from, when derived. */
  network?: string;
  explicit: boolean;
}

/** cluster.networking.machineNetwork when given, else the subnets of the networks the nodes sit on. */
export function machineNetworks(t: Topology): MachineNet[] {
  const explicit = t.cluster.networking.machineNetwork;
  const out: MachineNet[] = [];
  if (explicit) {
    for (const m of explicit) {
      const c = parseCidr(m.cidr);
      if (c) out.push({ cidr: c, text: m.cidr, path: m.path, explicit: true });
    }
    return out;
  }
  const f = factsOf(t);
  const names = new Set<string>();
  for (const role of NODE_ROLES) for (const h of f.byRole.get(role) ?? []) for (const i of h.interfaces) names.add(i.network);
  for (const n of t.networks) {
    if (!names.has(n.name)) continue;
    names.delete(n.name);
    for (const [key, text] of [['cidr', n.cidr], ['cidr6', n.cidr6]] as const) {
      const c = parseCidr(text);
      if (c) out.push({ cidr: c, text: text ?? '', path: [...n.path, key], network: n.name, explicit: false });
    }
  }
  return out;
}

export function hostsWithRole(t: Topology, role: Role): Host[] {
  return factsOf(t).byRole.get(role) ?? [];
}

/** Hosts that run the ingress router: `ingress: true`, else workers, else masters. */
export function ingressHosts(t: Topology): Host[] {
  const marked = t.hosts.filter((h) => h.ingress === true);
  if (marked.length) return marked;
  const workers = hostsWithRole(t, 'worker');
  return workers.length ? workers : hostsWithRole(t, 'master');
}

/**
 * The hosts behind a VIP: its backends' roles and hosts (unknown names are skipped; checks
 * report them). Without backends: API VIPs use bootstrap + masters, ingress VIPs the ingress hosts.
 */
export function vipBackends(t: Topology, vip: Vip): Host[] {
  const f = factsOf(t);
  const { roles, hosts } = vip.backends;
  if (!roles.length && !hosts.length) {
    if (vip.purpose === 'api' || vip.purpose === 'api-int') return [...hostsWithRole(t, 'bootstrap'), ...hostsWithRole(t, 'master')];
    if (vip.purpose === 'ingress') return ingressHosts(t);
    return [];
  }
  const out: Host[] = [];
  const seen = new Set<Host>();
  const push = (h: Host | undefined) => {
    if (h && !seen.has(h)) {
      seen.add(h);
      out.push(h);
    }
  };
  for (const r of roles) for (const h of f.byRole.get(r) ?? []) push(h);
  for (const name of hosts) push(f.hosts.get(name));
  return out;
}

/** The host's address on a network (first interface there), or its first address. */
export function hostAddress(h: Host, network?: string, family: Family = 4): string | undefined {
  const pick = (i: Host['interfaces'][number]) => (family === 6 ? i.ip6 : i.ip);
  const list = network ? h.interfaces.filter((i) => i.network === network) : h.interfaces;
  for (const i of list) {
    const v = pick(i);
    if (v && parseAddr(v)) return v;
  }
  return undefined;
}

/** The network whose subnet contains `ip` (first match), e.g. to say where a stray address lands. */
export function networkContaining(t: Topology, ip: Addr): NetInfo | undefined {
  for (const info of factsOf(t).networks.values()) {
    if (info.cidrs.some((c) => c.family === ip.family && ip.value >= c.base && ip.value <= lastOf(c))) return info;
  }
  return undefined;
}

