// Probes of the services other than DNS: PXE over TFTP, the URLs the PXE menus name, the load
// balancer (ports, and backend states read over SSH), NTP, DHCP leases (over SSH), VIPs and pools.
import { hostTarget } from '../deploy/plan';
import { formatAddr, lastOf, parseCidr } from '../ip';
import { layoutOf } from '../render/layout';
import type { View } from '../render/view';
import type { PxeRole } from '../render/view-types';
import type {
  DhcpLeasesProbe,
  DhcpOfferProbe,
  HttpProbe,
  LbBackendsProbe,
  NtpProbe,
  Probe,
  TcpProbe,
  TftpProbe,
  VipProbe,
} from './types';
import { firstOf, normal, ownerOf, uniq } from './util';

/** The files pxelinux.0 loads before it reads its menu (syslinux 6: the loader and its library). */
export const PXE_LOADERS = ['pxelinux.0', 'ldlinux.c32'];

function pxeProbes(v: View): Probe[] {
  const pxe = v.pxe;
  const l = v.lookup;
  const server = l.serviceHosts('pxe')[0];
  if (!pxe || !server) return [];
  const out: Probe[] = [];
  const byHost = new Map(l.t.hosts.map((h) => [h.name, h]));
  const addresses = new Set<string>();
  for (const e of pxe.entries) {
    const h = byHost.get(e.host);
    const net = h ? l.pxeInterface(h)?.network : undefined;
    const address = l.ipFor(server, net);
    if (!address) continue;
    addresses.add(address);
    const role: PxeRole | undefined = e.link
      ? pxe.roles.find((r) => r.file === e.link)
      : pxe.own.find((r) => r.host === e.host);
    if (!role) continue;
    const file = `pxelinux.cfg/${e.file}`;
    const p: TftpProbe = {
      kind: 'tftp',
      id: `tftp:${address}:${file}`,
      server: server.name,
      service: 'pxe',
      hosts: uniq([server.name, e.host]),
      address,
      file,
      expect: {
        kind: 'menu',
        role: role.name,
        kernel: role.kernel,
        initramfs: role.initramfs,
        rootfs: role.rootfs,
        ignition: role.ignition,
      },
    };
    out.push(p);
  }
  for (const address of addresses) {
    for (const file of PXE_LOADERS) {
      out.push({
        kind: 'tftp',
        id: `tftp:${address}:${file}`,
        server: server.name,
        service: 'pxe',
        hosts: [server.name],
        address,
        file,
        expect: { kind: 'loader' },
      });
    }
  }
  // Every URL a menu names, once.
  const urls = uniq([...pxe.roles, ...pxe.own].flatMap((r) => [r.kernel, r.initramfs, r.rootfs, r.ignition]));
  for (const url of urls) {
    const p = httpProbe(v, url);
    if (p) out.push(p);
  }
  return out;
}

function httpProbe(v: View, url: string): HttpProbe | undefined {
  const m = /^http:\/\/(\[[0-9A-Fa-f:.]+\]|[^/:]+)(?::(\d+))?(\/[^#]*)?$/.exec(url);
  if (!m) return undefined;
  const address = normal(m[1].replace(/^\[|\]$/g, ''));
  const server = ownerOf(v.lookup.t, address) ?? v.lookup.serviceHosts('http')[0]?.name ?? address;
  return {
    kind: 'http',
    id: `http:${url}`,
    server,
    service: 'http',
    hosts: [server],
    url,
    address,
    port: m[2] ? Number(m[2]) : 80,
    path: m[3] ?? '/',
  };
}

function lbProbes(v: View): Probe[] {
  const lb = v.lb;
  if (!lb) return [];
  const out: Probe[] = [];
  for (const h of v.lookup.serviceHosts('loadBalancer')) {
    const address = v.lookup.primaryIp(h);
    if (!address) continue;
    for (const f of lb.frontends) {
      const p: TcpProbe = {
        kind: 'tcp',
        id: `tcp:${address}:${f.port}`,
        server: h.name,
        service: 'loadBalancer',
        hosts: [h.name],
        address,
        port: f.port,
        what: `frontend ${f.name}`,
      };
      out.push(p);
    }
    const role = (name: string) => v.lookup.hosts.get(name)?.role;
    const backends = lb.frontends.map((f) => ({
      name: f.backend.name,
      servers: f.backend.servers.map((s) => ({ ...s, bootstrap: role(s.name) === 'bootstrap' })),
    }));
    const p: LbBackendsProbe = {
      kind: 'lb-backends',
      id: `lb-backends:${h.name}`,
      server: h.name,
      service: 'loadBalancer',
      hosts: uniq([h.name, ...backends.flatMap((b) => b.servers.map((s) => s.name))]),
      ssh: hostTarget(h),
      socket: layoutOf(h).haproxyStatsSocket,
      config: '/etc/haproxy/haproxy.cfg',
      backends,
    };
    out.push(p);
  }
  return out;
}

function ntpProbes(v: View): NtpProbe[] {
  const l = v.lookup;
  const out: NtpProbe[] = [];
  const addresses = uniq([
    ...(v.nodeChrony?.servers ?? []),
    ...l
      .serviceHosts('ntp')
      .map((h) => l.primaryIp(h))
      .filter((x): x is string => !!x),
  ]);
  for (const raw of addresses) {
    const address = normal(raw);
    const server = ownerOf(l.t, address) ?? address;
    if (out.some((p) => p.address === address)) continue;
    out.push({ kind: 'ntp', id: `ntp:${address}`, server, service: 'ntp', hosts: [server], address });
  }
  return out;
}

function dhcpProbes(v: View): DhcpLeasesProbe[] {
  if (!v.dhcp) return [];
  const reservations = v.dhcp.subnets
    .flatMap((s) => s.reservations)
    .map((r) => ({ host: r.host, mac: r.mac, ip: r.ip }));
  return v.lookup.serviceHosts('dhcp').map((h) => {
    const os = layoutOf(h);
    return {
      kind: 'dhcp-leases',
      id: `dhcp-leases:${h.name}`,
      server: h.name,
      service: 'dhcp',
      hosts: uniq([h.name, ...reservations.map((r) => r.host)]),
      ssh: hostTarget(h),
      leasesFile: os.dhcpLeases,
      unit: os.dhcpUnit,
      reservations,
    };
  });
}

/** One DISCOVER per reservation, to each DHCP server on the reservation's IPv4 network (--dhcp-discover). */
export function dhcpOfferProbes(v: View): DhcpOfferProbe[] {
  const out: DhcpOfferProbe[] = [];
  for (const s of v.dhcp?.subnets ?? []) {
    const c = parseCidr(s.cidr);
    if (!c || c.family !== 4) continue;
    const broadcast = formatAddr(4, lastOf(c));
    for (const server of v.lookup.serviceHosts('dhcp')) {
      const address = v.lookup.ipFor(server, s.network);
      if (!address) continue;
      for (const r of s.reservations) {
        out.push({
          kind: 'dhcp-offer',
          id: `dhcp-offer:${address}:${r.mac}`,
          server: server.name,
          service: 'dhcp',
          hosts: uniq([server.name, r.host]),
          address,
          broadcast,
          network: s.network,
          cidr: s.cidr,
          host: r.host,
          mac: r.mac,
          ip: r.ip,
          filename: s.nextServer ? (r.filename ?? s.filename) : undefined,
          nextServer: s.nextServer,
        });
      }
    }
  }
  return out;
}

function vipProbes(v: View): VipProbe[] {
  const l = v.lookup;
  const out: VipProbe[] = [];
  for (const vip of l.t.vips) {
    const net = l.networks.get(vip.network);
    for (const [ip, cidr] of [
      [vip.ip, net?.cidr],
      [vip.ip6, net?.cidr6],
    ] as const) {
      if (!ip || !cidr || !parseCidr(cidr)) continue;
      const address = normal(ip);
      const holders = vip.holders.filter((h) => l.hosts.has(h));
      out.push({
        kind: 'vip',
        id: `vip:${address}`,
        server: vip.name,
        service: 'vip',
        hosts: holders,
        address,
        ports: [...vip.ports],
        network: vip.network,
        cidr,
        what: `VIP ${vip.name} (${vip.purpose})`,
        purpose: vip.purpose,
      });
    }
  }
  for (const pool of l.t.pools) {
    // A BGP pool is announced to routers, never by ARP: nothing here could tell it is served.
    if (pool.protocol === 'bgp') continue;
    const first = pool.addresses[0] ? firstOf(pool.addresses[0].text) : undefined;
    const net = pool.network ? l.networks.get(pool.network) : first ? l.networkOf(first) : undefined;
    const cidr = first?.includes(':') ? net?.cidr6 : net?.cidr;
    if (!first || !net || !cidr) continue;
    out.push({
      kind: 'vip',
      id: `pool:${pool.name}:${first}`,
      server: pool.name,
      service: 'pool',
      hosts: [],
      address: first,
      ports: [],
      network: net.name,
      cidr,
      what: `first address of MetalLB pool ${pool.name}`,
    });
  }
  return out;
}

export function serviceProbes(v: View): Probe[] {
  return [...dhcpProbes(v), ...pxeProbes(v), ...lbProbes(v), ...ntpProbes(v), ...vipProbes(v)];
}
