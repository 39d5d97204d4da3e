// View model for the network services: DHCP subnets and reservations, BIND zones, chrony server.
import type { HostOs, Network } from '../model';
import { BIOS_BOOT_FILE, BIOS_HTTP_BOOT_FILE, needsHttpLoader, UEFI_BOOT_FILE } from './boot';
import { isHostOrIp } from '../rules';
import { formatAddr, formatCidr, maskOf, parseCidr } from '../ip';
import { parseAddr, type Lookup } from './lookup';
import type {
  DhcpReservation,
  DhcpSubnet,
  DhcpView,
  DnsRecord,
  DnsView,
  NetworkView,
  NtpServerView,
  Zone,
} from './view-types';
import { buildDhcp6 } from './view-dhcp6';
import { vipAddresses } from '../facts';

export const BIND_DIRECTORY = '/var/named';

export function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
export function numberSetting(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

export function networkView(l: Lookup, n: Network): NetworkView {
  const c = parseCidr(n.cidr);
  return {
    name: n.name,
    cidr: c ? formatCidr(c) : n.cidr,
    subnet: c ? formatAddr(4, c.base) : '',
    prefix: c?.prefix ?? 0,
    netmask: c && c.family === 4 ? formatAddr(4, maskOf(4, c.prefix)) : '',
    cidr6: n.cidr6,
    gateway: n.gateway,
    gateway6: n.gateway6,
    dns: n.dns.map((d) => d.ip),
    domain: n.domain ?? l.domain,
    mtu: n.mtu,
    bridge: n.bridge,
  };
}

/** A name usable in a dhcpd `host` declaration and as a DNS label. */
function label(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x'
  );
}

export function buildDhcp(l: Lookup): DhcpView | undefined {
  const servers = l.serviceHosts('dhcp');
  if (servers.length === 0) return undefined;
  const served = l.t.networks.filter(
    (n) => parseCidr(n.cidr)?.family === 4 && (n.dhcp !== undefined || servers.some((s) => l.ifaceOn(s, n.name))),
  );
  const pxeHost = l.serviceHosts('pxe')[0];
  const uefi = pxeHost !== undefined && l.nodes().some((h) => h.firmware === 'uefi' && l.pxeInterface(h));
  const ids = new Set<string>();
  const subnets: DhcpSubnet[] = served.map((n) => {
    const nv = networkView(l, n);
    const reservations: DhcpReservation[] = [];
    for (const h of l.t.hosts) {
      h.interfaces.forEach((i, k) => {
        if (i.network !== n.name || !i.mac || !i.ip || parseAddr(i.ip)?.family !== 4) return;
        let id = label(`${h.name}-${i.name ?? `if${k}`}`);
        for (let s = 2; ids.has(id); s++) id = label(`${h.name}-${i.name ?? `if${k}`}-${s}`);
        ids.add(id);
        const own =
          pxeHost && needsHttpLoader(l, h) && l.pxeInterface(h) === i ? { filename: BIOS_HTTP_BOOT_FILE } : {};
        reservations.push({
          id,
          host: h.name,
          hostname: h.name,
          mac: i.mac.toLowerCase().replace(/-/g, ':'),
          ip: i.ip,
          network: n.name,
          ...own,
        });
      });
    }
    const dnsServers =
      nv.dns.length > 0
        ? nv.dns
        : l
            .serviceHosts('dns')
            .map((h) => l.ipFor(h, n.name))
            .filter((x): x is string => !!x);
    return {
      network: n.name,
      subnet: nv.subnet,
      netmask: nv.netmask,
      cidr: nv.cidr,
      routers: n.gateway,
      dns: dnsServers,
      domain: nv.domain,
      // IPv6 ranges go to dhcpd6.conf (view-dhcp6.ts); dhcpd -4 refuses them.
      ranges: (n.dhcp?.ranges ?? [])
        .filter((r) => parseAddr(r.start)?.family === 4 && parseAddr(r.end)?.family === 4)
        .map((r) => ({ start: r.start, end: r.end })),
      leaseTime: n.dhcp?.leaseTime,
      mtu: n.mtu,
      nextServer: pxeHost ? l.ipFor(pxeHost, n.name) : undefined,
      filename: pxeHost ? BIOS_BOOT_FILE : undefined,
      uefiFilename: uefi ? UEFI_BOOT_FILE : undefined,
      reservations,
    };
  });
  const domainSearch = [...new Set([l.domain, ...subnets.map((s) => s.domain)].filter((d) => d))];
  const auth = l.t.services.dhcp?.settings.authoritative;
  return {
    authoritative: auth !== false,
    domain: l.domain,
    domainSearch,
    subnets,
    subnets6: buildDhcp6(l, label),
    pxe: pxeHost !== undefined,
    uefi,
    denyUnknown: l.t.services.dhcp?.settings.unknownClients === 'deny',
  };
}

/** Addresses the name `api`, `api-int` and `*.apps` resolve to (VIPs, else the load balancer hosts). */
export function wellKnownTargets(
  l: Lookup,
  lbHasIngress: boolean,
): Record<'api' | 'api-int' | '*.apps', { ip: string[]; ip6: string[] }> {
  const lbHosts = l.serviceHosts('loadBalancer');
  const lb = {
    ip: lbHosts.map((h) => l.primaryIp(h, 4)).filter((x): x is string => !!x),
    ip6: lbHosts.map((h) => l.primaryIp(h, 6)).filter((x): x is string => !!x),
  };
  const vip = (purpose: 'api' | 'api-int' | 'ingress') => {
    const list = vipAddresses(l.t, purpose).slice(0, 2);
    if (!list.length) return undefined;
    return {
      ip: list.filter((a) => a.family === 4).map((a) => a.text),
      ip6: list.filter((a) => a.family === 6).map((a) => a.text),
    };
  };
  const api = vip('api') ?? lb;
  return {
    api,
    'api-int': vip('api-int') ?? api,
    '*.apps': vip('ingress') ?? (lbHasIngress ? lb : { ip: [], ip6: [] }),
  };
}

const SERVICE_ALIASES: [string, 'dhcp' | 'loadBalancer' | 'ntp' | 'pxe' | 'http' | 'registry'][] = [
  ['dhcp', 'dhcp'],
  ['lb', 'loadBalancer'],
  ['ntp', 'ntp'],
  ['tftp', 'pxe'],
  ['http', 'http'],
  ['registry', 'registry'],
];

function reverseOf(ip: string, prefix: number | undefined): { zone: string; owner: string } | undefined {
  const a = parseAddr(ip);
  if (!a) return undefined;
  if (a.family === 4) {
    const octets = formatAddr(4, a.value).split('.');
    const n = Math.min(3, Math.max(1, Math.ceil((prefix ?? 24) / 8)));
    return {
      zone: `${octets.slice(0, n).reverse().join('.')}.in-addr.arpa`,
      owner: octets.slice(n).reverse().join('.'),
    };
  }
  const nibbles = a.value.toString(16).padStart(32, '0').split('');
  const n = Math.min(31, Math.max(1, Math.ceil((prefix ?? 64) / 4)));
  return { zone: `${nibbles.slice(0, n).reverse().join('.')}.ip6.arpa`, owner: nibbles.slice(n).reverse().join('.') };
}

function prefixFor(l: Lookup, ip: string): number | undefined {
  const n = l.networkOf(ip);
  if (!n) return undefined;
  const fam = parseAddr(ip)?.family;
  return parseCidr(fam === 6 ? n.cidr6 : n.cidr)?.prefix;
}

export function buildDns(l: Lookup, lbHasIngress: boolean): DnsView | undefined {
  const servers = l.serviceHosts('dns');
  if (servers.length === 0) return undefined;
  const settings = l.t.services.dns?.settings ?? {};
  const ttl = numberSetting(settings.ttl, 300);
  const domain = l.domain;
  const records: DnsRecord[] = [];
  const taken = new Set<string>();
  const ptr: { ip: string; fqdn: string }[] = [];
  const ptrIps = new Set<string>();
  const add = (name: string, ip: string | undefined, withPtr: boolean) => {
    if (!ip) return;
    const fam = parseAddr(ip)?.family;
    if (!fam) return;
    records.push({ name, type: fam === 4 ? 'A' : 'AAAA', data: ip });
    if (withPtr && !ptrIps.has(ip)) {
      ptrIps.add(ip);
      ptr.push({ ip, fqdn: `${name}.${domain}.` });
    }
  };
  const ns = servers.map((_, i) => `ns${i + 1}`);
  servers.forEach((h, i) => {
    taken.add(ns[i]);
    add(ns[i], l.primaryIp(h, 4), false);
    add(ns[i], l.primaryIp(h, 6), false);
  });
  for (const h of l.t.hosts) {
    if (l.hosts.get(h.name) !== h) continue;
    taken.add(h.name);
    h.interfaces.forEach((i, k) => {
      const first4 = h.interfaces.findIndex((x) => x.ip) === k;
      const first6 = h.interfaces.findIndex((x) => x.ip6) === k;
      add(first4 ? h.name : label(`${h.name}-${i.network || k}`), i.ip, true);
      add(first6 ? h.name : label(`${h.name}-${i.network || k}`), i.ip6, true);
    });
  }
  const wk = wellKnownTargets(l, lbHasIngress);
  for (const name of ['api', 'api-int', '*.apps'] as const) {
    taken.add(name);
    for (const ip of [...wk[name].ip, ...wk[name].ip6]) add(name, ip, name !== '*.apps');
  }
  for (const v of l.t.vips) {
    if (v.purpose !== 'custom' || !v.name || taken.has(v.name)) continue;
    taken.add(v.name);
    add(v.name, v.ip, true);
    add(v.name, v.ip6, true);
  }
  for (const [alias, kind] of SERVICE_ALIASES) {
    if (taken.has(alias)) continue;
    for (const h of l.serviceHosts(kind)) {
      add(alias, l.primaryIp(h, 4), false);
      add(alias, l.primaryIp(h, 6), false);
    }
  }
  const primary = `${ns[0]}.${domain}.`;
  const hostmaster = `hostmaster.${domain}.`;
  const nsNames = ns.map((n) => `${n}.${domain}.`);
  const zone = (name: string, kind: Zone['kind'], recs: DnsRecord[]): Zone => ({
    name,
    kind,
    file: `${name}.zone`,
    path: `${BIND_DIRECTORY}/${name}.zone`,
    ttl,
    primary,
    hostmaster,
    serial: 1,
    ns: nsNames,
    records: recs,
  });
  const reverse = new Map<string, DnsRecord[]>();
  // PTRs in address order, so a reverse zone reads like the subnet it describes.
  ptr.sort((a, b) => {
    const x = parseAddr(a.ip)!.value;
    const y = parseAddr(b.ip)!.value;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  for (const p of ptr) {
    const r = reverseOf(p.ip, prefixFor(l, p.ip));
    if (!r) continue;
    if (!reverse.has(r.zone)) reverse.set(r.zone, []);
    reverse.get(r.zone)!.push({ name: r.owner, type: 'PTR', data: p.fqdn });
  }
  const zones = [zone(domain, 'forward', records)];
  for (const name of [...reverse.keys()].sort()) zones.push(zone(name, 'reverse', reverse.get(name)!));
  const allow = [
    'localhost',
    ...l.t.networks
      .flatMap((n) => [n.cidr, n.cidr6])
      .map((c) => parseCidr(c))
      .filter((c) => c !== undefined)
      .map((c) => formatCidr(c)),
  ];
  const forwarders = strings(settings.forwarders);
  return {
    directory: BIND_DIRECTORY,
    forwarders,
    allowQuery: [...new Set(allow)],
    // Lab forwarders (home routers, libvirt dnsmasq) often strip DNSSEC data; validating through them fails.
    dnssecValidation: forwarders.length > 0 ? 'no' : 'auto',
    listenV6: servers.some((h) => h.interfaces.some((i) => i.ip6)),
    zones,
  };
}

export function buildNtpServer(l: Lookup): NtpServerView | undefined {
  if (l.serviceHosts('ntp').length === 0) return undefined;
  const allow = l.t.networks
    .flatMap((n) => [n.cidr, n.cidr6])
    .map((c) => parseCidr(c))
    .filter((c) => c !== undefined)
    .map((c) => formatCidr(c));
  const given = l.t.services.ntp?.settings.upstream;
  return {
    upstream: given === undefined ? undefined : strings(given).filter((u) => isHostOrIp(u)),
    allow: [...new Set(allow)],
  };
}

/** The pool a distribution's own chrony.conf follows, so a services host keeps the upstream it shipped with. */
const NTP_POOL: Record<HostOs, string> = {
  fedora: '2.fedora.pool.ntp.org',
  centos: '2.centos.pool.ntp.org',
  rhel: '2.rhel.pool.ntp.org',
  rocky: '2.rocky.pool.ntp.org',
  almalinux: '2.almalinux.pool.ntp.org',
  debian: '2.debian.pool.ntp.org',
  ubuntu: 'ntp.ubuntu.com',
};

export function defaultNtpUpstream(os: HostOs | undefined): string[] {
  return [NTP_POOL[os ?? 'fedora'] ?? NTP_POOL.fedora];
}
