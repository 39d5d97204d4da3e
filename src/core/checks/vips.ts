// VIPs against the machine network and the installer's VIP rules; HA shape of the cluster.
import type { Topology, Vip } from '../model';
import type { Problem } from '../problems';
import { factsOf, hostsWithRole, machineNetworks } from '../facts';
import { formatCidr, lastOf, parseAddr, type Addr } from '../ip';
import { isOkd, problem } from './util';

const CLUSTER_VIPS = new Set(['api', 'api-int', 'ingress']);

export function checkVips(t: Topology): Problem[] {
  const out: Problem[] = [];
  const userManaged = t.cluster.loadBalancer === 'user-managed';
  const machine = machineNetworks(t);
  const byPurpose = new Map<string, Vip>();
  for (const v of t.vips) {
    const addrs: [Addr, 'ip' | 'ip6'][] = [];
    const a4 = parseAddr(v.ip);
    const a6 = parseAddr(v.ip6);
    if (a4) addrs.push([a4, 'ip']);
    if (a6) addrs.push([a6, 'ip6']);
    if (a4 && a6 && a4.family === a6.family) {
      out.push(problem('vip-family-mismatch', 'error', `VIP ${v.name} has two IPv${a4.family} addresses; a dual-stack VIP needs one IPv4 (ip) and one IPv6 (ip6)`, [...v.path, 'ip6']));
    }
    if (CLUSTER_VIPS.has(v.purpose)) {
      const prev = byPurpose.get(v.purpose);
      if (prev) {
        out.push(problem('vip-purpose-duplicate', 'warning', `VIP ${v.name} and VIP ${prev.name} both have purpose ${v.purpose}; DNS and the installer take only one (give one VIP both ip and ip6 for dual stack)`,
          [...v.path, 'purpose'], [{ message: `VIP ${prev.name}`, path: [...prev.path, 'purpose'] }]));
      } else byPurpose.set(v.purpose, v);
    }
    // The installer (and keepalived) need cluster VIPs on the node network; a user-managed LB lifts it.
    if (!CLUSTER_VIPS.has(v.purpose) || userManaged || !machine.length) continue;
    for (const [a, key] of addrs) {
      const same = machine.filter((m) => m.cidr.family === a.family);
      if (!same.length) {
        if (isOkd(t)) out.push(problem('vip-family-mismatch', 'error', `VIP ${v.name} ${v[key]} is IPv${a.family} but the machine network has no IPv${a.family} subnet`, [...v.path, key]));
        continue;
      }
      if (!same.some((m) => a.value >= m.cidr.base && a.value <= lastOf(m.cidr))) {
        out.push(problem('vip-outside-machine-network', 'error',
          `VIP ${v.name} ${v[key]} is not in the machine network (${same.map((m) => formatCidr(m.cidr)).join(', ')}); ${v.purpose} VIPs must be on the nodes' network unless cluster.loadBalancer is user-managed`,
          [...v.path, key], same.map((m) => ({ message: `machine network ${formatCidr(m.cidr)}`, path: m.path }))));
      }
    }
    // Installer: the first VIP's family must match the machine network's primary family.
    if (isOkd(t) && a4 && machine[0] && a4.family !== machine[0].cidr.family) {
      out.push(problem('vip-family-mismatch', 'error', `VIP ${v.name} ${v.ip} is IPv${a4.family} but the primary machine network ${formatCidr(machine[0].cidr)} is IPv${machine[0].cidr.family}; the primary families must match`, [...v.path, 'ip']));
    }
  }
  return out;
}

export function checkHa(t: Topology): Problem[] {
  const out: Problem[] = [];
  for (const v of t.vips) {
    // keepalived with one holder moves the address nowhere when that host fails.
    if (v.holders.length === 1) {
      out.push(problem('ha-vip-holders', 'info', `VIP ${v.name} has a single holder (${v.holders[0]}): it is a stable address but not highly available; list two or more hosts for keepalived to fail over`, v.holderPaths?.[0] ?? [...v.path, 'holders']));
    }
  }
  const masters = hostsWithRole(t, 'master');
  if (t.hosts.length && masters.length < 3) {
    const at = masters[0] ? [...masters[0].path, 'role'] : ['hosts'];
    out.push(problem('ha-masters', 'warning',
      `${masters.length === 0 ? 'No' : `Only ${masters.length}`} master host${masters.length === 1 ? '' : 's'}: etcd needs 3 to survive the loss of one${masters.length === 2 ? ' (2 is no better than 1)' : ''}`, at));
  }
  const p = t.cluster.platform;
  if (p === 'okd-ipi') {
    const api = t.vips.find((v) => v.purpose === 'api');
    const ingress = t.vips.find((v) => v.purpose === 'ingress');
    if (!api || !ingress) {
      const missing = [!api && 'an api VIP', !ingress && 'an ingress VIP'].filter(Boolean).join(' and ');
      out.push(problem('ha-ipi-vips', 'error', `Bare-metal IPI needs both an API and an ingress VIP: add ${missing} (vips[].purpose)`, t.vips.length ? ['vips'] : ['cluster', 'platform']));
    }
  }
  if (p === 'okd-upi') {
    const f = factsOf(t);
    const hasHost = (k: 'loadBalancer' | 'dns') => (t.services[k]?.hosts ?? []).some((h) => f.hosts.has(h));
    if (!hasHost('loadBalancer') && !t.vips.some((v) => v.purpose === 'api')) {
      out.push(problem('ha-upi-lb', 'warning', 'UPI needs a load balancer in front of the API (6443, 22623) and ingress (80, 443): set services.loadBalancer.host', t.services.loadBalancer ? ['services', 'loadBalancer'] : ['cluster', 'platform']));
    }
    // The masters fetch their first ignition through the bootstrap node; without one nothing starts.
    if (hostsWithRole(t, 'master').length && !hostsWithRole(t, 'bootstrap').length) {
      out.push(problem('ha-upi-bootstrap', 'warning',
        'UPI installs start from a temporary bootstrap node that serves the control plane its first configuration: add a host with role bootstrap (keep it in the file after install; render writes a load balancer variant without it)',
        ['cluster', 'platform']));
    }
    if (!hasHost('dns')) {
      out.push(problem('ha-upi-dns', 'warning', 'UPI needs DNS records for api, api-int and *.apps: set services.dns.host (or run DNS elsewhere and ignore this)', t.services.dns ? ['services', 'dns'] : ['cluster', 'platform']));
    }
  }
  return out;
}
