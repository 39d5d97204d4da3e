// Graph edits that create things: hosts/VMs, networks, VIPs, pools, interfaces (connect).
import type { Host, Topology, VipPurpose } from '../model';
import type { GraphEdit } from './types';
import { parseCidr, formatAddr } from '../ip';
import { hostName, namesOf, takenNames, nextIp, nextMac, nextNetworkCidr, freeRangeAtTop, uniqueName } from './alloc';
import { columnOf, map, sc, seq, type TextEdit, type Tpl } from './format';
import { appendItems, insertEntries, pairOf, resolve, EditError, type Ctx } from './tree';
import { layoutEdits } from './layout';

export interface Plan {
  edits: TextEdit[];
  created?: string[];
  /** Set when nothing needs to change. */
  noop?: string;
}

type Of<K extends GraphEdit['kind']> = Extract<GraphEdit, { kind: K }>;

/** Appends an item to a top-level list, creating the list when the file has none. */
export function appendTopLevel(ctx: Ctx, key: string, item: Tpl): TextEdit {
  const pair = pairOf(ctx.root ?? undefined, key);
  if (pair) {
    // A list of one-line items (`- { name: a, ... }`) gets a one-line item too.
    const last = pair.value.kind === 'seq' ? pair.value.items[pair.value.items.length - 1] : undefined;
    const flowItem = last?.kind === 'map' && last.flow && item.t === 'map' ? { ...item, flow: true } : item;
    return appendItems(ctx, pair, [flowItem]);
  }
  if (!ctx.root || ctx.root.kind !== 'map') throw new EditError('the file has no top-level mapping');
  return insertEntries(ctx, ctx.root, [[key, seq(false, [item])]]);
}

function isFlow(ctx: Ctx, path: (string | number)[], fallback: boolean): boolean {
  const n = resolve(ctx.root, path).node;
  return n && (n.kind === 'map' || n.kind === 'seq') ? n.flow : fallback;
}

/** The context with `- ` indentation taken from an existing block list (a sibling's), when there is one. */
function withSeqStyleOf(ctx: Ctx, path: (string | number)[] | undefined): Ctx {
  const r = path ? resolve(ctx.root, path) : {};
  if (!r.pair || r.node?.kind !== 'seq' || r.node.flow || !r.node.items.length) return ctx;
  const indented = columnOf(ctx.text, r.node.start) > columnOf(ctx.text, r.pair.key.start);
  return { ...ctx, style: { ...ctx.style, seqIndented: indented } };
}

function checkName(name: string, used: Set<string>, what: string): void {
  if (!/^[^\s#:{}[\],&*!|>'"%@`]+$/.test(name))
    throw new EditError(`"${name}" cannot be used as a ${what} name (spaces and YAML punctuation are not allowed)`);
  if (used.has(name)) throw new EditError(`A ${what} named "${name}" already exists`);
}

function requireNetwork(t: Topology, name: string): void {
  if (!t.networks.some((n) => n.name === name)) throw new EditError(`There is no network "${name}"`);
}

/** The interface entry for a new NIC, shaped like the template host's first one. */
function interfaceTpl(
  ctx: Ctx,
  t: Topology,
  tmpl: Host | undefined,
  network: string,
  role: Host['role'],
  avoidNames: Set<string>,
): Tpl {
  const taken = new Set<string>();
  const ip = nextIp(t, network, role, taken, 4) ?? nextIp(t, network, role, taken);
  if (!ip) throw new EditError(`Network "${network}" has no free address (or no valid cidr)`);
  taken.add(ip);
  const dual = t.networks.find((n) => n.name === network)?.cidr6 !== undefined && ip.includes('.');
  const ip6 = dual ? nextIp(t, network, role, taken, 6) : undefined;
  const mac = nextMac(t, taken);
  taken.add(mac);
  const sib = tmpl?.interfaces.find((i) => i.network === network) ?? tmpl?.interfaces[0];
  const flow = sib ? isFlow(ctx, sib.path, true) : true;
  // Reuse the sibling's NIC name (enp1s0) only for the same network: bridges are per network.
  const nicName = sib?.name && sib.network === network && !avoidNames.has(sib.name) ? sib.name : undefined;
  return map(flow, [
    ['name', nicName ? sc(nicName) : undefined],
    ['network', sc(network)],
    [ip.includes(':') ? 'ip6' : 'ip', sc(ip)],
    ['ip6', ip6 !== undefined ? sc(ip6) : undefined],
    ['mac', sc(mac, ctx.style.macQuote)],
  ]);
}

export function addHost(ctx: Ctx, t: Topology, e: Of<'addHost'>): Plan {
  const used = namesOf(t, 'host');
  const name = e.name ?? hostName(t, e.role);
  checkName(name, used, 'host');
  const mates = t.hosts.filter((h) => h.role === e.role);
  const tmpl = mates[mates.length - 1] ?? t.hosts[t.hosts.length - 1];
  const network =
    e.network ??
    mates.flatMap((h) => h.interfaces.map((i) => i.network)).find((n) => t.networks.some((x) => x.name === n)) ??
    t.networks[0]?.name;
  if (network !== undefined) requireNetwork(t, network);
  let vm: Tpl | undefined;
  if (e.vm) {
    const sibVm = [...mates].reverse().find((h) => h.vm)?.vm ?? t.hosts.find((h) => h.vm)?.vm;
    const hypervisors = t.hosts.filter((h) => h.role === 'hypervisor');
    // The role-mate's hypervisor only if it still exists; else the only hypervisor, if one.
    const sibOn = sibVm?.on !== undefined && used.has(sibVm.on) ? sibVm.on : undefined;
    const on = e.vm.on ?? sibOn ?? (hypervisors.length === 1 ? hypervisors[0].name : undefined);
    if (e.vm.on !== undefined && !used.has(e.vm.on))
      throw new EditError(`There is no host "${e.vm.on}" to run the VM on`);
    vm = map(sibVm ? isFlow(ctx, sibVm.path, true) : true, [
      ['cpus', sc(sibVm?.cpus ?? 4)],
      ['memoryGiB', sc(sibVm?.memoryGiB ?? 16)],
      ['diskGiB', sc(sibVm?.diskGiB ?? 120)],
      ['on', on !== undefined ? sc(on) : undefined],
    ]);
  }
  const nics = network !== undefined ? [interfaceTpl(ctx, t, tmpl, network, e.role, new Set())] : [];
  const nicsFlow = tmpl ? isFlow(ctx, [...tmpl.path, 'interfaces'], false) : false;
  const item = map(false, [
    ['name', sc(name)],
    ['role', sc(e.role)],
    ['vm', vm],
    ['interfaces', nics.length ? seq(nicsFlow, nics) : undefined],
  ]);
  const edits = [appendTopLevel(withSeqStyleOf(ctx, tmpl && [...tmpl.path, 'interfaces']), 'hosts', item)];
  if (e.position) edits.push(...layoutEdits(ctx, t, [{ id: `host:${name}`, ...e.position }]));
  return { edits, created: [`host:${name}`] };
}

export function addNetwork(ctx: Ctx, t: Topology, e: Of<'addNetwork'>): Plan {
  const name = e.name ?? uniqueName('net', takenNames(t, 'network'));
  checkName(name, namesOf(t, 'network'), 'network');
  const cidrText = e.cidr ?? nextNetworkCidr(t);
  const cidr = parseCidr(cidrText);
  if (!cidr || cidr.hostBits)
    throw new EditError(`"${cidrText ?? ''}" is not a network address in CIDR form (like 192.168.10.0/24)`);
  const gateway = cidr.family === 4 && cidr.prefix < 31 ? formatAddr(4, cidr.base + 1n) : undefined;
  const item = map(false, [
    ['name', sc(name)],
    [cidr.family === 4 ? 'cidr' : 'cidr6', sc(cidrText!)],
    ['gateway', gateway ? sc(gateway) : undefined],
  ]);
  const edits = [appendTopLevel(ctx, 'networks', item)];
  if (e.position) edits.push(...layoutEdits(ctx, t, [{ id: `network:${name}`, ...e.position }]));
  return { edits, created: [`network:${name}`] };
}

const VIP_PORTS: Record<VipPurpose, number[]> = {
  api: [6443],
  'api-int': [6443, 22623],
  ingress: [80, 443],
  custom: [],
};

export function addVip(ctx: Ctx, t: Topology, e: Of<'addVip'>): Plan {
  requireNetwork(t, e.network);
  const purpose = e.purpose ?? 'custom';
  const name = e.name ?? uniqueName(purpose === 'custom' ? 'vip' : purpose, namesOf(t, 'vip'));
  checkName(name, namesOf(t, 'vip'), 'VIP');
  const ip = nextIp(t, e.network, undefined, new Set(), 4) ?? nextIp(t, e.network);
  if (!ip) throw new EditError(`Network "${e.network}" has no free address (or no valid cidr)`);
  const ip6 =
    ip.includes('.') && t.networks.find((n) => n.name === e.network)?.cidr6 !== undefined
      ? nextIp(t, e.network, undefined, new Set([ip]), 6)
      : undefined;
  const sib = t.vips[t.vips.length - 1];
  const portsFlow = sib ? isFlow(ctx, [...sib.path, 'ports'], true) : true;
  const item = map(false, [
    ['name', sc(name)],
    ['network', sc(e.network)],
    [ip.includes(':') ? 'ip6' : 'ip', sc(ip)],
    ['ip6', ip6 !== undefined ? sc(ip6) : undefined],
    ['purpose', sc(purpose)],
    [
      'ports',
      VIP_PORTS[purpose].length
        ? seq(
            portsFlow,
            VIP_PORTS[purpose].map((p) => sc(p)),
          )
        : undefined,
    ],
  ]);
  const edits = [appendTopLevel(ctx, 'vips', item)];
  if (e.position) edits.push(...layoutEdits(ctx, t, [{ id: `vip:${name}`, ...e.position }]));
  return { edits, created: [`vip:${name}`] };
}

export function addPool(ctx: Ctx, t: Topology, e: Of<'addPool'>): Plan {
  requireNetwork(t, e.network);
  const name = e.name ?? uniqueName('pool', namesOf(t, 'pool'));
  checkName(name, namesOf(t, 'pool'), 'pool');
  const range = freeRangeAtTop(t, e.network);
  if (!range) throw new EditError(`Network "${e.network}" has no free addresses left for a pool`);
  const sib = t.pools[t.pools.length - 1];
  const flow = sib ? isFlow(ctx, [...sib.path, 'addresses'], true) : true;
  const item = map(false, [
    ['name', sc(name)],
    ['network', sc(e.network)],
    ['addresses', seq(flow, [sc(range)])],
    ['protocol', sc('layer2')],
  ]);
  const edits = [appendTopLevel(ctx, 'pools', item)];
  if (e.position) edits.push(...layoutEdits(ctx, t, [{ id: `pool:${name}`, ...e.position }]));
  return { edits, created: [`pool:${name}`] };
}

export function connect(ctx: Ctx, t: Topology, e: Of<'connect'>): Plan {
  const host = t.hosts.find((h) => h.name === e.host);
  if (!host) throw new EditError(`There is no host "${e.host}"`);
  requireNetwork(t, e.network);
  if (host.interfaces.some((i) => i.network === e.network))
    return { edits: [], noop: `${e.host} is already connected to ${e.network}` };
  const mates = t.hosts.filter((h) => h.interfaces.length > 0);
  const tmpl = host.interfaces.length ? host : (mates.find((h) => h.role === host.role) ?? mates[0]);
  const nic = interfaceTpl(ctx, t, tmpl, e.network, host.role, new Set(host.interfaces.map((i) => i.name ?? '')));
  const hostNode = resolve(ctx.root, host.path).node;
  if (!hostNode || hostNode.kind !== 'map') throw new EditError(`Host "${e.host}" is not a mapping`);
  const pair = pairOf(hostNode, 'interfaces');
  if (pair) return { edits: [appendItems(ctx, pair, [nic])] };
  const flow = tmpl ? isFlow(ctx, [...tmpl.path, 'interfaces'], false) : false;
  return { edits: [insertEntries(ctx, hostNode, [['interfaces', seq(flow || hostNode.flow, [nic])]])] };
}
