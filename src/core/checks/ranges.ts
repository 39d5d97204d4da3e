// Dynamic address ranges: DHCP ranges and MetalLB pools. Each range is checked on its own,
// then against every single address inside it and against the other ranges.
import type { Path, Topology } from '../model';
import type { Problem } from '../problems';
import { factsOf, ownersIn, type AddressOwner, type RangeOwner } from '../facts';
import { formatAddr, formatCidr, isNetworkOrBroadcast, lastOf, parseRangeOrCidr, type Cidr, type IpRange } from '../ip';
import { RELATED_MAX, andMore, cappedRelated, problem } from './util';

function within(c: Cidr, r: IpRange): boolean {
  return c.family === r.family && r.start >= c.base && r.end <= lastOf(c);
}
function rangeText(r: IpRange): string {
  return r.start === r.end
    ? formatAddr(r.family, r.start)
    : `${formatAddr(r.family, r.start)}-${formatAddr(r.family, r.end)}`;
}

/**
 * The network or IPv4 broadcast address of a layer 2 pool's own subnet inside one of its entries.
 * avoidBuggyIPs makes MetalLB skip IPv4 addresses ending in .0 and .255, which covers both edges of
 * a /24 or larger subnet (not of a smaller one: a /25's broadcast ends in .127).
 */
function subnetEdgeIn(c: Cidr, r: IpRange, avoidBuggy: boolean): { what: string; value: bigint } | undefined {
  for (const value of [c.base, lastOf(c)]) {
    if (value < r.start || value > r.end) continue;
    const what = isNetworkOrBroadcast(c, { family: c.family, value });
    if (!what) continue;
    if (avoidBuggy && c.family === 4 && (value & 0xffn) % 255n === 0n) continue;
    return { what, value };
  }
  return undefined;
}

export function checkDhcpRanges(t: Topology): Problem[] {
  const out: Problem[] = [];
  const f = factsOf(t);
  for (const n of t.networks) {
    const info = f.networks.get(n.name);
    for (const r of n.dhcp?.ranges ?? []) {
      const p = parseRangeOrCidr(r.text ?? '');
      if (!p.range) {
        if ((r.text ?? '').trim())
          out.push(
            problem(
              'dhcp-range-invalid',
              'error',
              `DHCP range of network ${n.name}: ${p.error}; write "start-end", e.g. 10.0.0.50-10.0.0.99`,
              r.path,
            ),
          );
        continue;
      }
      const c = info?.cidrs.find((x) => x.family === p.range!.family);
      if (!c) continue;
      if (!within(c, p.range)) {
        out.push(
          problem(
            'dhcp-range-outside-subnet',
            'error',
            `DHCP range ${r.text.trim()} is not inside network ${n.name} (${formatCidr(c)})`,
            r.path,
            [{ message: `network ${n.name}`, path: [...n.path, 'cidr'] }],
            { network: n.name },
          ),
        );
        continue;
      }
      for (const v of [p.range.start, p.range.end]) {
        const nb = isNetworkOrBroadcast(c, { family: c.family, value: v });
        if (nb) {
          out.push(
            problem(
              'dhcp-range-outside-subnet',
              'error',
              `DHCP range ${r.text.trim()} includes the ${nb} address ${formatAddr(c.family, v)} of network ${n.name}`,
              r.path,
              undefined,
              { network: n.name },
            ),
          );
          break;
        }
      }
    }
  }
  return out;
}

/** How an entry is written: MetalLB rejects a bare address and silently masks host bits. */
function entryForm(
  pool: string,
  a: { text: string; path: Path },
  p: ReturnType<typeof parseRangeOrCidr>,
  out: Problem[],
): void {
  if (!p.cidr && !a.text.includes('-') && p.range) {
    // MetalLB parses an entry without "-" as a CIDR and rejects a bare address.
    const full = `${a.text.trim()}/${p.range.family === 4 ? 32 : 128}`;
    out.push(
      problem(
        'pool-bare-address',
        'error',
        `Pool ${pool} entry ${a.text.trim()} is a single address; MetalLB takes only CIDRs and ranges: write ${full}`,
        a.path,
        undefined,
        { replacement: full },
      ),
    );
  }
  if (p.cidr?.hostBits) {
    out.push(
      problem(
        'pool-host-bits',
        'warning',
        `${a.text.trim()} has host bits set; MetalLB reads it as ${formatCidr(p.cidr)}, write that (or a start-end range) instead`,
        a.path,
        undefined,
        { replacement: formatCidr(p.cidr) },
      ),
    );
  }
}

export function checkPools(t: Topology): Problem[] {
  const out: Problem[] = [];
  const f = factsOf(t);
  const allCidrs = [...f.networks.values()].flatMap((i) => i.cidrs.map((c) => ({ c, name: i.network.name })));
  for (const pool of t.pools) {
    if (!pool.addresses.length) {
      out.push(problem('pool-invalid', 'error', `Pool ${pool.name} has no addresses`, [...pool.path, 'name']));
      continue;
    }
    const own = pool.network ? f.networks.get(pool.network) : undefined;
    for (const a of pool.addresses) {
      const p = parseRangeOrCidr(a.text ?? '');
      if (!p.range) {
        out.push(
          problem('pool-invalid', 'error', `Pool ${pool.name}: ${p.error}; write "start-end" or a CIDR`, a.path),
        );
        continue;
      }
      entryForm(pool.name, a, p, out);
      let home: { c: Cidr; name: string } | undefined;
      if (own) {
        const c = own.cidrs.find((x) => x.family === p.range!.family);
        if (c && !within(c, p.range)) {
          out.push(
            problem(
              'pool-outside-network',
              'error',
              `Pool ${pool.name} entry ${a.text.trim()} is not inside its network ${own.network.name} (${formatCidr(c)})`,
              a.path,
              [{ message: `network ${own.network.name}`, path: [...own.network.path, 'cidr'] }],
              { network: own.network.name },
            ),
          );
        } else if (c) home = { c, name: own.network.name };
      } else if (pool.protocol === 'layer2' && !pool.network && allCidrs.length) {
        // Layer 2 announces with ARP/NDP, so the addresses must sit on a network the nodes are attached to.
        home = allCidrs.find(({ c }) => within(c, p.range!));
        if (!home) {
          out.push(
            problem(
              'pool-outside-network',
              'error',
              `Layer 2 pool ${pool.name} entry ${a.text.trim()} is not inside any network; ARP/NDP announcements would not reach clients`,
              a.path,
            ),
          );
        }
      }
      if (home && pool.protocol === 'layer2') {
        const bad = subnetEdgeIn(home.c, p.range, pool.avoidBuggyIPs);
        if (bad) {
          // The fix keeps the entry and steps in past both edges.
          const start = p.range.start === home.c.base ? p.range.start + 1n : p.range.start;
          const end = p.range.end === lastOf(home.c) && home.c.family === 4 ? p.range.end - 1n : p.range.end;
          const data: Record<string, string> = { network: home.name };
          if (start <= end) data.replacement = rangeText({ family: p.range.family, start, end });
          out.push(
            problem(
              'pool-network-address',
              'error',
              `Pool ${pool.name} entry ${a.text.trim()} includes the ${bad.what} address ${formatAddr(home.c.family, bad.value)} of network ${home.name}; ` +
                "MetalLB could give it to a service, but hosts on that segment do not treat it as one machine's address",
              a.path,
              undefined,
              data,
            ),
          );
        }
      }
    }
  }
  return out;
}

/** Single addresses inside DHCP ranges and pools, and ranges overlapping each other. */
export function checkRangeCollisions(t: Topology): Problem[] {
  const out: Problem[] = [];
  const f = factsOf(t);
  const dhcpIndex = new Map<RangeOwner, number>();
  for (const n of t.networks)
    (n.dhcp?.ranges ?? []).forEach((r, i) => {
      const ro = f.ranges.find((x) => x.path === r.path);
      if (ro) dhcpIndex.set(ro, i);
    });
  for (const r of f.ranges) {
    const inside = ownersIn(f, r.range.family, r.range.start, r.range.end);
    for (const o of inside) for (const p of ownerInRange(o, r, dhcpIndex.get(r) ?? 0)) out.push(p);
    if (r.kind === 'pool' && inside.length) out.push(poolContains(r, inside));
  }
  // Range against range: sort by start and sweep (ranges are few, so the inner scan is short).
  // Every overlapping pair that involves a MetalLB pool is reported (MetalLB itself refuses each
  // one) at both ends; DHCP ranges among themselves are reported once each, against the earliest written.
  const list = [...f.ranges].sort(
    (a, b) =>
      a.range.family - b.range.family || (a.range.start < b.range.start ? -1 : a.range.start > b.range.start ? 1 : 0),
  );
  const worst = new Map<RangeOwner, { other: RangeOwner; common: IpRange }>();
  const report = (at: RangeOwner, other: RangeOwner, common: IpRange) => {
    const code = at.kind === 'pool' || other.kind === 'pool' ? 'pool-overlap' : 'dhcp-range-overlap';
    out.push(
      problem(
        code,
        'error',
        `${cap(at.label)} overlaps ${other.label} (${rangeText(common)})`,
        at.path,
        [{ message: cap(other.label), path: other.path }],
        { network: at.network },
      ),
    );
  };
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const a = list[i];
      const b = list[j];
      if (b.range.family !== a.range.family || b.range.start > a.range.end) break;
      const common = {
        family: a.range.family,
        start: b.range.start,
        end: a.range.end < b.range.end ? a.range.end : b.range.end,
      };
      const [first, later] = order(a, b);
      // DHCP vs pool is reported at the pool entry.
      const [at, other] = first.kind === 'pool' && later.kind === 'dhcp' ? [first, later] : [later, first];
      if (at.kind === 'pool' || other.kind === 'pool') {
        // At both ends, each naming the other: either may be the one to move.
        report(at, other, common);
        report(other, at, common);
        continue;
      }
      const prev = worst.get(at);
      if (prev && order(prev.other, other)[0] === prev.other) continue;
      worst.set(at, { other, common });
    }
  }
  for (const [at, { other, common }] of worst) report(at, other, common);
  return out;
}

function order(a: RangeOwner, b: RangeOwner): [RangeOwner, RangeOwner] {
  // Networks come before pools in the file; within a kind, document order is the path order.
  const rank = (r: RangeOwner) => [
    r.kind === 'dhcp' ? 0 : 1,
    Number(r.path[1]),
    Number(r.path[r.path.length - 1]) || 0,
  ];
  const x = rank(a);
  const y = rank(b);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i] ? [a, b] : [b, a];
  return [a, b];
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function ownerInRange(o: AddressOwner, r: RangeOwner, rangeIndex: number): Problem[] {
  const rel = [{ message: cap(r.label), path: r.path }];
  if (o.kind === 'gateway' || o.kind === 'dns') {
    const what = o.kind === 'gateway' ? 'Gateway' : 'DNS server';
    return [
      problem(
        o.kind === 'gateway' ? 'gateway-in-dynamic-range' : 'dns-in-dynamic-range',
        'error',
        `${what} ${o.text} of network ${o.name} lies inside ${r.label}; it could be handed to another machine`,
        o.path,
        rel,
        { network: o.name, ip: o.text },
      ),
    ];
  }
  if (r.kind === 'dhcp') {
    if (o.kind === 'interface' || o.kind === 'bmc') {
      return [
        problem(
          'dhcp-reservation-in-range',
          'warning',
          `${o.text} of ${o.label} is inside ${r.label}; dhcpd may lease it to another machine (move it out or shrink the range)`,
          o.path,
          rel,
          { network: r.network, rangeIndex, ip: o.text },
        ),
      ];
    }
    return [
      problem(
        'dhcp-range-overlap',
        'error',
        `${cap(r.label)} contains ${o.label} (${o.text})`,
        r.path,
        [{ message: `${o.label} is ${o.text}`, path: o.path }],
        { network: r.network, ip: o.text },
      ),
    ];
  }
  // The address's end; the pool's end lists every address inside it once (poolContains).
  return [
    problem(
      'pool-overlap',
      'error',
      `${o.text} of ${o.label} lies inside ${r.label}; MetalLB could hand it to a service`,
      o.path,
      rel,
      { network: r.network, ip: o.text },
    ),
  ];
}

/** One problem at a pool entry for every address inside it, the addresses as related locations (capped). */
function poolContains(r: RangeOwner, inside: readonly AddressOwner[]): Problem {
  const o = inside[0];
  return problem(
    'pool-overlap',
    'error',
    `${cap(r.label)} contains ${o.text} of ${o.label}${andMore(inside.length, 'more addresses')}; MetalLB could hand ${inside.length > 1 ? 'them' : 'it'} to a service`,
    r.path,
    cappedRelated(inside.slice(0, RELATED_MAX + 1), inside.length, (x) => ({
      message: `${x.label} is ${x.text}`,
      path: x.path,
    })),
    { network: r.network, ip: o.text },
  );
}
