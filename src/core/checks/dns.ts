// OKD UPI nodes resolve api-int and *.apps through the DNS servers their network hands out. If the
// cluster's own DNS server (services.dns) is not the first of them, the install stalls: a resolver
// moves on to the next server only when one does not answer, never when it says "no such name".
import type { Topology } from '../model';
import type { Problem } from '../problems';
import { NODE_ROLES, factsOf } from '../facts';
import { normaliseAddr } from '../ip';
import { problem } from './util';

export function checkClusterDns(t: Topology): Problem[] {
  if (t.cluster.platform !== 'okd-upi') return [];
  const f = factsOf(t);
  const servers = (t.services.dns?.hosts ?? []).map((n) => f.hosts.get(n)).filter((h) => !!h);
  if (!servers.length) return [];
  const ours = new Map<string, string>();
  for (const h of servers) {
    for (const i of h.interfaces) {
      for (const ip of [i.ip, i.ip6]) {
        const a = ip ? normaliseAddr(ip) : undefined;
        if (a) ours.set(a, h.name);
      }
    }
  }
  if (!ours.size) return [];
  // Which networks have nodes is only asked once a list is wrong (a walk over every host).
  let nodeNets: Set<string> | undefined;
  const hasNodes = (name: string) => {
    if (!nodeNets) {
      nodeNets = new Set();
      for (const h of t.hosts) if (NODE_ROLES.includes(h.role)) for (const i of h.interfaces) nodeNets.add(i.network);
    }
    return nodeNets.has(name);
  };
  const names = servers.map((h) => h.name).join(', ');
  const out: Problem[] = [];
  for (const n of t.networks) {
    // An empty list is filled with the DNS hosts' addresses when rendering.
    if (!n.dns.length) continue;
    const at = n.dns.findIndex((d) => ours.has(normaliseAddr(d.ip) ?? ''));
    if (at === 0 || !hasNodes(n.name)) continue;
    const first = n.dns[0];
    const message =
      at < 0
        ? `Network ${n.name} gives its nodes DNS ${n.dns.map((d) => d.ip).join(', ')}, none of which is the cluster's DNS server (${names}); they could not resolve api-int or *.apps. Add the server's address first`
        : `Network ${n.name} lists ${first.ip} before the cluster's DNS server ${n.dns[at].ip} (${names}); resolvers stop at the first server that answers, so api-int and *.apps would not resolve. List ${n.dns[at].ip} first`;
    // For the quick fix: swap the server to the front, or put the DNS host's address in place of the first.
    const own =
      servers.flatMap((h) => h.interfaces.filter((i) => i.network === n.name && i.ip).map((i) => i.ip!))[0] ??
      [...ours.keys()][0];
    const data: Record<string, string | number> =
      at < 0 ? { network: n.name, replacement: own } : { network: n.name, swapWith: at };
    out.push(
      problem(
        'dns-not-cluster-server',
        'warning',
        message,
        first.path,
        at < 0 ? undefined : [{ message: `the cluster's DNS server ${n.dns[at].ip}`, path: n.dns[at].path }],
        data,
      ),
    );
  }
  return out;
}
