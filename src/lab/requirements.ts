// What the lab needs on this machine, and the Debian package that provides each piece, so a missing
// piece is named exactly ("in.tftpd (Debian package tftpd-hpa)") instead of failing half-way.
import { existsSync, readFileSync } from 'node:fs';

export interface Missing {
  what: string;
  package?: string;
}

const TOOLS: [string, string][] = [
  ['/usr/sbin/ip', 'iproute2'],
  ['/usr/bin/unshare', 'util-linux'],
  ['/usr/bin/nsenter', 'util-linux'],
  ['/usr/sbin/sshd', 'openssh-server'],
  ['/usr/bin/ssh-keygen', 'openssh-client'],
  ['/usr/bin/openssl', 'openssl'],
  ['/usr/sbin/dhcpd', 'isc-dhcp-server'],
  ['/usr/sbin/named', 'bind9'],
  ['/usr/sbin/haproxy', 'haproxy'],
  ['/usr/sbin/chronyd', 'chrony'],
  ['/usr/sbin/in.tftpd', 'tftpd-hpa'],
  ['/usr/sbin/apache2', 'apache2'],
  ['/usr/sbin/dhclient', 'isc-dhcp-client'],
  ['/usr/lib/PXELINUX/pxelinux.0', 'pxelinux'],
  ['/usr/lib/syslinux/modules/bios/ldlinux.c32', 'syslinux-common'],
];

function has(path: string): boolean {
  // /usr/sbin and /sbin are one folder on merged-/usr systems, not on others.
  return (
    existsSync(path) ||
    existsSync(path.replace(/^\/usr\/sbin\//, '/sbin/')) ||
    existsSync(path.replace(/^\/usr\/bin\//, '/bin/'))
  );
}

export function labRequirements(): Missing[] {
  const out: Missing[] = [];
  if (process.platform !== 'linux')
    return [{ what: `Linux (this is ${process.platform}): the lab is made of Linux network namespaces` }];
  if (process.getuid?.() !== 0)
    out.push({ what: 'root (network namespaces, bridges and mounts need it): run as root or with sudo' });
  for (const [path, pkg] of TOOLS) if (!has(path)) out.push({ what: path, package: pkg });
  try {
    if (!/\toverlay$/m.test(readFileSync('/proc/filesystems', 'utf8')))
      out.push({ what: 'the overlay file system (kernel module overlay): modprobe overlay' });
  } catch {
    out.push({ what: '/proc/filesystems (is /proc mounted?)' });
  }
  return out;
}

export function describeMissing(missing: Missing[]): string {
  const pkgs = [...new Set(missing.map((m) => m.package).filter((p): p is string => !!p))];
  const lines = missing.map((m) => `  - ${m.what}${m.package ? ` (Debian package ${m.package})` : ''}`);
  if (pkgs.length) lines.push(`  install them with: apt-get install --no-install-recommends ${pkgs.join(' ')}`);
  return lines.join('\n');
}
