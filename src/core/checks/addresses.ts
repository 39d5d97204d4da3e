// Single addresses: malformed, outside their network, network/broadcast, owned twice.
import type { Network, Path, Topology } from '../model';
import type { Problem } from '../problems';
import { factsOf, networkContaining, type AddressOwner, type NetInfo } from '../facts';
import { formatCidr, isNetworkOrBroadcast, lastOf, parseAddr, type Addr, type Cidr, type Family } from '../ip';
import { problem } from './util';

function inCidr(c: Cidr, a: Addr): boolean {
  return c.family === a.family && a.value >= c.base && a.value <= lastOf(c);
}

function subnetsText(info: NetInfo): string {
  return info.cidrs.map(formatCidr).join(', ') || 'no subnet';
}

/** Addresses that do not parse. Empty values are left to the schema (required fields). */
export function checkInvalidAddresses(t: Topology): Problem[] {
  const out: Problem[] = [];
  // Paths and texts are built only on failure: this runs for every interface of large files.
  const test = (v: string | undefined, path: Path | (() => Path), what: string | (() => string), want?: Family) => {
    if (v === undefined) return;
    const a = parseAddr(v);
    if (a && (!want || a.family === want)) return;
    if (v.trim() === '') return;
    const at = typeof path === 'function' ? path() : path;
    const w = typeof what === 'function' ? what() : what;
    if (!a) out.push(problem('ip-invalid', 'error', `"${v}" is not a valid IP address (${w})`, at));
    else out.push(problem('ip-family-mismatch', 'error', `${v} is an IPv${a.family} address but ${w} takes IPv${want}`, at));
  };
  // The usual valid address costs one cached parse, no closure or path.
  const fine = (v: string | undefined, want?: Family) => {
    const a = v === undefined ? undefined : parseAddr(v);
    return v === undefined || (a !== undefined && (!want || a.family === want));
  };
  for (const h of t.hosts) {
    for (const i of h.interfaces) {
      if (!fine(i.ip)) test(i.ip, () => [...i.path, 'ip'], () => `interface of host ${h.name}`);
      if (!fine(i.ip6, 6)) test(i.ip6, () => [...i.path, 'ip6'], () => `ip6 of host ${h.name}`, 6);
    }
  }
  for (const v of t.vips) {
    // An empty address would be read as "no VIP" and leave install-config's VIP list empty.
    if (v.ipEmpty) out.push(problem('ip-invalid', 'error', `VIP ${v.name} has an empty address; write its IP (or remove the VIP)`, [...v.path, 'ip']));
    test(v.ip, [...v.path, 'ip'], `VIP ${v.name}`);
    test(v.ip6, [...v.path, 'ip6'], `ip6 of VIP ${v.name}`, 6);
  }
  for (const n of t.networks) {
    test(n.gateway, [...n.path, 'gateway'], `gateway of network ${n.name}`);
    test(n.gateway6, [...n.path, 'gateway6'], `gateway6 of network ${n.name}`, 6);
    for (const d of n.dns) test(d.ip, d.path, `DNS server of network ${n.name}`);
  }
  return out;
}

/**
 * One address, two owners. Interfaces and VIPs claim an address; gateways and DNS servers
 * only refer to one, so a host may be the router or name server, but a VIP may not.
 * Each extra claimant is reported once, pointing back at the first.
 */
export function checkDuplicateAddresses(t: Topology): Problem[] {
  const out: Problem[] = [];
  const userManaged = t.cluster.loadBalancer === 'user-managed';
  for (const owners of factsOf(t).byAddr.values()) {
    if (owners.length < 2) continue;
    const claimants = owners.filter((o) => o.kind === 'interface' || o.kind === 'vip' || o.kind === 'bmc');
    for (let k = 1; k < claimants.length; k++) {
      const o = claimants[k];
      const earlier = claimants.slice(0, k);
      const prev = earlier.find((p) => !isApiIngressPair(p, o) && !mayShare(p, o));
      if (!prev) {
        // API = ingress has its own rule (vip-api-equals-ingress), allowed when user-managed.
        const pair = earlier.find((p) => isApiIngressPair(p, o));
        if (pair && !userManaged) {
          out.push(problem('vip-api-equals-ingress', 'error',
            `The API and ingress VIPs must differ (unless cluster.loadBalancer is user-managed): ${o.text} is both VIP ${o.name} and VIP ${pair.name}`,
            o.path, [{ message: `VIP ${pair.name} (${pair.vip?.purpose})`, path: pair.path }], { ip: o.text, network: o.network }));
        }
        continue;
      }
      const code = o.kind === 'vip' ? 'vip-collision' : 'ip-duplicate';
      const message = o.kind === 'bmc' && prev.kind === 'bmc'
        ? `BMC address ${o.host?.bmc?.address.trim()} is already the BMC of host ${prev.name}; each host needs its own`
        : `${o.text} is already used by ${prev.label}`;
      out.push(problem(code, 'error', message, o.path,
        [{ message: `${o.text} is used here by ${prev.label}`, path: prev.path }], { network: o.network, ip: o.text }));
    }
    // Gateways and DNS servers must not be a VIP (a floating address cannot route or serve reliably).
    for (const ref of owners) {
      if (ref.kind !== 'gateway' && ref.kind !== 'dns') continue;
      for (const v of owners) {
        if (v.kind !== 'vip') continue;
        out.push(problem('vip-collision', 'error', `VIP ${v.name} ${v.text} is also ${ref.label}`, v.path,
          [{ message: `${ref.label} is ${ref.text}`, path: ref.path }], { network: v.network, ip: v.text }));
      }
    }
  }
  return out;
}

/**
 * BMC addresses are URLs: one chassis manager or BMC emulator (sushy-tools, VirtualBMC) serves many
 * hosts at one IP with different ports or system paths, so only the same URL twice is a clash. A
 * VM has no BMC of its own: its emulator runs on some machine of the topology, usually the hypervisor.
 */
function mayShare(a: AddressOwner, b: AddressOwner): boolean {
  if (a.kind === 'bmc' && b.kind === 'bmc') return bmcUrl(a) !== bmcUrl(b);
  const [bmc, other] = a.kind === 'bmc' ? [a, b] : b.kind === 'bmc' ? [b, a] : [undefined, undefined];
  return !!bmc && other.kind === 'interface' && !!bmc.host?.vm;
}
const bmcUrl = (o: AddressOwner) => (o.host?.bmc?.address ?? '').trim().toLowerCase().replace(/\/+$/, '');

function isApiIngressPair(a: AddressOwner, b: AddressOwner): boolean {
  const p = a.vip?.purpose;
  const q = b.vip?.purpose;
  return a.kind === 'vip' && b.kind === 'vip' && ((p === 'ingress' && (q === 'api' || q === 'api-int')) || (q === 'ingress' && (p === 'api' || p === 'api-int')));
}

/** Interface, VIP, gateway and DNS addresses against the subnet of the network they are declared on. */
export function checkAddressPlacement(t: Topology): Problem[] {
  const out: Problem[] = [];
  const f = factsOf(t);
  for (const o of f.owners) {
    const info = f.networks.get(o.network);
    if (!info) continue; // unknown network: ref-unknown-network
    const net = info.network;
    const c = info.cidrs.find((x) => x.family === o.addr.family);
    if (!c) {
      if (info.cidrs.length) {
        const key = o.addr.family === 6 ? 'cidr6' : 'cidr';
        out.push(problem('ip-family-mismatch', 'error',
          `${o.text} (${o.label}) is IPv${o.addr.family} but network ${net.name} has no IPv${o.addr.family} subnet (set ${key})`,
          o.path, [{ message: `network ${net.name}`, path: [...net.path, 'name'] }], { network: net.name }));
      }
      continue;
    }
    if (!inCidr(c, o.addr)) {
      if (o.kind === 'dns') {
        if (!net.gateway && !net.gateway6) {
          out.push(problem('dns-server-outside-network', 'warning',
            `DNS server ${o.text} is outside network ${net.name} (${formatCidr(c)}) and the network has no gateway to reach it`,
            o.path, [{ message: `network ${net.name}`, path: [...net.path, 'cidr'] }], { network: net.name }));
        }
        continue;
      }
      const code = o.kind === 'gateway' ? 'gateway-outside-network' : 'ip-outside-network';
      const elsewhere = networkContaining(t, o.addr);
      const hint = elsewhere && elsewhere.network.name !== net.name ? `; it belongs to network ${elsewhere.network.name}` : '';
      out.push(problem(code, 'error', `${o.text} (${o.label}) is outside network ${net.name} (${subnetsText(info)})${hint}`,
        o.path, [{ message: `network ${net.name} is ${formatCidr(c)}`, path: cidrPath(net, c.family) }], { network: net.name }));
      continue;
    }
    const nb = isNetworkOrBroadcast(c, o.addr);
    if (nb) {
      out.push(problem(nb === 'network' ? 'ip-network-address' : 'ip-broadcast-address', 'error',
        `${o.text} (${o.label}) is the ${nb} address of network ${net.name} (${formatCidr(c)}); hosts cannot use it`,
        o.path, [{ message: `network ${net.name}`, path: cidrPath(net, c.family) }], { network: net.name }));
    }
  }
  return out;
}

function cidrPath(net: Network, family: Family): Path {
  const six = net.cidr6 && parseAddr(net.cidr6.split('/')[0])?.family === family;
  return [...net.path, six ? 'cidr6' : 'cidr'];
}

/** Interfaces with no address: fine with DHCP, but the host must be reachable somewhere. */
export function checkInterfaceAddresses(t: Topology): Problem[] {
  const out: Problem[] = [];
  const f = factsOf(t);
  for (const h of t.hosts) {
    if (h.interfaces.every((i) => (i.ip && i.ip.trim()) || (i.ip6 && i.ip6.trim()))) continue;
    const any = h.interfaces.some((i) => parseAddr(i.ip) || parseAddr(i.ip6));
    for (const i of h.interfaces) {
      if ((i.ip && i.ip.trim()) || (i.ip6 && i.ip6.trim())) continue;
      const info = f.networks.get(i.network);
      const dhcp = !!info?.network.dhcp?.ranges.length;
      // A hypervisor bridge port or a DHCP client needs no static address; a host with none at all is unreachable.
      const sev = any || h.role === 'hypervisor' ? 'info' : 'warning';
      const why = any ? '' : '; the host has no address at all, so DNS records and deploy cannot reach it';
      out.push(problem('interface-no-address', sev,
        `Interface of host ${h.name} on network ${i.network || '?'} has no IP address${dhcp ? ' (it will get a dynamic DHCP lease)' : ''}${why}`,
        i.path, undefined, { network: i.network, host: h.name }));
    }
  }
  return out;
}

