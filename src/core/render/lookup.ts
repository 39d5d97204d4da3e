// Derived facts rendering needs about hosts, roles and addresses. Kept private to render/ so
// templates and the view model read one consistent answer (e.g. which hosts run the router).
import type { Host, Interface, Network, Role, ServiceKind, Topology, Vip } from '../model';
import { contains, formatCidr, parseAddr, parseCidr } from '../ip';

/** Roles that are cluster nodes (get ignition, chrony MachineConfigs, PXE entries). */
export const NODE_ROLES: readonly Role[] = ['bootstrap', 'master', 'worker', 'infra', 'storage'];

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

  /** The router hosts: those marked `ingress: true`; otherwise workers, or masters when there are none. */
  ingressHosts(): Host[] {
    const marked = this.t.hosts.filter((h) => h.ingress === true);
    if (marked.length > 0) return marked;
    const workers = this.byRoles(['worker']).filter((h) => h.ingress !== false);
    if (workers.length > 0) return workers;
    return this.byRoles(['master']).filter((h) => h.ingress !== false);
  }

  /** Backends of a VIP: hosts of the listed roles plus the listed host names, in topology order. */
  vipBackends(v: Vip): Host[] {
    return this.t.hosts.filter((h) => this.hosts.get(h.name) === h && (v.backends.roles.includes(h.role) || v.backends.hosts.includes(h.name)));
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
    return this.t.networks.find((n) => [n.cidr, n.cidr6].some((c) => {
      const p = parseCidr(c);
      return p !== undefined && contains(p, a);
    }));
  }

  /** The PXE interface of a node: `pxe: true`, else the first interface with a MAC. */
  pxeInterface(h: Host): Interface | undefined {
    return h.interfaces.find((i) => i.pxe === true && i.mac) ?? h.interfaces.find((i) => i.mac && i.pxe !== false);
  }

  /** Machine networks: given explicitly, else the networks (v4 then v6) the nodes sit on. */
  machineNetworks(): string[] {
    const explicit = this.t.cluster.networking.machineNetwork;
    if (explicit && explicit.length > 0) return explicit.map((m) => m.cidr);
    const v4: string[] = [];
    const v6: string[] = [];
    for (const h of this.nodes()) {
      for (const i of h.interfaces) {
        const n = this.networks.get(i.network);
        if (!n) continue;
        const c4 = parseCidr(n.cidr);
        if (i.ip && c4 && !v4.includes(formatCidr(c4))) v4.push(formatCidr(c4));
        const c6 = parseCidr(n.cidr6);
        if (i.ip6 && c6 && !v6.includes(formatCidr(c6))) v6.push(formatCidr(c6));
      }
    }
    return [...v4, ...v6];
  }
}
