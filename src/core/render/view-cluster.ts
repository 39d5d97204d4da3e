// View model for cluster-level artifacts and node boot: install-config, MetalLB, node chrony,
// k3s, PXE and the HTTP server that hosts boot artifacts.
import type { Host } from '../model';
import { splitRange } from '../parse';
import { vipAddresses } from '../facts';
import { provisioningMode } from '../checks/installer';
import { parseAddr, type Lookup } from './lookup';
import { compareVersions } from './util';
import { numberSetting } from './view-net';
import { buildRegistry } from './view-registry';
import { SECRET_PLACEHOLDER } from './placeholders';
import type { HttpView, SecretsView } from './view-types';

export { SECRET_PLACEHOLDER };

export function secretsView(l: Lookup): SecretsView {
  const bmcPasswords: Record<string, string> = {};
  for (const h of l.t.hosts) if (h.bmc) bmcPasswords[h.name] = SECRET_PLACEHOLDER.bmcPassword(h.name);
  return {
    pullSecret: SECRET_PLACEHOLDER.pullSecret,
    sshKey: SECRET_PLACEHOLDER.sshKey,
    trustBundle: SECRET_PLACEHOLDER.trustBundle,
    bmcPasswords,
  };
}

export interface InstallConfigView {
  platform: 'none' | 'baremetal';
  controlPlaneReplicas: number;
  computeReplicas: number;
  networkType: string;
  clusterNetworkMTU?: number;
  clusterNetwork: { cidr: string; hostPrefix?: number }[];
  serviceNetwork: string[];
  machineNetwork: string[];
  apiVIPs: string[];
  ingressVIPs: string[];
  userManagedLb: boolean;
  /** platform.baremetal provisioning fields, only those written (or Disabled, derived from virtual-media BMCs). */
  provisioning: {
    network?: string;
    cidr?: string;
    dhcpRange?: string;
    bootstrapIP?: string;
    clusterIP?: string;
    interface?: string;
  };
  proxy?: { httpProxy?: string; httpsProxy?: string; noProxy?: string };
  hosts: {
    name: string;
    role: 'master' | 'worker';
    bootMACAddress: string;
    bmcAddress: string;
    bmcUsername: string;
    rootDevice?: string;
  }[];
  mirrors: { source: string; mirrors: string[] }[];
  /** imageDigestSources from 4.14 on (imageContentSources is deprecated there), else imageContentSources. */
  mirrorsField: 'imageDigestSources' | 'imageContentSources';
  /** The mirror registry's CA goes in as additionalTrustBundle (filled in like the secrets, see secrets.ts). */
  trustBundle: boolean;
  pullSecretFile?: string;
  sshKeyFile?: string;
}

const vipsOf = (l: Lookup, purpose: 'api' | 'ingress') =>
  vipAddresses(l.t, purpose)
    .slice(0, 2)
    .map((a) => a.text);

function provisioningOf(l: Lookup): InstallConfigView['provisioning'] {
  const p = l.t.cluster.provisioning;
  const out: InstallConfigView['provisioning'] = {};
  const mode = provisioningMode(l.t);
  // Managed is the installer's default: written only when the file says so.
  if (p?.network || mode === 'Disabled') out.network = mode;
  if (p?.cidr) out.cidr = p.cidr.trim();
  if (p?.dhcpRange && mode === 'Managed') out.dhcpRange = splitRange(p.dhcpRange).join(',');
  if (p?.bootstrapIP) out.bootstrapIP = p.bootstrapIP.trim();
  if (p?.clusterIP) out.clusterIP = p.clusterIP.trim();
  if (p?.interface) out.interface = p.interface.trim();
  return out;
}

function proxyOf(l: Lookup): InstallConfigView['proxy'] {
  const p = l.t.cluster.proxy;
  if (!p) return undefined;
  const noProxy = p.noProxy
    .map((e) => e.value.trim())
    .filter(Boolean)
    .join(',');
  return { httpProxy: p.httpProxy?.trim(), httpsProxy: p.httpsProxy?.trim(), ...(noProxy ? { noProxy } : {}) };
}

export function buildInstallConfig(l: Lookup): InstallConfigView | undefined {
  if (!l.isOkd()) return undefined;
  const c = l.t.cluster;
  const ipi = c.platform === 'okd-ipi';
  const masters = l.byRoles(['master']);
  const computes = l.byRoles(['worker', 'infra', 'storage']);
  const hosts = ipi
    ? [...masters, ...computes].map((h) => ({
        name: h.name,
        role: h.role === 'master' ? ('master' as const) : ('worker' as const),
        bootMACAddress: l.pxeInterface(h)?.mac?.toLowerCase() ?? '',
        bmcAddress: h.bmc?.address ?? '',
        bmcUsername: h.bmc?.username ?? '',
        rootDevice: h.installDisk,
      }))
    : [];
  const registryHost = l.serviceHosts('registry')[0];
  const registry = registryHost ? buildRegistry(l, registryHost) : undefined;
  const mirror = registry?.mirror;
  return {
    platform: ipi ? 'baremetal' : 'none',
    controlPlaneReplicas: masters.length,
    // UPI: the installer must not expect to create workers; they join by PXE and CSR approval.
    computeReplicas: ipi ? computes.length : 0,
    networkType: c.networking.networkType ?? 'OVNKubernetes',
    clusterNetworkMTU: c.networking.clusterNetworkMTU,
    clusterNetwork: c.networking.clusterNetwork.map((n) => ({ cidr: n.cidr, hostPrefix: n.hostPrefix })),
    serviceNetwork: c.networking.serviceNetwork.map((n) => n.cidr),
    machineNetwork: l.machineNetworks(),
    apiVIPs: ipi ? vipsOf(l, 'api') : [],
    ingressVIPs: ipi ? vipsOf(l, 'ingress') : [],
    userManagedLb: c.loadBalancer === 'user-managed',
    // Virtual-media BMC drivers need no provisioning network; without one the installer must be told.
    provisioning: ipi ? provisioningOf(l) : {},
    proxy: proxyOf(l),
    hosts,
    mirrors: mirror
      ? [
          { source: 'quay.io/openshift/okd', mirrors: [mirror] },
          { source: 'quay.io/openshift/okd-content', mirrors: [mirror] },
        ]
      : [],
    mirrorsField: c.version && compareVersions(c.version, '4.14') < 0 ? 'imageContentSources' : 'imageDigestSources',
    trustBundle: registry?.trustBundle ?? false,
    pullSecretFile: c.pullSecretFile,
    sshKeyFile: c.sshKeyFile,
  };
}

export interface MetallbView {
  mode: 'crd' | 'configmap';
  namespace: string;
  version: string;
  avoidBuggyIPsField: boolean;
  helm: boolean;
  pools: { name: string; addresses: string[]; protocol: string; autoAssign: boolean; avoidBuggyIPs: boolean }[];
  l2Pools: string[];
  bgpPools: string[];
}

export function buildMetallb(l: Lookup): MetallbView | undefined {
  const pools = l.t.pools.filter((p) => p.name && p.addresses.length > 0);
  if (pools.length === 0) return undefined;
  const version = l.t.cluster.metallbVersion ?? '';
  const legacy = version !== '' && compareVersions(version, '0.13') < 0;
  // avoidBuggyIPs left the CRD in 0.13.2 and came back in 0.13.4.
  const noAvoid = version !== '' && compareVersions(version, '0.13.2') >= 0 && compareVersions(version, '0.13.4') < 0;
  return {
    mode: legacy ? 'configmap' : 'crd',
    namespace: 'metallb-system',
    version,
    avoidBuggyIPsField: !noAvoid,
    helm: l.t.cluster.platform === 'k3s' || l.t.cluster.platform === 'kubernetes',
    pools: pools.map((p) => ({
      name: p.name,
      addresses: p.addresses.map((a) => poolEntry(a.text)),
      protocol: p.protocol,
      autoAssign: p.autoAssign,
      avoidBuggyIPs: p.avoidBuggyIPs,
    })),
    l2Pools: pools.filter((p) => p.protocol === 'layer2').map((p) => p.name),
    bgpPools: pools.filter((p) => p.protocol === 'bgp').map((p) => p.name),
  };
}

export interface NodeChronyView {
  servers: string[];
  roles: string[];
}

export function buildNodeChrony(l: Lookup): NodeChronyView | undefined {
  const ntp = l.serviceHosts('ntp');
  if (ntp.length === 0) return undefined;
  const nodes = l.nodes();
  const net = nodes.flatMap((h) => h.interfaces.map((i) => i.network))[0];
  const servers = ntp.map((h) => l.ipFor(h, net, 4) ?? l.ipFor(h, net, 6)).filter((x): x is string => !!x);
  const roles = ['master', 'worker', 'infra', 'storage'].filter((r) => nodes.some((h) => h.role === r));
  return { servers, roles };
}

export interface K3sNodeView {
  server: boolean;
  clusterInit: boolean;
  /** null (not undefined) so strict templates can test it without a lookup error per host. */
  serverUrl: string | null;
  clusterCidr: string;
  serviceCidr: string;
  disable: string[];
  nodeIp: string[];
  tlsSan: string[];
}

/** k3s config.yaml per server (masters) and agent (other nodes). */
export function buildK3s(l: Lookup): Map<string, K3sNodeView> {
  const out = new Map<string, K3sNodeView>();
  if (l.t.cluster.platform !== 'k3s') return out;
  const masters = l.byRoles(['master']);
  const apiVip = vipAddresses(l.t, 'api')[0]?.text;
  const lbHost = l.serviceHosts('loadBalancer')[0];
  const api = apiVip ?? (lbHost && l.primaryIp(lbHost)) ?? (masters[0] && l.primaryIp(masters[0]));
  const apiUrl = api ? `https://${parseAddr(api)?.family === 6 ? `[${api}]` : api}:6443` : undefined;
  const n = l.t.cluster.networking;
  const common = {
    clusterCidr: n.clusterNetwork.map((c) => c.cidr).join(','),
    serviceCidr: n.serviceNetwork.map((c) => c.cidr).join(','),
    // MetalLB answers for LoadBalancer services; k3s' own servicelb (Klipper) would fight it.
    disable: l.t.pools.length > 0 ? ['servicelb'] : [],
    tlsSan: [...new Set([api, `api.${l.domain}`].filter((x): x is string => !!x))],
  };
  const nodeIp = (h: Host) => [l.primaryIp(h, 4), l.primaryIp(h, 6)].filter((x): x is string => !!x);
  masters.forEach((h, i) =>
    out.set(h.name, {
      ...common,
      server: true,
      clusterInit: i === 0,
      serverUrl: i === 0 ? null : (apiUrl ?? null),
      nodeIp: nodeIp(h),
    }),
  );
  for (const h of l.byRoles(['worker', 'infra', 'storage']))
    out.set(h.name, { ...common, server: false, clusterInit: false, serverUrl: apiUrl ?? null, nodeIp: nodeIp(h) });
  return out;
}

export function buildHttp(l: Lookup): HttpView | undefined {
  if (l.serviceHosts('http').length === 0) return undefined;
  const s = l.t.services.http?.settings ?? {};
  return { port: numberSetting(s.port, 8080), root: typeof s.root === 'string' ? s.root : '/var/www/html' };
}

/** A pool entry as MetalLB reads it: `start-end` without blanks around the dash, or the CIDR. */
function poolEntry(text: string): string {
  const t = text.trim();
  if (t.includes('/') || !t.includes('-')) return t;
  const [a, b] = splitRange(t);
  return `${a}-${b}`;
}
