// Builds the Topology model from the located YAML tree. Lenient by design: a wrong-typed or
// missing field is skipped here (structure.ts reports it) so checks still run on the rest.
import type { YMap, YNode, YSeq } from './yaml/ast';
import { parseHost } from './parse-hosts';
import { bool, get, num, oneOf, seq, str, strList } from './parse-read';
import {
  PLATFORMS,
  POOL_PROTOCOLS,
  PROVISIONING_MODES,
  ROLES,
  SERVICE_KINDS,
  VIP_PURPOSES,
  type Cluster,
  type Provisioning,
  type Proxy,
  type Network,
  type Networking,
  type Path,
  type Platform,
  type Pool,
  type Role,
  type Service,
  type ServiceKind,
  type Topology,
  type Vip,
  type VipPurpose,
} from './model';

/** Platform defaults for pod and service networks (what each installer uses when nothing is given). */
export const PLATFORM_DEFAULTS: Record<
  Platform,
  { clusterNetwork: { cidr: string; hostPrefix: number }; serviceNetwork: string; networkType: string }
> = {
  'okd-upi': {
    clusterNetwork: { cidr: '10.128.0.0/14', hostPrefix: 23 },
    serviceNetwork: '172.30.0.0/16',
    networkType: 'OVNKubernetes',
  },
  'okd-ipi': {
    clusterNetwork: { cidr: '10.128.0.0/14', hostPrefix: 23 },
    serviceNetwork: '172.30.0.0/16',
    networkType: 'OVNKubernetes',
  },
  k3s: {
    clusterNetwork: { cidr: '10.42.0.0/16', hostPrefix: 24 },
    serviceNetwork: '10.43.0.0/16',
    networkType: 'Flannel',
  },
  kubernetes: {
    clusterNetwork: { cidr: '10.244.0.0/16', hostPrefix: 24 },
    serviceNetwork: '10.96.0.0/12',
    networkType: 'Calico',
  },
};

function parseNetworking(n: YNode | undefined, platform: Platform, path: Path): Networking {
  const def = PLATFORM_DEFAULTS[platform];
  const cnNode = get(n, 'clusterNetwork');
  const snNode = get(n, 'serviceNetwork');
  const mnNode = get(n, 'machineNetwork');
  const clusterNetwork = seq(cnNode)
    .map((it, i) => ({
      cidr: str(get(it, 'cidr')) ?? '',
      hostPrefix: num(get(it, 'hostPrefix')),
      path: [...path, 'clusterNetwork', i],
    }))
    .filter((c) => c.cidr !== '');
  const serviceNetwork = strList(snNode, [...path, 'serviceNetwork']).map((s) => ({ cidr: s.value, path: s.path }));
  const machineNetwork = mnNode
    ? strList(mnNode, [...path, 'machineNetwork']).map((s) => ({ cidr: s.value, path: s.path }))
    : undefined;
  return {
    networkType: str(get(n, 'networkType')) ?? def.networkType,
    clusterNetwork: cnNode ? clusterNetwork : [{ ...def.clusterNetwork, path: [...path] }],
    serviceNetwork: snNode ? serviceNetwork : [{ cidr: def.serviceNetwork, path: [...path] }],
    machineNetwork,
    defaulted: { clusterNetwork: !cnNode, serviceNetwork: !snNode },
    clusterNetworkMTU: num(get(n, 'clusterNetworkMTU')),
  };
}

function parseProvisioning(n: YNode | undefined, path: Path): Provisioning | undefined {
  if (!n || n.kind !== 'map') return undefined;
  return {
    network: oneOf(str(get(n, 'network')), PROVISIONING_MODES, undefined),
    cidr: str(get(n, 'cidr')),
    dhcpRange: str(get(n, 'dhcpRange')),
    bootstrapIP: str(get(n, 'bootstrapIP')),
    clusterIP: str(get(n, 'clusterIP')),
    interface: str(get(n, 'interface')),
    path,
  };
}

function parseProxy(n: YNode | undefined, path: Path): Proxy | undefined {
  if (!n || n.kind !== 'map') return undefined;
  return {
    httpProxy: str(get(n, 'httpProxy')),
    httpsProxy: str(get(n, 'httpsProxy')),
    noProxy: strList(get(n, 'noProxy'), [...path, 'noProxy']),
    path,
  };
}

function parseCluster(n: YNode | undefined): Cluster {
  const path: Path = ['cluster'];
  const platform = oneOf(str(get(n, 'platform')), PLATFORMS, 'okd-upi');
  const lb = str(get(n, 'loadBalancer'));
  return {
    name: str(get(n, 'name')) ?? '',
    baseDomain: str(get(n, 'baseDomain')) ?? '',
    platform,
    version: str(get(n, 'version')),
    metallbVersion: str(get(n, 'metallbVersion')),
    metallbInstall: oneOf(str(get(n, 'metallbInstall')), ['manifests', 'helm', 'operator', 'none'] as const, undefined),
    metallbSource: str(get(n, 'metallbSource')),
    loadBalancer: lb === 'user-managed' || lb === 'managed' ? lb : undefined,
    sshKeyFile: str(get(n, 'sshKeyFile')),
    pullSecretFile: str(get(n, 'pullSecretFile')),
    kubeconfig: str(get(n, 'kubeconfig')),
    provisioning: parseProvisioning(get(n, 'provisioning'), [...path, 'provisioning']),
    proxy: parseProxy(get(n, 'proxy'), [...path, 'proxy']),
    networking: parseNetworking(get(n, 'networking'), platform, [...path, 'networking']),
    path,
  };
}

function parseNetwork(n: YNode, i: number): Network {
  const path: Path = ['networks', i];
  const dhcpNode = get(n, 'dhcp');
  let dhcp: Network['dhcp'];
  if (dhcpNode && dhcpNode.kind === 'map') {
    const texts: { value: string; path: Path }[] = [];
    const single = str(get(dhcpNode, 'range'));
    if (single !== undefined) texts.push({ value: single, path: [...path, 'dhcp', 'range'] });
    for (const x of strList(get(dhcpNode, 'ranges'), [...path, 'dhcp', 'ranges'])) texts.push(x);
    dhcp = {
      ranges: texts.map((t) => {
        const [start, end] = splitRange(t.value);
        return { start, end, text: t.value, path: t.path };
      }),
      leaseTime: num(get(dhcpNode, 'leaseTime')),
      path: [...path, 'dhcp'],
    };
  }
  return {
    name: str(get(n, 'name')) ?? '',
    cidr: str(get(n, 'cidr')) ?? '',
    cidr6: str(get(n, 'cidr6')),
    gateway: str(get(n, 'gateway')),
    gateway6: str(get(n, 'gateway6')),
    dns: strList(get(n, 'dns'), [...path, 'dns']).map((d) => ({ ip: d.value, path: d.path })),
    domain: str(get(n, 'domain')),
    vlan: num(get(n, 'vlan')),
    mtu: num(get(n, 'mtu')),
    bridge: str(get(n, 'bridge')),
    dhcp,
    path,
  };
}

/** Splits "a-b" (spaces allowed around the dash; IPv6 has no dash so the first '-' is the separator). */
export function splitRange(text: string): [string, string] {
  const at = text.indexOf('-');
  if (at < 0) return [text.trim(), ''];
  return [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}

function parseVip(n: YNode, i: number): Vip {
  const path: Path = ['vips', i];
  const b = get(n, 'backends');
  const roles = strList(get(b, 'roles'), [...path, 'backends', 'roles']).filter((r) =>
    (ROLES as readonly string[]).includes(r.value),
  );
  const bHosts = strList(get(b, 'hosts'), [...path, 'backends', 'hosts']);
  const holders = strList(get(n, 'holders'), [...path, 'holders']);
  const ports: number[] = [];
  for (const p of seq(get(n, 'ports'))) {
    const v = num(p);
    if (v !== undefined) ports.push(v);
  }
  return {
    name: str(get(n, 'name')) ?? '',
    network: str(get(n, 'network')) ?? '',
    ip: str(get(n, 'ip')) ?? '',
    ip6: str(get(n, 'ip6')),
    purpose: oneOf<VipPurpose, VipPurpose>(str(get(n, 'purpose')), VIP_PURPOSES, 'custom'),
    ports,
    backends: {
      roles: roles.map((r) => r.value as Role),
      hosts: bHosts.map((h) => h.value),
      path: b ? [...path, 'backends'] : undefined,
      rolePaths: roles.map((r) => r.path),
      hostPaths: bHosts.map((h) => h.path),
    },
    holders: holders.map((h) => h.value),
    holderPaths: holders.map((h) => h.path),
    path,
  };
}

function parsePool(n: YNode, i: number): Pool {
  const path: Path = ['pools', i];
  return {
    name: str(get(n, 'name')) ?? '',
    network: str(get(n, 'network')),
    addresses: strList(get(n, 'addresses'), [...path, 'addresses']).map((a) => ({ text: a.value, path: a.path })),
    protocol: oneOf(str(get(n, 'protocol')), POOL_PROTOCOLS, 'layer2'),
    autoAssign: bool(get(n, 'autoAssign')) ?? true,
    avoidBuggyIPs: bool(get(n, 'avoidBuggyIPs')) ?? false,
    path,
  };
}

function parseServices(n: YNode | undefined): Topology['services'] {
  const out: Topology['services'] = {};
  if (!n || n.kind !== 'map') return out;
  for (const { key, value } of n.items) {
    if (!(SERVICE_KINDS as readonly string[]).includes(key.text) || value.kind !== 'map') continue;
    const kind = key.text as ServiceKind;
    const hosts: string[] = [];
    const hostPaths: Path[] = [];
    const h = str(get(value, 'host'));
    if (h !== undefined) {
      hosts.push(h);
      hostPaths.push(['services', kind, 'host']);
    }
    for (const x of strList(get(value, 'hosts'), ['services', kind, 'hosts'])) {
      hosts.push(x.value);
      hostPaths.push(x.path);
    }
    const settings: Record<string, unknown> = {};
    for (const item of value.items) {
      if (['host', 'hosts', 'validate', 'reload'].includes(item.key.text)) continue;
      settings[item.key.text] = plain(item.value);
    }
    const svc: Service = {
      kind,
      hosts,
      hostPaths,
      validate: str(get(value, 'validate')),
      reload: str(get(value, 'reload')),
      settings,
      path: ['services', kind],
    };
    out[kind] = svc;
  }
  return out;
}

/** Converts a subtree to plain JS values (for free-form service settings). */
export function plain(n: YNode): unknown {
  switch (n.kind) {
    case 'scalar':
      return n.value;
    case 'seq':
      return (n as YSeq).items.map(plain);
    case 'map':
      return Object.fromEntries((n as YMap).items.map((p) => [p.key.text, plain(p.value)]));
    default:
      return null;
  }
}

function parseLayout(n: YNode | undefined): Topology['layout'] {
  const out: Topology['layout'] = {};
  if (!n || n.kind !== 'map') return out;
  for (const { key, value } of n.items) {
    const x = num(get(value, 'x'));
    const y = num(get(value, 'y'));
    if (x !== undefined && y !== undefined) out[key.text] = { x, y };
  }
  return out;
}

/** Each mapping item of a top-level list, read with its index (other items are reported by structure.ts). */
function mapsOf<T>(root: YNode, key: string, read: (n: YNode, i: number) => T): T[] {
  const out: T[] = [];
  seq(get(root, key)).forEach((x, i) => {
    if (x.kind === 'map') out.push(read(x, i));
  });
  return out;
}

/** Builds the model from a parsed tree. Returns null when the root is not a mapping. */
export function buildTopology(root: YNode | null): Topology | null {
  if (!root || root.kind !== 'map') return null;
  return {
    version: num(get(root, 'version')) ?? 1,
    cluster: parseCluster(get(root, 'cluster')),
    networks: mapsOf(root, 'networks', parseNetwork),
    hosts: mapsOf(root, 'hosts', parseHost),
    vips: mapsOf(root, 'vips', parseVip),
    pools: mapsOf(root, 'pools', parsePool),
    services: parseServices(get(root, 'services')),
    layout: parseLayout(get(root, 'layout')),
  };
}
