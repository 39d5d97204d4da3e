// Builds the whole view model once per render. Templates receive it (plus per-file `item`/`host`),
// so every derived fact is computed in one tested place instead of in template logic.
import type { Topology } from '../model';
import { Lookup } from './lookup';
import {
  buildHttp,
  buildInstallConfig,
  buildK3s,
  buildMetallb,
  buildNodeChrony,
  secretsView,
  type InstallConfigView,
  type K3sNodeView,
  type MetallbView,
  type NodeChronyView,
} from './view-cluster';
import { buildHypervisors, type HypervisorView } from './view-hv';
import { buildFirewalls, buildKeepalived, buildLb } from './view-lb';
import { buildPxe } from './view-pxe';
import { buildDhcp, buildDns, buildNtpServer, networkView } from './view-net';
import type {
  DhcpView,
  DnsView,
  FirewallView,
  HostView,
  HttpView,
  KeepalivedView,
  LbView,
  NetworkView,
  NtpServerView,
  PxeView,
  SecretsView,
} from './view-types';

export interface ViewMeta {
  tool: string;
  source: string;
  /** One line saying where the file came from; templates wrap it in their format's comment syntax. */
  header: string;
}

export interface View {
  meta: ViewMeta;
  cluster: {
    name: string;
    baseDomain: string;
    domain: string;
    platform: string;
    okd: boolean;
    version: string;
    applyTool: 'oc' | 'kubectl';
  };
  networks: NetworkView[];
  hosts: HostView[];
  dhcp?: DhcpView;
  dns?: DnsView;
  lb?: LbView;
  /** The same load balancer without the bootstrap host, for after bootstrap completes. */
  lbNoBootstrap?: LbView;
  keepalived: Map<string, KeepalivedView>;
  firewalls: Map<string, FirewallView>;
  ntp?: NtpServerView;
  nodeChrony?: NodeChronyView;
  http?: HttpView;
  pxe?: PxeView;
  install?: InstallConfigView;
  metallb?: MetallbView;
  k3s: Map<string, K3sNodeView>;
  hypervisors: Map<string, HypervisorView>;
  secrets: SecretsView;
  lookup: Lookup;
}

export function buildRenderView(t: Topology, source = 'cluster.okd.yaml'): View {
  const l = new Lookup(t);
  const lb = buildLb(l);
  const lbNoBootstrap = lb && lb.withBootstrap ? buildLb(l, false) : undefined;
  const keepalived = buildKeepalived(l);
  const http = buildHttp(l);
  const dhcp = buildDhcp(l);
  const tool = t.services.kubeApi?.settings.tool;
  return {
    meta: {
      tool: 'okd-topology',
      source,
      header: `Rendered by okd-topology from ${source}. Do not edit: the next render overwrites this file.`,
    },
    cluster: {
      name: t.cluster.name,
      baseDomain: t.cluster.baseDomain,
      domain: l.domain,
      platform: t.cluster.platform,
      okd: l.isOkd(),
      version: t.cluster.version ?? '',
      applyTool: tool === 'oc' || tool === 'kubectl' ? tool : l.isOkd() ? 'oc' : 'kubectl',
    },
    networks: t.networks.map((n) => networkView(l, n)),
    hosts: t.hosts
      .filter((h) => l.hosts.get(h.name) === h)
      .map((h) => ({
        name: h.name,
        fqdn: `${h.name}.${l.domain}`,
        role: h.role,
        ip: l.primaryIp(h, 4),
        ip6: l.primaryIp(h, 6),
        vm: h.vm !== undefined,
      })),
    dhcp,
    dns: buildDns(l, lb?.frontends.some((f) => f.port === 443) ?? false),
    lb,
    lbNoBootstrap,
    keepalived,
    firewalls: buildFirewalls(l, lb, keepalived, (dhcp?.subnets6.length ?? 0) > 0),
    ntp: buildNtpServer(l),
    nodeChrony: buildNodeChrony(l),
    http,
    pxe: buildPxe(l, http),
    install: buildInstallConfig(l),
    metallb: buildMetallb(l),
    k3s: buildK3s(l),
    hypervisors: buildHypervisors(l),
    secrets: secretsView(l),
    lookup: l,
  };
}

/** The part of the view every template sees (plain data only: no Maps, no Lookup). */
export function templateScope(v: View): Record<string, unknown> {
  return {
    meta: v.meta,
    cluster: v.cluster,
    networks: v.networks,
    hosts: v.hosts,
    dhcp: v.dhcp ?? null,
    dns: v.dns ?? null,
    lb: v.lb ?? null,
    ntp: v.ntp ?? null,
    nodeChrony: v.nodeChrony ?? null,
    http: v.http ?? null,
    pxe: v.pxe ?? null,
    install: v.install ?? null,
    metallb: v.metallb ?? null,
    secrets: v.secrets,
  };
}
