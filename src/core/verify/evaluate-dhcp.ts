// What the DHCP servers offered a reserved MAC (verify --dhcp-discover), against the reservation.
import { baseOf } from './check-base';
import type { Check, DhcpOfferProbe, Observation } from './types';

type Offer = NonNullable<Extract<Observation, { kind: 'dhcp-offer' }>['offers']>[number];

function bootProblems(p: DhcpOfferProbe, o: Offer): string[] {
  const wrong: string[] = [];
  if (p.filename && o.file !== p.filename) wrong.push(`boot file ${o.file ?? 'none'}, expected ${p.filename}`);
  if (p.nextServer && o.nextServer !== p.nextServer)
    wrong.push(`next server ${o.nextServer ?? 'none'}, expected ${p.nextServer}`);
  return wrong;
}

export function evaluateDhcpOffer(p: DhcpOfferProbe, o: Extract<Observation, { kind: 'dhcp-offer' }>): Check[] {
  const target = `DHCPDISCOVER for ${p.host} (${p.mac}) on ${p.network}`;
  const expected = `offer of ${p.ip} from ${p.address}${p.filename ? `, boot file ${p.filename}` : ''}`;
  const base = { ...baseOf(p), target, expected };
  if (o.offLink) {
    return [
      {
        ...base,
        severity: 'info',
        observed: 'not asked',
        ok: false,
        detail: `this machine has no IPv4 address on ${p.network} (${p.cidr}), so it cannot broadcast a DISCOVER there`,
      },
    ];
  }
  if (o.error !== undefined)
    return [{ ...base, observed: o.error, ok: false, detail: `no DHCP offer was received (${o.error})` }];
  const offers = o.offers ?? [];
  const ours = offers.find((x) => (x.serverId ?? x.from) === p.address);
  const others = offers.filter((x) => x !== ours).map((x) => `${x.yiaddr} from ${x.serverId ?? x.from}`);
  const observed = offers.length
    ? offers.map((x) => `${x.yiaddr} from ${x.serverId ?? x.from}`).join('; ')
    : 'no offer';
  const checks: Check[] = [];
  if (!ours)
    checks.push({
      ...base,
      observed,
      ok: false,
      detail: `${p.server} (${p.address}) made no offer for ${p.mac}: is dhcpd running, and does it have this reservation?`,
    });
  else {
    const wrong = [
      ...(ours.yiaddr === p.ip ? [] : [`offered ${ours.yiaddr} instead of the reserved ${p.ip}`]),
      ...bootProblems(p, ours),
    ];
    checks.push({ ...base, observed, ok: wrong.length === 0, detail: wrong.join('; ') });
  }
  if (others.length) {
    // Another server answering on the network races the topology's: nodes may boot from it.
    checks.push({
      ...base,
      target: `other DHCP servers on ${p.network}`,
      expected: `only ${p.address} answers`,
      observed: others.join('; '),
      ok: false,
      detail: `a DHCP server the topology does not name answers on ${p.network}; nodes may lease from it`,
    });
  }
  return checks;
}
