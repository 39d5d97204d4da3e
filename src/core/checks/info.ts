// Information: how many addresses are left in each network and pool.
import type { Topology } from '../model';
import type { Problem } from '../problems';
import { networkCidr, networkUsage, poolUsage } from '../facts';
import { formatCidr } from '../ip';
import { problem } from './util';
import { countText } from '../text';

const count = countText;

export function checkFreeAddresses(t: Topology): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  for (const n of t.networks) {
    if (!n.name || seen.has(n.name)) continue;
    seen.add(n.name);
    const parts: string[] = [];
    let free = 0;
    for (const family of [4, 6] as const) {
      const c = networkCidr(t, n.name, family);
      const u = c && networkUsage(t, n.name, family);
      if (!c || !u) continue;
      free += u.free;
      const extra = [u.used && `${u.used} static`, u.dynamic && `${count(u.dynamic)} DHCP`, u.pooled && `${count(u.pooled)} in pools`].filter(Boolean).join(', ');
      parts.push(`${formatCidr(c)}: ${count(u.free)} of ${count(u.size)} free${extra ? ` (${extra})` : ''}`);
    }
    if (parts.length) out.push(problem('info-free-addresses', 'info', `Network ${n.name}: ${parts.join('; ')}`, [...n.path, 'name'], undefined, { network: n.name, free }));
  }
  for (const p of t.pools) {
    if (!p.name || seen.has(`pool:${p.name}`)) continue;
    seen.add(`pool:${p.name}`);
    const u = poolUsage(t, p.name);
    if (!u || !u.size) continue;
    out.push(problem('info-free-addresses', 'info', `Pool ${p.name}: ${count(u.free)} of ${count(u.size)} addresses free`, [...p.path, 'name'], undefined, { pool: p.name, free: u.free }));
  }
  return out;
}
