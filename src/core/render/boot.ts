// Where the PXE host's own packages keep the network boot loaders, per distribution. Deploy copies
// them into the TFTP root from the host itself (never uploads a binary from this machine), so the
// loader always matches the host's syslinux or GRUB build. Facts: /work/shared/reference/pxe-boot-loaders.md.
import type { Host, HostOs } from '../model';
import { layoutForOs } from './layout';
import { NODE_ROLES, type Lookup } from './lookup';

/** A file deploy copies from a package on the host into the TFTP root. */
export interface BootFile {
  /** File name in the TFTP root (what DHCP hands out or the loader fetches). */
  name: string;
  /** Absolute path on the host, installed by `package`. */
  from: string;
  package: string;
}

/** The file a UEFI client is told to fetch: shim, which then loads grubx64.efi from the same folder (Secure Boot or not). */
export const UEFI_BOOT_FILE = 'shimx64.efi';
export const BIOS_BOOT_FILE = 'pxelinux.0';
/**
 * The menus load the kernel over HTTP. VMs boot iPXE ROMs, with which plain pxelinux.0 fetches HTTP URLs;
 * the PXE ROMs of physical NICs cannot, so bare metal booting BIOS gets lpxelinux.0 (syslinux's built-in HTTP).
 */
export const BIOS_HTTP_BOOT_FILE = 'lpxelinux.0';

/** A cluster node that PXE-boots BIOS on bare metal (no `vm`): it needs lpxelinux.0. */
export function needsHttpLoader(l: Lookup, h: Host): boolean {
  return h.firmware !== 'uefi' && h.vm === undefined && NODE_ROLES.includes(h.role) && l.pxeInterface(h) !== undefined;
}

// The EFI vendor folder the grub2-efi-x64 and shim-x64 packages install into.
const EFI_VENDOR: Partial<Record<HostOs, string>> = {
  fedora: 'fedora',
  centos: 'centos',
  rhel: 'redhat',
  rocky: 'rocky',
  almalinux: 'almalinux',
};

/**
 * pxelinux.0 (and lpxelinux.0 when bare metal boots BIOS) and the ldlinux.c32 both load first (from the same
 * syslinux build). The menus this product renders use no other module (no UI line, no menu.c32).
 */
export function biosBootFiles(os: HostOs | undefined, http = false): BootFile[] {
  const debian = layoutForOs(os).family === 'debian';
  const loader = (name: string): BootFile =>
    debian
      ? { name, from: `/usr/lib/PXELINUX/${name}`, package: 'pxelinux' }
      : { name, from: `/usr/share/syslinux/${name}`, package: 'syslinux' };
  return [
    loader(BIOS_BOOT_FILE),
    ...(http ? [loader(BIOS_HTTP_BOOT_FILE)] : []),
    debian
      ? { name: 'ldlinux.c32', from: '/usr/lib/syslinux/modules/bios/ldlinux.c32', package: 'syslinux-common' }
      : { name: 'ldlinux.c32', from: '/usr/share/syslinux/ldlinux.c32', package: 'syslinux' },
  ];
}

/** shim and a network-capable GRUB, both signed, renamed to the names shim looks for beside itself. */
export function uefiBootFiles(os: HostOs | undefined): BootFile[] {
  const vendor = EFI_VENDOR[os ?? 'fedora'];
  if (!vendor) {
    return [
      { name: UEFI_BOOT_FILE, from: '/usr/lib/shim/shimx64.efi.signed', package: 'shim-signed' },
      {
        name: 'grubx64.efi',
        from: '/usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed',
        package: 'grub-efi-amd64-signed',
      },
    ];
  }
  return [
    { name: UEFI_BOOT_FILE, from: `/boot/efi/EFI/${vendor}/shimx64.efi`, package: 'shim-x64' },
    { name: 'grubx64.efi', from: `/boot/efi/EFI/${vendor}/grubx64.efi`, package: 'grub2-efi-x64' },
  ];
}

export interface GrubFlavour {
  /**
   * Folder under the TFTP root where GRUB looks for `grub.cfg-01-<mac>` and `grub.cfg`: Debian's
   * grubnetx64 is built with the prefix `/grub`; the Red Hat family's grubx64.efi uses the folder
   * it was loaded from (the TFTP root here).
   */
  dir: string;
  /** Red Hat's GRUB keeps the EFI loaders under their historical names; Debian's has only linux/initrd. */
  linux: 'linuxefi' | 'linux';
  initrd: 'initrdefi' | 'initrd';
}

export function grubFlavour(os: HostOs | undefined): GrubFlavour {
  return EFI_VENDOR[os ?? 'fedora']
    ? { dir: '', linux: 'linuxefi', initrd: 'initrdefi' }
    : { dir: 'grub', linux: 'linux', initrd: 'initrd' };
}
