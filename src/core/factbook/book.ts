// The address book of a topology: who owns which address, which ranges are handed out
// dynamically, what is free. Checks, hover, completion, quick fixes and render all ask
// the same questions, so they are answered once here (cached per Topology object).
import type { Host, Network, Path, Role, Topology, Vip } from '../model';
import {
  formatAddr,
  parseAddr,
  parseCidr,
  parseRangeOrCidr,
  type Addr,
  type Cidr,
  type Family,
  type IpRange,
} from '../ip';

/** `bmc`: the address in a host's bmc.address URL (a claimant like an interface). */
export type OwnerKind = 'interface' | 'vip' | 'gateway' | 'dns' | 'bmc';
export type RangeKind = 'dhcp' | 'pool';

/** One address owned (or referenced, for gateways and DNS servers) by something in the file. */
export interface AddressOwner {
  readonly kind: OwnerKind;
  readonly addr: Addr;
  /** Normalised text, e.g. "10.0.0.10" or "fd00::10". */
  readonly text: string;
  /** Host, VIP or network name. */
  readonly name: string;
  /** The network the address is declared on ('' when unknown). */
  readonly network: string;
  /** Human label for messages: "host server-0 (lan)", "VIP api", "gateway of network lan". */
  readonly label: string;
  /** Location of the address scalar. */
  readonly path: Path;
  /** addrKey(addr), computed once. */
  readonly key: string;
  /** For interfaces: the host. */
  readonly host?: Host;
  readonly vip?: Vip;
}

/**
 * Every address of a large file gets one of these, but only the few in a problem are ever shown:
 * the label and path are built when asked for (they were a third of building the book).
 */
class Owner implements AddressOwner {
  constructor(
    readonly kind: OwnerKind,
    readonly addr: Addr,
    readonly text: string,
    readonly name: string,
    readonly network: string,
    /** The model object the address is a field of (its path is made on demand too). */
    private readonly src: { readonly path: Path },
    /** That field; none when the address is the object itself (a DNS server entry). */
    private readonly field: string | undefined,
    readonly key: string,
    readonly host?: Host,
    readonly vip?: Vip,
  ) {}
  get path(): Path {
    return this.field === undefined ? this.src.path.slice() : [...this.src.path, this.field];
  }
  get label(): string {
    switch (this.kind) {
      case 'interface':
        return `host ${this.name} (${this.network || '?'})`;
      case 'bmc':
        return `the BMC of host ${this.name}`;
      case 'vip':
        return `VIP ${this.name}`;
      case 'gateway':
        return `the gateway of network ${this.name}`;
      case 'dns':
        return `a DNS server of network ${this.name}`;
    }
  }
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
  /** Owners sorted by (family, value), for range queries (see ownersIn). */
  sorted: AddressOwner[];
}

/** Map key of an address: the canonical dotted quad for IPv4 (so owners reuse their text), hex for IPv6. */
export function addrKey(a: Addr): string {
  return a.family === 4 ? formatAddr(4, a.value) : `x${a.value.toString(16)}`;
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
  const add = (
    kind: OwnerKind,
    name: string,
    network: string,
    src: { readonly path: Path },
    field: string | undefined,
    raw: string | undefined,
    host?: Host,
    vip?: Vip,
  ) => {
    const addr = parseAddr(raw);
    if (!addr) return;
    // A strict dotted quad is already canonical (and is its own key); IPv6 is rewritten compressed.
    const text = addr.family === 4 ? (raw as string).trim() : formatAddr(6, addr.value);
    const key = addr.family === 4 ? text : addrKey(addr);
    const owner = new Owner(kind, addr, text, name, network, src, field, key, host, vip);
    owners.push(owner);
    const list = byAddr.get(key);
    if (list) list.push(owner);
    else byAddr.set(key, [owner]);
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
      if (i.ip) add('interface', h.name, i.network, i, 'ip', i.ip, h);
      if (i.ip6) add('interface', h.name, i.network, i, 'ip6', i.ip6, h);
    }
    if (h.bmc?.address) add('bmc', h.name, '', h.bmc, 'address', bmcHost(h.bmc.address), h);
  }
  const vips = new Map<string, Vip>();
  for (const v of t.vips) {
    if (!vips.has(v.name)) vips.set(v.name, v);
    add('vip', v.name, v.network, v, 'ip', v.ip, undefined, v);
    add('vip', v.name, v.network, v, 'ip6', v.ip6, undefined, v);
  }
  const ranges: RangeOwner[] = [];
  for (const n of t.networks) {
    add('gateway', n.name, n.name, n, 'gateway', n.gateway);
    add('gateway', n.name, n.name, n, 'gateway6', n.gateway6);
    for (const d of n.dns) add('dns', n.name, n.name, d, undefined, d.ip);
    for (const r of n.dhcp?.ranges ?? []) {
      const p = parseRangeOrCidr(r.text ?? '');
      if (p.range)
        ranges.push({
          kind: 'dhcp',
          range: p.range,
          text: r.text,
          name: n.name,
          network: n.name,
          label: `the DHCP range ${r.text.trim()} of network ${n.name}`,
          path: r.path,
        });
    }
  }
  const pools = new Map<string, Topology['pools'][number]>();
  for (const p of t.pools) {
    if (!pools.has(p.name)) pools.set(p.name, p);
    for (const a of p.addresses) {
      const r = parseRangeOrCidr(a.text ?? '');
      if (r.range)
        ranges.push({
          kind: 'pool',
          range: r.range,
          cidr: r.cidr,
          text: a.text,
          name: p.name,
          network: p.network ?? '',
          label: `pool ${p.name} (${a.text.trim()})`,
          path: a.path,
        });
    }
  }
  // Sort on Numbers (exact for IPv4, a coarse first pass for IPv6) to spare BigInt comparisons.
  const keyed = owners.map((o) => ({ o, n: Number(o.addr.value) }));
  keyed.sort(
    (a, b) =>
      a.o.addr.family - b.o.addr.family ||
      a.n - b.n ||
      (a.o.addr.value < b.o.addr.value ? -1 : a.o.addr.value > b.o.addr.value ? 1 : 0),
  );
  const sorted = keyed.map((k) => k.o);
  return { owners, byAddr, ranges, networks, hosts, byRole, pools, vips, sorted };
}

/** Owners with an address in [start, end] of `family`, in address order (binary search on facts.sorted). */
export function ownersIn(f: Facts, family: Family, start: bigint, end: bigint): AddressOwner[] {
  const sorted = f.sorted;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const o = sorted[mid].addr;
    if (o.family < family || (o.family === family && o.value < start)) lo = mid + 1;
    else hi = mid;
  }
  const out: AddressOwner[] = [];
  for (let i = lo; i < sorted.length; i++) {
    const o = sorted[i].addr;
    if (o.family !== family || o.value > end) break;
    out.push(sorted[i]);
  }
  return out;
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
  for (const r of f.ranges)
    if (r.range.family === a.family && a.value >= r.range.start && a.value <= r.range.end) out.push(r);
  return out;
}

/** The IP address in a BMC URL ("redfish-virtualmedia://192.168.110.20/redfish/…", "ipmi://[fd00::5]:623"), if any. */
export function bmcHost(address: string): string | undefined {
  const rest = address.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']');
    return end > 0 ? rest.slice(1, end) : undefined;
  }
  const host = rest.split(/[/:]/)[0];
  return parseAddr(host) ? host : undefined;
}
