// Which namespaces a topology becomes: one per host (a veth per interface carrying its MAC), a
// bridge per network in the lab's switch namespace, services hosts with their daemons, nodes that
// lease by DHCP, and the operator's seat (a hypervisor on the services' network, else the gateway).
import type { Host, Topology } from '../core/model';
import { parseAddr, parseCidr } from '../core/ip';
import { NODE_ROLES } from '../core/facts';
import { layoutOf, type OsLayout } from '../core/render/layout';
import { buildRenderView } from '../core/render/view';
import { insideOverlay, OVERLAID } from './services';
import { PREFIX } from './sweep';

/** Services the lab can run in a services namespace (deploy puts their files there). */
const LAB_SERVICES = ['dhcp', 'dns', 'loadBalancer', 'ntp', 'pxe', 'http'] as const;

export interface LabIface {
  name: string;
  mac: string;
  network: string;
  bridge: string;
  /** The veth end in the switch namespace. */
  peer: string;
  /** Static address with prefix (services hosts, hypervisors, other non-node roles). */
  cidr?: string;
  /** The address the topology reserves (nodes get it by DHCP). */
  ip?: string;
}

export interface LabHost {
  name: string;
  ns: string;
  kind: 'services' | 'node' | 'static' | 'operator';
  ifaces: LabIface[];
  layout: OsLayout;
}

export interface LabPlan {
  id: string;
  switchNs: string;
  bridges: { network: string; name: string }[];
  hosts: LabHost[];
  services: { host: string; address: string; tftpRoot: string; httpRoot?: string; layout: OsLayout }[];
  /** Where deploy and verify run from: a lab host's name. */
  operator: string;
}

export class PlanError extends Error {}

/** The operator's seat when the topology has no hypervisor there (not a valid topology host name). */
export const OPERATOR = '(operator)';

const IFNAME = /^[A-Za-z][A-Za-z0-9_.-]{0,14}$/;

function slug(name: string, taken: Set<string>): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'host';
  let s = base;
  for (let i = 2; taken.has(s); i++) s = `${base}-${i}`;
  taken.add(s);
  return s;
}

/** A locally administered MAC for an interface the topology gives none (stable per lab host and index). */
function localMac(hostIndex: number, k: number): string {
  const b = [0x02, 0x6f, 0x6b, (hostIndex >> 8) & 0xff, hostIndex & 0xff, k & 0xff];
  return b.map((x) => x.toString(16).padStart(2, '0')).join(':');
}

export function planLab(t: Topology, id: string, only?: string[]): LabPlan {
  const v = buildRenderView(t);
  const l = v.lookup;
  const taken = new Set<string>();
  const nets = new Map(t.networks.map((n) => [n.name, n]));
  const bridges = t.networks.map((n, i) => ({ network: n.name, name: `br${i}` }));
  const want = only && only.length ? new Set(only) : undefined;
  for (const w of want ?? []) if (!l.hosts.has(w)) throw new PlanError(`--host ${w}: no such host in the topology`);
  const runsService = (h: Host): boolean => LAB_SERVICES.some((k) => l.runs(h, k));
  const hosts: LabHost[] = [];
  t.hosts.forEach((h, hi) => {
    if (l.hosts.get(h.name) !== h) return;
    const services = runsService(h);
    if (want && !want.has(h.name) && !services && h.role !== 'hypervisor') return;
    const node = NODE_ROLES.includes(h.role) && !services;
    const ifaces: LabIface[] = [];
    h.interfaces.forEach((i, k) => {
      const n = nets.get(i.network);
      const br = bridges.find((b) => b.network === i.network);
      if (!n || !br) return;
      const prefix = parseCidr(n.cidr)?.prefix;
      const ip = i.ip && parseAddr(i.ip)?.family === 4 ? i.ip : undefined;
      ifaces.push({
        name: i.name && IFNAME.test(i.name) ? i.name : `eth${k}`,
        mac: (i.mac ?? localMac(hi, k)).toLowerCase().replace(/-/g, ':'),
        network: i.network,
        bridge: br.name,
        peer: `h${hi}i${k}`,
        cidr: !node && ip && prefix !== undefined ? `${ip}/${prefix}` : undefined,
        ip,
      });
    });
    if (ifaces.length === 0) return;
    hosts.push({
      name: h.name,
      ns: `${PREFIX}-${id}-${slug(h.name, taken)}`,
      kind: services ? 'services' : node ? 'node' : 'static',
      ifaces,
      layout: layoutOf(h),
    });
  });
  const services = hosts
    .filter((h) => h.kind === 'services')
    .map((h) => ({
      host: h.name,
      address: h.ifaces.find((i) => i.cidr)?.ip ?? '',
      tftpRoot: v.pxe?.tftpRoot ?? h.layout.tftpRoot,
      httpRoot: v.http?.root,
      layout: h.layout,
    }));
  for (const s of services) {
    if (!s.address)
      throw new PlanError(`services host ${s.host} has no IPv4 address on a network: deploy could not reach it`);
    // Deploy writes under these folders; in the lab they must be the namespace's own copies, never this machine's.
    for (const [what, p] of [
      ['services.pxe.tftpRoot', s.tftpRoot],
      ['services.http.root', s.httpRoot],
    ] as const) {
      if (p !== undefined && !insideOverlay(p)) {
        throw new PlanError(
          `${what} ${JSON.stringify(p)} is outside the folders a lab services host has its own copy of (/${OVERLAID.join(', /')}): rehearsing would write to this machine`,
        );
      }
    }
  }
  if (services.length === 0)
    throw new PlanError(
      'the topology has no host running dhcp, dns, loadBalancer, ntp, pxe or http: there is nothing to rehearse',
    );
  // The operator sits where an operator would: the hypervisor on the services' network, else the gateway.
  const svcNet = hosts.find((h) => h.name === services[0].host)!.ifaces[0].network;
  const hv = hosts.find(
    (h) =>
      t.hosts.find((x) => x.name === h.name)?.role === 'hypervisor' &&
      h.ifaces.some((i) => i.network === svcNet && i.cidr),
  );
  let operator = hv?.name;
  if (!operator) {
    const n = nets.get(svcNet)!;
    const prefix = parseCidr(n.cidr)?.prefix;
    if (!n.gateway || prefix === undefined || hosts.some((h) => h.ifaces.some((i) => i.ip === n.gateway))) {
      throw new PlanError(
        `the operator needs an address on network ${svcNet}: add a hypervisor host there, or a gateway no host uses`,
      );
    }
    const br = bridges.find((b) => b.network === svcNet)!;
    hosts.push({
      name: OPERATOR,
      ns: `${PREFIX}-${id}-${slug('operator', taken)}`,
      kind: 'operator',
      layout: layoutOf(undefined),
      ifaces: [
        {
          name: 'eth0',
          mac: localMac(4095, 0),
          network: svcNet,
          bridge: br.name,
          peer: 'op0',
          cidr: `${n.gateway}/${prefix}`,
          ip: n.gateway,
        },
      ],
    });
    operator = OPERATOR;
  }
  const used = new Set(hosts.flatMap((h) => h.ifaces.map((i) => i.bridge)));
  return {
    id,
    switchNs: `${PREFIX}-${id}-switch`,
    bridges: bridges.filter((b) => used.has(b.name)),
    hosts,
    services,
    operator,
  };
}
