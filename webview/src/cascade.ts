// What a delete takes along besides the selected nodes, listed before anything is sent. Mirrors
// the planner (src/core/edit/refs.ts deleteScope and remove): a network goes with the interfaces,
// VIPs and pools on it. A deleted hypervisor leaves its VMs in the file without one: said too.
import type { TopologyView } from './protocol';

export interface Cascade {
  /** Other things the delete removes, one line each. */
  goes: string[];
  /** Things that stay but lose what they point at (the checks report them afterwards). */
  stays: string[];
}

const addr = (ip?: string) => (ip ? ` (${ip})` : '');

export function cascadeOf(view: TopologyView, ids: readonly string[]): Cascade {
  const chosen = new Set(ids);
  const nets = new Set(view.networks.filter((n) => chosen.has(n.id)).map((n) => n.name));
  const goes: string[] = [];
  for (const h of view.hosts) {
    if (chosen.has(h.id)) continue;
    for (const i of h.interfaces)
      if (nets.has(i.network)) goes.push(`interface of host ${h.name} on ${i.network}${addr(i.ip ?? i.ip6)}`);
  }
  for (const v of view.vips)
    if (!chosen.has(v.id) && nets.has(v.network)) goes.push(`VIP ${v.name} on ${v.network}${addr(v.ip)}`);
  for (const p of view.pools)
    if (!chosen.has(p.id) && p.network && nets.has(p.network))
      goes.push(`pool ${p.name} on ${p.network} (${p.addresses.join(', ')})`);
  const stays: string[] = [];
  for (const h of view.hosts) {
    if (chosen.has(h.id) || !h.vm?.hypervisorId || !chosen.has(h.vm.hypervisorId)) continue;
    stays.push(`VM ${h.name} keeps vm.on: ${h.vm.on ?? ''}, a host that will no longer exist`);
  }
  return { goes, stays };
}

export function needsConfirm(c: Cascade): boolean {
  return c.goes.length > 0 || c.stays.length > 0;
}
