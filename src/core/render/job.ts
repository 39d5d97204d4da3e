// One output file to render: its template, extra variables, target, path, mode and how deploy treats it.
import type { Host } from '../model';
import type { Commands } from './commands';
import type { View } from './view';
import type { Zone } from './view-types';

export interface Job {
  /** Template file name under templates/ (absent for symlinks). */
  template?: string;
  /** Extra template variables for this file (merged over the shared scope). */
  ctx: Record<string, unknown>;
  target: string;
  path: string;
  mode: string;
  owner?: string;
  group?: string;
  service: string;
  commands: Commands;
  apply?: 'oc' | 'kubectl';
  /** Link target for a symlink job. */
  link?: string;
  /** Zone files get their SOA serial from the previous rendering (see serial.ts). */
  zone?: Zone;
  /** Needs the node chrony.conf rendered first (MachineConfigs embed it). */
  embedChrony?: boolean;
  secrets?: boolean;
  /** A systemd unit file (deploy runs daemon-reload before the service's reload). */
  systemdUnit?: boolean;
}

export const TEMPLATE_NAMES = [
  'dhcpd.conf.liquid',
  'dhcpd6.conf.liquid',
  'named.conf.liquid',
  'zone-forward.liquid',
  'zone-reverse.liquid',
  'haproxy.cfg.liquid',
  'chrony-server.conf.liquid',
  'chrony-node.conf.liquid',
  'machineconfig-chrony.yaml.liquid',
  'pxelinux-role.liquid',
  'pxelinux-default.liquid',
  'httpd.conf.liquid',
  'apache2.conf.liquid',
  'firewalld-zone.xml.liquid',
  'keepalived.conf.liquid',
  'install-config.yaml.liquid',
  'metallb-crs.yaml.liquid',
  'metallb-configmap.yaml.liquid',
  'metallb-values.yaml.liquid',
  'k3s-config.yaml.liquid',
  'libvirt-network.xml.liquid',
  'virt-install.sh.liquid',
  'network-mtu.yaml.liquid',
  'grub-node.cfg.liquid',
  'grub-default.cfg.liquid',
  'registry.service.liquid',
  'registry-cert.ext.liquid',
] as const;

const hostViews = new WeakMap<View, Map<string, View['hosts'][number]>>();

export function hostCtx(v: View, h: Host): Record<string, unknown> {
  let m = hostViews.get(v);
  if (!m) hostViews.set(v, (m = new Map(v.hosts.map((x) => [x.name, x]))));
  return { host: m.get(h.name) ?? null };
}
