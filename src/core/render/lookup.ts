// Derived facts rendering needs about hosts, services and addresses. The shared answers (router
// hosts, VIP backends, machine networks) come from facts.ts, so rendering and checks agree.
import type { Host, Interface, Network, Role, ServiceKind, Topology, Vip } from '../model';
import { contains, formatCidr, parseAddr as parseAddrUncached, parseCidr, type Addr } from '../ip';
import { ingressHosts, machineNetworks, NODE_ROLES, vipBackends } from '../facts';

export { NODE_ROLES };

const addrCache = new Map<string, Addr | undefined>();

/** parseAddr, memoised: rendering asks about the same few thousand addresses many times. */
export function parseAddr(ip: string | undefined): Addr | undefined {
  if (ip === undefined) return undefined;
  if (addrCache.has(ip)) return addrCache.get(ip);
  const a = parseAddrUncached(ip);
  if (addrCache.size > 200_000) addrCache.clear();
  addrCache.set(ip, a);
  return a;
}

export class Lookup {
  readonly hosts = new Map<string, Host>();
  readonly networks = new Map<string, Network>();

  constructor(readonly t: Topology) {
    for (const h of t.hosts) if (h.name && !this.hosts.has(h.name)) this.hosts.set(h.name, h);
    for (const n of t.networks) if (n.name && !this.networks.has(n.name)) this.networks.set(n.name, n);
  }

  get domain(): string {
    const c = this.t.cluster;
    return [c.name, c.baseDomain].filter((x) => x).join('.');
  }

  isOkd(): boolean {
    return this.t.cluster.platform === 'okd-upi' || this.t.cluster.platform === 'okd-ipi';
  }

  /** Hosts named by a service (`host`/`hosts`), skipping undefined names (checks report those). */
  serviceHosts(kind: ServiceKind): Host[] {
    const s = this.t.services[kind];
    if (!s) return [];
    const out: Host[] = [];
    for (const n of s.hosts) {
      const h = this.hosts.get(n);
      if (h && !out.includes(h)) out.push(h);
    }
    return out;
  }

  runs(host: Host, kind: ServiceKind): boolean {
    return this.serviceHosts(kind).includes(host);
  }

  byRoles(roles: readonly Role[]): Host[] {
    return this.t.hosts.filter((h) => roles.includes(h.role) && this.hosts.get(h.name) === h);
  }

  nodes(): Host[] {
    return this.byRoles(NODE_ROLES);
  }

  /** The router hosts: `ingress: true`, else workers and infra hosts, else masters (see facts). */
  ingressHosts(): Host[] {
    return ingressHosts(this.t);
  }

  /** Backends of a VIP (by role and name; platform defaults when none are given). */
  vipBackends(v: Vip): Host[] {
    return vipBackends(this.t, v);
  }

  /** First IPv4 (or IPv6) address of a host, the one its plain name resolves to. */
  primaryIp(h: Host, family: 4 | 6 = 4): string | undefined {
    for (const i of h.interfaces) {
      const ip = family === 4 ? i.ip : i.ip6;
      if (ip && parseAddr(ip)?.family === family) return ip;
    }
    return undefined;
  }

  /** The host's interface on a network (the first one when there are several). */
  ifaceOn(h: Host, network: string): Interface | undefined {
    return h.interfaces.find((i) => i.network === network);
  }

  /** Address of `h` that a client on `network` should use: its address there, else its primary one. */
  ipFor(h: Host, network: string | undefined, family: 4 | 6 = 4): string | undefined {
    const i = network ? this.ifaceOn(h, network) : undefined;
    const own = family === 4 ? i?.ip : i?.ip6;
    return own && parseAddr(own)?.family === family ? own : this.primaryIp(h, family);
  }

  /** The network an address belongs to, by CIDR. */
  networkOf(ip: string): Network | undefined {
    const a = parseAddr(ip);
    if (!a) return undefined;
    return this.t.networks.find((n) =>
      [n.cidr, n.cidr6].some((c) => {
        const p = parseCidr(c);
        return p !== undefined && contains(p, a);
      }),
    );
  }

  /** The PXE interface of a node: `pxe: true`, else the first interface with a MAC. */
  pxeInterface(h: Host): Interface | undefined {
    return h.interfaces.find((i) => i.pxe === true && i.mac) ?? h.interfaces.find((i) => i.mac && i.pxe !== false);
  }

  /** Machine networks (given, else derived from the node networks), IPv4 before IPv6 as the installer wants. */
  machineNetworks(): string[] {
    const all = machineNetworks(this.t).map((m) => formatCidr(m.cidr));
    const uniq = [...new Set(all)];
    return [...uniq.filter((c) => !c.includes(':')), ...uniq.filter((c) => c.includes(':'))];
  }
}
