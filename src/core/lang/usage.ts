// Free addresses per network and pool: shown in hover, the graph and `validate --usage`, never as
// problems (issue 13: one entry per network filled the Problems panel with lines nobody had to act on).
import type { Topology } from '../model';
import type { Path } from '../model';
import { networkCidr, networkUsage, poolUsage } from '../facts';
import { formatCidr } from '../ip';
import { countText as count } from '../text';

export interface UsageEntry {
  kind: 'network' | 'pool';
  name: string;
  /** "Network lan: 10.0.0.0/24: 97 of 256 free (6 static, 50 DHCP, 101 in pools)". */
  message: string;
  /** The entity's name scalar, to locate the entry in the file. */
  path: Path;
  free: number;
}

export function addressUsage(t: Topology): UsageEntry[] {
  const out: UsageEntry[] = [];
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
      const extra = [
        u.used && `${u.used} static`,
        u.dynamic && `${count(u.dynamic)} DHCP`,
        u.pooled && `${count(u.pooled)} in pools`,
      ]
        .filter(Boolean)
        .join(', ');
      parts.push(`${formatCidr(c)}: ${count(u.free)} of ${count(u.size)} free${extra ? ` (${extra})` : ''}`);
    }
    if (parts.length)
      out.push({
        kind: 'network',
        name: n.name,
        message: `Network ${n.name}: ${parts.join('; ')}`,
        path: [...n.path, 'name'],
        free,
      });
  }
  for (const p of t.pools) {
    if (!p.name || seen.has(`pool:${p.name}`)) continue;
    seen.add(`pool:${p.name}`);
    const u = poolUsage(t, p.name);
    if (!u || !u.size) continue;
    out.push({
      kind: 'pool',
      name: p.name,
      message: `Pool ${p.name}: ${count(u.free)} of ${count(u.size)} addresses free`,
      path: [...p.path, 'name'],
      free: u.free,
    });
  }
  return out;
}
