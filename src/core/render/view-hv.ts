// View model for hypervisors: libvirt networks and the VMs (with their MACs) that run on them.
import type { Host } from '../model';
import { formatAddr, maskOf, parseCidr } from '../ip';
import { parseAddr, type Lookup } from './lookup';
import { NODE_ROLES } from './lookup';

export interface LibvirtNetworkView {
  name: string;
  bridge: string;
  /** `nat` when the hypervisor is the network's gateway, else `bridge` onto an existing bridge. */
  forward: 'nat' | 'bridge';
  ip?: string;
  netmask?: string;
  ip6?: string;
  prefix6?: number;
  mtu?: number;
  /** libvirt's own DHCP, only when no DHCP service in the topology serves this network. */
  dhcp?: { ranges: { start: string; end: string }[]; hosts: { mac: string; ip: string; name: string }[] };
}

export interface VmView {
  name: string;
  cpus: number;
  memoryMiB: number;
  diskGiB: number;
  node: boolean;
  interfaces: { network: string; mac: string }[];
}

export interface HypervisorView {
  networks: LibvirtNetworkView[];
  vms: VmView[];
}

export function buildHypervisors(l: Lookup): Map<string, HypervisorView> {
  const out = new Map<string, HypervisorView>();
  const hvs = l.byRoles(['hypervisor']);
  const vmHosts = l.t.hosts.filter((h) => h.vm && l.hosts.get(h.name) === h);
  const dhcpServed = new Set(l.serviceHosts('dhcp').length > 0 ? l.t.networks.map((n) => n.name) : []);
  for (const hv of hvs) {
    // A VM without `on` belongs to the only hypervisor, when there is exactly one.
    const vms = vmHosts.filter((h) => h.vm!.on === hv.name || (!h.vm!.on && hvs.length === 1));
    if (vms.length === 0) continue;
    const used: string[] = [];
    for (const vm of vms) for (const i of vm.interfaces) if (!used.includes(i.network)) used.push(i.network);
    const networks: LibvirtNetworkView[] = [];
    for (const name of used) {
      const n = l.networks.get(name);
      if (!n) continue;
      const mine = l.ifaceOn(hv, name);
      const c4 = parseCidr(n.cidr);
      const c6 = parseCidr(n.cidr6);
      // The hypervisor routes (NAT) only when it is the network's gateway; otherwise the VMs
      // join an existing bridge on a network someone else routes.
      const nat = Boolean(mine?.ip) && (n.gateway === undefined || n.gateway === mine!.ip);
      const net: LibvirtNetworkView = {
        name,
        bridge: n.bridge ?? mine?.name ?? `virbr-${name}`.slice(0, 15),
        forward: nat ? 'nat' : 'bridge',
        ip: nat ? mine!.ip : undefined,
        netmask: nat && c4 ? formatAddr(4, maskOf(4, c4.prefix)) : undefined,
        ip6: nat && mine?.ip6 ? mine.ip6 : undefined,
        prefix6: nat && mine?.ip6 ? c6?.prefix : undefined,
        mtu: n.mtu,
      };
      if (nat && n.dhcp && !dhcpServed.has(name)) {
        net.dhcp = {
          // The network's <ip> element is IPv4; IPv6 ranges would make libvirt refuse the network.
          ranges: n.dhcp.ranges
            .filter((r) => parseAddr(r.start)?.family === 4 && parseAddr(r.end)?.family === 4)
            .map((r) => ({ start: r.start, end: r.end })),
          hosts: l.t.hosts.flatMap((h) =>
            h.interfaces
              .filter((i) => i.network === name && i.mac && i.ip)
              .map((i) => ({ mac: i.mac!.toLowerCase(), ip: i.ip!, name: h.name })),
          ),
        };
      }
      networks.push(net);
    }
    out.set(hv.name, { networks, vms: vms.map((h) => vmView(h)) });
  }
  return out;
}

function vmView(h: Host): VmView {
  const node = NODE_ROLES.includes(h.role);
  // Nodes boot from the network first (PXE install), so their PXE interface goes first.
  const ifaces = h.interfaces
    .filter((i) => i.mac)
    .map((i) => ({ network: i.network, mac: i.mac!.toLowerCase(), pxe: i.pxe === true }));
  ifaces.sort((a, b) => Number(b.pxe) - Number(a.pxe));
  return {
    name: h.name,
    cpus: h.vm?.cpus ?? 2,
    memoryMiB: Math.round((h.vm?.memoryGiB ?? 4) * 1024),
    diskGiB: h.vm?.diskGiB ?? 40,
    node,
    interfaces: ifaces.map(({ network, mac }) => ({ network, mac })),
  };
}
