// Where each distribution keeps the daemons' configs and what it calls their units. The seeds run
// the services host on Fedora/CentOS; k3s and kubeadm labs are as often Debian, Ubuntu or
// Raspberry Pi OS, where the same daemons live under other paths, units and groups.
import type { Host, HostOs } from '../model';

export type OsFamily = 'redhat' | 'debian';

export interface OsLayout {
  family: OsFamily;
  dhcpUnit: string;
  /** The unit that runs dhcpd -6 (Debian's init script starts both from one unit). */
  dhcp6Unit: string;
  namedConf: string;
  /** BIND's working directory (`directory` in named.conf). */
  bindDirectory: string;
  /** Where zone files go; named.conf names them relative to bindDirectory when it is the same. */
  zoneDir: string;
  namedGroup: string;
  chronyConf: string;
  chronyUnit: string;
  httpConf: string;
  httpUnit: string;
  /** The web server's config test, `{file}` standing for the uploaded file. */
  httpValidate: string[];
  tftpRoot: string;
  tftpUnit: string;
  /** Where dhcpd keeps its leases (verify reads it over SSH). */
  dhcpLeases: string;
  /** HAProxy's stats socket, in a directory the distribution's package creates. */
  haproxyStatsSocket: string;
}

const REDHAT: OsLayout = {
  family: 'redhat',
  dhcpUnit: 'dhcpd',
  dhcp6Unit: 'dhcpd6',
  namedConf: '/etc/named.conf',
  bindDirectory: '/var/named',
  zoneDir: '/var/named',
  namedGroup: 'named',
  chronyConf: '/etc/chrony.conf',
  chronyUnit: 'chronyd',
  httpConf: '/etc/httpd/conf/httpd.conf',
  httpUnit: 'httpd',
  httpValidate: ['httpd', '-t', '-f', '{file}'],
  tftpRoot: '/var/lib/tftpboot',
  tftpUnit: 'tftp.socket',
  dhcpLeases: '/var/lib/dhcpd/dhcpd.leases',
  haproxyStatsSocket: '/var/lib/haproxy/stats',
};

// Zone files sit in /etc/bind: Ubuntu's AppArmor profile lets named read there, and Debian's own
// packages keep their static zones there too; /var/cache/bind is named's scratch directory.
const DEBIAN: OsLayout = {
  family: 'debian',
  dhcpUnit: 'isc-dhcp-server',
  dhcp6Unit: 'isc-dhcp-server',
  namedConf: '/etc/bind/named.conf',
  bindDirectory: '/var/cache/bind',
  zoneDir: '/etc/bind',
  namedGroup: 'bind',
  chronyConf: '/etc/chrony/chrony.conf',
  chronyUnit: 'chrony',
  httpConf: '/etc/apache2/apache2.conf',
  httpUnit: 'apache2',
  // apache2ctl reads /etc/apache2/envvars (the config uses its variables) and creates the run directory.
  httpValidate: ['apache2ctl', '-t', '-f', '{file}'],
  tftpRoot: '/srv/tftp',
  tftpUnit: 'tftpd-hpa',
  dhcpLeases: '/var/lib/dhcp/dhcpd.leases',
  // /run/haproxy comes from the package's tmpfiles.d entry.
  haproxyStatsSocket: '/run/haproxy/admin.sock',
};

// Ubuntu ships dhcpd -6 as a unit of its own.
const UBUNTU: OsLayout = { ...DEBIAN, dhcp6Unit: 'isc-dhcp-server6' };

const FAMILY: Record<HostOs, OsLayout> = {
  fedora: REDHAT,
  centos: REDHAT,
  rhel: REDHAT,
  rocky: REDHAT,
  almalinux: REDHAT,
  debian: DEBIAN,
  ubuntu: UBUNTU,
};

/** The layout of `h` (Red Hat family when the host does not say). */
export function layoutOf(h: Host | undefined): OsLayout {
  return layoutForOs(h?.os);
}

export function layoutForOs(os: HostOs | undefined): OsLayout {
  return FAMILY[os ?? 'fedora'] ?? REDHAT;
}

/** How named.conf refers to a zone file: relative when it sits in BIND's directory. */
export function zoneFileRef(l: OsLayout, file: string): string {
  return l.zoneDir === l.bindDirectory ? file : `${l.zoneDir}/${file}`;
}
