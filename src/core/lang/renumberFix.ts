// Renumber as a quick fix (issue 13): after a network's CIDR was changed by hand, its hosts, VIPs,
// gateway, DHCP range and pools all read "outside network". When most of the network's addresses
// share one other prefix of the new CIDR's length, that was the old network: the fix moves every
// address written in it to the new one, keeping host parts, in one edit (one undo step).
import type { Analysis } from '../analyze';
import type { Topology } from '../model';
import type { LocatedProblem } from '../problems';
import { factsOf } from '../facts';
import { cidrsOverlap, contains, formatAddr, formatCidr, maskOf, parseCidr, type Cidr, type Family } from '../ip';
import { planRenumberFrom } from '../edit/index';
import type { QuickFix } from './types';

/** The problems a changed CIDR leaves behind on the network's own addresses. */
export const RENUMBER_FIX_CODES: ReadonlySet<string> = new Set([
  'ip-outside-network',
  'gateway-outside-network',
  'dhcp-range-outside-subnet',
  'pool-outside-network',
]);

/** Addresses written for `network` in `family`: interfaces, VIPs, the gateway, and both ends of its DHCP ranges and pools. */
function addressesOn(t: Topology, network: string, family: Family): bigint[] {
  const f = factsOf(t);
  const out: bigint[] = [];
  // DNS servers may rightly live elsewhere (behind the gateway): they say nothing about the old prefix.
  for (const o of f.owners)
    if (o.network === network && o.kind !== 'dns' && o.addr.family === family) out.push(o.addr.value);
  for (const r of f.ranges)
    if (r.network === network && r.range.family === family) out.push(r.range.start, r.range.end);
  return out;
}

/**
 * The prefix `network` had before its CIDR was edited: the one prefix of the current length that
 * most of its outside addresses share, when it explains more of them than the current CIDR does
 * (one mistyped host among many in the right network is no renumbering) and no other network has it.
 */
export function recoverOldPrefix(t: Topology, network: string, family: Family): Cidr | undefined {
  const net = t.networks.find((n) => n.name === network);
  const now = parseCidr(family === 4 ? net?.cidr : net?.cidr6);
  if (!net || !now || now.family !== family || now.hostBits) return undefined;
  const mask = maskOf(family, now.prefix);
  const count = new Map<bigint, number>();
  let inside = 0,
    outside = 0;
  for (const value of addressesOn(t, network, family)) {
    if (contains(now, { family, value })) {
      inside++;
      continue;
    }
    outside++;
    count.set(value & mask, (count.get(value & mask) ?? 0) + 1);
  }
  let best: [bigint, number] | undefined;
  for (const e of count) if (!best || e[1] > best[1]) best = e;
  if (!best || best[1] * 2 <= outside || best[1] <= inside) return undefined;
  const old: Cidr = {
    family,
    base: best[0],
    prefix: now.prefix,
    hostBits: false,
    text: `${formatAddr(family, best[0])}/${now.prefix}`,
  };
  const taken = t.networks.some(
    (n) => n !== net && [parseCidr(n.cidr), parseCidr(n.cidr6)].some((c) => c && cidrsOverlap(c, old)),
  );
  return taken ? undefined : old;
}

// Every "outside" problem of the network asks for the same fix: plan it once per analysis.
const memo = new WeakMap<Analysis, Map<string, QuickFix | null>>();

function fixFor(a: Analysis, t: Topology, network: string, family: Family): QuickFix | null {
  const old = recoverOldPrefix(t, network, family);
  const net = t.networks.find((n) => n.name === network)!;
  const now = old && parseCidr(family === 4 ? net.cidr : net.cidr6);
  if (!old || !now) return null;
  const plan = planRenumberFrom({ text: a.doc.text, doc: a.doc, topology: t }, network, old, now);
  if (plan.outcome !== 'applied') return null;
  const n = plan.edits.length;
  return {
    title: `Renumber everything from ${formatCidr(old)} to ${formatCidr(now)} (${n} value${n === 1 ? '' : 's'}, network ${network})`,
    edits: plan.edits,
    preferred: true,
  };
}

/** The Renumber fix for an "outside network" problem, when the old prefix can be recovered. */
export function renumberFixes(a: Analysis, p: LocatedProblem, t: Topology): QuickFix[] {
  const network = typeof p.data?.network === 'string' ? p.data.network : undefined;
  if (!network || !RENUMBER_FIX_CODES.has(p.code)) return [];
  let byNet = memo.get(a);
  if (!byNet) memo.set(a, (byNet = new Map()));
  const out: QuickFix[] = [];
  for (const family of [4, 6] as const) {
    const key = `${family}:${network}`;
    if (!byNet.has(key)) byNet.set(key, fixFor(a, t, network, family));
    const fix = byNet.get(key);
    if (fix) out.push(fix);
  }
  return out;
}
