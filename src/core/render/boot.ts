// Where the PXE host's own packages keep the network boot loaders, per distribution. Deploy copies
// them into the TFTP root from the host itself (never uploads a binary from this machine), so the
// loader always matches the host's syslinux or GRUB build. Facts: /work/shared/reference/pxe-boot-loaders.md.
import type { HostOs } from '../model';
import { layoutForOs } from './layout';

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

// The EFI vendor folder the grub2-efi-x64 and shim-x64 packages install into.
const EFI_VENDOR: Partial<Record<HostOs, string>> = { fedora: 'fedora', centos: 'centos', rhel: 'redhat', rocky: 'rocky', almalinux: 'almalinux' };

/**
 * pxelinux.0 and the ldlinux.c32 it loads first (from the same syslinux build). The menus this product
 * renders use no other module (no UI line, no menu.c32), so these two are all a BIOS client needs.
 */
export function biosBootFiles(os: HostOs | undefined): BootFile[] {
  if (layoutForOs(os).family === 'debian') {
    return [
      { name: 'pxelinux.0', from: '/usr/lib/PXELINUX/pxelinux.0', package: 'pxelinux' },
      { name: 'ldlinux.c32', from: '/usr/lib/syslinux/modules/bios/ldlinux.c32', package: 'syslinux-common' },
    ];
  }
  return [
    { name: 'pxelinux.0', from: '/usr/share/syslinux/pxelinux.0', package: 'syslinux' },
    { name: 'ldlinux.c32', from: '/usr/share/syslinux/ldlinux.c32', package: 'syslinux' },
  ];
}

/** shim and a network-capable GRUB, both signed, renamed to the names shim looks for beside itself. */
export function uefiBootFiles(os: HostOs | undefined): BootFile[] {
  const vendor = EFI_VENDOR[os ?? 'fedora'];
  if (!vendor) {
    return [
      { name: UEFI_BOOT_FILE, from: '/usr/lib/shim/shimx64.efi.signed', package: 'shim-signed' },
      { name: 'grubx64.efi', from: '/usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed', package: 'grub-efi-amd64-signed' },
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
