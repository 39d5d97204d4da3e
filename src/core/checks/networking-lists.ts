// The written network lists themselves: none empty, and a machineNetwork that holds every node.
import type { Path, Topology } from '../model';
import type { Problem } from '../problems';
import { NODE_ROLES, machineNetworks } from '../facts';
import { contains, parseAddr } from '../ip';
import { isOkd, problem } from './util';

/** A list written with no entries is not the same as one left out: nothing fills in a default. */
export function emptyLists(t: Topology): Problem[] {
  const nw = t.cluster.networking;
  const at: Path = ['cluster', 'networking'];
  const out: Problem[] = [];
  const empty = (key: string, what: string) =>
    out.push(
      problem(
        'net-list-empty',
        'error',
        `networking.${key} is an empty list: ${what} needs at least one entry (leave the field out to use the default)`,
        [...at, key],
      ),
    );
  if (!nw.defaulted.clusterNetwork && nw.clusterNetwork.length === 0) empty('clusterNetwork', 'the pod network');
  if (!nw.defaulted.serviceNetwork && nw.serviceNetwork.length === 0) empty('serviceNetwork', 'the service network');
  if (nw.machineNetwork && nw.machineNetwork.length === 0) empty('machineNetwork', 'the machine network');
  return out;
}

/**
 * A written machineNetwork must hold each node's address (per family it lists): OKD takes the node
 * IP from it, and VIPs, keepalived and the router's host network follow. A derived one holds them
 * by construction.
 */
export function nodesOutsideMachineNetwork(t: Topology): Problem[] {
  if (!t.cluster.networking.machineNetwork) return [];
  const M = machineNetworks(t);
  const out: Problem[] = [];
  const okd = isOkd(t);
  for (const h of t.hosts) {
    if (!NODE_ROLES.includes(h.role)) continue;
    for (const family of [4, 6] as const) {
      const nets = M.filter((m) => m.cidr.family === family);
      if (!nets.length) continue;
      const mine = h.interfaces
        .flatMap(
          (i) =>
            [
              [i, 'ip', parseAddr(i.ip)],
              [i, 'ip6', parseAddr(i.ip6)],
            ] as const,
        )
        .filter(([, , a]) => a?.family === family);
      if (!mine.length || mine.some(([, , a]) => nets.some((m) => contains(m.cidr, a!)))) continue;
      const [iface, key] = mine[0];
      const list = nets.map((m) => m.text).join(', ');
      out.push(
        problem(
          'net-node-outside-machine-network',
          okd ? 'error' : 'warning',
          `Host ${h.name} has no IPv${family} address in the machine network (${list}); ${okd ? 'OKD picks the node IP from it' : 'node IPs are expected there'}. Add its network's subnet to machineNetwork or remove machineNetwork to derive it`,
          [...iface.path, key],
          [{ message: `machine network ${nets[0].text}`, path: nets[0].path }],
          { host: h.name },
        ),
      );
    }
  }
  return out;
}
