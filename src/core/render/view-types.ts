// The view model templates read. Everything a template needs is precomputed here (reservations,
// records, backends, reverse zones), so templates only loop and print.
import type { Role } from '../model';

export interface HostView {
  name: string;
  fqdn: string;
  role: Role;
  ip?: string;
  ip6?: string;
  vm: boolean;
}

export interface NetworkView {
  name: string;
  cidr: string;
  subnet: string;
  prefix: number;
  netmask: string;
  cidr6?: string;
  gateway?: string;
  gateway6?: string;
  dns: string[];
  domain: string;
  mtu?: number;
  bridge?: string;
}

export interface DhcpReservation {
  /** Unique declaration name, e.g. `master-0-enp1s0`. */
  id: string;
  host: string;
  hostname: string;
  mac: string;
  ip: string;
  network: string;
}

export interface DhcpSubnet {
  network: string;
  subnet: string;
  netmask: string;
  cidr: string;
  routers?: string;
  dns: string[];
  domain: string;
  ranges: { start: string; end: string }[];
  leaseTime?: number;
  mtu?: number;
  /** PXE: the TFTP server clients on this subnet boot from. */
  nextServer?: string;
  filename?: string;
  reservations: DhcpReservation[];
}

export interface Dhcp6Subnet {
  network: string;
  cidr: string;
  ranges: { start: string; end: string }[];
  dns: string[];
  domain: string;
  reservations: DhcpReservation[];
}

export interface DhcpView {
  authoritative: boolean;
  domain: string;
  domainSearch: string[];
  subnets: DhcpSubnet[];
  /** Networks with IPv6 dynamic ranges: rendered into dhcpd6.conf. */
  subnets6: Dhcp6Subnet[];
  pxe: boolean;
}

export interface DnsRecord {
  /** Owner name relative to the zone origin (`@`, `api`, `*.apps`, `11`). */
  name: string;
  type: 'A' | 'AAAA' | 'PTR' | 'NS' | 'CNAME';
  /** Address, or an absolute name ending in a dot. */
  data: string;
}

export interface Zone {
  name: string;
  kind: 'forward' | 'reverse';
  /** File name relative to the BIND directory. */
  file: string;
  path: string;
  ttl: number;
  /** Primary name server and hostmaster mailbox, absolute with trailing dot. */
  primary: string;
  hostmaster: string;
  serial: number;
  ns: string[];
  records: DnsRecord[];
}

export interface DnsView {
  directory: string;
  forwarders: string[];
  allowQuery: string[];
  dnssecValidation: 'auto' | 'no';
  listenV6: boolean;
  zones: Zone[];
}

export interface LbServer {
  name: string;
  address: string;
  port: number;
}

export interface LbBackend {
  name: string;
  /** `api` (HTTPS /readyz), `mcs` (HTTPS /healthz), `ingress` (router /healthz/ready on 1936) or `tcp`. */
  check: 'api' | 'mcs' | 'ingress' | 'tcp';
  servers: LbServer[];
}

export interface LbFrontend {
  name: string;
  port: number;
  /** The listening address, `*:6443` or `:::6443` (dual stack, with `v4v6` set). */
  bind: string;
  /** Dual stack: haproxy's `v4v6` bind option, so the IPv6 socket takes IPv4 too. */
  v4v6: boolean;
  backend: LbBackend;
}

export interface LbView {
  frontends: LbFrontend[];
  stats: { port: number } | null;
  /** True when this rendering includes the bootstrap host in API backends. */
  withBootstrap: boolean;
  hasBootstrap: boolean;
}

export interface VrrpInstance {
  name: string;
  vip: string;
  prefix: number;
  family: 4 | 6;
  interface: string;
  vrid: number;
  priority: number;
  sourceIp?: string;
  peers: string[];
}

export interface KeepalivedView {
  instances: VrrpInstance[];
  /** The holder also runs HAProxy: track it so the VIP follows a working load balancer. */
  trackHaproxy: boolean;
}

export interface FirewallView {
  zone: string;
  interfaces: string[];
  sources: string[];
  services: string[];
  ports: { port: number; protocol: 'tcp' | 'udp'; why: string }[];
  protocols: string[];
}

export interface NtpServerView {
  upstream: string[];
  allow: string[];
}

export interface PxeRole {
  name: string;
  /** File under pxelinux.cfg/. */
  file: string;
  kernel: string;
  initramfs: string;
  rootfs: string;
  ignition: string;
  installDisk: string;
}

export interface PxeEntry {
  host: string;
  mac: string;
  /** `01-aa-bb-cc-dd-ee-ff`. */
  file: string;
  /** The role file it links to, or empty when the host has its own file. */
  link: string;
}

export interface PxeView {
  tftpRoot: string;
  dir: string;
  roles: PxeRole[];
  /** Hosts that need their own file (an install disk differing from their role's). */
  own: (PxeRole & { host: string })[];
  entries: PxeEntry[];
}

export interface HttpView {
  port: number;
  root: string;
}

export interface SecretsView {
  pullSecret: string;
  sshKey: string;
  bmcPasswords: Record<string, string>;
}
