// What the editor features ask about addresses, answered by the shared address book (facts.ts),
// plus MAC suggestions.
import type { Network, Topology } from '../model';
import { factsOf, nextFreeIp as factsNextFreeIp } from '../facts';
import { formatAddr, generateMac, isNetworkOrBroadcast, lastOf, normaliseMac, parseCidr, type Family } from '../ip';

/** The named network, or the only network when no name is given (a half-written interface). */
export function findNetwork(t: Topology, name: string | undefined): Network | undefined {
  if (name) return t.networks.find((n) => n.name === name);
  return t.networks.length === 1 ? t.networks[0] : undefined;
}

/** Next free address of the network (see facts.ts for what counts as taken). */
export function nextFreeIp(
  t: Topology,
  network: string | undefined,
  family: Family = 4,
  exclude: Set<string> = new Set(),
): string | undefined {
  const n = findNetwork(t, network);
  return n ? factsNextFreeIp(t, n.name, { family, exclude }) : undefined;
}

/** Every address range (DHCP ranges and pool entries) and single owner, as [start, end] of one family. */
export function takenSpans(
  t: Topology,
  family: Family,
  skip: (r: { kind: string; name: string; start: bigint; end: bigint }) => boolean,
): [bigint, bigint][] {
  const f = factsOf(t);
  const out: [bigint, bigint][] = [];
  for (const o of f.owners) if (o.addr.family === family) out.push([o.addr.value, o.addr.value]);
  for (const r of f.ranges) {
    if (r.range.family !== family || skip({ kind: r.kind, name: r.name, start: r.range.start, end: r.range.end }))
      continue;
    out.push([r.range.start, r.range.end]);
  }
  return out;
}

/** Every MAC in the topology, normalised. */
export function usedMacs(t: Topology | null): Set<string> {
  const out = new Set<string>();
  for (const h of t?.hosts ?? [])
    for (const i of h.interfaces) {
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

/** Largest run of [start, end] not covered by `taken` (earliest on ties). */
export function largestGap(start: bigint, end: bigint, taken: [bigint, bigint][]): [bigint, bigint] | undefined {
  const cuts = taken
    .filter(([s, e]) => e >= start && s <= end)
    .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  let best: [bigint, bigint] | undefined;
  let cur = start;
  const consider = (s: bigint, e: bigint) => {
    if (e >= s && (!best || e - s > best[1] - best[0])) best = [s, e];
  };
  for (const [s, e] of cuts) {
    consider(cur, s - 1n);
    if (e + 1n > cur) cur = e + 1n;
  }
  consider(cur, end);
  return best;
}

/** The largest block of the network nothing uses yet, as "start-end" (for a new DHCP range or pool). */
export function largestFreeRange(t: Topology, network: string | undefined): string | undefined {
  const n = findNetwork(t, network);
  const c = n && parseCidr(n.cidr);
  if (!n || !c) return undefined;
  let first = c.base;
  let last = lastOf(c);
  if (isNetworkOrBroadcast(c, { family: c.family, value: first })) first++;
  if (isNetworkOrBroadcast(c, { family: c.family, value: last })) last--;
  const gap = largestGap(
    first,
    last,
    takenSpans(t, c.family, () => false),
  );
  return gap ? `${formatAddr(c.family, gap[0])}-${formatAddr(c.family, gap[1])}` : undefined;
}
