// The cluster topology as the rest of the product sees it: plain data, no YAML details.
// Every entity carries `path`, its location in the document, so problems and edits can
// point back at the exact YAML node (see yaml/ast.ts `locate`).

export type Path = (string | number)[];

export const PLATFORMS = ['okd-upi', 'okd-ipi', 'k3s', 'kubernetes'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const ROLES = ['bootstrap', 'master', 'worker', 'infra', 'storage', 'services', 'hypervisor'] as const;
export type Role = (typeof ROLES)[number];

export const VIP_PURPOSES = ['api', 'api-int', 'ingress', 'custom'] as const;
export type VipPurpose = (typeof VIP_PURPOSES)[number];

export const POOL_PROTOCOLS = ['layer2', 'bgp'] as const;
export type PoolProtocol = (typeof POOL_PROTOCOLS)[number];

/** Distributions a host can run; they differ in where daemons keep their configs and what units are called. */
export const HOST_OS = ['fedora', 'centos', 'rhel', 'rocky', 'almalinux', 'debian', 'ubuntu'] as const;
export type HostOs = (typeof HOST_OS)[number];

/** How a machine PXE-boots: pxelinux (BIOS) or a GRUB network boot loader (UEFI). */
export const FIRMWARES = ['bios', 'uefi'] as const;
export type Firmware = (typeof FIRMWARES)[number];

/** Format versions of cluster.okd.yaml this release reads. */
export const FORMAT_VERSIONS = [1] as const;
export type FormatVersion = (typeof FORMAT_VERSIONS)[number];

/** CNI plugins the schema offers (`cluster.networking.networkType`). */
export const NETWORK_TYPES = ['OVNKubernetes', 'OpenShiftSDN', 'Flannel', 'Calico', 'Cilium'] as const;
export type NetworkType = (typeof NETWORK_TYPES)[number];

/** Who balances the API and ingress: the platform or our HAProxy, or the user's own balancer. */
export const LOAD_BALANCER_MODES = ['managed', 'user-managed'] as const;
export type LoadBalancerMode = (typeof LOAD_BALANCER_MODES)[number];

/** How the cluster phase installs MetalLB before it applies the pools. */
export const METALLB_METHODS = ['manifests', 'helm', 'operator', 'none'] as const;
export type MetallbMethod = (typeof METALLB_METHODS)[number];

/** The CLI the cluster phase runs on the kubeApi host (`services.kubeApi.tool`). */
export const KUBE_TOOLS = ['oc', 'kubectl'] as const;
export type KubeTool = (typeof KUBE_TOOLS)[number];

/** What dhcpd does for machines without a reservation (`services.dhcp.unknownClients`). */
export const UNKNOWN_CLIENTS = ['allow', 'deny'] as const;
export type UnknownClients = (typeof UNKNOWN_CLIENTS)[number];

export const SERVICE_KINDS = ['dhcp', 'dns', 'loadBalancer', 'ntp', 'pxe', 'http', 'registry', 'kubeApi'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

export interface ClusterNetworkEntry {
  cidr: string;
  hostPrefix?: number;
  path: Path;
}

export interface Networking {
  /**
   * As written, one of NETWORK_TYPES when valid: the checks name a misspelt or retired plugin
   * (`kuryr`, `openshiftsdn`) in their own words, so an off-list value is kept, not dropped.
   */
  networkType?: string;
  clusterNetwork: ClusterNetworkEntry[];
  serviceNetwork: { cidr: string; path: Path }[];
  /** Given explicitly; otherwise derived from the networks the nodes sit on (factbook/roles.ts machineNetworks). */
  machineNetwork?: { cidr: string; path: Path }[];
  /** True when the user wrote no `networking` block and platform defaults were filled in. */
  defaulted: { clusterNetwork: boolean; serviceNetwork: boolean };
  /** Pod network MTU, set through the network operator's install-time manifest (OKD). */
  clusterNetworkMTU?: number;
}

export const PROVISIONING_MODES = ['Managed', 'Unmanaged', 'Disabled'] as const;
export type ProvisioningMode = (typeof PROVISIONING_MODES)[number];

/** The provisioning network of bare-metal IPI (`platform.baremetal.provisioning*` in install-config). */
export interface Provisioning {
  network?: ProvisioningMode;
  cidr?: string;
  /** "start-end" as written; install-config wants "start,end". */
  dhcpRange?: string;
  bootstrapIP?: string;
  clusterIP?: string;
  interface?: string;
  path: Path;
}

/** Cluster-wide egress proxy (install-config `proxy`). */
export interface Proxy {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy: { value: string; path: Path }[];
  path: Path;
}

export interface Cluster {
  name: string;
  baseDomain: string;
  platform: Platform;
  version?: string;
  /** MetalLB version to render for; v0.13+ means CRDs, older means the legacy ConfigMap. */
  metallbVersion?: string;
  /** How the cluster phase installs MetalLB before applying the pools (default per platform). */
  metallbInstall?: MetallbMethod;
  /** A mirror for disconnected labs: URL prefix of the manifests or Helm repository, or a chart path on the kube API host. */
  metallbSource?: string;
  /** `user-managed` lifts the installer's api≠ingress and in-machine-network VIP rules. */
  loadBalancer?: LoadBalancerMode;
  /** Files (never contents) holding secrets that rendering references. */
  sshKeyFile?: string;
  pullSecretFile?: string;
  /** Where the cluster's kubeconfig lives on the host that applies manifests. */
  kubeconfig?: string;
  provisioning?: Provisioning;
  proxy?: Proxy;
  networking: Networking;
  path: Path;
}

export interface DhcpRange {
  start: string;
  end: string;
  /** The text as written, e.g. "10.0.0.50-10.0.0.99". */
  text: string;
  path: Path;
}

export interface Network {
  name: string;
  cidr: string;
  cidr6?: string;
  gateway?: string;
  gateway6?: string;
  dns: { ip: string; path: Path }[];
  domain?: string;
  vlan?: number;
  mtu?: number;
  /** Hypervisor bridge the libvirt network attaches to. */
  bridge?: string;
  dhcp?: { ranges: DhcpRange[]; leaseTime?: number; path: Path };
  path: Path;
}

export interface Interface {
  network: string;
  name?: string;
  ip?: string;
  ip6?: string;
  mac?: string;
  /** PXE-boot from this interface (default: the first interface with a MAC). */
  pxe?: boolean;
  path: Path;
}

export interface Host {
  name: string;
  role: Role;
  /** The written role was missing or not one of ROLES (reported by the schema check; `role` then reads 'worker'). */
  roleUnknown?: boolean;
  interfaces: Interface[];
  ssh?: { host?: string; user?: string; port?: number; path: Path };
  vm?: { cpus?: number; memoryGiB?: number; diskGiB?: number; on?: string; path: Path };
  bmc?: { address: string; username?: string; path: Path };
  installDisk?: string;
  /** The host's distribution (default fedora): picks config paths, unit names and groups when rendering. */
  os?: HostOs;
  /** Runs the ingress router (default: workers and infra hosts, or masters in a compact cluster; see facts). */
  ingress?: boolean;
  /** How the host PXE-boots (default bios). */
  firmware?: Firmware;
  path: Path;
}

export interface Vip {
  name: string;
  network: string;
  ip: string;
  ip6?: string;
  purpose: VipPurpose;
  ports: number[];
  /** rolePaths/hostPaths locate each entry (parallel arrays) for reference checks. */
  backends: { roles: Role[]; hosts: string[]; path?: Path; rolePaths?: Path[]; hostPaths?: Path[] };
  /** Hosts that hold the address with keepalived; two or more make an HA pair. */
  holders: string[];
  holderPaths?: Path[];
  path: Path;
}

export interface Pool {
  name: string;
  network?: string;
  addresses: { text: string; path: Path }[];
  protocol: PoolProtocol;
  autoAssign: boolean;
  avoidBuggyIPs: boolean;
  path: Path;
}

export interface Service {
  kind: ServiceKind;
  hosts: string[];
  /** Location of each entry of `hosts` (parallel array). */
  hostPaths?: Path[];
  /** Deploy overrides: a command template run on the host ({file} = the uploaded file). */
  validate?: string;
  reload?: string;
  settings: Record<string, unknown>;
  path: Path;
}

export interface Topology {
  version: number;
  cluster: Cluster;
  networks: Network[];
  hosts: Host[];
  vips: Vip[];
  pools: Pool[];
  services: Partial<Record<ServiceKind, Service>>;
  layout: Record<string, { x: number; y: number }>;
}
