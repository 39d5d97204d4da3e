// What `verify` asks of a live lab, as plain data: each probe names where to look (an address the
// topology names), what the topology says should be there, and which hosts and service it is about.
// The adapter (src/verify) performs the probes; evaluate.ts turns what it saw into checks.
import type { HostTarget } from '../deploy/plan';

export const PROBE_KINDS = [
  'dns',
  'tftp',
  'http',
  'tcp',
  'lb-backends',
  'ntp',
  'dhcp-leases',
  'dhcp-offer',
  'vip',
] as const;
export type ProbeKind = (typeof PROBE_KINDS)[number];

/** The service a check is about: a topology service, or a VIP / MetalLB pool. */
export type CheckService = 'dhcp' | 'dns' | 'loadBalancer' | 'ntp' | 'pxe' | 'http' | 'vip' | 'pool';

interface ProbeBase {
  /** Stable across runs: kind plus what is asked, e.g. `dns:192.168.200.254:A:api.okd.example.com`. */
  id: string;
  /** The host that serves the answer (the DNS server, the TFTP server, the VIP's network...). */
  server: string;
  service: CheckService;
  /** Every topology host the probe is about (server and subjects): `--host` and graph badges use it. */
  hosts: string[];
}

export interface DnsProbe extends ProbeBase {
  kind: 'dns';
  /** The DNS server's address. */
  address: string;
  /** 53 unless a test points the probe at a recording. */
  port?: number;
  type: 'A' | 'AAAA' | 'PTR';
  /** A name for A/AAAA, an address for PTR. */
  name: string;
  /** Addresses (A/AAAA) or names without the trailing dot (PTR); compared as sets. */
  expected: string[];
}

export interface PxeMenuExpect {
  role: string;
  kernel: string;
  initramfs: string;
  rootfs: string;
  ignition: string;
}

export interface TftpProbe extends ProbeBase {
  kind: 'tftp';
  address: string;
  /** 69 unless a test points the probe at a recording. */
  port?: number;
  /** Path as a PXE client asks for it (relative to the TFTP root). */
  file: string;
  /** A boot loader only has to be there; a menu must name the host's role and URLs. */
  expect: { kind: 'loader' } | ({ kind: 'menu' } & PxeMenuExpect);
}

export interface HttpProbe extends ProbeBase {
  kind: 'http';
  url: string;
  /** Where the URL's host points (an address of the topology). */
  address: string;
  port: number;
  path: string;
}

export interface TcpProbe extends ProbeBase {
  kind: 'tcp';
  address: string;
  port: number;
  what: string;
}

export interface LbBackendsProbe extends ProbeBase {
  kind: 'lb-backends';
  ssh: HostTarget;
  /** HAProxy's stats socket on the host (rendered into haproxy.cfg's global section). */
  socket: string;
  config: string;
  backends: { name: string; servers: { name: string; address: string; port: number; bootstrap: boolean }[] }[];
}

export interface NtpProbe extends ProbeBase {
  kind: 'ntp';
  address: string;
  /** 123 unless a test points the probe at a recording. */
  port?: number;
}

export interface DhcpLeasesProbe extends ProbeBase {
  kind: 'dhcp-leases';
  ssh: HostTarget;
  leasesFile: string;
  /** The unit whose journal holds dhcpd's DHCPACK lines (fixed addresses never reach the leases file). */
  unit: string;
  reservations: { host: string; mac: string; ip: string }[];
}

/** Asked only with --dhcp-discover: what the network's DHCP servers offer a reserved MAC (never leased). */
export interface DhcpOfferProbe extends ProbeBase {
  kind: 'dhcp-offer';
  /** The DHCP server's address on the network (the offer must come from it). */
  address: string;
  /** Where the DISCOVER goes: the network's broadcast address, port 67. */
  broadcast: string;
  network: string;
  cidr: string;
  /** The reserved host whose MAC is asked for, and what the topology reserves for it. */
  host: string;
  mac: string;
  ip: string;
  /** The boot file and TFTP server a PXE client should be told, when the network boots by PXE. */
  filename?: string;
  nextServer?: string;
}

export interface VipProbe extends ProbeBase {
  kind: 'vip';
  address: string;
  /** TCP ports a declared service listens on; none: the address only has to answer ARP. */
  ports: number[];
  network: string;
  /** The network's CIDR, so the adapter can tell whether this machine is on it (ARP needs that). */
  cidr: string;
  what: string;
  /** The VIP's purpose, when it is one ('api' makes it part of "is the cluster up"). */
  purpose?: string;
}

export type Probe =
  | DnsProbe
  | TftpProbe
  | HttpProbe
  | TcpProbe
  | LbBackendsProbe
  | NtpProbe
  | DhcpLeasesProbe
  | DhcpOfferProbe
  | VipProbe;

/** What the adapter saw. `error` is a short reason (timed out, refused, NXDOMAIN...). */
export type Observation =
  | { kind: 'dns'; answers?: string[]; error?: string }
  | { kind: 'tftp'; content?: Uint8Array; error?: string }
  | { kind: 'http'; status?: number; error?: string }
  | { kind: 'tcp'; connected?: boolean; error?: string }
  | {
      kind: 'lb-backends';
      stat?: string;
      servers?: string;
      info?: string;
      configMtime?: number;
      now?: number;
      error?: string;
    }
  | { kind: 'ntp'; stratum?: number; leap?: number; error?: string }
  | { kind: 'dhcp-leases'; leases?: string; journal?: string; error?: string }
  | {
      kind: 'dhcp-offer';
      offers?: { yiaddr: string; serverId?: string; from: string; file?: string; nextServer?: string }[];
      offLink?: boolean;
      error?: string;
    }
  | {
      kind: 'vip';
      ports?: { port: number; connected: boolean; error?: string }[];
      arp?: 'answered' | 'silent' | 'off-link';
      error?: string;
    };

export type CheckSeverity = 'error' | 'info';

export interface Check {
  kind: ProbeKind;
  /** What was asked, e.g. `A api.okd.example.com @192.168.200.254`. */
  target: string;
  expected: string;
  observed: string;
  ok: boolean;
  detail: string;
  /** `info` never fails the run (a VIP before the cluster is up, a reservation not asked for yet). */
  severity: CheckSeverity;
  service: CheckService;
  server: string;
  hosts: string[];
  /** A command that asks the same question by hand. */
  reproduce: string;
  probe: string;
  /** Only answers once the cluster runs (VIPs, pools, backend servers): info while no API answers. */
  clusterBound?: boolean;
  /** When ok, proves an API server answers (an API backend UP, an API VIP accepting on 6443). */
  api?: boolean;
}

export interface VerifyReport {
  file: string;
  checks: Check[];
}

/** A check counts as failed when it is not ok and not merely informational. */
export function failed(c: Check): boolean {
  return !c.ok && c.severity === 'error';
}
