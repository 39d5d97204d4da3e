// What the inspector shows for each node kind: one entry per YAML field, with its document path,
// input kind and format check. Pure, so the edit each field produces is unit-tested.
import type {
  FieldValue,
  GraphEdit,
  HostView,
  NetworkView,
  Path,
  PoolView,
  ServiceKind,
  TopologyView,
  VipView,
} from './protocol';
import {
  HOST_OS_LIST,
  PLATFORMS_LIST,
  POOL_PROTOCOLS_LIST,
  ROLES_LIST,
  SERVICE_KINDS_LIST,
  VIP_PURPOSES_LIST,
} from './constants';
import { checkFormat, type FieldFormat } from './validate';
import type { AnyView } from './describe';

export type FieldInput = 'text' | 'number' | 'bool' | 'select' | 'list';

export interface FieldSpec {
  key: string;
  label: string;
  /** Document path of the value (node path + relative keys). */
  path: Path;
  input: FieldInput;
  format?: FieldFormat;
  options?: readonly string[];
  /** The value as text (lists joined with ", "); '' when unset. */
  value: string;
  /** For `list`: are items numbers? */
  numeric?: boolean;
  required?: boolean;
  /** A group heading (e.g. "interface 0 · lan"). */
  group?: string;
  help?: string;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const list = (v: readonly unknown[] | undefined) => (v ?? []).join(', ');

function f(
  node: AnyView,
  key: string,
  label: string,
  rel: Path,
  input: FieldInput,
  value: unknown,
  extra: Partial<FieldSpec> = {},
): FieldSpec {
  return {
    key,
    label,
    path: [...node.path, ...rel],
    input,
    value: Array.isArray(value) ? list(value) : str(value),
    ...extra,
  };
}

function hostFields(h: HostView, hypervisors: string[], needsBmc: boolean): FieldSpec[] {
  const out: FieldSpec[] = [
    f(h, 'name', 'Name', ['name'], 'text', h.name, { format: 'name', required: true }),
    f(h, 'role', 'Role', ['role'], 'select', h.role, { options: ROLES_LIST, required: true }),
    f(h, 'installDisk', 'Install disk', ['installDisk'], 'text', h.installDisk, { help: 'e.g. /dev/sda' }),
    f(h, 'os', 'Distribution', ['os'], 'select', h.os, {
      options: ['', ...HOST_OS_LIST],
      help: 'paths and unit names of rendered files (none: Fedora/RHEL)',
    }),
    f(h, 'ingress', 'Runs ingress', ['ingress'], 'bool', h.ingress),
    // Not one document path: the services map names hosts, so this becomes a setServices edit.
    f(h, 'services', 'Runs services', ['services'], 'list', h.services, {
      options: SERVICE_KINDS_LIST,
      help: `any of ${SERVICE_KINDS_LIST.join(', ')}; a service on one other host moves here`,
    }),
    f(h, 'ssh.host', 'SSH host', ['ssh', 'host'], 'text', h.ssh?.host, { group: 'ssh' }),
    f(h, 'ssh.user', 'SSH user', ['ssh', 'user'], 'text', h.ssh?.user, { group: 'ssh' }),
    f(h, 'ssh.port', 'SSH port', ['ssh', 'port'], 'number', h.ssh?.port, { format: 'int', group: 'ssh' }),
  ];
  if (h.vm) {
    out.push(
      f(h, 'vm.on', 'Hypervisor', ['vm', 'on'], 'select', h.vm.on, {
        options: ['', ...hypervisors.filter((n) => n !== h.name)],
        group: 'vm',
      }),
      f(h, 'vm.cpus', 'vCPUs', ['vm', 'cpus'], 'number', h.vm.cpus, { format: 'int', group: 'vm' }),
      f(h, 'vm.memoryGiB', 'Memory (GiB)', ['vm', 'memoryGiB'], 'number', h.vm.memoryGiB, { group: 'vm' }),
      f(h, 'vm.diskGiB', 'Disk (GiB)', ['vm', 'diskGiB'], 'number', h.vm.diskGiB, { group: 'vm' }),
    );
  }
  if (h.bmc || needsBmc) {
    out.push(
      f(h, 'bmc.address', 'BMC address', ['bmc', 'address'], 'text', h.bmc?.address, {
        group: 'bmc',
        required: !!h.bmc,
        help: 'e.g. redfish-virtualmedia://10.0.0.20/redfish/v1/Systems/1',
      }),
      f(h, 'bmc.username', 'BMC user', ['bmc', 'username'], 'text', h.bmc?.username, { group: 'bmc' }),
    );
  }
  for (const i of h.interfaces) {
    const g = `interface ${i.index} · ${i.network}`;
    const rel = (k: string): Path => ['interfaces', i.index, k];
    out.push(
      f(h, `if${i.index}.name`, 'Device', rel('name'), 'text', i.name, { group: g, help: 'e.g. enp1s0' }),
      f(h, `if${i.index}.ip`, 'IPv4', rel('ip'), 'text', i.ip, { format: 'ipv4', group: g }),
      f(h, `if${i.index}.ip6`, 'IPv6', rel('ip6'), 'text', i.ip6, { format: 'ipv6', group: g }),
      f(h, `if${i.index}.mac`, 'MAC', rel('mac'), 'text', i.mac, { format: 'mac', group: g }),
      f(h, `if${i.index}.pxe`, 'PXE boot', rel('pxe'), 'bool', i.pxe, { group: g }),
    );
  }
  return out;
}

function networkFields(n: NetworkView): FieldSpec[] {
  const many = n.dhcpRanges.length > 1;
  return [
    f(n, 'name', 'Name', ['name'], 'text', n.name, { format: 'name', required: true }),
    f(n, 'cidr', 'CIDR', ['cidr'], 'text', n.cidr, { format: 'cidr', required: true }),
    f(n, 'cidr6', 'IPv6 CIDR', ['cidr6'], 'text', n.cidr6, { format: 'cidr6' }),
    f(n, 'gateway', 'Gateway', ['gateway'], 'text', n.gateway, { format: 'ipv4' }),
    f(n, 'gateway6', 'IPv6 gateway', ['gateway6'], 'text', n.gateway6, { format: 'ipv6' }),
    f(n, 'dns', 'DNS servers', ['dns'], 'list', n.dns, { format: 'ip', help: 'comma-separated' }),
    f(n, 'domain', 'Search domain', ['domain'], 'text', n.domain),
    f(n, 'vlan', 'VLAN', ['vlan'], 'number', n.vlan, { format: 'int' }),
    f(n, 'mtu', 'MTU', ['mtu'], 'number', n.mtu, { format: 'int' }),
    f(n, 'bridge', 'Bridge', ['bridge'], 'text', n.bridge),
    many
      ? f(
          n,
          'dhcp.ranges',
          'DHCP ranges',
          ['dhcp', 'ranges'],
          'list',
          n.dhcpRanges.map((r) => r.text),
          { format: 'range', group: 'dhcp' },
        )
      : f(n, 'dhcp.range', 'DHCP range', ['dhcp', 'range'], 'text', n.dhcpRanges[0]?.text, {
          format: 'range',
          group: 'dhcp',
          help: 'start-end',
        }),
    f(n, 'dhcp.leaseTime', 'Lease time (s)', ['dhcp', 'leaseTime'], 'number', n.leaseTime, {
      format: 'int',
      group: 'dhcp',
    }),
  ];
}

function vipFields(v: VipView, networks: string[], hosts: string[]): FieldSpec[] {
  return [
    f(v, 'name', 'Name', ['name'], 'text', v.name, { format: 'name', required: true }),
    f(v, 'network', 'Network', ['network'], 'select', v.network, { options: networks, required: true }),
    f(v, 'ip', 'Address', ['ip'], 'text', v.ip, { format: 'ipv4', required: true }),
    f(v, 'ip6', 'IPv6 address', ['ip6'], 'text', v.ip6, { format: 'ipv6' }),
    f(v, 'purpose', 'Purpose', ['purpose'], 'select', v.purpose, { options: VIP_PURPOSES_LIST }),
    f(v, 'ports', 'Ports', ['ports'], 'list', v.ports, { format: 'int', numeric: true, help: 'comma-separated' }),
    f(v, 'backends.roles', 'Backend roles', ['backends', 'roles'], 'list', v.backendRoles, {
      help: `any of ${ROLES_LIST.join(', ')}`,
      options: ROLES_LIST,
    }),
    f(v, 'backends.hosts', 'Backend hosts', ['backends', 'hosts'], 'list', v.backendHosts, {
      format: 'name',
      options: hosts,
    }),
    f(v, 'holders', 'keepalived holders', ['holders'], 'list', v.holders, { format: 'name', options: hosts }),
  ];
}

function poolFields(p: PoolView, networks: string[]): FieldSpec[] {
  return [
    f(p, 'name', 'Name', ['name'], 'text', p.name, { format: 'name', required: true }),
    f(p, 'network', 'Network', ['network'], 'select', p.network, { options: ['', ...networks] }),
    f(p, 'addresses', 'Addresses', ['addresses'], 'list', p.addresses, {
      format: 'range',
      required: true,
      help: 'ranges or CIDRs, comma-separated',
    }),
    f(p, 'protocol', 'Protocol', ['protocol'], 'select', p.protocol, { options: POOL_PROTOCOLS_LIST }),
    f(p, 'autoAssign', 'Auto-assign', ['autoAssign'], 'bool', p.autoAssign),
    f(p, 'avoidBuggyIPs', 'Avoid .0/.255', ['avoidBuggyIPs'], 'bool', p.avoidBuggyIPs),
  ];
}

/** The cluster block: not a node, so its keys carry the `cluster.` prefix and never mean a rename. */
export function clusterFields(c: TopologyView['cluster']): FieldSpec[] {
  const at = (
    k: string,
    label: string,
    input: FieldInput,
    value: unknown,
    extra: Partial<FieldSpec> = {},
  ): FieldSpec => ({ key: `cluster.${k}`, label, path: ['cluster', k], input, value: str(value), ...extra });
  return [
    at('name', 'Cluster name', 'text', c.name, { format: 'name', required: true }),
    at('baseDomain', 'Base domain', 'text', c.baseDomain, { required: true, help: 'e.g. example.com' }),
    at('platform', 'Platform', 'select', c.platform, { options: PLATFORMS_LIST, required: true }),
    at('version', 'Version', 'text', c.version, { help: 'e.g. 4.15.0-okd-scos.0 or v1.30.4+k3s1' }),
  ];
}

export interface FieldContext {
  networks: string[];
  hosts: string[];
  hypervisors: string[];
  /** cluster.platform: okd-ipi nodes need a BMC, so its fields are offered before one is written. */
  platform?: string;
}
const IPI_NODE_ROLES = new Set(['master', 'worker', 'infra', 'storage']);

export function fieldsFor(v: AnyView, ctx: FieldContext): FieldSpec[] {
  switch (v.kind) {
    case 'host':
      return hostFields(v, ctx.hypervisors, ctx.platform === 'okd-ipi' && IPI_NODE_ROLES.has(v.role));
    case 'network':
      return networkFields(v);
    case 'vip':
      return vipFields(v, ctx.networks, ctx.hosts);
    case 'pool':
      return poolFields(v, ctx.networks);
  }
}

/** The format error for a typed value (lists: every item), or a "required" message. */
export function fieldError(spec: FieldSpec, text: string): string | undefined {
  const t = text.trim();
  if (t === '') return spec.required ? `${spec.label} is required.` : undefined;
  if (spec.input === 'list') {
    const items = splitList(t);
    if (spec.options && !spec.format) {
      const bad = items.find((i) => !spec.options!.includes(i));
      return bad ? `"${bad}" is not one of ${spec.options.join(', ')}.` : undefined;
    }
    for (const item of items) {
      const e = spec.format ? checkFormat(spec.format, item) : undefined;
      if (e) return `"${item}": ${e}`;
    }
    return undefined;
  }
  if (spec.input === 'number')
    return /^-?\d+(\.\d+)?$/.test(t) ? (spec.format ? checkFormat(spec.format, t) : undefined) : 'Must be a number.';
  return spec.format ? checkFormat(spec.format, t) : undefined;
}

export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The edit a committed field value produces, or undefined when it is unchanged or invalid.
 * Names go through `rename` so references follow; empty optional fields are removed (null).
 */
export function editFor(node: AnyView | undefined, spec: FieldSpec, text: string | boolean): GraphEdit | undefined {
  if (typeof text === 'boolean') {
    return String(text) === spec.value ? undefined : { kind: 'setField', path: spec.path, value: text };
  }
  const t = text.trim();
  if (t === spec.value.trim() || fieldError(spec, t)) return undefined;
  if (spec.key === 'name' && node) return { kind: 'rename', id: node.id, newName: t };
  if (spec.key === 'services' && node?.kind === 'host') {
    return { kind: 'setServices', host: node.name, services: [...new Set(splitList(t))] as ServiceKind[] };
  }
  let value: FieldValue | (string | number)[];
  if (t === '') value = null;
  else if (spec.input === 'number') value = Number(t);
  else if (spec.input === 'list') value = splitList(t).map((s) => (spec.numeric ? Number(s) : s));
  else value = t;
  return { kind: 'setField', path: spec.path, value };
}
