// MAC addresses and names: malformed, duplicated, not usable as DNS labels.
import type { Host, Interface, Path, Topology } from '../model';
import type { Problem, RelatedPath } from '../problems';
import { isMulticastMac, normaliseMac } from '../ip';
import { NODE_ROLES } from '../facts';
import {
  RELATED_MAX,
  andMore,
  cappedRelated,
  freeName,
  isDnsLabel,
  isDnsName,
  isOkd,
  labelProblem,
  problem,
} from './util';

export function checkMacs(t: Topology): Problem[] {
  const out: Problem[] = [];
  // Keyed by normalised MAC; paths are built only when a problem is reported.
  const seen = new Map<string, [Host, Interface][]>();
  for (const h of t.hosts) {
    for (const i of h.interfaces) {
      const mac = macOf(h, i, out);
      if (!mac) continue;
      const list = seen.get(mac);
      if (list) list.push([h, i]);
      else seen.set(mac, [[h, i]]);
    }
  }
  // A duplicate is reported at every owner, each naming the others (capped).
  for (const [mac, owners] of seen) {
    if (owners.length < 2) continue;
    const rel = ([oh, oi]: [Host, Interface]) => ({
      message: `MAC ${mac} of host ${oh.name}`,
      path: [...oi.path, 'mac'],
    });
    // Every owner past the first RELATED_MAX + 1 has the same list: built once and shared.
    let shared: RelatedPath[] | undefined;
    owners.forEach(([h, i], k) => {
      const others = k > RELATED_MAX ? owners : owners.slice(0, RELATED_MAX + 2).filter((_, j) => j !== k);
      const related =
        k > RELATED_MAX
          ? (shared ??= cappedRelated(others, owners.length - 1, rel))
          : cappedRelated(others, owners.length - 1, rel);
      const verb = k > 0 ? 'already' : 'also';
      out.push(
        problem(
          'mac-duplicate',
          'error',
          `MAC ${mac} is ${verb} used by host ${others[0][0].name}${andMore(owners.length - 1)}`,
          [...i.path, 'mac'],
          related,
          { host: h.name },
        ),
      );
    });
  }
  // Installers identify nodes by MAC: DHCP reservations (UPI) and bootMACAddress (IPI).
  if (isOkd(t)) {
    for (const h of t.hosts) {
      if (!NODE_ROLES.includes(h.role) || !h.interfaces.length) continue;
      if (h.interfaces.some((i) => i.mac && i.mac.trim())) continue;
      // IPI writes it as bootMACAddress, which the installer requires; UPI can still boot by hand.
      const ipi = t.cluster.platform === 'okd-ipi' && h.role !== 'bootstrap';
      const why = ipi
        ? 'the installer needs its boot MAC address (bootMACAddress)'
        : 'its DHCP reservation and PXE boot need a MAC address';
      out.push(
        problem(
          'mac-missing',
          ipi ? 'error' : 'warning',
          `Host ${h.name} has no MAC address; ${why}`,
          h.interfaces[0].path,
          undefined,
          { host: h.name },
        ),
      );
    }
  }
  return out;
}

/** The normalised MAC of an interface, or undefined after reporting why it has none usable. */
function macOf(h: Host, i: Interface, out: Problem[]): string | undefined {
  if (i.mac === undefined || i.mac.trim() === '') {
    if (i.pxe)
      out.push(
        problem(
          'mac-missing',
          'error',
          `Host ${h.name} boots with PXE on network ${i.network} but the interface has no MAC address`,
          i.path,
          undefined,
          { host: h.name },
        ),
      );
    return undefined;
  }
  const mac = normaliseMac(i.mac);
  if (!mac) {
    out.push(
      problem(
        'mac-invalid',
        'error',
        `"${i.mac}" is not a MAC address (write six hex pairs, e.g. 52:54:00:12:34:56)`,
        [...i.path, 'mac'],
        undefined,
        { host: h.name },
      ),
    );
    return undefined;
  }
  if (isMulticastMac(mac)) {
    out.push(
      problem(
        'mac-multicast',
        'error',
        `${mac} of host ${h.name} is a multicast MAC (lowest bit of the first byte set); a NIC needs a unicast address`,
        [...i.path, 'mac'],
        undefined,
        { host: h.name },
      ),
    );
  }
  return mac;
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
    out.push(
      problem(
        'name-duplicate',
        'error',
        `There is already a ${kind} named ${it.name}`,
        [...it.path, 'name'],
        [{ message: `the first ${kind} ${it.name}`, path: [...prev.path, 'name'] }],
        { kind, name: it.name, suggestion },
      ),
    );
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
      out.push(
        problem('name-invalid-dns', 'error', `${kind} name "${it.name}" ${labelProblem(it.name)}; ${why}`, [
          ...it.path,
          'name',
        ]),
      );
    }
  };
  for (const h of t.hosts) label('Host', h, 'it becomes a DNS name and a Kubernetes node name');
  for (const n of t.networks) label('Network', n, 'it names libvirt networks and generated files');
  for (const v of t.vips) label('VIP', v, 'it becomes a DNS record and a keepalived instance name');
  for (const p of t.pools) label('Pool', p, 'it becomes a Kubernetes object name');
  const domain = (v: string | undefined, path: Path, what: string) => {
    if (v && !isDnsName(v))
      out.push(problem('name-invalid-dns', 'error', `${what} "${v}" is not a valid DNS domain name`, path));
  };
  domain(t.cluster.baseDomain, ['cluster', 'baseDomain'], 'Base domain');
  for (const n of t.networks) domain(n.domain, [...n.path, 'domain'], `Domain of network ${n.name}`);
  const c = t.cluster.name;
  // OKD has its own, stricter rule (installer-cluster-name).
  if (c && !isOkd(t) && !isDnsLabel(c)) {
    out.push(
      problem(
        'name-invalid-dns',
        'error',
        `Cluster name "${c}" ${labelProblem(c)}; it becomes part of every DNS name`,
        ['cluster', 'name'],
      ),
    );
  }
  return out;
}
