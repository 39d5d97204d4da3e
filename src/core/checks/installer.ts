// Rules of the OpenShift installer for what the topology writes into install-config.yaml beyond the
// networks: the bare-metal provisioning network, the cluster-wide proxy, the hosts IPI provisions,
// their root device hints and the pod network MTU. Each follows a rule of the installer's own
// validation (pkg/types/validation, pkg/types/baremetal/validation), worded for this file.
import type { Host, Path, Topology } from '../model';
import type { Problem } from '../problems';
import { machineNetworks } from '../facts';
import { cidrsOverlap, contains, formatCidr, lastOf, parseAddr, parseCidr, parseRangeOrCidr, type Cidr } from '../ip';
import { isOkd, problem } from './util';
import { checkProxy } from './proxy';

export const DEFAULT_PROVISIONING_CIDR = '172.22.0.0/24';

/** BMC drivers that boot from virtual media or UEFI HTTP need no provisioning network. */
export function needsProvisioningNetwork(bmcAddress: string): boolean {
  const scheme = /^([a-z0-9+-]+):\/\//i.exec(bmcAddress.trim())?.[1]?.toLowerCase();
  return !!scheme && !/virtualmedia|uefihttp/.test(scheme);
}

const PROVISIONED = new Set(['master', 'worker', 'infra', 'storage']);

/** The mode the installer will use: as written, or Disabled when every BMC boots from virtual media. */
export function provisioningMode(t: Topology): 'Managed' | 'Unmanaged' | 'Disabled' {
  const written = t.cluster.provisioning?.network;
  if (written) return written;
  const bmcs = t.hosts.filter((h) => PROVISIONED.has(h.role) && h.bmc?.address).map((h) => h.bmc!.address);
  return bmcs.length > 0 && bmcs.every((a) => !needsProvisioningNetwork(a)) ? 'Disabled' : 'Managed';
}

export function checkInstaller(t: Topology): Problem[] {
  const out: Problem[] = [];
  checkProxy(t, out);
  checkMtu(t, out);
  if (t.cluster.platform !== 'okd-ipi') {
    if (t.cluster.provisioning) {
      out.push(
        problem(
          'installer-provisioning-unused',
          'warning',
          'provisioning applies to bare-metal IPI only (platform okd-ipi); it is not rendered for this platform',
          t.cluster.provisioning.path,
        ),
      );
    }
    return out;
  }
  checkIpiHosts(t, out);
  checkProvisioning(t, out);
  return out;
}

function checkIpiHosts(t: Topology, out: Problem[]): void {
  const provisioned = t.hosts.filter((h) => PROVISIONED.has(h.role));
  if (!provisioned.length) {
    out.push(
      problem(
        'installer-ipi-hosts',
        'error',
        'Bare-metal IPI has no hosts to install: add masters (and workers) with a BMC and a boot MAC address',
        t.hosts.length ? ['hosts'] : ['cluster', 'platform'],
      ),
    );
  } else if (!provisioned.some((h) => h.role === 'master')) {
    out.push(
      problem(
        'installer-ipi-hosts',
        'error',
        'Bare-metal IPI needs at least one master: the installer refuses a control plane of 0 replicas (3 masters and no workers is a valid compact cluster)',
        [...provisioned[0].path, 'role'],
      ),
    );
  }
  for (const h of provisioned) rootDevice(h, out);
}

/** installDisk becomes rootDeviceHints.deviceName, which must be a /dev path; of the udev links only by-path is stable enough for the installer. */
function rootDevice(h: Host, out: Problem[]): void {
  const d = h.installDisk?.trim();
  if (!d) return;
  const at = [...h.path, 'installDisk'];
  if (!d.startsWith('/dev/')) {
    out.push(
      problem(
        'installer-root-device',
        'error',
        `installDisk "${d}" of host ${h.name} must be a path under /dev/ (it becomes the installer's root device hint)`,
        at,
        undefined,
        { host: h.name },
      ),
    );
  } else if (/^\/dev\/disk\/by-(?!path\/)/.test(d)) {
    out.push(
      problem(
        'installer-root-device',
        'error',
        `installDisk "${d}" of host ${h.name}: among the /dev/disk/by-* links the installer's root device hint accepts only /dev/disk/by-path/…; use that link or the kernel name (e.g. /dev/sda)`,
        at,
        undefined,
        { host: h.name },
      ),
    );
  }
}

interface ProvCtx {
  out: Problem[];
  path: Path;
  machine: { cidr: Cidr; text: string }[];
}

function checkProvisioning(t: Topology, out: Problem[]): void {
  const p = t.cluster.provisioning;
  const mode = provisioningMode(t);
  const ctx: ProvCtx = { out, path: p?.path ?? ['cluster', 'platform'], machine: machineNetworks(t) };
  if (mode === 'Disabled') {
    disabledDrivers(t, ctx);
    for (const key of ['bootstrapIP', 'clusterIP'] as const) {
      const a = ipAt(p?.[key], key, ctx);
      if (a && ctx.machine.length && !ctx.machine.some((m) => contains(m.cidr, a))) {
        out.push(
          problem(
            'installer-provisioning',
            'error',
            `With provisioning.network Disabled, ${key} ${p![key]} must be in a machine network (${machineText(ctx)})`,
            [...ctx.path, key],
          ),
        );
      }
    }
    if (p?.dhcpRange)
      out.push(
        problem(
          'installer-provisioning-unused',
          'warning',
          'dhcpRange is used only by a Managed provisioning network; with Disabled it is ignored',
          [...ctx.path, 'dhcpRange'],
        ),
      );
    return;
  }
  const cidr = provisioningCidr(p?.cidr, mode, ctx);
  if (!cidr) return;
  const range = dhcpRange(p?.dhcpRange, cidr, mode, ctx);
  for (const key of ['bootstrapIP', 'clusterIP'] as const) {
    const a = ipAt(p?.[key], key, ctx);
    if (!a) continue;
    const at = [...ctx.path, key];
    if (!contains(cidr, a))
      out.push(
        problem(
          'installer-provisioning',
          'error',
          `${key} ${p![key]} is not in the provisioning network ${formatCidr(cidr)}`,
          at,
        ),
      );
    else if (range && a.value >= range.start && a.value <= range.end)
      out.push(
        problem(
          'installer-provisioning',
          'error',
          `${key} ${p![key]} lies in the provisioning DHCP range; the installer's DHCP could hand it to a host`,
          at,
          [{ message: 'provisioning.dhcpRange', path: [...ctx.path, 'dhcpRange'] }],
        ),
      );
    if (key === 'bootstrapIP' && ctx.machine.some((m) => contains(m.cidr, a)))
      out.push(
        problem(
          'installer-provisioning',
          'error',
          `bootstrapIP ${p![key]} must not be in a machine network (${machineText(ctx)})`,
          at,
        ),
      );
  }
}

function machineText(ctx: ProvCtx): string {
  return ctx.machine.map((m) => formatCidr(m.cidr)).join(', ');
}

function ipAt(v: string | undefined, key: string, ctx: ProvCtx) {
  if (v === undefined) return undefined;
  const a = parseAddr(v);
  if (!a)
    ctx.out.push(
      problem('installer-provisioning', 'error', `provisioning.${key} "${v}" is not an IP address`, [...ctx.path, key]),
    );
  return a;
}

function provisioningCidr(text: string | undefined, mode: string, ctx: ProvCtx): Cidr | undefined {
  const written = text !== undefined;
  const at = written ? [...ctx.path, 'cidr'] : ctx.path;
  const c = parseCidr(text ?? DEFAULT_PROVISIONING_CIDR);
  if (!c) {
    ctx.out.push(
      problem(
        'installer-provisioning',
        'error',
        `provisioning.cidr "${text}" is not a CIDR (e.g. ${DEFAULT_PROVISIONING_CIDR})`,
        at,
      ),
    );
    return undefined;
  }
  if (c.hostBits)
    ctx.out.push(
      problem(
        'installer-provisioning',
        'error',
        `provisioning.cidr ${text} has host bits set; the network is ${formatCidr(c)}`,
        at,
        undefined,
        { replacement: formatCidr(c) },
      ),
    );
  if (c.family === 6 && c.prefix < 64 && mode === 'Managed') {
    ctx.out.push(
      problem(
        'installer-provisioning',
        'error',
        `A Managed IPv6 provisioning network must be /64 or longer (is /${c.prefix}): the installer's DHCPv6 hands out addresses from it`,
        at,
      ),
    );
  }
  const m = ctx.machine.find((x) => x.cidr.family === c.family && cidrsOverlap(x.cidr, c));
  if (m) {
    ctx.out.push(
      problem(
        'installer-provisioning',
        'error',
        `The provisioning network ${formatCidr(c)}${written ? '' : ' (the default)'} overlaps the machine network ${formatCidr(m.cidr)}; give provisioning.cidr a free subnet${written ? '' : ' or set provisioning.network'}`,
        at,
      ),
    );
  }
  return c;
}

function dhcpRange(text: string | undefined, cidr: Cidr, mode: string, ctx: ProvCtx) {
  if (text === undefined) return undefined;
  const at = [...ctx.path, 'dhcpRange'];
  if (mode !== 'Managed') {
    ctx.out.push(
      problem(
        'installer-provisioning-unused',
        'warning',
        `dhcpRange is used only by a Managed provisioning network; with ${mode} it is ignored`,
        at,
      ),
    );
    return undefined;
  }
  const r = parseRangeOrCidr(text);
  if (!r.range || r.cidr || !text.includes('-')) {
    ctx.out.push(
      problem(
        'installer-provisioning',
        'error',
        `provisioning.dhcpRange "${text}" must be "start-end"${r.error ? `: ${r.error}` : ''}`,
        at,
      ),
    );
    return undefined;
  }
  if (r.range.family !== cidr.family || r.range.start < cidr.base || r.range.end > lastOf(cidr)) {
    ctx.out.push(
      problem(
        'installer-provisioning',
        'error',
        `provisioning.dhcpRange ${text} is not inside the provisioning network ${formatCidr(cidr)}`,
        at,
      ),
    );
  }
  return r.range;
}

function disabledDrivers(t: Topology, ctx: ProvCtx): void {
  for (const h of t.hosts) {
    if (!PROVISIONED.has(h.role) || !h.bmc?.address || !needsProvisioningNetwork(h.bmc.address)) continue;
    const driver = /^([a-z0-9+-]+):/i.exec(h.bmc.address.trim())![1];
    ctx.out.push(
      problem(
        'installer-provisioning',
        'error',
        `BMC driver ${driver} of host ${h.name} boots over the provisioning network, which is Disabled; use a virtual-media address (e.g. redfish-virtualmedia://) or enable provisioning`,
        [...h.bmc.path, 'address'],
        [
          {
            message: 'provisioning.network',
            path: t.cluster.provisioning?.network ? [...ctx.path, 'network'] : ctx.path,
          },
        ],
        { host: h.name },
      ),
    );
  }
}

/** Bytes the pod network's encapsulation takes from the node MTU. */
const OVERLAY: Record<string, number> = { ovnkubernetes: 100, openshiftsdn: 50 };

function checkMtu(t: Topology, out: Problem[]): void {
  const mtu = t.cluster.networking.clusterNetworkMTU;
  if (mtu === undefined) return;
  const at: Path = ['cluster', 'networking', 'clusterNetworkMTU'];
  if (!isOkd(t)) {
    out.push(
      problem(
        'installer-mtu',
        'warning',
        `clusterNetworkMTU is rendered for OKD only; set the MTU in ${t.cluster.platform}'s CNI configuration`,
        at,
      ),
    );
    return;
  }
  const type = t.cluster.networking.networkType ?? 'OVNKubernetes';
  const overhead = OVERLAY[type.toLowerCase()];
  if (overhead === undefined) {
    out.push(
      problem(
        'installer-mtu',
        'error',
        `clusterNetworkMTU can be set for OVNKubernetes or OpenShiftSDN, not ${type}`,
        at,
      ),
    );
    return;
  }
  const machine = machineNetworks(t);
  const nets = t.networks.filter((n) => machine.some((m) => m.text === n.cidr || m.text === n.cidr6));
  const node = nets.length ? Math.min(...nets.map((n) => n.mtu ?? 1500)) : 1500;
  if (mtu > node - overhead) {
    const which = nets.find((n) => (n.mtu ?? 1500) === node);
    out.push(
      problem(
        'installer-mtu',
        'error',
        `clusterNetworkMTU ${mtu} leaves no room for ${type}'s ${overhead}-byte header on ${which ? `network ${which.name}` : 'the node network'} (MTU ${node}); at most ${node - overhead}`,
        at,
        which
          ? [
              {
                message: `network ${which.name}`,
                path: which.mtu !== undefined ? [...which.path, 'mtu'] : [...which.path, 'name'],
              },
            ]
          : undefined,
        { replacement: String(node - overhead) },
      ),
    );
  }
}
