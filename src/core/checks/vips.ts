// VIPs against the machine network and the installer's VIP rules; HA shape of the cluster.
import type { Topology, Vip } from '../model';
import type { Problem } from '../problems';
import { factsOf, hostsWithRole, machineNetworks, vipAddresses, type VipAddress } from '../facts';
import { formatCidr, lastOf, parseAddr, parseCidr, type Addr } from '../ip';
import { isOkd, problem } from './util';

const CLUSTER_VIPS = new Set<Vip['purpose']>(['api', 'api-int', 'ingress']);

export function checkVips(t: Topology): Problem[] {
  const out: Problem[] = [];
  const userManaged = t.cluster.loadBalancer === 'user-managed';
  const machine = machineNetworks(t);
  for (const v of t.vips) {
    const addrs: [Addr, 'ip' | 'ip6'][] = [];
    const a4 = parseAddr(v.ip);
    const a6 = parseAddr(v.ip6);
    if (a4) addrs.push([a4, 'ip']);
    if (a6) addrs.push([a6, 'ip6']);
    if (a4 && a6 && a4.family === a6.family) {
      out.push(
        problem(
          'vip-family-mismatch',
          'error',
          `VIP ${v.name} has two IPv${a4.family} addresses; a dual-stack VIP needs one IPv4 (ip) and one IPv6 (ip6)`,
          [...v.path, 'ip6'],
        ),
      );
    }
    // The installer (and keepalived) need cluster VIPs on the node network; a user-managed LB lifts it.
    if (!CLUSTER_VIPS.has(v.purpose) || userManaged || !machine.length) continue;
    for (const [a, key] of addrs) {
      const same = machine.filter((m) => m.cidr.family === a.family);
      if (!same.length) {
        if (isOkd(t))
          out.push(
            problem(
              'vip-family-mismatch',
              'error',
              `VIP ${v.name} ${v[key]} is IPv${a.family} but the machine network has no IPv${a.family} subnet`,
              [...v.path, key],
            ),
          );
        continue;
      }
      if (!same.some((m) => a.value >= m.cidr.base && a.value <= lastOf(m.cidr))) {
        out.push(
          problem(
            'vip-outside-machine-network',
            'error',
            `VIP ${v.name} ${v[key]} is not in the machine network (${same.map((m) => formatCidr(m.cidr)).join(', ')}); ${v.purpose} VIPs must be on the nodes' network unless cluster.loadBalancer is user-managed`,
            [...v.path, key],
            same.map((m) => ({ message: `machine network ${formatCidr(m.cidr)}`, path: m.path })),
          ),
        );
      }
    }
  }
  for (const purpose of CLUSTER_VIPS) perPurpose(t, purpose, out);
  return out;
}

/**
 * The addresses of one purpose across VIP entries: at most two, one of each family (installer),
 * and in dual stack the first one's family must be the primary family of every network list.
 */
function perPurpose(t: Topology, purpose: Vip['purpose'], out: Problem[]): void {
  const list = vipAddresses(t, purpose);
  const okd = isOkd(t);
  const where = (x: VipAddress) => [...x.vip.path, x.key];
  list.slice(2).forEach((x) => {
    out.push(
      problem(
        'vip-count',
        'error',
        `${x.text} is address ${list.indexOf(x) + 1} for ${purpose}; a purpose takes at most two addresses, one IPv4 and one IPv6`,
        where(x),
        [{ message: `VIP ${list[0].vip.name}`, path: where(list[0]) }],
      ),
    );
  });
  const [first, second] = list;
  if (second && second.vip !== first.vip && second.family === first.family) {
    // Within one VIP entry the same-family pair is reported above as vip-family-mismatch.
    out.push(
      problem(
        'vip-purpose-duplicate',
        okd ? 'error' : 'warning',
        `VIP ${second.vip.name} and VIP ${first.vip.name} both give ${purpose} an IPv${first.family} address; ${okd ? 'the installer takes one IPv4 and one IPv6' : 'DNS would answer with both'} (give one VIP both ip and ip6 for dual stack)`,
        [...second.vip.path, 'purpose'],
        [{ message: `VIP ${first.vip.name}`, path: [...first.vip.path, 'purpose'] }],
      ),
    );
  }
  if (t.cluster.platform !== 'okd-ipi' || !first) return;
  const nw = t.cluster.networking;
  const service = nw.serviceNetwork.map((s) => parseCidr(s.cidr)).filter((c) => !!c);
  if (new Set(service.map((c) => c.family)).size < 2) return;
  const lists: [string, number | undefined][] = [
    ['machine network', machineNetworks(t)[0]?.cidr.family],
    ['cluster network', parseCidr(nw.clusterNetwork[0]?.cidr ?? '')?.family],
    ['service network', service[0]?.family],
  ];
  const wrong = lists.filter(([, f]) => f !== undefined && f !== first.family).map(([n]) => n);
  if (wrong.length) {
    out.push(
      problem(
        'vip-family-mismatch',
        'error',
        `In dual stack the first ${purpose} address must be of the primary family: ${first.text} is IPv${first.family}, but the ${wrong.join(', ')} start${wrong.length === 1 ? 's' : ''} with IPv${first.family === 4 ? 6 : 4}; list the IPv${first.family === 4 ? 6 : 4} address first or reorder the networks`,
        where(first),
      ),
    );
  }
}

export function checkHa(t: Topology): Problem[] {
  const out: Problem[] = [];
  for (const v of t.vips) {
    // keepalived with one holder moves the address nowhere when that host fails.
    if (v.holders.length === 1) {
      out.push(
        problem(
          'ha-vip-holders',
          'info',
          `VIP ${v.name} has a single holder (${v.holders[0]}): it is a stable address but not highly available; list two or more hosts for keepalived to fail over`,
          v.holderPaths?.[0] ?? [...v.path, 'holders'],
        ),
      );
    }
  }
  const masters = hostsWithRole(t, 'master');
  if (t.hosts.length && masters.length < 3) {
    const at = masters[0] ? [...masters[0].path, 'role'] : ['hosts'];
    out.push(
      problem(
        'ha-masters',
        'warning',
        `${masters.length === 0 ? 'No' : `Only ${masters.length}`} master host${masters.length === 1 ? '' : 's'}: etcd needs 3 to survive the loss of one${masters.length === 2 ? ' (2 is no better than 1)' : ''}`,
        at,
      ),
    );
  }
  const p = t.cluster.platform;
  if (p === 'okd-ipi') {
    const api = t.vips.find((v) => v.purpose === 'api');
    const ingress = t.vips.find((v) => v.purpose === 'ingress');
    if (!api || !ingress) {
      const missing = [!api && 'an api VIP', !ingress && 'an ingress VIP'].filter(Boolean).join(' and ');
      out.push(
        problem(
          'ha-ipi-vips',
          'error',
          `Bare-metal IPI needs both an API and an ingress VIP: add ${missing} (vips[].purpose)`,
          t.vips.length ? ['vips'] : ['cluster', 'platform'],
        ),
      );
    }
  }
  if (p === 'okd-upi') {
    const f = factsOf(t);
    const hasHost = (k: 'loadBalancer' | 'dns') => (t.services[k]?.hosts ?? []).some((h) => f.hosts.has(h));
    if (!hasHost('loadBalancer') && !t.vips.some((v) => v.purpose === 'api')) {
      out.push(
        problem(
          'ha-upi-lb',
          'warning',
          'UPI needs a load balancer in front of the API (6443, 22623) and ingress (80, 443): set services.loadBalancer.host',
          t.services.loadBalancer ? ['services', 'loadBalancer'] : ['cluster', 'platform'],
        ),
      );
    }
    // The masters fetch their first ignition through the bootstrap node; without one nothing starts.
    if (hostsWithRole(t, 'master').length && !hostsWithRole(t, 'bootstrap').length) {
      out.push(
        problem(
          'ha-upi-bootstrap',
          'warning',
          'UPI installs start from a temporary bootstrap node that serves the control plane its first configuration: add a host with role bootstrap (keep it in the file after install; render writes a load balancer variant without it)',
          ['cluster', 'platform'],
        ),
      );
    }
    if (!hasHost('dns')) {
      out.push(
        problem(
          'ha-upi-dns',
          'warning',
          'UPI needs DNS records for api, api-int and *.apps: set services.dns.host (or run DNS elsewhere and ignore this)',
          t.services.dns ? ['services', 'dns'] : ['cluster', 'platform'],
        ),
      );
    }
  }
  return out;
}
