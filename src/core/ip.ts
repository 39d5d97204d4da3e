// Address arithmetic on top of ipaddr.js: parsing and family rules come from the library,
// we add BigInt values so ranges, containment and "next free" are simple comparisons.
import ipaddr from 'ipaddr.js';

export type Family = 4 | 6;

export interface Addr {
  family: Family;
  value: bigint;
}
export interface Cidr {
  family: Family;
  /** First address (network address). */
  base: bigint;
  prefix: number;
  /** True when the written address had bits set below the prefix. */
  hostBits: boolean;
  text: string;
}
export interface IpRange {
  family: Family;
  start: bigint;
  end: bigint;
}

const BITS: Record<Family, number> = { 4: 32, 6: 128 };

function strictIPv4(s: string): boolean {
  // ipaddr.js also accepts "10.1" or octal forms; configs do not, so require dotted quad.
  return /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(s);
}

// Checks, facts and hover parse the same few thousand strings many times: memoise (bounded).
// Results are frozen because they are shared.
const addrCache = new Map<string, Addr | null>();

export function parseAddr(s: string | undefined): Addr | undefined {
  if (!s) return undefined;
  let r = addrCache.get(s);
  if (r === undefined) {
    r = parseAddrUncached(s) ?? null;
    if (r) Object.freeze(r);
    if (addrCache.size >= 200_000) addrCache.clear();
    addrCache.set(s, r);
  }
  return r ?? undefined;
}

function parseAddrUncached(s: string): Addr | undefined {
  const t = s.trim();
  if (t.includes(':')) {
    if (!ipaddr.IPv6.isValid(t) || t.includes('%')) return undefined;
    const bytes = ipaddr.IPv6.parse(t).toByteArray();
    return { family: 6, value: bytesToBig(bytes) };
  }
  if (!strictIPv4(t)) return undefined;
  const p = t.split('.');
  // Plain arithmetic: BigInt once, not per byte (this is the hot path for 10,000-host files).
  return { family: 4, value: BigInt(((+p[0] * 256 + +p[1]) * 256 + +p[2]) * 256 + +p[3]) };
}

export function parseCidr(s: string | undefined): Cidr | undefined {
  if (!s) return undefined;
  const t = s.trim();
  const slash = t.indexOf('/');
  if (slash < 0) return undefined;
  const a = parseAddr(t.slice(0, slash));
  const p = t.slice(slash + 1);
  if (!a || !/^\d{1,3}$/.test(p)) return undefined;
  const prefix = Number(p);
  if (prefix > BITS[a.family]) return undefined;
  const mask = maskOf(a.family, prefix);
  const base = a.value & mask;
  return { family: a.family, base, prefix, hostBits: base !== a.value, text: t };
}

export function maskOf(family: Family, prefix: number): bigint {
  const bits = BigInt(BITS[family]);
  const all = (1n << bits) - 1n;
  return prefix === 0 ? 0n : (all << (bits - BigInt(prefix))) & all;
}

const lastCache = new WeakMap<Cidr, bigint>();
export function lastOf(c: Cidr): bigint {
  let v = lastCache.get(c);
  if (v === undefined) {
    v = c.base | (~maskOf(c.family, c.prefix) & ((1n << BigInt(BITS[c.family])) - 1n));
    lastCache.set(c, v);
  }
  return v;
}
export function sizeOf(c: Cidr): bigint {
  return lastOf(c) - c.base + 1n;
}

export function contains(c: Cidr, a: Addr): boolean {
  return c.family === a.family && a.value >= c.base && a.value <= lastOf(c);
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.base <= lastOf(b) && b.base <= lastOf(a);
}

export function cidrToRange(c: Cidr): IpRange {
  return { family: c.family, start: c.base, end: lastOf(c) };
}

export function rangesOverlap(a: IpRange, b: IpRange): boolean {
  return a.family === b.family && a.start <= b.end && b.start <= a.end;
}

/** True for the network address, or the IPv4 broadcast address, of a subnet that has them. */
export function isNetworkOrBroadcast(c: Cidr, a: Addr): 'network' | 'broadcast' | undefined {
  if (c.family !== a.family) return undefined;
  if (c.family === 4 && c.prefix >= 31) return undefined;
  if (c.family === 6 && c.prefix >= 127) return undefined;
  if (a.value === c.base) return 'network';
  if (c.family === 4 && a.value === lastOf(c)) return 'broadcast';
  return undefined;
}

/** Parses "start-end" or a CIDR into a range; returns an error text for malformed input. */
export function parseRangeOrCidr(text: string): { range?: IpRange; cidr?: Cidr; error?: string } {
  const t = text.trim();
  if (t.includes('/')) {
    const c = parseCidr(t);
    if (!c) return { error: `"${t}" is not a valid CIDR` };
    return { range: cidrToRange(c), cidr: c };
  }
  const at = t.indexOf('-');
  if (at < 0) {
    const a = parseAddr(t);
    if (!a) return { error: `"${t}" is neither a range "start-end" nor a CIDR` };
    return { range: { family: a.family, start: a.value, end: a.value } };
  }
  const s = parseAddr(t.slice(0, at));
  const e = parseAddr(t.slice(at + 1));
  if (!s) return { error: `"${t.slice(0, at).trim()}" at the start of "${t}" is not an IP address` };
  if (!e) return { error: `"${t.slice(at + 1).trim()}" at the end of "${t}" is not an IP address` };
  if (s.family !== e.family) return { error: `"${t}" mixes IPv4 and IPv6` };
  if (s.value > e.value) return { error: `"${t}" starts after it ends` };
  return { range: { family: s.family, start: s.value, end: e.value } };
}

export function formatAddr(family: Family, v: bigint): string {
  if (family === 4) {
    const n = Number(v);
    return `${Math.floor(n / 16777216) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }
  const bytes: number[] = [];
  for (let i = 15; i >= 0; i--) bytes.push(Number((v >> BigInt(i * 8)) & 255n));
  return ipaddr.fromByteArray(bytes).toString();
}

export function formatCidr(c: Cidr): string {
  return `${formatAddr(c.family, c.base)}/${c.prefix}`;
}

export function normaliseAddr(s: string): string | undefined {
  const a = parseAddr(s);
  return a ? formatAddr(a.family, a.value) : undefined;
}

function bytesToBig(bytes: number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** Already lowercase `aa:bb:cc:dd:ee:ff` (how files usually write them): no regex, no copy. */
function isCanonicalMac(s: string): boolean {
  if (s.length !== 17) return false;
  for (let k = 0; k < 17; k++) {
    const c = s.charCodeAt(k);
    if (k % 3 === 2 ? c !== 58 : !((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

// The notations people copy from switches, BMCs and `ip link`: colons, dashes, Cisco's dotted
// groups of four and twelve bare hex digits. One separator throughout.
const MAC_NOTATIONS =
  /^(?:[0-9a-f]{2}(?::[0-9a-f]{2}){5}|[0-9a-f]{2}(?:-[0-9a-f]{2}){5}|[0-9a-f]{4}(?:\.[0-9a-f]{4}){2}|[0-9a-f]{12})$/;

/**
 * The MAC in lower-case colon form `aa:bb:cc:dd:ee:ff` (what dhcpd, pxelinux, virt-install and
 * libvirt all take), from any of the notations above; undefined when malformed.
 */
export function normaliseMac(s: string | undefined): string | undefined {
  if (!s) return undefined;
  if (isCanonicalMac(s)) return s;
  const l = s.trim().toLowerCase();
  if (!MAC_NOTATIONS.test(l)) return undefined;
  const hex = l.replace(/[-:.]/g, '');
  return hex.replace(/(..)(?!$)/g, '$1:');
}
export function isMulticastMac(mac: string): boolean {
  return (parseInt(mac.slice(0, 2), 16) & 1) === 1;
}

/** A unicast MAC with the locally-administered bit set (0x52), in QEMU's familiar 52:54:00 block, not in `used`. */
export function generateMac(used: Set<string>, seed = 0): string {
  for (let i = 0; i < 1 << 24; i++) {
    const n = (seed + i) % (1 << 24);
    const mac = `52:54:00:${((n >> 16) & 255).toString(16).padStart(2, '0')}:${((n >> 8) & 255).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`;
    if (!used.has(mac)) return mac;
  }
  throw new Error('no free MAC');
}
