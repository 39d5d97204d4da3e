// View model for the load balancer (HAProxy), VIP holders (keepalived) and the firewall.
import type { Host, ServiceKind } from '../model';
import { formatCidr, parseCidr } from '../ip';
import { NODE_ROLES, parseAddr, type Lookup } from './lookup';
import { fletcher8 } from './util';
import { numberSetting } from './view-net';
import type { FirewallView, KeepalivedView, LbBackend, LbFrontend, LbView, VrrpInstance } from './view-types';

const PORT_NAMES: Record<number, { name: string; check: LbBackend['check'] }> = {
  6443: { name: 'api', check: 'api' },
  22623: { name: 'machine-config', check: 'mcs' },
  443: { name: 'ingress-https', check: 'ingress' },
  80: { name: 'ingress-http', check: 'ingress' },
};
const PORT_ORDER = [6443, 22623, 443, 80];

export function buildLb(l: Lookup, withBootstrapOverride?: boolean): LbView | undefined {
  const lbHosts = l.serviceHosts('loadBalancer');
  if (lbHosts.length === 0) return undefined;
  const settings = l.t.services.loadBalancer?.settings ?? {};
  const okd = l.isOkd();
  const bootstrap = okd ? l.byRoles(['bootstrap']) : [];
  const withBootstrap = (withBootstrapOverride ?? settings.bootstrap !== false) && bootstrap.length > 0;
  const ports = new Map<number, { name: string; hosts: Host[] }>();
  const addPort = (port: number, name: string, hosts: Host[]) => {
    const cur = ports.get(port) ?? { name, hosts: [] };
    for (const h of hosts) if (!cur.hosts.includes(h)) cur.hosts.push(h);
    ports.set(port, cur);
  };
  const masters = l.byRoles(['master']);
  const apiHosts = withBootstrap ? [...bootstrap, ...masters] : masters;
  let apiCovered = false;
  let ingressCovered = false;
  for (const v of l.t.vips) {
    if (v.ports.length === 0) continue;
    if (v.purpose === 'api' || v.purpose === 'api-int') apiCovered = true;
    if (v.purpose === 'ingress') ingressCovered = true;
    const backends = l.vipBackends(v).filter((h) => withBootstrap || h.role !== 'bootstrap');
    for (const p of v.ports) {
      // The bootstrap node serves the API and machine configs until masters take over.
      const boot = withBootstrap && [6443, 22623].includes(p) && v.backends.roles.includes('master') ? bootstrap : [];
      addPort(p, PORT_NAMES[p]?.name ?? `${v.name}-${p}`, [...boot, ...backends]);
    }
  }
  if (!apiCovered) {
    addPort(6443, 'api', apiHosts);
    if (okd) addPort(22623, 'machine-config', apiHosts);
  }
  // With MetalLB on k3s/kubernetes the ingress controller gets its own LoadBalancer address.
  if (!ingressCovered && (okd || l.t.pools.length === 0)) {
    const ing = l.ingressHosts();
    addPort(443, 'ingress-https', ing);
    addPort(80, 'ingress-http', ing);
  }
  const dual = lbHosts.some((h) => h.interfaces.some((i) => i.ip6));
  const order = (p: number) => (PORT_ORDER.includes(p) ? PORT_ORDER.indexOf(p) : PORT_ORDER.length + p);
  const frontends: LbFrontend[] = [...ports.entries()]
    .filter(([, v]) => v.hosts.length > 0)
    .sort(([a], [b]) => order(a) - order(b))
    .map(([port, v]) => {
      const known = PORT_NAMES[port];
      const check: LbBackend['check'] = known ? (known.check === 'ingress' && !okd ? 'tcp' : known.check) : 'tcp';
      const servers = v.hosts
        .map((h) => ({ name: h.name, address: l.primaryIp(h, 4) ?? l.primaryIp(h, 6) ?? '', port }))
        .filter((s) => s.address);
      return {
        name: v.name,
        port,
        bind: dual ? `:::${port}` : `*:${port}`,
        v4v6: dual,
        backend: { name: v.name, check, servers },
      };
    })
    .filter((f) => f.backend.servers.length > 0);
  const stats =
    settings.stats && typeof settings.stats === 'object'
      ? { port: numberSetting((settings.stats as Record<string, unknown>).port, 9000) }
      : null;
  return { frontends, stats, withBootstrap, hasBootstrap: bootstrap.length > 0 };
}

function instanceName(cluster: string, suffix: string): string {
  return `${cluster}_${suffix}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** keepalived views per holder host, for every VIP held by two or more hosts. */
export function buildKeepalived(l: Lookup): Map<string, KeepalivedView> {
  const out = new Map<string, KeepalivedView>();
  const used = new Set<number>();
  const cluster = l.t.cluster.name;
  // On okd-ipi the platform runs its own keepalived on the nodes; a second one there would fight it
  // for the VIP (checks report it as vip-holder-ipi-node), so nodes never get a keepalived.conf.
  const ipi = l.t.cluster.platform === 'okd-ipi';
  for (const v of l.t.vips) {
    const holders = v.holders
      .map((n) => l.hosts.get(n))
      .filter((h): h is Host => h !== undefined && !(ipi && NODE_ROLES.includes(h.role)));
    if (holders.length < 2) continue;
    const suffix = v.purpose === 'custom' ? v.name : v.purpose;
    // As baremetal-runtimecfg: Fletcher-8 of "<cluster>-<purpose>" plus one, bumped past ids already taken.
    let vrid = fletcher8(`${cluster}-${suffix}`) + 1;
    while (used.has(vrid)) vrid = (vrid % 255) + 1;
    used.add(vrid);
    const families: [4 | 6, string | undefined][] = [
      [4, v.ip],
      [6, v.ip6],
    ];
    for (const [family, vip] of families) {
      if (!vip || parseAddr(vip)?.family !== family) continue;
      holders.forEach((h, i) => {
        const iface = l.ifaceOn(h, v.network);
        const own = family === 4 ? iface?.ip : iface?.ip6;
        const peers = holders
          .filter((x) => x !== h)
          .map((x) => {
            const xi = l.ifaceOn(x, v.network);
            return family === 4 ? xi?.ip : xi?.ip6;
          })
          .filter((x): x is string => !!x);
        const inst: VrrpInstance = {
          name: instanceName(cluster, family === 4 ? suffix : `${suffix}_6`),
          vip,
          prefix: family === 4 ? 32 : 128,
          family,
          interface: iface?.name ?? '',
          vrid,
          priority: Math.max(1, 100 - 10 * i),
          sourceIp: own,
          peers,
        };
        const view = out.get(h.name) ?? { instances: [], trackHaproxy: l.runs(h, 'loadBalancer') };
        view.instances.push(inst);
        out.set(h.name, view);
      });
    }
  }
  return out;
}

const SERVICE_PORTS: Partial<Record<ServiceKind, { port: number; protocol: 'tcp' | 'udp' }[]>> = {
  dhcp: [{ port: 67, protocol: 'udp' }],
  dns: [
    { port: 53, protocol: 'udp' },
    { port: 53, protocol: 'tcp' },
  ],
  ntp: [{ port: 123, protocol: 'udp' }],
  pxe: [{ port: 69, protocol: 'udp' }],
};

/** firewalld zone per host that runs a service or holds a VIP: exactly the ports in use, plus ssh for deploy. */
export function buildFirewalls(
  l: Lookup,
  lb: LbView | undefined,
  keepalived: Map<string, KeepalivedView>,
  dhcp6 = false,
): Map<string, FirewallView> {
  const out = new Map<string, FirewallView>();
  const get = (h: Host): FirewallView => {
    let f = out.get(h.name);
    if (!f) {
      const named = h.interfaces.filter((i) => i.name).map((i) => i.name!);
      const sources =
        named.length > 0
          ? []
          : h.interfaces
              .flatMap((i) => [l.networks.get(i.network)?.cidr, l.networks.get(i.network)?.cidr6])
              .map((c) => parseCidr(c))
              .filter((c) => c !== undefined)
              .map((c) => formatCidr(c));
      f = {
        zone: 'okd-topology',
        interfaces: [...new Set(named)],
        sources: [...new Set(sources)],
        services: ['ssh'],
        ports: [],
        protocols: [],
      };
      out.set(h.name, f);
    }
    return f;
  };
  const open = (f: FirewallView, port: number, protocol: 'tcp' | 'udp', why: string, end?: number) => {
    if (!f.ports.some((p) => p.port === port && p.protocol === protocol))
      f.ports.push({ port, protocol, why, ...(end ? { end } : {}) });
  };
  for (const h of l.t.hosts) {
    if (l.hosts.get(h.name) !== h) continue;
    for (const kind of ['dhcp', 'dns', 'ntp', 'pxe'] as const) {
      if (l.runs(h, kind)) for (const p of SERVICE_PORTS[kind]!) open(get(h), p.port, p.protocol, kind);
    }
    if (dhcp6 && l.runs(h, 'dhcp')) open(get(h), 547, 'udp', 'dhcp (IPv6)');
    if (lb && l.runs(h, 'loadBalancer')) {
      for (const fe of lb.frontends) open(get(h), fe.port, 'tcp', `loadBalancer ${fe.name}`);
      if (lb.stats) open(get(h), lb.stats.port, 'tcp', 'loadBalancer stats');
    }
    if (l.runs(h, 'http')) open(get(h), numberSetting(l.t.services.http?.settings.port, 8080), 'tcp', 'http');
    if (l.runs(h, 'registry'))
      open(get(h), numberSetting(l.t.services.registry?.settings.port, 5000), 'tcp', 'registry');
    if (keepalived.has(h.name)) get(h).protocols.push('vrrp');
  }
  openK3s(l, out, open);
  for (const f of out.values()) f.ports.sort((a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : 1));
  return out;
}

type Open = (f: FirewallView, port: number, protocol: 'tcp' | 'udp', why: string, end?: number) => void;

/**
 * A zone on a k3s node (it holds a VIP or runs a service) must let the cluster through: the API on
 * servers, the kubelet and flannel's VXLAN on every node, and etcd's peer ports on servers when
 * there are several (embedded etcd). Without them applying the zone would cut the node off.
 */
function openK3s(l: Lookup, zones: Map<string, FirewallView>, open: Open): void {
  if (l.t.cluster.platform !== 'k3s') return;
  const servers = l.byRoles(['master']);
  for (const [name, f] of zones) {
    const h = l.hosts.get(name);
    if (!h || !NODE_ROLES.includes(h.role) || h.role === 'bootstrap') continue;
    const server = h.role === 'master';
    if (server) open(f, 6443, 'tcp', 'k3s API server');
    open(f, 10250, 'tcp', 'k3s kubelet');
    open(f, 8472, 'udp', 'k3s flannel VXLAN');
    if (server && servers.length > 1) open(f, 2379, 'tcp', 'k3s embedded etcd', 2380);
  }
}
