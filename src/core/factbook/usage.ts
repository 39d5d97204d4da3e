// Free and used addresses: next free IP, network and pool usage.
import type { Topology } from '../model';
import { formatAddr, isNetworkOrBroadcast, lastOf, type Addr, type Cidr, type Family, type IpRange } from '../ip';
import { addrKey, factsOf, keyOf, ownersIn } from './book';

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
export function nextFreeIp(
  t: Topology,
  networkName: string,
  opts: { family?: Family; exclude?: Set<string> } = {},
): string | undefined {
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
  const blocked = mergedRanges(
    f.ranges.map((r) => r.range),
    cidr.family,
    first,
    last,
  );
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
  const dyn = mergedRanges(
    f.ranges.filter((r) => r.kind === 'dhcp').map((r) => r.range),
    cidr.family,
    first,
    last,
  );
  const all = mergedRanges(
    f.ranges.map((r) => r.range),
    cidr.family,
    first,
    last,
  );
  const total = (rs: IpRange[]) => rs.reduce((s, r) => s + (r.end - r.start + 1n), 0n);
  const dynamic = total(dyn);
  const pooled = total(all) - dynamic;
  let used = 0n;
  const seen = new Set<string>();
  for (const o of ownersIn(f, cidr.family, first, last)) {
    const k = o.key;
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
    const merged = mergedRanges(
      own.map((r) => r.range),
      family,
      0n,
      (1n << (family === 4 ? 32n : 128n)) - 1n,
    );
    size += merged.reduce((s, r) => s + (r.end - r.start + 1n), 0n);
    const seen = new Set<string>();
    for (const r of merged) {
      for (const o of ownersIn(f, family, r.start, r.end)) {
        const k = o.key;
        if (!seen.has(k)) {
          seen.add(k);
          used++;
        }
      }
    }
  }
  return { size: n(size), used: n(used), free: n(size - used) };
}
