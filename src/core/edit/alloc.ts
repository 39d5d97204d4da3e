// Picks names, addresses and MACs for new graph items so they are valid from the start.
import type { Role, Topology } from '../model';
import { factsOf, networkCidr, nextFreeIp, ownersOf } from '../facts';
import {
  cidrToRange,
  formatAddr,
  generateMac,
  isNetworkOrBroadcast,
  lastOf,
  normaliseMac,
  parseAddr,
  parseCidr,
  rangesOverlap,
  type IpRange,
} from '../ip';

/** Every name in use by a kind of node. */
export function namesOf(t: Topology, kind: 'host' | 'network' | 'vip' | 'pool'): Set<string> {
  const list = kind === 'host' ? t.hosts : kind === 'network' ? t.networks : kind === 'vip' ? t.vips : t.pools;
  return new Set(list.map((x) => x.name));
}

/**
 * Names a generated node must not take: those in use, and those still named by a dangling
 * reference (a VIP on a deleted network), which a new node would silently adopt.
 */
export function takenNames(t: Topology, kind: 'host' | 'network'): Set<string> {
  const out = namesOf(t, kind);
  if (kind === 'network') {
    for (const h of t.hosts) for (const i of h.interfaces) out.add(i.network);
    for (const v of t.vips) out.add(v.network);
    for (const p of t.pools) if (p.network) out.add(p.network);
  } else {
    for (const h of t.hosts) if (h.vm?.on) out.add(h.vm.on);
    for (const v of t.vips) for (const n of [...v.backends.hosts, ...v.holders]) out.add(n);
    for (const s of Object.values(t.services)) for (const n of s?.hosts ?? []) out.add(n);
  }
  return out;
}

/** `base` if free, else base-2, base-3… */
export function uniqueName(base: string, used: Set<string>): string {
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

const ROLE_BASE: Record<Role, string> = {
  bootstrap: 'bootstrap',
  master: 'master',
  worker: 'worker',
  infra: 'infra',
  storage: 'storage',
  services: 'services',
  hypervisor: 'hv',
};

/**
 * A name for a new host of `role`: continues the numbering siblings use (compute-2 -> compute-3),
 * else `<role>-0`.
 */
export function hostName(t: Topology, role: Role): string {
  const used = takenNames(t, 'host');
  let prefix: string | undefined;
  let max = -1;
  for (const h of t.hosts) {
    if (h.role !== role) continue;
    const m = /^(.*?)-?(\d+)$/.exec(h.name);
    if (!m) continue;
    prefix = h.name.slice(0, h.name.length - m[2].length);
    max = Math.max(max, Number(m[2]));
  }
  if (prefix === undefined) {
    prefix = `${ROLE_BASE[role]}-`;
    if (role === 'bootstrap' || role === 'services') return uniqueName(ROLE_BASE[role], used);
  }
  for (let i = max + 1; ; i++) if (!used.has(`${prefix}${i}`)) return `${prefix}${i}`;
}

/**
 * The next free IPv4/IPv6 address on a network for a host of `role`: right after the highest
 * address its role-mates use there (workers .21-.23 -> .24), else the lowest free one.
 */
export function nextIp(
  t: Topology,
  network: string,
  role?: Role,
  taken: Set<string> = new Set(),
  family?: 4 | 6,
): string | undefined {
  const cidr = networkCidr(t, network, family);
  if (!cidr) return undefined;
  if (role) {
    let max = -1n;
    for (const h of t.hosts) {
      if (h.role !== role) continue;
      for (const i of h.interfaces) {
        const a =
          i.network === network
            ? cidr.family === 6
              ? (parseAddr(i.ip6) ?? parseAddr(i.ip))
              : parseAddr(i.ip)
            : undefined;
        if (a && a.family === cidr.family && a.value > max && a.value >= cidr.base && a.value <= lastOf(cidr))
          max = a.value;
      }
    }
    if (max >= 0n) {
      for (let v = max + 1n, n = 0; v <= lastOf(cidr) && n < 4096; v++, n++) {
        const text = formatAddr(cidr.family, v);
        const { owners, ranges } = ownersOf(t, text);
        if (
          !owners.length &&
          !ranges.length &&
          !taken.has(text) &&
          !isNetworkOrBroadcast(cidr, { family: cidr.family, value: v })
        )
          return text;
      }
    }
  }
  return nextFreeIp(t, network, { exclude: taken, family: cidr.family });
}

/** A MAC unused in the file (and not in `taken`), from the 52:54:00 (QEMU/libvirt) block. */
export function nextMac(t: Topology, taken: Set<string> = new Set()): string {
  const used = new Set<string>(taken);
  for (const h of t.hosts)
    for (const i of h.interfaces) {
      const m = normaliseMac(i.mac);
      if (m) used.add(m);
    }
  // Seeded by the host count so consecutive adds do not all probe from the same start.
  return generateMac(used, (t.hosts.length * 257) % (1 << 24));
}

/** Every address range the file uses, so a new network overlaps none of them. */
function usedRanges(t: Topology): IpRange[] {
  const out: IpRange[] = [];
  const add = (s: string | undefined) => {
    const c = parseCidr(s);
    if (c) out.push(cidrToRange(c));
  };
  for (const n of t.networks) {
    add(n.cidr);
    add(n.cidr6);
  }
  for (const c of t.cluster.networking.clusterNetwork) add(c.cidr);
  for (const c of t.cluster.networking.serviceNetwork) add(c.cidr);
  for (const c of t.cluster.networking.machineNetwork ?? []) add(c.cidr);
  const f = factsOf(t);
  // Pools, DHCP ranges and single addresses too: a VIP left on a deleted network still owns its address.
  for (const r of f.ranges) out.push(r.range);
  for (const o of f.owners) out.push({ family: o.addr.family, start: o.addr.value, end: o.addr.value });
  return out;
}

/** The next /24 after the file's first IPv4 network (or from 192.168.100.0/24) that overlaps nothing. */
export function nextNetworkCidr(t: Topology): string | undefined {
  const used = usedRanges(t);
  const first = t.networks.map((n) => parseCidr(n.cidr)).find((c) => c?.family === 4);
  const start = first ? (first.base >> 8n) << 8n : (192n << 24n) | (168n << 16n) | (100n << 8n);
  for (let i = 0n; i < 1n << 16n; i++) {
    const base = (start + (i << 8n)) & 0xffffffffn;
    const candidate: IpRange = { family: 4, start: base, end: base + 255n };
    if (!used.some((u) => rangesOverlap(u, candidate))) return `${formatAddr(4, base)}/24`;
  }
  return undefined;
}

/** A free run of up to `want` addresses at the top of the network, as "a-b", for a new pool. */
export function freeRangeAtTop(t: Topology, network: string, want = 16): string | undefined {
  const cidr = networkCidr(t, network, 4) ?? networkCidr(t, network);
  if (!cidr) return undefined;
  let end: bigint | undefined;
  let count = 0;
  const stopAt = cidr.base + 1n;
  for (let v = lastOf(cidr), n = 0; v >= stopAt && n < 65536; v--, n++) {
    const text = formatAddr(cidr.family, v);
    const { owners, ranges } = ownersOf(t, text);
    const free = !owners.length && !ranges.length && !isNetworkOrBroadcast(cidr, { family: cidr.family, value: v });
    if (free) {
      if (end === undefined) end = v;
      if (++count >= want) break;
    } else if (end !== undefined) {
      if (count >= Math.min(want, 4)) break;
      end = undefined;
      count = 0;
    }
  }
  if (end === undefined || count === 0) return undefined;
  return `${formatAddr(cidr.family, end - BigInt(count) + 1n)}-${formatAddr(cidr.family, end)}`;
}
