// View model for PXE: pxelinux menus per role (BIOS), per-MAC links or own files, and for hosts with
// `firmware: uefi` a GRUB config per MAC with the same kernel, initramfs, rootfs and ignition arguments.
import type { Host } from '../model';
import type { Lookup } from './lookup';
import { kernelArgProblem } from '../rules';

export { kernelArgProblem };
import { grubFlavour, UEFI_BOOT_FILE } from './boot';
import { layoutOf } from './layout';
import type { GrubEntry, HttpView, PxeRole, PxeView } from './view-types';

/** The seed's serial console: a VM installed with `--graphics none` shows its install in `virsh console`. */
export const VM_KERNEL_ARGS = ['console=tty0', 'console=ttyS0,115200n8'];

const IGNITION_ROLE: Record<string, string> = {
  bootstrap: 'bootstrap',
  master: 'master',
  worker: 'worker',
  infra: 'worker',
  storage: 'worker',
};

/** The written kernelArgs (valid items only: with --force a bad one is dropped, never spliced into a boot line), or undefined. */
function givenArgs(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.filter((x): x is string => typeof x === 'string' && kernelArgProblem(x) === undefined);
}

/** `http://10.0.0.2:8080/okd/kernel` as GRUB names it: `(http,10.0.0.2:8080)/okd/kernel`; other schemes as written. */
export function grubPath(url: string): string {
  const m = /^http:\/\/([^/]+)(\/.*)?$/i.exec(url);
  return m ? `(http,${m[1]})${m[2] ?? '/'}` : url;
}

export function buildPxe(l: Lookup, http: HttpView | undefined): PxeView | undefined {
  const pxeHost = l.serviceHosts('pxe')[0];
  if (!pxeHost) return undefined;
  const s = l.t.services.pxe?.settings ?? {};
  const str = (k: string, d: string) => (typeof s[k] === 'string' ? (s[k] as string) : d);
  const tftpRoot = str('tftpRoot', layoutOf(pxeHost).tftpRoot).replace(/\/+$/, '');
  const httpHost = l.serviceHosts('http')[0];
  const nodes = l.nodes().filter((h) => l.pxeInterface(h));
  const net = nodes.map((h) => l.pxeInterface(h)!.network)[0];
  const ip = httpHost ? l.ipFor(httpHost, net) : undefined;
  const base = ip ? `http://${ip}${http && http.port !== 80 ? `:${http.port}` : ''}` : '';
  const url = (x: string) => (/^[a-z]+:\/\//i.test(x) ? x : `${base}/${x.replace(/^\/+/, '')}`);
  const ignPath = str('ignitionPath', 'okd/ignitions').replace(/^\/+|\/+$/g, '');
  const given = givenArgs(s.kernelArgs);
  const diskOf = (h: Host) => h.installDisk ?? (h.vm ? '/dev/vda' : '/dev/sda');
  const argsOf = (h: Host) => given ?? (h.vm ? VM_KERNEL_ARGS : []);
  // A role file carries what most of its hosts need; a host that differs (disk or arguments) gets its own file.
  const keyOf = (h: Host) => JSON.stringify([diskOf(h), argsOf(h)]);
  const roles: PxeRole[] = [];
  for (const role of ['bootstrap', 'master', 'worker']) {
    const members = nodes.filter((h) => IGNITION_ROLE[h.role] === role);
    if (members.length === 0) continue;
    const counts = new Map<string, number>();
    for (const h of members) counts.set(keyOf(h), (counts.get(keyOf(h)) ?? 0) + 1);
    const [installDisk, args] = JSON.parse(
      [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0],
    ) as [string, string[]];
    roles.push({
      name: role,
      file: role,
      kernel: url(str('kernel', 'okd/kernel/fedora-coreos-live-kernel-x86_64')),
      initramfs: url(str('initramfs', 'okd/initramfs/fedora-coreos-live-initramfs.x86_64.img')),
      rootfs: url(str('rootfs', 'okd/rootfs/fedora-coreos-live-rootfs.x86_64.img')),
      ignition: url(`${ignPath}/${role}.ign`),
      installDisk,
      args,
    });
  }
  const own: PxeView['own'] = [];
  const grub: GrubEntry[] = [];
  const flavour = grubFlavour(pxeHost.os);
  const entries = nodes.map((h) => {
    const mac = l.pxeInterface(h)!.mac!.toLowerCase().replace(/-/g, ':');
    const file = `01-${mac.replace(/:/g, '-')}`;
    const role = roles.find((r) => r.name === IGNITION_ROLE[h.role])!;
    const mine = keyOf(h) !== JSON.stringify([role.installDisk, role.args]);
    const boot = mine ? { ...role, installDisk: diskOf(h), args: argsOf(h) } : role;
    if (mine) own.push({ ...boot, host: h.name, file });
    if (h.firmware === 'uefi') {
      grub.push({
        host: h.name,
        role: role.name,
        mac,
        file: `grub.cfg-${file}`,
        kernel: grubPath(boot.kernel),
        initrd: grubPath(boot.initramfs),
        args: [
          `coreos.live.rootfs_url=${boot.rootfs}`,
          `coreos.inst.install_dev=${boot.installDisk}`,
          `coreos.inst.ignition_url=${boot.ignition}`,
          'ip=dhcp',
          ...boot.args,
        ],
      });
    }
    return { host: h.name, mac, file, link: mine ? '' : role.file };
  });
  const grubDir = flavour.dir ? `${tftpRoot}/${flavour.dir}` : tftpRoot;
  return {
    tftpRoot,
    dir: `${tftpRoot}/pxelinux.cfg`,
    roles,
    own,
    entries,
    uefi:
      grub.length > 0
        ? { bootFile: UEFI_BOOT_FILE, dir: grubDir, linux: flavour.linux, initrd: flavour.initrd, entries: grub }
        : null,
  };
}
