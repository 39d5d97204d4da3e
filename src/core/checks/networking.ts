// Cluster-wide networks: pod (cluster), service and machine networks, the node networks,
// and the OpenShift installer's own rules for them (okd-* platforms only).
import type { Path, Topology } from '../model';
import { isLowerDnsName } from '../format/dns';
import type { Problem } from '../problems';
import { NODE_ROLES, factsOf, machineNetworks } from '../facts';
import { cidrsOverlap, formatCidr, parseCidr, type Cidr } from '../ip';
import { isOkd, problem } from './util';
import { emptyLists, nodesOutsideMachineNetwork } from './networking-lists';

interface Entry {
  kind: 'cluster network' | 'service network' | 'machine network' | 'network';
  text: string;
  cidr: Cidr;
  path: Path;
  label: string;
  hostPrefix?: number;
  defaulted?: boolean;
}

function collect(t: Topology, out: Problem[]): { C: Entry[]; S: Entry[]; M: Entry[]; N: Entry[] } {
  const nw = t.cluster.networking;
  const parse = (
    kind: Entry['kind'],
    text: string,
    path: Path,
    label: string,
    extra: Partial<Entry> = {},
  ): Entry | undefined => {
    const c = parseCidr(text);
    if (!c) {
      if (text.trim())
        out.push(
          problem(
            'net-cidr-invalid',
            'error',
            `"${text}" is not a CIDR (${label}); write address/prefix, e.g. 10.0.0.0/24`,
            path,
          ),
        );
      return undefined;
    }
    if (c.hostBits) {
      out.push(
        problem(
          'net-cidr-host-bits',
          'error',
          `${text} has host bits set (${label}); the network address is ${formatCidr(c)}`,
          path,
          undefined,
          { replacement: formatCidr(c) },
        ),
      );
    }
    return { kind, text, cidr: c, path, label, ...extra };
  };
  const keep = (e: Entry | undefined): e is Entry => !!e;
  const dflt = (d: boolean) => (d ? ` (the ${t.cluster.platform} default)` : '');
  const dC = nw.defaulted.clusterNetwork;
  const C = nw.clusterNetwork
    .map((c) =>
      parse('cluster network', c.cidr, dC ? c.path : [...c.path, 'cidr'], `cluster network ${c.cidr}${dflt(dC)}`, {
        hostPrefix: c.hostPrefix,
        defaulted: dC,
      }),
    )
    .filter(keep);
  const S = nw.serviceNetwork
    .map((s) =>
      parse('service network', s.cidr, s.path, `service network ${s.cidr}${dflt(nw.defaulted.serviceNetwork)}`, {
        defaulted: nw.defaulted.serviceNetwork,
      }),
    )
    .filter(keep);
  const M = (nw.machineNetwork ?? [])
    .map((m) => parse('machine network', m.cidr, m.path, `machine network ${m.cidr}`))
    .filter(keep);
  const N: Entry[] = [];
  for (const n of t.networks) {
    const a = parse('network', n.cidr, [...n.path, 'cidr'], `network ${n.name}`);
    if (a) N.push(a);
    if (n.cidr6) {
      const b = parse('network', n.cidr6, [...n.path, 'cidr6'], `network ${n.name}`);
      if (b && b.cidr.family !== 6)
        out.push(
          problem(
            'ip-family-mismatch',
            'error',
            `cidr6 of network ${n.name} is an IPv4 subnet; put it in cidr`,
            b.path,
          ),
        );
      else if (b) N.push(b);
    }
  }
  return { C, S, M, N };
}

function overlap(a: Entry, b: Entry, out: Problem[], why = ''): void {
  out.push(
    problem('net-overlap', 'error', `${cap(a.label)} overlaps ${b.label} (${b.text})${why}`, a.path, [
      { message: cap(b.label), path: b.path },
    ]),
  );
}
function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function checkNetworking(t: Topology): Problem[] {
  const out: Problem[] = [];
  const { C, S, M, N } = collect(t, out);
  const within = (list: Entry[]) =>
    list.forEach((a, i) => {
      const b = list.slice(0, i).find((x) => cidrsOverlap(x.cidr, a.cidr));
      if (b) overlap(a, b, out);
    });
  within(C);
  within(S);
  within(M);
  within(N);
  const podWhy = ': pod or service traffic to those machines would be routed into the cluster';
  for (const a of C) {
    const b = S.find((x) => cidrsOverlap(x.cidr, a.cidr));
    if (b) overlap(a, b, out);
  }
  for (const a of [...C, ...S]) {
    const m = M.find((x) => cidrsOverlap(x.cidr, a.cidr));
    if (m) overlap(a, m, out, podWhy);
    // A node network equal to the explicit machine network is the same fact: report it once.
    const n = N.find(
      (x) => cidrsOverlap(x.cidr, a.cidr) && !(m && m.cidr.base === x.cidr.base && m.cidr.prefix === x.cidr.prefix),
    );
    if (n) overlap(a, n, out, podWhy);
  }
  // Loops, not push(...spread): these grow with the host count, past what the stack holds as arguments.
  for (const p of emptyLists(t)) out.push(p);
  for (const p of podCapacity(t, C)) out.push(p);
  for (const p of nodesOutsideMachineNetwork(t)) out.push(p);
  if (isOkd(t)) for (const p of installerRules(t, C, S)) out.push(p);
  return out;
}

/** Each node takes one /hostPrefix subnet of the cluster network; there must be enough of them. */
function podCapacity(t: Topology, C: Entry[]): Problem[] {
  const nodes = NODE_ROLES.filter((r) => r !== 'bootstrap').reduce(
    (s, r) => s + (factsOf(t).byRole.get(r)?.length ?? 0),
    0,
  );
  const out: Problem[] = [];
  for (const family of [4, 6] as const) {
    const list = C.filter(
      (c) => c.cidr.family === family && c.hostPrefix !== undefined && c.hostPrefix >= c.cidr.prefix,
    );
    if (!list.length) continue;
    const slots = list.reduce((s, c) => s + 2 ** Math.min(60, c.hostPrefix! - c.cidr.prefix), 0);
    if (slots < nodes) {
      out.push(
        problem(
          'net-pod-subnets',
          'error',
          `${cap(list[0].label)} with hostPrefix ${list[0].hostPrefix} has room for ${slots} node subnet${slots === 1 ? '' : 's'} but there are ${nodes} nodes`,
          list[0].path,
        ),
      );
    }
  }
  return out;
}

const DOCKER_BRIDGE = parseCidr('172.17.0.0/16')!;
// OVN-Kubernetes' default internal subnets (the installer's defaults): join, transit and masquerade.
const OVN_INTERNAL = [
  ['join', '100.64.0.0/16'],
  ['transit', '100.88.0.0/16'],
  ['masquerade', '169.254.0.0/17'],
  ['join', 'fd98::/64'],
  ['transit', 'fd97::/64'],
  ['masquerade', 'fd69::/112'],
].map(([kind, text]) => ({ kind, cidr: parseCidr(text)! }));

/** hostPrefix: required for OVN-Kubernetes only, never shorter than its network, 64 for IPv6, one value for IPv4. */
function hostPrefixRules(C: Entry[], ovn: boolean, out: Problem[]): void {
  let v4Prefix: Entry | undefined;
  for (const c of C) {
    if (c.defaulted) continue;
    // Only OVN-Kubernetes needs hostPrefix; other network types may leave it out.
    if (c.hostPrefix === undefined) {
      if (ovn)
        out.push(
          problem(
            'installer-host-prefix',
            'error',
            `${cap(c.label)} needs a hostPrefix (the size of each node's pod subnet, e.g. ${c.cidr.family === 4 ? 23 : 64})`,
            c.path,
          ),
        );
    } else if (c.hostPrefix < c.cidr.prefix) {
      out.push(
        problem(
          'installer-host-prefix',
          'error',
          `hostPrefix ${c.hostPrefix} is shorter than the prefix of ${c.text}: node subnets cannot be larger than the cluster network`,
          c.path,
        ),
      );
    } else if (c.cidr.family === 6 && c.hostPrefix !== 64) {
      out.push(
        problem(
          'installer-host-prefix',
          'error',
          `hostPrefix of IPv6 cluster network ${c.text} must be 64 (is ${c.hostPrefix})`,
          c.path,
        ),
      );
    } else if (c.cidr.family === 4) {
      if (v4Prefix && v4Prefix.hostPrefix !== c.hostPrefix) {
        out.push(
          problem(
            'installer-host-prefix',
            'error',
            `All IPv4 cluster networks need the same hostPrefix: ${c.text} has ${c.hostPrefix}, ${v4Prefix.text} has ${v4Prefix.hostPrefix}`,
            c.path,
            [{ message: cap(v4Prefix.label), path: v4Prefix.path }],
          ),
        );
      }
      v4Prefix ??= c;
    }
  }
}

function installerRules(t: Topology, C: Entry[], S: Entry[]): Problem[] {
  const out: Problem[] = [];
  const nw = t.cluster.networking;
  const nwPath: Path = ['cluster', 'networking'];
  const type = nw.networkType ?? '';
  if (/^(openshiftsdn|kuryr)$/i.test(type)) {
    out.push(
      problem(
        'installer-network-type',
        'error',
        `networkType ${type} is not supported by current OKD releases; use OVNKubernetes`,
        [...nwPath, 'networkType'],
        undefined,
        { replacement: 'OVNKubernetes' },
      ),
    );
  }
  for (const s of S) {
    const max = s.cidr.family === 4 ? 12 : 108;
    if (s.cidr.prefix < max) {
      out.push(
        problem(
          'installer-service-network-size',
          'error',
          `Service network ${s.text} is too large for the installer: an IPv${s.cidr.family} service network may be at most /${max} (${s.cidr.family === 4 ? '/16' : '/112'} is usual)`,
          s.path,
        ),
      );
    }
  }
  hostPrefixRules(C, /^ovnkubernetes$/i.test(type), out);
  const machine = machineNetworks(t);
  const fams = new Set(S.map((s) => s.cidr.family));
  if (fams.size === 2) {
    if (S.length !== 2)
      out.push(
        problem(
          'installer-dual-stack',
          'error',
          `Dual stack needs exactly two service networks, one IPv4 and one IPv6 (there are ${S.length})`,
          [...nwPath, 'serviceNetwork'],
        ),
      );
    const lists: [string, { cidr: Cidr }[], Path][] = [
      ['clusterNetwork', C, [...nwPath, 'clusterNetwork']],
      ['machine network', machine, nw.machineNetwork ? [...nwPath, 'machineNetwork'] : ['networks']],
    ];
    for (const [name, list, path] of lists) {
      for (const f of [4, 6] as const) {
        if (list.length && !list.some((x) => x.cidr.family === f)) {
          out.push(
            problem(
              'installer-dual-stack',
              'error',
              `Dual stack (service networks of both families) needs an IPv${f} ${name} too`,
              path,
            ),
          );
        }
      }
    }
  } else if (fams.has(4) && S.length > 1) {
    out.push(
      problem('installer-dual-stack', 'error', 'Single-stack IPv4 takes exactly one service network', S[1].path),
    );
  }
  const allNets: { label: string; cidr: Cidr; path: Path }[] = [
    ...C,
    ...S,
    ...machine.map((m) => ({ label: `machine network ${m.text}`, cidr: m.cidr, path: m.path })),
  ];
  for (const e of allNets) {
    if (cidrsOverlap(e.cidr, DOCKER_BRIDGE)) {
      out.push(
        problem(
          'installer-docker-bridge',
          'warning',
          `${cap(e.label)} overlaps Docker's default bridge 172.17.0.0/16; hosts running containers may route it locally`,
          e.path,
        ),
      );
    }
    if (/^ovnkubernetes$/i.test(type)) {
      const o = OVN_INTERNAL.find((x) => cidrsOverlap(e.cidr, x.cidr));
      if (o)
        out.push(
          problem(
            'installer-ovn-subnet',
            'error',
            `${cap(e.label)} overlaps OVN-Kubernetes' internal ${o.kind} subnet ${formatCidr(o.cidr)}`,
            e.path,
          ),
        );
    }
  }
  const name = t.cluster.name;
  if (name) {
    const ok = name.length <= 54 && isLowerDnsName(name);
    if (!ok) {
      out.push(
        problem(
          'installer-cluster-name',
          'error',
          `Cluster name "${name}" must be lower-case letters, digits and "-" (a DNS-1123 name) and at most 54 characters`,
          ['cluster', 'name'],
        ),
      );
    }
  }
  return out;
}
