// The distribution packages a host needs for what deploy puts on it: per rendered service (by the
// RenderedFile.service names) and per host step (the packages its programs and copied files come
// from). Data for the deploy plan, which lists them and installs them with dnf or apt when asked.
import type { HostOs } from '../model';
import type { HostStep } from './manifest';
import { layoutForOs, type OsFamily } from './layout';

export interface PackageNeed {
  name: string;
  /** The services (and step titles) that need it, for the plan's explanation. */
  for: string[];
}

/**
 * Packages per service and distribution family. Services that are not packages (k3s installs with its
 * own script; cluster files go to the installer or `oc`) have none.
 */
export const SERVICE_PACKAGES: Record<string, Record<OsFamily, string[]>> = {
  // dhcpd, named (and dig, which deploy's DNS health check runs), haproxy, chronyd, the TFTP server, httpd
  dhcp: { redhat: ['dhcp-server'], debian: ['isc-dhcp-server'] },
  dns: { redhat: ['bind', 'bind-utils'], debian: ['bind9', 'bind9-dnsutils'] },
  loadBalancer: { redhat: ['haproxy'], debian: ['haproxy'] },
  ntp: { redhat: ['chrony'], debian: ['chrony'] },
  pxe: { redhat: ['tftp-server'], debian: ['tftpd-hpa'] },
  http: { redhat: ['httpd'], debian: ['apache2'] },
  registry: { redhat: ['podman'], debian: ['podman'] },
  keepalived: { redhat: ['keepalived'], debian: ['keepalived'] },
  firewall: { redhat: ['firewalld'], debian: ['firewalld'] },
  libvirt: { redhat: ['libvirt', 'virt-install'], debian: ['libvirt-daemon-system', 'virtinst'] },
};

/**
 * What one host needs: the packages of the services of its files, then those of its steps, each once
 * with every reason. `services` are RenderedFile.service values of the host's files.
 */
export function hostPackages(os: HostOs | undefined, services: Iterable<string>, steps: HostStep[] = []): PackageNeed[] {
  const family = layoutForOs(os).family;
  const out = new Map<string, PackageNeed>();
  const need = (name: string, why: string) => {
    const p = out.get(name) ?? { name, for: [] };
    if (!p.for.includes(why)) p.for.push(why);
    out.set(name, p);
  };
  for (const s of services) for (const name of SERVICE_PACKAGES[s]?.[family] ?? []) need(name, s);
  for (const st of steps) {
    if (st.kind === 'copy' && st.package) need(st.package, st.service);
    if (st.kind === 'command') for (const name of st.packages ?? []) need(name, st.service);
  }
  return [...out.values()];
}
