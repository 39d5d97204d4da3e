// The packages a host needs before its files can be validated and its services started: every program
// deploy runs there (validators, reload commands, health checks) and the daemon behind every unit it
// starts, mapped to the package that ships it on the host's distribution. Deploy checks for the programs
// (not the package database: a program built by hand or from another package counts as present) and
// installs the missing packages only with the user's consent.
import type { OsFamily } from '../render/layout';
import type { Argv, HealthCheck } from '../render/manifest';
import { commandLine, shQuote } from './quote';
import type { Activation } from './units';

export type PackageManager = 'dnf' | 'apt';

export interface PackageNeed {
  /** Looked up with `command -v` on the host. */
  program: string;
  package: string;
}

export interface PackageSet {
  manager: PackageManager;
  needs: PackageNeed[];
}

/** Program → [Red Hat family package, Debian/Ubuntu package]. */
const PROVIDERS: Record<string, readonly [string, string]> = {
  dhcpd: ['dhcp-server', 'isc-dhcp-server'],
  named: ['bind', 'bind9'],
  'named-checkconf': ['bind', 'bind9-utils'],
  'named-checkzone': ['bind', 'bind9-utils'],
  dig: ['bind-utils', 'bind9-dnsutils'],
  haproxy: ['haproxy', 'haproxy'],
  chronyd: ['chrony', 'chrony'],
  httpd: ['httpd', 'apache2'],
  apache2ctl: ['httpd', 'apache2'],
  'in.tftpd': ['tftp-server', 'tftpd-hpa'],
  keepalived: ['keepalived', 'keepalived'],
  'firewall-cmd': ['firewalld', 'firewalld'],
  virsh: ['libvirt-client', 'libvirt-clients'],
  'virt-xml-validate': ['libvirt-client', 'libvirt-clients'],
  podman: ['podman', 'podman'],
};

/** Unit → the program of its daemon (the unit's package ships both). */
const UNIT_PROGRAM: Record<string, string> = {
  named: 'named',
  dhcpd: 'dhcpd',
  dhcpd6: 'dhcpd',
  'isc-dhcp-server': 'dhcpd',
  'isc-dhcp-server6': 'dhcpd',
  haproxy: 'haproxy',
  chronyd: 'chronyd',
  chrony: 'chronyd',
  httpd: 'httpd',
  apache2: 'apache2ctl',
  'tftp.socket': 'in.tftpd',
  tftp: 'in.tftpd',
  'tftpd-hpa': 'in.tftpd',
  keepalived: 'keepalived',
  firewalld: 'firewall-cmd',
  registry: 'podman',
};

/** What deploy runs on one host: the files' validators, each service's activation and health checks. */
export interface HostCommands {
  validators: Argv[];
  activations: Activation[];
  health: HealthCheck[];
}

/** Every program deploy runs on the host (validators, reloads, DNS checks) and every daemon it starts. */
function programs(c: HostCommands): string[] {
  const out = new Set<string>();
  for (const v of c.validators) out.add(v[0]);
  for (const a of c.activations) {
    if (a.command) out.add(a.command[0]);
    for (const u of a.units) if (UNIT_PROGRAM[u]) out.add(UNIT_PROGRAM[u]);
  }
  for (const h of c.health) if (h.kind === 'dns' && h.server) out.add('dig');
  return [...out];
}

export function packageSet(c: HostCommands, family: OsFamily): PackageSet {
  const column = family === 'debian' ? 1 : 0;
  const needs = programs(c).flatMap((program) => {
    const p = PROVIDERS[program];
    return p ? [{ program, package: p[column] }] : [];
  });
  return { manager: family === 'debian' ? 'apt' : 'dnf', needs };
}

/** The packages of `needs`, each once, in order. */
export function packageNames(needs: PackageNeed[]): string[] {
  return [...new Set(needs.map((n) => n.package))];
}

/** Prints the programs the host lacks, one per line (nothing when every program is there). */
export function missingProgramsScript(needs: PackageNeed[]): string {
  const progs = [...new Set(needs.map((n) => n.program))].map(shQuote).join(' ');
  return `for p in ${progs}; do command -v "$p" >/dev/null 2>&1 || printf '%s\\n' "$p"; done`;
}

export function parseMissing(output: string, needs: PackageNeed[]): PackageNeed[] {
  const missing = new Set(
    output
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  return needs.filter((n) => missing.has(n.program));
}

/** The install command: non-interactive, and on apt with fresh package lists (a new host may have none). */
export function installScript(manager: PackageManager, packages: string[]): string {
  if (manager === 'dnf') return commandLine(['dnf', 'install', '-y', '--', ...packages]);
  return `${commandLine(['apt-get', '-q', 'update'])} && ${commandLine(['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', '-q', '-y', 'install', '--no-install-recommends', '--', ...packages])}`;
}

/** The command a user would type, for messages. */
export function installHint(manager: PackageManager, packages: string[]): string {
  return manager === 'dnf' ? `dnf install ${packages.join(' ')}` : `apt-get install ${packages.join(' ')}`;
}
