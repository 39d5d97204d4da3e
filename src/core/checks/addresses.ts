// Single addresses: malformed, outside their network, network/broadcast, owned twice.
import type { Network, Path, Topology } from '../model';
import type { Problem } from '../problems';
import { factsOf, networkContaining, type AddressOwner, type NetInfo } from '../facts';
import { formatCidr, isNetworkOrBroadcast, lastOf, parseAddr, type Addr, type Cidr, type Family } from '../ip';
import { RELATED_MAX, andMore, cappedRelated, problem } from './util';

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
    else
      out.push(
        problem('ip-family-mismatch', 'error', `${v} is an IPv${a.family} address but ${w} takes IPv${want}`, at),
      );
  };
  // The usual valid address costs one cached parse, no closure or path.
  const fine = (v: string | undefined, want?: Family) => {
    const a = v === undefined ? undefined : parseAddr(v);
    return v === undefined || (a !== undefined && (!want || a.family === want));
  };
  for (const h of t.hosts) {
    for (const i of h.interfaces) {
      if (!fine(i.ip))
        test(
          i.ip,
          () => [...i.path, 'ip'],
          () => `interface of host ${h.name}`,
        );
      if (!fine(i.ip6, 6))
        test(
          i.ip6,
          () => [...i.path, 'ip6'],
          () => `ip6 of host ${h.name}`,
          6,
        );
    }
  }
  for (const v of t.vips) {
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
 * A collision is reported at every claimant, each with the others as related locations (capped:
 * one address on 1,000 hosts gives 1,000 problems of at most RELATED_MAX + 1 entries).
 */
export function checkDuplicateAddresses(t: Topology): Problem[] {
  const out: Problem[] = [];
  const userManaged = t.cluster.loadBalancer === 'user-managed';
  for (const owners of factsOf(t).byAddr.values()) {
    if (owners.length < 2) continue;
    const claimants = owners.filter((o) => o.kind === 'interface' || o.kind === 'vip' || o.kind === 'bmc');
    // Only BMCs and VIPs have exceptions; without them every claimant collides with every other.
    const plain = claimants.every((o) => o.kind === 'interface');
    for (let k = 0; k < claimants.length && claimants.length > 1; k++) {
      const o = claimants[k];
      const c = plain ? allOthers(claimants, k) : clashesOf(claimants, k);
      if (c.total > 0) out.push(collision(o, c));
      else if (c.pair && !userManaged) out.push(apiIngress(o, c.pair));
    }
    vipsOnReferences(owners, out);
  }
  return out;
}

interface Clashes {
  /** The first RELATED_MAX + 1 other claimants, earlier ones first. */
  others: AddressOwner[];
  total: number;
  /** How many of them come before this one in the file. */
  earlier: number;
  /** An API VIP sharing its address with an ingress VIP (its own rule). */
  pair?: AddressOwner;
}

function allOthers(all: AddressOwner[], k: number): Clashes {
  const others = all
    .slice(0, RELATED_MAX + 2)
    .filter((_, i) => i !== k)
    .slice(0, RELATED_MAX + 1);
  return { others, total: all.length - 1, earlier: k };
}

function clashesOf(all: AddressOwner[], k: number): Clashes {
  const o = all[k];
  const c: Clashes = { others: [], total: 0, earlier: 0 };
  all.forEach((p, i) => {
    if (i === k || mayShare(p, o)) return;
    if (isApiIngressPair(p, o)) {
      c.pair ??= p;
      return;
    }
    c.total++;
    if (i < k) c.earlier++;
    if (c.others.length <= RELATED_MAX) c.others.push(p);
  });
  return c;
}

function collision(o: AddressOwner, c: Clashes): Problem {
  const first = c.others[0];
  const bmc = o.kind === 'bmc' && first.kind === 'bmc';
  const verb = c.earlier > 0 ? 'already' : 'also';
  const message = bmc
    ? `BMC address ${o.host?.bmc?.address.trim()} is ${verb} the BMC of host ${first.name}${andMore(c.total)}; each host needs its own`
    : `${o.text} is ${verb} used by ${first.label}${andMore(c.total)}`;
  return problem(
    o.kind === 'vip' ? 'vip-collision' : 'ip-duplicate',
    'error',
    message,
    o.path,
    cappedRelated(c.others, c.total, (p) => ({ message: `${o.text} is used here by ${p.label}`, path: p.path })),
    { network: o.network, ip: o.text },
  );
}

function apiIngress(o: AddressOwner, pair: AddressOwner): Problem {
  // API = ingress has its own rule, allowed when the load balancer is user-managed.
  return problem(
    'vip-api-equals-ingress',
    'error',
    `The API and ingress VIPs must differ (unless cluster.loadBalancer is user-managed): ${o.text} is both VIP ${o.name} and VIP ${pair.name}`,
    o.path,
    [{ message: `VIP ${pair.name} (${pair.vip?.purpose})`, path: pair.path }],
    { ip: o.text, network: o.network },
  );
}

/** Gateways and DNS servers must not be a VIP (a floating address cannot route or serve reliably): reported at both. */
function vipsOnReferences(owners: AddressOwner[], out: Problem[]): void {
  const vips = owners.filter((v) => v.kind === 'vip');
  if (!vips.length) return;
  for (const ref of owners) {
    if (ref.kind !== 'gateway' && ref.kind !== 'dns') continue;
    for (const v of vips) {
      out.push(
        problem(
          'vip-collision',
          'error',
          `VIP ${v.name} ${v.text} is also ${ref.label}`,
          v.path,
          [{ message: `${ref.label} is ${ref.text}`, path: ref.path }],
          { network: v.network, ip: v.text },
        ),
      );
    }
    out.push(
      problem(
        'vip-collision',
        'error',
        `${cap(ref.label)} ${ref.text} is also VIP ${vips[0].name}${andMore(vips.length)}`,
        ref.path,
        cappedRelated(vips, vips.length, (v) => ({ message: `VIP ${v.name} is ${v.text}`, path: v.path })),
        { network: ref.network, ip: ref.text },
      ),
    );
  }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
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
  return (
    a.kind === 'vip' &&
    b.kind === 'vip' &&
    ((p === 'ingress' && (q === 'api' || q === 'api-int')) || (q === 'ingress' && (p === 'api' || p === 'api-int')))
  );
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
        out.push(
          problem(
            'ip-family-mismatch',
            'error',
            `${o.text} (${o.label}) is IPv${o.addr.family} but network ${net.name} has no IPv${o.addr.family} subnet (set ${key})`,
            o.path,
            [{ message: `network ${net.name}`, path: [...net.path, 'name'] }],
            { network: net.name },
          ),
        );
      }
      continue;
    }
    if (!inCidr(c, o.addr)) {
      if (o.kind === 'dns') {
        if (!net.gateway && !net.gateway6) {
          out.push(
            problem(
              'dns-server-outside-network',
              'warning',
              `DNS server ${o.text} is outside network ${net.name} (${formatCidr(c)}) and the network has no gateway to reach it`,
              o.path,
              [{ message: `network ${net.name}`, path: [...net.path, 'cidr'] }],
              { network: net.name },
            ),
          );
        }
        continue;
      }
      const code = o.kind === 'gateway' ? 'gateway-outside-network' : 'ip-outside-network';
      const elsewhere = networkContaining(t, o.addr);
      const hint =
        elsewhere && elsewhere.network.name !== net.name ? `; it belongs to network ${elsewhere.network.name}` : '';
      out.push(
        problem(
          code,
          'error',
          `${o.text} (${o.label}) is outside network ${net.name} (${subnetsText(info)})${hint}`,
          o.path,
          [{ message: `network ${net.name} is ${formatCidr(c)}`, path: cidrPath(net, c.family) }],
          { network: net.name },
        ),
      );
      continue;
    }
    const nb = isNetworkOrBroadcast(c, o.addr);
    if (nb) {
      out.push(
        problem(
          nb === 'network' ? 'ip-network-address' : 'ip-broadcast-address',
          'error',
          `${o.text} (${o.label}) is the ${nb} address of network ${net.name} (${formatCidr(c)}); hosts cannot use it`,
          o.path,
          [{ message: `network ${net.name}`, path: cidrPath(net, c.family) }],
          { network: net.name },
        ),
      );
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
      out.push(
        problem(
          'interface-no-address',
          sev,
          `Interface of host ${h.name} on network ${i.network || '?'} has no IP address${dhcp ? ' (it will get a dynamic DHCP lease)' : ''}${why}`,
          i.path,
          undefined,
          { network: i.network, host: h.name },
        ),
      );
    }
  }
  return out;
}
