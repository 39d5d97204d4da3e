// The graph's view model: plain JSON derived from the Topology (core/view/snapshot.ts) and drawn by the
// webview, which never parses YAML itself. Domain types: src/protocol only wraps them for the wire.
import type { HostOs, Path, Platform, PoolProtocol, Role, ServiceKind, VipPurpose } from '../model';
import type { Severity } from '../problems';

export type { Path, Platform, PoolProtocol, Role, ServiceKind, Severity, VipPurpose };

/** `host:<name>`, `network:<name>`, `vip:<name>` or `pool:<name>`. */
export type NodeId = string;
export const NODE_KINDS = ['host', 'network', 'vip', 'pool'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export interface Position {
  x: number;
  y: number;
}

/** A problem as the Problems panel shows it. Lines and columns are 0-based. */
export interface ProblemView {
  code: string;
  severity: Severity;
  message: string;
  /** Model path, e.g. ['hosts', 3, 'interfaces', 0, 'ip']. */
  path: Path;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The graph node the problem belongs to, when it belongs to one. */
  nodeId?: NodeId;
}

/** Fields every node carries. */
export interface NodeBase {
  id: NodeId;
  name: string;
  /** Where the node lives in the document, for setField paths and "Show in Text". */
  path: Path;
  /** From the file's `layout` section; absent means the webview lays the node out itself. */
  position?: Position;
  /** Worst severity among this node's problems; absent when it has none. */
  status?: Severity;
}

export interface Usage {
  /** Addresses taken (host interfaces, VIPs, gateway, DNS, DHCP ranges, pools). */
  used: number;
  /** Usable addresses in the subnet (capped at Number.MAX_SAFE_INTEGER for big IPv6 subnets). */
  total: number;
  /** used / total in [0, 1]. */
  ratio: number;
}

export interface NetworkView extends NodeBase {
  kind: 'network';
  cidr: string;
  cidr6?: string;
  gateway?: string;
  gateway6?: string;
  dns: string[];
  domain?: string;
  vlan?: number;
  mtu?: number;
  bridge?: string;
  dhcpRanges: { start: string; end: string; text: string }[];
  leaseTime?: number;
  usage: Usage;
}

export interface InterfaceView {
  /** Index in the host's `interfaces` list. */
  index: number;
  network: string;
  /** Id of the network node; absent when the network does not exist. */
  networkId?: NodeId;
  name?: string;
  ip?: string;
  ip6?: string;
  mac?: string;
  pxe?: boolean;
}

export interface HostView extends NodeBase {
  kind: 'host';
  role: Role;
  interfaces: InterfaceView[];
  /** Present for VMs. `hypervisorId` is set when `vm.on` names an existing host. */
  vm?: { cpus?: number; memoryGiB?: number; diskGiB?: number; on?: string; hypervisorId?: NodeId };
  ssh?: { host?: string; user?: string; port?: number };
  bmc?: { address: string; username?: string };
  installDisk?: string;
  /** The host's distribution, when the file names one. */
  os?: HostOs;
  ingress?: boolean;
  /** Services this host runs (chips on the node). */
  services: ServiceKind[];
}

export interface VipView extends NodeBase {
  kind: 'vip';
  network: string;
  networkId?: NodeId;
  ip: string;
  ip6?: string;
  purpose: VipPurpose;
  ports: number[];
  backendRoles: Role[];
  backendHosts: string[];
  /** Resolved backends: hosts named in `backends.hosts` plus hosts whose role is in `backends.roles`. */
  backendIds: NodeId[];
  holders: string[];
  holderIds: NodeId[];
}

export interface PoolView extends NodeBase {
  kind: 'pool';
  network?: string;
  networkId?: NodeId;
  /** Ranges and CIDRs as written. */
  addresses: string[];
  protocol: PoolProtocol;
  autoAssign: boolean;
  avoidBuggyIPs: boolean;
  /** Addresses in the pool (capped like Usage.total). */
  size: number;
  /** Addresses of the pool also used elsewhere in the file (VIPs, interfaces), i.e. conflicts. */
  used: number;
}

export interface ServiceView {
  kind: ServiceKind;
  hosts: string[];
  hostIds: NodeId[];
  path: Path;
}

export const EDGE_KINDS = ['interface', 'bmc', 'backend', 'holder', 'pool'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

export interface EdgeView {
  /** Stable across snapshots while the endpoints and index stay the same. */
  id: string;
  kind: EdgeKind;
  source: NodeId;
  target: NodeId;
  /** e.g. the interface's IP. */
  label?: string;
}

export interface TopologyView {
  cluster: { name: string; baseDomain: string; platform: Platform; version?: string };
  networks: NetworkView[];
  hosts: HostView[];
  vips: VipView[];
  pools: PoolView[];
  services: ServiceView[];
  /**
   * interface: host -> network (one per interface); backend: vip -> host; holder: vip -> host;
   * pool: pool -> network. VM -> hypervisor is grouping (HostView.vm.hypervisorId), not an edge.
   */
  edges: EdgeView[];
}

/** Builds a node id. */
export function nodeId(kind: NodeKind, name: string): NodeId {
  return `${kind}:${name}`;
}

/** Splits a node id; undefined when malformed. */
export function parseNodeId(id: string): { kind: NodeKind; name: string } | undefined {
  const at = id.indexOf(':');
  if (at < 0) return undefined;
  const kind = id.slice(0, at) as NodeKind;
  const name = id.slice(at + 1);
  if (!NODE_KINDS.includes(kind) || name === '') return undefined;
  return { kind, name };
}
