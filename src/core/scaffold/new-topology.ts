// "New Cluster Topology": a fresh, commented, valid cluster.okd.yaml from a few answers (platform, names,
// the machine network, how many nodes of each role, VMs or bare metal), instead of a copy of an example.
// Pure: the VS Code command asks the questions, answerProblem checks each answer as it is typed.
import { formatAddr, parseAddr, parseCidr, contains, lastOf } from '../ip';
import { isDnsLabel, isDnsName } from '../format/dns';
import type { Platform } from '../model';

export interface NewTopologyAnswers {
  platform: Platform;
  name: string;
  baseDomain: string;
  /** The machine network, IPv4, /16 to /24. */
  cidr: string;
  gateway: string;
  masters: number;
  workers: number;
  infra: number;
  /** The nodes are VMs on one hypervisor (else bare metal). */
  vms: boolean;
  /** The services host (DNS, DHCP, NTP; for okd-upi also HAProxy, PXE and HTTP). */
  servicesIp: string;
}

export type AnswerField = 'name' | 'baseDomain' | 'cidr' | 'gateway' | 'servicesIp' | 'masters' | 'workers' | 'infra';

/** Why an answer cannot be used (in words for the input box), or undefined. */
export function answerProblem(
  field: AnswerField,
  value: string,
  a: Partial<NewTopologyAnswers> = {},
): string | undefined {
  const v = value.trim();
  if (field === 'name') return isDnsLabel(v) ? undefined : 'lower-case letters, digits and "-", at most 63 characters';
  if (field === 'baseDomain') return isDnsName(v) && !v.endsWith('.') ? undefined : 'a DNS name such as example.com';
  if (field === 'cidr') {
    const c = parseCidr(v);
    if (!c || c.family !== 4) return 'an IPv4 network such as 192.168.200.0/24';
    if (c.hostBits) return `host bits are set: did you mean ${formatAddr(4, c.base)}/${c.prefix}?`;
    return c.prefix < 16 || c.prefix > 24
      ? 'a /16 to /24 network (the plan puts nodes from .10 and DHCP at .100-.149)'
      : undefined;
  }
  if (field === 'masters' || field === 'workers' || field === 'infra') {
    const min = field === 'masters' ? 1 : 0;
    return /^\d{1,2}$/.test(v) && Number(v) >= min && Number(v) <= 30 ? undefined : `a number from ${min} to 30`;
  }
  return addressProblem(field, v, a);
}

function addressProblem(field: AnswerField, v: string, a: Partial<NewTopologyAnswers>): string | undefined {
  const ip = parseAddr(v);
  const c = a.cidr ? parseCidr(a.cidr) : undefined;
  if (!ip || ip.family !== 4) return 'an IPv4 address';
  if (c && (!contains(c, ip) || ip.value === c.base || ip.value === lastOf(c)))
    return `a host address inside ${a.cidr}`;
  if (field === 'servicesIp' && a.gateway && parseAddr(a.gateway)?.value === ip.value)
    return "not the gateway's address";
  // The plan's own places: nodes from .2, DHCP at .100-.149, the MetalLB pool at .200-.229.
  const offset = c ? Number(ip.value - c.base) : -1;
  if ((offset >= 2 && offset <= 149) || (offset >= 200 && offset <= 229))
    return 'outside .2-.149 and .200-.229, which the plan gives to nodes, DHCP and the pool (e.g. .1 or .254)';
  return undefined;
}

/** Hands out host addresses by offset from the network, never one already taken (gateway, services host). */
class Addresses {
  private readonly taken = new Set<bigint>();
  constructor(
    private readonly base: bigint,
    taken: bigint[],
  ) {
    for (const t of taken) this.taken.add(t);
  }
  from(offset: number): string {
    let v = this.base + BigInt(offset);
    while (this.taken.has(v)) v++;
    this.taken.add(v);
    return formatAddr(4, v);
  }
  at(offset: number): string {
    return formatAddr(4, this.base + BigInt(offset));
  }
}

function mac(ip: string): string {
  const [, , c, d] = ip.split('.').map(Number);
  return `52:54:00:00:${c.toString(16).padStart(2, '0')}:${d.toString(16).padStart(2, '0')}`;
}

interface NodePlan {
  name: string;
  role: string;
  ip: string;
}

function nodes(a: NewTopologyAnswers, addr: Addresses): NodePlan[] {
  const out: NodePlan[] = [];
  if (a.platform === 'okd-upi') out.push({ name: 'bootstrap', role: 'bootstrap', ip: addr.from(9) });
  const group = (role: string, prefix: string, n: number, start: number): void => {
    for (let i = 0; i < n; i++) out.push({ name: `${prefix}-${i}`, role, ip: addr.from(start + i) });
  };
  const okd = a.platform.startsWith('okd');
  group('master', okd ? 'master' : 'server', a.masters, 10);
  group('worker', okd ? 'worker' : 'agent', a.workers, 10 + Math.max(10, a.masters));
  group('infra', 'infra', a.infra, 20 + Math.max(10, a.masters) + Math.max(0, a.workers - 10));
  return out;
}

function hostLines(n: NodePlan, a: NewTopologyAnswers, bmcNet?: Addresses, index = 0): string[] {
  const lines = [`  - name: ${n.name}`, `    role: ${n.role}`];
  if (a.vms)
    lines.push(
      `    vm: { cpus: 4, memoryGiB: ${n.role === 'bootstrap' || a.platform.startsWith('okd') ? 16 : 8}, diskGiB: 120, on: hv-0 }`,
    );
  if (bmcNet)
    lines.push(
      `    bmc: { address: "redfish-virtualmedia://${bmcNet.at(20 + index)}/redfish/v1/Systems/1", username: admin }`,
    );
  lines.push('    interfaces:', `      - { network: machine, ip: ${n.ip}, mac: "${mac(n.ip)}" }`);
  return lines;
}

function clusterLines(a: NewTopologyAnswers): string[] {
  const lines = ['cluster:', `  name: ${a.name}`, `  baseDomain: ${a.baseDomain}`, `  platform: ${a.platform}`];
  if (a.platform.startsWith('okd')) {
    lines.push(
      '  # The installer reads these two files; only their paths are kept here.',
      '  sshKeyFile: ~/.ssh/id_ed25519.pub',
      '  pullSecretFile: ~/pull-secret.json',
    );
  }
  if (a.platform === 'k3s' || a.platform === 'kubernetes')
    lines.push('  metallbVersion: v0.14.8   # MetalLB of the pool below, installed by `deploy --phase cluster`');
  return lines;
}

function serviceLines(a: NewTopologyAnswers, firstMaster: string): string[] {
  const lines = [
    'services:',
    '  dhcp: { host: services }',
    `  dns: { host: services, forwarders: [${a.gateway}] }`,
    '  ntp: { host: services }',
  ];
  if (a.platform === 'okd-upi') {
    lines.push(
      '  loadBalancer: { host: services }   # api, api-int and *.apps point here',
      '  pxe: { host: services }',
      '  http: { host: services }',
    );
  }
  // OKD: oc and the installer's kubeconfig live on the services host; k3s and kubeadm: kubectl on a server.
  lines.push(
    `  kubeApi: { host: ${a.platform.startsWith('okd') ? 'services' : firstMaster}, tool: ${a.platform.startsWith('okd') ? 'oc' : 'kubectl'} }   # runs the cluster phase`,
  );
  return lines;
}

function vipLines(a: NewTopologyAnswers, addr: Addresses): string[] {
  if (a.platform === 'okd-upi')
    return ["# No VIPs: in a UPI cluster the services host's HAProxy answers for api, api-int and *.apps.", 'vips: []'];
  const api = [
    `  - { name: api, network: machine, ip: ${addr.from(5)}, purpose: api, ports: [6443${a.platform === 'okd-ipi' ? ', 22623' : ''}], backends: { roles: [master] } }`,
  ];
  if (a.platform !== 'okd-ipi') return ['vips:', ...api];
  const routers = `[${[...(a.workers ? ['worker'] : []), ...(a.infra ? ['infra'] : [])].join(', ') || 'master'}]`;
  return [
    'vips:',
    ...api,
    `  - { name: ingress, network: machine, ip: ${addr.from(6)}, purpose: ingress, ports: [80, 443], backends: { roles: ${routers} } }`,
  ];
}

/** The topology file for the answers; answerProblem must accept every answer first. */
export function newTopologyYaml(a: NewTopologyAnswers): string {
  const c = parseCidr(a.cidr)!;
  const gw = parseAddr(a.gateway)!.value;
  const svc = parseAddr(a.servicesIp)!.value;
  const addr = new Addresses(c.base, [gw, svc]);
  const hv = a.vms ? addr.from(2) : undefined;
  const vips = vipLines(a, addr);
  const plan = nodes(a, addr);
  const bmcBase = a.platform === 'okd-ipi' ? c.base + (lastOf(c) - c.base + 1n) : undefined;
  const bmcNet = bmcBase === undefined ? undefined : new Addresses(bmcBase, []);
  const domain = `${a.name}.${a.baseDomain}`;
  const range = `${addr.at(100)}-${addr.at(149)}`;
  const lines = [
    `# ${a.name}: ${a.platform} cluster on ${a.cidr}. Every config (DHCP, DNS, HAProxy, chrony, PXE,`,
    '# MetalLB, install-config) is rendered from this file; the graph editor edits it in place.',
    'version: 1',
    ...clusterLines(a),
    '',
    'networks:',
    '  - name: machine',
    `    cidr: ${a.cidr}`,
    `    gateway: ${a.gateway}`,
    `    dns: [${a.servicesIp}]`,
    `    domain: ${domain}`,
    `    dhcp: { range: ${range} }   # for machines without a reservation; hosts below get theirs by MAC`,
  ];
  if (bmcBase !== undefined)
    lines.push(
      "  - name: bmc   # the nodes' BMCs (replace the addresses with yours)",
      `    cidr: ${formatAddr(4, bmcBase)}/${c.prefix}`,
    );
  lines.push(
    '',
    'hosts:',
    '  - name: services',
    '    role: services',
    '    interfaces:',
    `      - { network: machine, ip: ${a.servicesIp}, mac: "${mac(a.servicesIp)}" }`,
    '    ssh: { user: root }',
  );
  if (hv)
    lines.push(
      '  # The machine the VMs run on.',
      '  - name: hv-0',
      '    role: hypervisor',
      '    interfaces:',
      `      - { network: machine, ip: ${hv}, mac: "${mac(hv)}" }`,
    );
  lines.push(
    `  # Nodes: ${a.vms ? 'VMs with generated MACs' : "replace each generated MAC with the NIC's own, so DHCP knows the machine"}.`,
  );
  plan.forEach((n, i) => lines.push(...hostLines(n, a, bmcNet, i)));
  lines.push('', ...vips);
  if (a.platform === 'k3s' || a.platform === 'kubernetes') {
    lines.push(
      '',
      'pools:',
      `  - { name: default, network: machine, addresses: [${addr.at(200)}-${addr.at(229)}], protocol: layer2 }`,
    );
  }
  lines.push('', ...serviceLines(a, plan.find((n) => n.role === 'master')!.name), '');
  return lines.join('\n');
}
