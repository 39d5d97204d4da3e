// Probes from a topology: the same view model rendering uses (records, PXE entries, frontends,
// reservations), so verify expects exactly what deploy put on the hosts. Only addresses the topology
// names are ever probed (addressBook), and `hosts` narrows the probes to the ones about those hosts.
import type { Topology } from '../model';
import { formatAddr, parseAddr } from '../ip';
import { buildRenderView } from '../render/view';
import type { View } from '../render/view';
import type { Zone } from '../render/view-types';
import { dhcpOfferProbes, serviceProbes } from './derive-services';
import type { DnsProbe, Probe } from './types';
import { addressBook, normal, ownerOf, uniq } from './util';

/** `11` in `200.168.192.in-addr.arpa` → `192.168.200.11` (IPv6 nibble zones likewise). */
export function ptrAddress(zone: string, owner: string): string | undefined {
  const labels = `${owner}.${zone}`.split('.');
  if (zone.endsWith('.in-addr.arpa')) {
    const octets = labels.slice(0, -2).reverse();
    return octets.length === 4 ? octets.join('.') : undefined;
  }
  if (zone.endsWith('.ip6.arpa')) {
    const nibbles = labels.slice(0, -2).reverse();
    if (nibbles.length !== 32) return undefined;
    const groups = Array.from({ length: 8 }, (_, i) => nibbles.slice(i * 4, i * 4 + 4).join(''));
    const a = parseAddr(groups.join(':'));
    return a ? formatAddr(6, a.value) : undefined;
  }
  return undefined;
}

/** A name under `*.apps` that no real route is likely to use, so the wildcard itself answers. */
export const APPS_PROBE_LABEL = 'okd-topology-verify';

function subjectsOf(v: View, name: string): string[] {
  const l = v.lookup;
  if (l.hosts.has(name)) return [name];
  if (name === 'api' || name === 'api-int' || name === '*.apps') {
    const vip = l.t.vips.find((x) => x.purpose === (name === '*.apps' ? 'ingress' : name) && x.ip);
    if (vip) return vip.holders.filter((h) => l.hosts.has(h));
    return l.serviceHosts('loadBalancer').map((h) => h.name);
  }
  return [];
}

function dnsServers(v: View): { address: string; server: string }[] {
  const t = v.lookup.t;
  const listed = t.networks.flatMap((n) => n.dns.map((d) => d.ip));
  const fallback = v.lookup
    .serviceHosts('dns')
    .map((h) => v.lookup.primaryIp(h))
    .filter((x): x is string => !!x);
  const out: { address: string; server: string }[] = [];
  for (const ip of listed.length ? listed : fallback) {
    const a = parseAddr(ip);
    if (!a) continue;
    const address = formatAddr(a.family, a.value);
    if (!out.some((x) => x.address === address)) out.push({ address, server: ownerOf(t, address) ?? address });
  }
  return out;
}

function forwardProbes(v: View, zone: Zone, at: { address: string; server: string }): DnsProbe[] {
  const byName = new Map<string, { type: 'A' | 'AAAA'; data: string[] }>();
  for (const r of zone.records) {
    if (r.type !== 'A' && r.type !== 'AAAA') continue;
    const key = `${r.type} ${r.name}`;
    const cur = byName.get(key) ?? { type: r.type, data: [] };
    if (!cur.data.includes(r.data)) cur.data.push(r.data);
    byName.set(key, cur);
  }
  const out: DnsProbe[] = [];
  for (const [key, { type, data }] of byName) {
    const owner = key.slice(type.length + 1);
    const name = owner === '*.apps' ? `${APPS_PROBE_LABEL}.apps.${zone.name}` : `${owner}.${zone.name}`;
    const subjects = subjectsOf(v, owner);
    out.push({
      kind: 'dns',
      id: `dns:${at.address}:${type}:${name}`,
      server: at.server,
      service: 'dns',
      hosts: uniq([at.server, ...subjects]),
      address: at.address,
      type,
      name,
      expected: data.map(normal),
    });
  }
  return out;
}

function reverseProbes(v: View, zone: Zone, at: { address: string; server: string }): DnsProbe[] {
  const out: DnsProbe[] = [];
  for (const r of zone.records) {
    if (r.type !== 'PTR') continue;
    const ip = ptrAddress(zone.name, r.name);
    if (!ip) continue;
    const fqdn = r.data.replace(/\.$/, '');
    const owner = ownerOf(v.lookup.t, ip);
    const prev = out.find((p) => p.name === ip);
    if (prev) {
      if (!prev.expected.includes(fqdn)) prev.expected.push(fqdn);
      continue;
    }
    out.push({
      kind: 'dns',
      id: `dns:${at.address}:PTR:${ip}`,
      server: at.server,
      service: 'dns',
      hosts: uniq([at.server, ...(owner ? [owner] : [])]),
      address: at.address,
      type: 'PTR',
      name: ip,
      expected: [fqdn],
    });
  }
  return out;
}

export interface DeriveOptions {
  /** Only probes about these topology hosts (empty or absent: all). */
  hosts?: string[];
  /** Also ask each DHCP server, by broadcast DISCOVER, what it offers every reserved MAC (needs root). */
  dhcpDiscover?: boolean;
}

/** Every probe for a topology, in a stable order (service by service). */
export function deriveProbes(t: Topology, opts: DeriveOptions = {}): Probe[] {
  const v = buildRenderView(t);
  const probes: Probe[] = [];
  if (v.dns) {
    for (const at of dnsServers(v)) {
      for (const z of v.dns.zones)
        probes.push(...(z.kind === 'forward' ? forwardProbes(v, z, at) : reverseProbes(v, z, at)));
    }
  }
  probes.push(...serviceProbes(v));
  if (opts.dhcpDiscover) probes.push(...dhcpOfferProbes(v));
  const book = addressBook(t);
  const allowed = probes.filter((p) => !('address' in p) || book.has(normal(p.address)));
  const wanted = opts.hosts && opts.hosts.length ? new Set(opts.hosts) : undefined;
  return wanted ? allowed.filter((p) => p.hosts.some((h) => wanted.has(h))) : allowed;
}
