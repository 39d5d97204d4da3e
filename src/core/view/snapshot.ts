// Topology + located problems -> the plain JSON the graph draws (protocol/view.ts). Pure.
import type { Host, Path, Topology } from '../model';
import type { LocatedProblem } from '../problems';
import { bmcHost, networkContaining, networkUsage, poolUsage, vipBackends } from '../facts';
import { parseAddr } from '../ip';
import { layoutEntry } from '../edit/layout';
import {
  nodeId,
  type EdgeView,
  type HostView,
  type NetworkView,
  type NodeBase,
  type NodeId,
  type PoolView,
  type ProblemView,
  type ServiceView,
  type Severity,
  type TopologyView,
  type VipView,
} from './types';

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const SECTIONS = { hosts: 'host', networks: 'network', vips: 'vip', pools: 'pool' } as const;

function cap(n: number): number {
  return Number.isFinite(n) ? Math.min(n, Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER;
}

/** The graph node a problem belongs to: the entity its path starts in, or a service's host. */
export function nodeOfPath(t: Topology, path: Path): NodeId | undefined {
  const [head, index] = path;
  if (typeof head !== 'string') return undefined;
  if (head in SECTIONS && typeof index === 'number') {
    const kind = SECTIONS[head as keyof typeof SECTIONS];
    const list: { name: string; path: Path }[] = t[head as keyof typeof SECTIONS];
    const e = list.find((x) => x.path[1] === index);
    return e && e.name ? nodeId(kind, e.name) : undefined;
  }
  if (head === 'services' && typeof index === 'string') {
    const s = t.services[index as keyof Topology['services']];
    const host = s?.hosts.find((h) => t.hosts.some((x) => x.name === h));
    return host ? nodeId('host', host) : undefined;
  }
  if (head === 'layout' && typeof index === 'string') {
    const at = index.indexOf(':');
    if (at > 0 && ['host', 'network', 'vip', 'pool'].includes(index.slice(0, at))) return index;
    for (const [section, kind] of Object.entries(SECTIONS)) {
      if ((t[section as keyof typeof SECTIONS] as { name: string }[]).some((x) => x.name === index))
        return nodeId(kind, index);
    }
  }
  return undefined;
}

export function problemViews(t: Topology | null, problems: LocatedProblem[]): ProblemView[] {
  return problems.map((p) => {
    const v: ProblemView = {
      code: p.code,
      severity: p.severity,
      message: p.message,
      path: p.path,
      line: p.line,
      column: p.column,
      endLine: p.endLine,
      endColumn: p.endColumn,
    };
    const id = t ? nodeOfPath(t, p.path) : undefined;
    if (id) v.nodeId = id;
    return v;
  });
}

/** Builds the graph's view of a topology. Later entities with a duplicate name are left out. */
export function buildView(t: Topology, problems: ProblemView[]): TopologyView {
  const worst = new Map<NodeId, Severity>();
  for (const p of problems) {
    if (!p.nodeId) continue;
    const cur = worst.get(p.nodeId);
    if (!cur || RANK[p.severity] < RANK[cur]) worst.set(p.nodeId, p.severity);
  }
  const seen = new Set<NodeId>();
  const base = <K extends 'host' | 'network' | 'vip' | 'pool'>(
    kind: K,
    name: string,
    path: Path,
  ): NodeBase | undefined => {
    const id = nodeId(kind, name);
    if (!name || seen.has(id)) return undefined;
    seen.add(id);
    const b: NodeBase = { id, name, path };
    const pos = layoutEntry(t, kind, name);
    if (pos) b.position = { x: pos.x, y: pos.y };
    const s = worst.get(id);
    if (s) b.status = s;
    return b;
  };
  const netNames = new Set(t.networks.map((n) => n.name));
  const hostNames = new Set(t.hosts.map((h) => h.name));
  const netId = (n: string | undefined) => (n && netNames.has(n) ? nodeId('network', n) : undefined);
  const hostId = (n: string | undefined) => (n && hostNames.has(n) ? nodeId('host', n) : undefined);
  const edges: EdgeView[] = [];

  const networks: NetworkView[] = [];
  for (const n of t.networks) {
    const b = base('network', n.name, n.path);
    if (!b) continue;
    const u = networkUsage(t, n.name);
    const total = u ? cap(u.size - u.reserved) : 0;
    const used = u ? cap(u.used + u.dynamic + u.pooled) : 0;
    networks.push({
      ...b,
      kind: 'network',
      cidr: n.cidr,
      cidr6: n.cidr6,
      gateway: n.gateway,
      gateway6: n.gateway6,
      dns: n.dns.map((d) => d.ip),
      domain: n.domain,
      vlan: n.vlan,
      mtu: n.mtu,
      bridge: n.bridge,
      dhcpRanges: (n.dhcp?.ranges ?? []).map((r) => ({ start: r.start, end: r.end, text: r.text })),
      leaseTime: n.dhcp?.leaseTime,
      usage: { used, total, ratio: total > 0 ? Math.min(1, used / total) : 0 },
    });
  }

  const servicesOf = new Map<string, ServiceView['kind'][]>();
  const services: ServiceView[] = [];
  for (const s of Object.values(t.services)) {
    if (!s) continue;
    services.push({
      kind: s.kind,
      hosts: s.hosts,
      hostIds: s.hosts.map(hostId).filter((x): x is NodeId => !!x),
      path: s.path,
    });
    for (const h of s.hosts) servicesOf.set(h, [...(servicesOf.get(h) ?? []), s.kind]);
  }

  const hosts: HostView[] = [];
  for (const h of t.hosts) {
    const b = base('host', h.name, h.path);
    if (!b) continue;
    hosts.push(hostView(b, h, netId, hostId, servicesOf.get(h.name) ?? []));
    hostEdges(t, h, b.id, netId, edges);
  }

  const vips: VipView[] = [];
  for (const v of t.vips) {
    const b = base('vip', v.name, v.path);
    if (!b) continue;
    const backendIds = [...new Set(vipBackends(t, v).map((h) => nodeId('host', h.name)))];
    const holderIds = v.holders.map(hostId).filter((x): x is NodeId => !!x);
    vips.push({
      ...b,
      kind: 'vip',
      network: v.network,
      networkId: netId(v.network),
      ip: v.ip,
      ip6: v.ip6,
      purpose: v.purpose,
      ports: v.ports,
      backendRoles: v.backends.roles,
      backendHosts: v.backends.hosts,
      backendIds,
      holders: v.holders,
      holderIds,
    });
    for (const target of backendIds)
      edges.push({ id: `be:${v.name}:${target}`, kind: 'backend', source: b.id, target });
    for (const target of new Set(holderIds))
      edges.push({ id: `hold:${v.name}:${target}`, kind: 'holder', source: b.id, target });
  }

  const pools: PoolView[] = [];
  for (const p of t.pools) {
    const b = base('pool', p.name, p.path);
    if (!b) continue;
    const u = poolUsage(t, p.name);
    pools.push({
      ...b,
      kind: 'pool',
      network: p.network,
      networkId: netId(p.network),
      addresses: p.addresses.map((a) => a.text),
      protocol: p.protocol,
      autoAssign: p.autoAssign,
      avoidBuggyIPs: p.avoidBuggyIPs,
      size: cap(u?.size ?? 0),
      used: cap(u?.used ?? 0),
    });
    const target = netId(p.network);
    if (target) edges.push({ id: `pool:${p.name}`, kind: 'pool', source: b.id, target });
  }

  // Optional fields may hold `undefined`: postMessage's JSON serialisation drops them, and a
  // deep copy to strip them here cost more than the rest of the build for 1,000 hosts.
  return {
    cluster: {
      name: t.cluster.name,
      baseDomain: t.cluster.baseDomain,
      platform: t.cluster.platform,
      version: t.cluster.version,
    },
    networks,
    hosts,
    vips,
    pools,
    services,
    edges,
  };
}

function hostView(
  b: NodeBase,
  h: Host,
  netId: (n: string | undefined) => NodeId | undefined,
  hostId: (n: string | undefined) => NodeId | undefined,
  services: ServiceView['kind'][],
): HostView {
  // Spelled out rather than spread from `b`: one object shape for every host keeps this cheap
  // (a spread of differently shaped bases made it most of buildView's time at 1,000 hosts).
  const vm = h.vm,
    ssh = h.ssh,
    bmc = h.bmc;
  return {
    id: b.id,
    name: b.name,
    path: b.path,
    position: b.position,
    status: b.status,
    kind: 'host',
    role: h.role,
    interfaces: h.interfaces.map((i, index) => ({
      index,
      network: i.network,
      networkId: netId(i.network),
      name: i.name,
      ip: i.ip,
      ip6: i.ip6,
      mac: i.mac,
      pxe: i.pxe,
    })),
    vm: vm
      ? { cpus: vm.cpus, memoryGiB: vm.memoryGiB, diskGiB: vm.diskGiB, on: vm.on, hypervisorId: hostId(vm.on) }
      : undefined,
    ssh: ssh ? { host: ssh.host, user: ssh.user, port: ssh.port } : undefined,
    bmc: bmc ? { address: bmc.address, username: bmc.username } : undefined,
    installDisk: h.installDisk,
    os: h.os,
    ingress: h.ingress,
    services,
  };
}

/** A host's links: one per interface on a known network, and its BMC's. */
function hostEdges(
  t: Topology,
  h: Host,
  source: NodeId,
  netId: (n: string | undefined) => NodeId | undefined,
  edges: EdgeView[],
): void {
  h.interfaces.forEach((i, idx) => {
    const target = netId(i.network);
    if (target) edges.push({ id: `if:${h.name}:${idx}`, kind: 'interface', source, target, label: i.ip ?? i.ip6 });
  });
  const bmc = bmcEdge(t, h, source);
  if (bmc) edges.push(bmc);
}

/** A host's BMC on the network its address belongs to (the BMC is reached there, not on an interface). */
function bmcEdge(t: Topology, h: Host, source: NodeId): EdgeView | undefined {
  const at = h.bmc?.address ? bmcHost(h.bmc.address) : undefined;
  const addr = at ? parseAddr(at) : undefined;
  const net = addr ? networkContaining(t, addr) : undefined;
  return net
    ? { id: `bmc:${h.name}`, kind: 'bmc', source, target: nodeId('network', net.network.name), label: at }
    : undefined;
}
