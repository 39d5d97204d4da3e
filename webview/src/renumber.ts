// The graph's Renumber action (issue 13): what the new network typed for a network card must be
// before the host's planner is asked. The planner stays the authority (host parts that do not fit
// come back from it as an error notice); this catches what can be seen from the graph at once.
import type { NetworkView } from './protocol';
import { cidrsOverlap, formatCidr, parseCidr } from '../../src/core/ip';

/** An error for the typed CIDR, or undefined when it can be sent. */
export function renumberError(networks: readonly NetworkView[], net: NetworkView, raw: string): string | undefined {
  const text = raw.trim();
  const to = parseCidr(text);
  if (!to) return 'Write a network as address/prefix, e.g. 10.1.0.0/24 or fd00:1::/64.';
  const now = parseCidr(to.family === 4 ? net.cidr : net.cidr6);
  if (!now) return `${net.name} has no IPv${to.family} network to move.`;
  if (to.hostBits) return `${text} has host bits set: the network address is ${formatCidr(to)}.`;
  if (to.base === now.base && to.prefix === now.prefix) return `${net.name} is already ${formatCidr(now)}.`;
  for (const n of networks) {
    if (n.name === net.name) continue;
    const other = [parseCidr(n.cidr), parseCidr(n.cidr6)].find((c) => c && cidrsOverlap(c, to));
    if (other) return `${formatCidr(to)} overlaps network ${n.name} (${formatCidr(other)}).`;
  }
  return undefined;
}
