// Hosts, their interfaces and VMs: the model objects a large file has tens of thousands of, read
// in one pass per mapping.
import type { YNode } from './yaml/ast';
import { normaliseMac } from './ip';
import { FIRMWARES, HOST_OS, ROLES, type Host, type Interface, type Path, type Role } from './model';
import { bool, get, num, oneOf, seq, str } from './parse-read';

/**
 * The first value of each wanted key in one pass over a mapping: the same answer as a lookup per
 * key (duplicates are reported by the parser, the first one counts), without rescanning the
 * mapping for every field of every host of 10,000-host files.
 */
function fieldsOf<K extends string>(
  n: YNode | undefined,
  keys: Record<K, number>,
  out: (YNode | undefined)[],
): (YNode | undefined)[] {
  out.fill(undefined);
  if (n && n.kind === 'map') {
    for (const p of n.items) {
      const k = keys[p.key.text as K];
      if (k !== undefined && out[k] === undefined) out[k] = p.value;
    }
  }
  return out;
}

// Null-prototype tables, so a key such as `constructor` finds nothing.
const keyTable = <T extends Record<string, number>>(t: T): T => Object.assign(Object.create(null) as T, t);
const IF_KEYS = keyTable({ network: 0, name: 1, ip: 2, ip6: 3, mac: 4, pxe: 5 });
const HOST_KEYS = keyTable({
  name: 0,
  role: 1,
  interfaces: 2,
  ssh: 3,
  vm: 4,
  bmc: 5,
  installDisk: 6,
  os: 7,
  ingress: 8,
  firmware: 9,
});
// Scratch arrays reused by every call (callers destructure them at once), so a host costs no extra array.
const ifFields: (YNode | undefined)[] = new Array(6);
const hostFields: (YNode | undefined)[] = new Array(10);

// Hosts, their interfaces and VMs are the model objects a large file has tens of thousands of;
// only the few in a problem ever need their document path, so it is made when asked for.
class InterfaceModel implements Interface {
  constructor(
    readonly network: string,
    readonly name: string | undefined,
    readonly ip: string | undefined,
    readonly ip6: string | undefined,
    readonly mac: string | undefined,
    readonly pxe: boolean | undefined,
    private readonly host: number,
    private readonly index: number,
  ) {}
  get path(): Path {
    return ['hosts', this.host, 'interfaces', this.index];
  }
}

class VmModel implements NonNullable<Host['vm']> {
  constructor(
    readonly cpus: number | undefined,
    readonly memoryGiB: number | undefined,
    readonly diskGiB: number | undefined,
    readonly on: string | undefined,
    private readonly host: number,
  ) {}
  get path(): Path {
    return ['hosts', this.host, 'vm'];
  }
}

class HostModel implements Host {
  constructor(
    readonly name: string,
    readonly role: Role,
    readonly roleUnknown: true | undefined,
    readonly interfaces: Interface[],
    readonly ssh: Host['ssh'],
    readonly vm: Host['vm'],
    readonly bmc: Host['bmc'],
    readonly installDisk: string | undefined,
    readonly os: Host['os'],
    readonly ingress: boolean | undefined,
    readonly firmware: Host['firmware'],
    private readonly index: number,
  ) {}
  get path(): Path {
    return ['hosts', this.index];
  }
}

function parseInterface(it: YNode, i: number, j: number): Interface {
  const [network, name, ip, ip6, mac, pxe] = fieldsOf(it, IF_KEYS, ifFields);
  // One spelling of a MAC for every output (dhcpd, PXE file names, virt-install, libvirt XML);
  // a malformed one stays as written, for its problem to quote.
  const m = str(mac);
  return new InterfaceModel(
    str(network) ?? '',
    str(name),
    str(ip),
    str(ip6),
    m === undefined ? undefined : (normaliseMac(m) ?? m),
    bool(pxe),
    i,
    j,
  );
}

export function parseHost(n: YNode, i: number): Host {
  const [name, roleNode, ifs, ssh, vm, bmc, installDisk, os, ingress, firmware] = fieldsOf(n, HOST_KEYS, hostFields);
  const role = str(roleNode);
  return new HostModel(
    str(name) ?? '',
    oneOf(role, ROLES, 'worker'),
    (ROLES as readonly string[]).includes(role ?? '') ? undefined : true,
    seq(ifs).map((it, j) => parseInterface(it, i, j)),
    ssh?.kind === 'map'
      ? {
          host: str(get(ssh, 'host')),
          user: str(get(ssh, 'user')),
          port: num(get(ssh, 'port')),
          path: ['hosts', i, 'ssh'],
        }
      : undefined,
    vm?.kind === 'map'
      ? new VmModel(num(get(vm, 'cpus')), num(get(vm, 'memoryGiB')), num(get(vm, 'diskGiB')), str(get(vm, 'on')), i)
      : undefined,
    bmc?.kind === 'map'
      ? { address: str(get(bmc, 'address')) ?? '', username: str(get(bmc, 'username')), path: ['hosts', i, 'bmc'] }
      : undefined,
    str(installDisk),
    oneOf(str(os), HOST_OS, undefined),
    bool(ingress),
    oneOf(str(firmware), FIRMWARES, undefined),
    i,
  );
}
