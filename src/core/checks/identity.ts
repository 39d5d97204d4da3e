// MAC addresses and names: malformed, duplicated, not usable as DNS labels.
import type { Host, Interface, Path, Topology } from '../model';
import type { Problem } from '../problems';
import { isMulticastMac, normaliseMac } from '../ip';
import { NODE_ROLES } from '../facts';
import { freeName, isDnsLabel, isDnsName, isOkd, labelProblem, problem } from './util';

export function checkMacs(t: Topology): Problem[] {
  const out: Problem[] = [];
  // Keyed by normalised MAC; paths are built only when a problem is reported.
  const seen = new Map<string, [Host, Interface]>();
  for (const h of t.hosts) {
    for (const i of h.interfaces) {
      if (i.mac === undefined || i.mac.trim() === '') {
        if (i.pxe) out.push(problem('mac-missing', 'error', `Host ${h.name} boots with PXE on network ${i.network} but the interface has no MAC address`, i.path, undefined, { host: h.name }));
        continue;
      }
      const mac = normaliseMac(i.mac);
      if (!mac) {
        out.push(problem('mac-invalid', 'error', `"${i.mac}" is not a MAC address (write six hex pairs, e.g. 52:54:00:12:34:56)`, [...i.path, 'mac'], undefined, { host: h.name }));
        continue;
      }
      if (isMulticastMac(mac)) {
        out.push(problem('mac-multicast', 'error', `${mac} of host ${h.name} is a multicast MAC (lowest bit of the first byte set); a NIC needs a unicast address`, [...i.path, 'mac'], undefined, { host: h.name }));
      }
      const prev = seen.get(mac);
      if (prev) {
        const [ph, pi] = prev;
        out.push(problem('mac-duplicate', 'error', `MAC ${mac} is already used by host ${ph.name}`, [...i.path, 'mac'],
          [{ message: `MAC ${mac} of host ${ph.name}`, path: [...pi.path, 'mac'] }], { host: h.name }));
      } else seen.set(mac, [h, i]);
    }
  }
  // Installers identify nodes by MAC: DHCP reservations (UPI) and bootMACAddress (IPI).
  if (isOkd(t)) {
    for (const h of t.hosts) {
      if (!NODE_ROLES.includes(h.role) || !h.interfaces.length) continue;
      if (h.interfaces.some((i) => i.mac && i.mac.trim())) continue;
      // IPI writes it as bootMACAddress, which the installer requires; UPI can still boot by hand.
      const ipi = t.cluster.platform === 'okd-ipi' && h.role !== 'bootstrap';
      const why = ipi ? 'the installer needs its boot MAC address (bootMACAddress)' : 'its DHCP reservation and PXE boot need a MAC address';
      out.push(problem('mac-missing', ipi ? 'error' : 'warning', `Host ${h.name} has no MAC address; ${why}`, h.interfaces[0].path, undefined, { host: h.name }));
    }
  }
  return out;
}

interface Named {
  name: string;
  path: Path;
}

function duplicates(kind: string, items: Named[], out: Problem[]): void {
  const first = new Map<string, Named>();
  let taken: Set<string> | undefined;
  for (const it of items) {
    if (!it.name) continue;
    const prev = first.get(it.name);
    if (!prev) {
      first.set(it.name, it);
      continue;
    }
    taken ??= new Set(items.map((i) => i.name));
    const suggestion = freeName(it.name, taken);
    taken.add(suggestion);
    out.push(problem('name-duplicate', 'error', `There is already a ${kind} named ${it.name}`, [...it.path, 'name'],
      [{ message: `the first ${kind} ${it.name}`, path: [...prev.path, 'name'] }], { kind, name: it.name, suggestion }));
  }
}

export function checkNames(t: Topology): Problem[] {
  const out: Problem[] = [];
  duplicates('host', t.hosts, out);
  duplicates('network', t.networks, out);
  duplicates('VIP', t.vips, out);
  duplicates('pool', t.pools, out);
  const label = (kind: string, it: Named, why: string) => {
    if (it.name && !isDnsLabel(it.name)) {
      out.push(problem('name-invalid-dns', 'error', `${kind} name "${it.name}" ${labelProblem(it.name)}; ${why}`, [...it.path, 'name']));
    }
  };
  for (const [kind, list] of [['Host', t.hosts], ['Network', t.networks], ['VIP', t.vips], ['Pool', t.pools]] as const) {
    for (const it of list) if (it.nameEmpty) out.push(problem('name-empty', 'error', `${kind} name is empty; every ${kind.toLowerCase()} needs a name`, [...it.path, 'name']));
  }
  // The installer would take a dotted subdomain; here each host name gets the cluster domain appended.
  for (const h of t.hosts) label('Host', h, h.name.includes('.')
    ? `this file appends the cluster domain to each host name (<host>.${t.cluster.name || '<cluster>'}.${t.cluster.baseDomain || '<baseDomain>'} in the zones, DHCP host-name and PXE files), so a host name is one DNS label even though the installer accepts a subdomain`
    : 'it becomes a DNS name and a Kubernetes node name');
  for (const n of t.networks) label('Network', n, 'it names libvirt networks and generated files');
  for (const v of t.vips) label('VIP', v, 'it becomes a DNS record and a keepalived instance name');
  for (const p of t.pools) label('Pool', p, 'it becomes a Kubernetes object name');
  const domain = (v: string | undefined, path: Path, what: string) => {
    if (v && !isDnsName(v)) out.push(problem('name-invalid-dns', 'error', `${what} "${v}" is not a valid DNS domain name`, path));
  };
  domain(t.cluster.baseDomain, ['cluster', 'baseDomain'], 'Base domain');
  for (const n of t.networks) domain(n.domain, [...n.path, 'domain'], `Domain of network ${n.name}`);
  const c = t.cluster.name;
  // OKD has its own, stricter rule (installer-cluster-name).
  if (c && !isOkd(t) && !isDnsLabel(c)) {
    out.push(problem('name-invalid-dns', 'error', `Cluster name "${c}" ${labelProblem(c)}; it becomes part of every DNS name`, ['cluster', 'name']));
  }
  return out;
}
