// How deploy checks and activates each rendered file: the daemons' own config-test modes and
// systemd units (per the host's distribution, see layout.ts), overridable per service in the topology.
import type { ServiceKind, Topology } from '../model';
import type { Argv, HealthCheck } from './manifest';
import { splitArgv } from './util';

export interface Commands {
  validate?: Argv;
  reload?: Argv;
  health?: HealthCheck[];
}

const systemctl = (verb: 'reload' | 'restart', unit: string): Argv => ['systemctl', verb, unit];
const active = (unit: string): HealthCheck => ({ kind: 'service-active', unit });

export const DEFAULT_COMMANDS = {
  // dhcpd.conf and dhcpd6.conf are one service: both files share the restart of every unit involved.
  dhcp: (units: string[], v6 = false): Commands => ({
    validate: ['dhcpd', ...(v6 ? ['-6'] : []), '-t', '-cf', '{file}'],
    reload: ['systemctl', 'restart', ...units],
    health: units.map(active),
  }),
  namedConf: {
    validate: ['named-checkconf', '{file}'],
    reload: systemctl('reload', 'named'),
    health: [active('named')],
  },
  zone: (zone: string): Commands => ({
    validate: ['named-checkzone', zone, '{file}'],
    reload: systemctl('reload', 'named'),
  }),
  haproxy: {
    validate: ['haproxy', '-c', '-f', '{file}'],
    reload: systemctl('reload', 'haproxy'),
    health: [active('haproxy')],
  },
  chrony: (unit: string): Commands => ({
    validate: ['chronyd', '-p', '-f', '{file}'],
    reload: systemctl('restart', unit),
    health: [active(unit)],
  }),
  keepalived: {
    validate: ['keepalived', '-t', '-f', '{file}'],
    reload: systemctl('reload', 'keepalived'),
    health: [active('keepalived')],
  },
  httpd: (unit: string, validate: Argv): Commands => ({
    validate,
    reload: systemctl('reload', unit),
    health: [active(unit)],
  }),
  firewalld: { reload: ['firewall-cmd', '--reload'], health: [active('firewalld')] },
  pxe: (unit: string): Commands => ({ health: [active(unit)] }),
  k3sServer: { reload: systemctl('restart', 'k3s'), health: [active('k3s')] },
  k3sAgent: { reload: systemctl('restart', 'k3s-agent'), health: [active('k3s-agent')] },
  // A unit file of ours: restarted (after daemon-reload, see RenderedFile.systemdUnit) and checked active.
  systemdService: (unit: string): Commands => ({ reload: systemctl('restart', unit), health: [active(unit)] }),
  libvirtNet: (path: string): Commands => ({
    validate: ['virt-xml-validate', '{file}', 'network'],
    reload: ['virsh', 'net-define', path],
  }),
} satisfies Record<string, Commands | ((...x: never[]) => Commands)>;

/**
 * Applies the topology's per-service overrides. `validate` replaces the check of the service's
 * main config files only (a zone file needs named-checkzone, not the named.conf checker);
 * `reload` replaces the reload of every file of the service, since they share one reload.
 */
export function withOverrides(t: Topology, service: string, main: boolean, c: Commands): Commands {
  const s = t.services[service as ServiceKind];
  if (!s) return c;
  const out = { ...c };
  if (main && s.validate?.trim()) out.validate = splitArgv(s.validate);
  if (s.reload?.trim()) out.reload = splitArgv(s.reload);
  return out;
}
