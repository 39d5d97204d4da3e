// Field-by-field check of the graph view the host posts (protocol/view.ts). The webview runs it
// on every snapshot so a host bug shows up as a logged, dropped message, not a broken graph.
// Unknown extra fields are allowed: the protocol grows additively.
import { HOST_OS, POOL_PROTOCOLS, ROLES, SERVICE_KINDS, VIP_PURPOSES } from '../core/model';
import { arrOf, isInt, isNum, isObj, isOneOf, isPath, isStr, optBool, optPosition, optStr, type Obj } from './check';
import { parseNodeId, type TopologyView } from './view';
import type { ViewDelta } from './delta';

const SEVERITIES = ['error', 'warning', 'info'] as const;
const EDGE_KINDS = ['interface', 'bmc', 'backend', 'holder', 'pool'] as const;

export function isNodeIdValue(v: unknown): v is string {
  return isStr(v, 300, 3) && parseNodeId(v) !== undefined;
}
const optNodeId = (v: unknown) => v === undefined || isNodeIdValue(v);
const optNum = (v: unknown) => v === undefined || isNum(v);
const strs = arrOf((x) => isStr(x));
const ids = arrOf(isNodeIdValue);

function isBase(n: unknown, kind: string): n is Obj {
  return (
    isObj(n) &&
    n.kind === kind &&
    isNodeIdValue(n.id) &&
    isStr(n.name) &&
    isPath(n.path) &&
    optPosition(n.position) &&
    (n.status === undefined || isOneOf(n.status, SEVERITIES))
  );
}

export function isNetwork(n: unknown): boolean {
  return (
    isBase(n, 'network') &&
    isStr(n.cidr) &&
    optStr(n.cidr6) &&
    optStr(n.gateway) &&
    optStr(n.gateway6) &&
    strs(n.dns) &&
    optStr(n.domain) &&
    optNum(n.vlan) &&
    optNum(n.mtu) &&
    optStr(n.bridge) &&
    optNum(n.leaseTime) &&
    arrOf((r) => isObj(r) && isStr(r.start) && isStr(r.end) && isStr(r.text))(n.dhcpRanges) &&
    isObj(n.usage) &&
    isNum(n.usage.used) &&
    isNum(n.usage.total) &&
    isNum(n.usage.ratio)
  );
}

function isInterface(i: unknown): boolean {
  return (
    isObj(i) &&
    isInt(i.index) &&
    isStr(i.network) &&
    optNodeId(i.networkId) &&
    optStr(i.name) &&
    optStr(i.ip) &&
    optStr(i.ip6) &&
    optStr(i.mac) &&
    optBool(i.pxe)
  );
}

export function isHost(n: unknown): boolean {
  if (!isBase(n, 'host') || !isOneOf(n.role, ROLES) || !arrOf(isInterface)(n.interfaces)) return false;
  const vm = n.vm;
  const ssh = n.ssh;
  const bmc = n.bmc;
  return (
    (vm === undefined ||
      (isObj(vm) &&
        optNum(vm.cpus) &&
        optNum(vm.memoryGiB) &&
        optNum(vm.diskGiB) &&
        optStr(vm.on) &&
        optNodeId(vm.hypervisorId))) &&
    (ssh === undefined || (isObj(ssh) && optStr(ssh.host) && optStr(ssh.user) && optNum(ssh.port))) &&
    (bmc === undefined || (isObj(bmc) && isStr(bmc.address) && optStr(bmc.username))) &&
    optStr(n.installDisk) &&
    (n.os === undefined || isOneOf(n.os, HOST_OS)) &&
    optBool(n.ingress) &&
    arrOf((s) => isOneOf(s, SERVICE_KINDS))(n.services)
  );
}

export function isVip(n: unknown): boolean {
  return (
    isBase(n, 'vip') &&
    isStr(n.network) &&
    optNodeId(n.networkId) &&
    isStr(n.ip) &&
    optStr(n.ip6) &&
    isOneOf(n.purpose, VIP_PURPOSES) &&
    arrOf(isNum)(n.ports) &&
    arrOf((r) => isOneOf(r, ROLES))(n.backendRoles) &&
    strs(n.backendHosts) &&
    ids(n.backendIds) &&
    strs(n.holders) &&
    ids(n.holderIds)
  );
}

export function isPool(n: unknown): boolean {
  return (
    isBase(n, 'pool') &&
    optStr(n.network) &&
    optNodeId(n.networkId) &&
    strs(n.addresses) &&
    isOneOf(n.protocol, POOL_PROTOCOLS) &&
    typeof n.autoAssign === 'boolean' &&
    typeof n.avoidBuggyIPs === 'boolean' &&
    isNum(n.size) &&
    isNum(n.used)
  );
}

export function isService(s: unknown): boolean {
  return isObj(s) && isOneOf(s.kind, SERVICE_KINDS) && strs(s.hosts) && ids(s.hostIds) && isPath(s.path);
}

export function isEdge(e: unknown): boolean {
  return (
    isObj(e) &&
    isStr(e.id) &&
    isOneOf(e.kind, EDGE_KINDS) &&
    isNodeIdValue(e.source) &&
    isNodeIdValue(e.target) &&
    optStr(e.label)
  );
}

export function isTopologyView(v: unknown): v is TopologyView {
  return (
    isObj(v) &&
    isCluster(v.cluster) &&
    arrOf(isNetwork)(v.networks) &&
    arrOf(isHost)(v.hosts) &&
    arrOf(isVip)(v.vips) &&
    arrOf(isPool)(v.pools) &&
    arrOf(isService)(v.services) &&
    arrOf(isEdge)(v.edges)
  );
}

export function isCluster(c: unknown): boolean {
  return isObj(c) && isStr(c.name) && isStr(c.baseDomain) && isStr(c.platform) && optStr(c.version);
}

/** A list patch (protocol/delta.ts): entities checked like a full view's, runs as [start, count]. */
function isListPatch(item: (x: unknown) => boolean): (v: unknown) => boolean {
  return arrOf((x) => (Array.isArray(x) ? x.length === 2 && isInt(x[0]) && isInt(x[1], 1) : item(x)));
}

export function isViewDelta(v: unknown): v is ViewDelta {
  return (
    isObj(v) &&
    (v.cluster === undefined || isCluster(v.cluster)) &&
    isListPatch(isNetwork)(v.networks) &&
    isListPatch(isHost)(v.hosts) &&
    isListPatch(isVip)(v.vips) &&
    isListPatch(isPool)(v.pools) &&
    isListPatch(isService)(v.services) &&
    isListPatch(isEdge)(v.edges)
  );
}
