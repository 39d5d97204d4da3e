// Roles, machine networks and VIP backends.
import type { Host, Path, Role, Topology, Vip } from '../model';
import { lastOf, parseAddr, parseCidr, type Addr, type Cidr, type Family } from '../ip';
import { factsOf, type NetInfo } from './book';

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
const machineCache = new WeakMap<Topology, MachineNet[]>();

export function machineNetworks(t: Topology): MachineNet[] {
  let m = machineCache.get(t);
  if (!m) {
    m = Object.freeze(computeMachineNetworks(t)) as MachineNet[];
    machineCache.set(t, m);
  }
  return m;
}

function computeMachineNetworks(t: Topology): MachineNet[] {
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
  for (const role of NODE_ROLES)
    for (const h of f.byRole.get(role) ?? []) for (const i of h.interfaces) names.add(i.network);
  for (const n of t.networks) {
    if (!names.has(n.name)) continue;
    names.delete(n.name);
    for (const [key, text] of [
      ['cidr', n.cidr],
      ['cidr6', n.cidr6],
    ] as const) {
      const c = parseCidr(text);
      if (c) out.push({ cidr: c, text: text ?? '', path: [...n.path, key], network: n.name, explicit: false });
    }
  }
  return out;
}

export function hostsWithRole(t: Topology, role: Role): Host[] {
  return factsOf(t).byRole.get(role) ?? [];
}

/**
 * Hosts that run the ingress router: those marked `ingress: true`; else every host the router pods may
 * land on (workers and infra hosts, in file order), or the masters of a compact cluster. A host marked
 * `ingress: false` is left out of the default.
 */
export function ingressHosts(t: Topology): Host[] {
  const marked = t.hosts.filter((h) => h.ingress === true);
  if (marked.length) return marked;
  const routers = t.hosts.filter((h) => (h.role === 'worker' || h.role === 'infra') && h.ingress !== false);
  if (routers.length) return routers;
  return hostsWithRole(t, 'master').filter((h) => h.ingress !== false);
}

/**
 * The hosts behind a VIP: its backends' roles and hosts (unknown names are skipped; checks
 * report them). Without backends: API VIPs use bootstrap + masters, ingress VIPs the ingress hosts.
 */
export function vipBackends(t: Topology, vip: Vip): Host[] {
  const f = factsOf(t);
  const { roles, hosts } = vip.backends;
  if (!roles.length && !hosts.length) {
    if (vip.purpose === 'api' || vip.purpose === 'api-int')
      return [...hostsWithRole(t, 'bootstrap'), ...hostsWithRole(t, 'master')];
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

export interface VipAddress {
  text: string;
  family: Family;
  vip: Vip;
  key: 'ip' | 'ip6';
}

/**
 * Every address written for a VIP purpose, in file order (ip, then ip6, of each VIP with that
 * purpose). The installer takes up to two per purpose, one of each family.
 */
export function vipAddresses(t: Topology, purpose: Vip['purpose']): VipAddress[] {
  const out: VipAddress[] = [];
  for (const v of t.vips) {
    if (v.purpose !== purpose) continue;
    for (const key of ['ip', 'ip6'] as const) {
      const text = v[key];
      const a = text === undefined ? undefined : parseAddr(text);
      if (a) out.push({ text: text!, family: a.family, vip: v, key });
    }
  }
  return out;
}
