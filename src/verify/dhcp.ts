// verify --dhcp-discover: one broadcast DHCPDISCOVER per reserved MAC, offers collected for a short
// while. Only DISCOVERs are sent (never a REQUEST), so the servers lease nothing. Port 68 needs root.
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { DHCP_OFFER, dhcpDiscover, parseDhcpReply } from '../core/verify/dhcp-wire';
import type { DhcpOfferProbe, Observation } from '../core/verify/types';
import { describeError, onLink } from './net';

type OfferObservation = Extract<Observation, { kind: 'dhcp-offer' }>;
type Offer = NonNullable<OfferObservation['offers']>[number];

/** After the expected server's offer, other servers get this long to show themselves. */
const GRACE_MS = 400;

function bindError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'EACCES') return 'port 68 needs root: run verify --dhcp-discover as root';
  return `cannot listen on port 68 (${describeError(e)})`;
}

export function dhcpOffer(p: DhcpOfferProbe, timeoutMs: number): Promise<OfferObservation> {
  if (!onLink(p.cidr)) return Promise.resolve({ kind: 'dhcp-offer', offLink: true });
  const xid = randomBytes(4).readUInt32BE(0);
  const offers: Offer[] = [];
  const sock = createSocket({ type: 'udp4', reuseAddr: true });
  return new Promise<OfferObservation>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = (o: OfferObservation): void => {
      clearTimeout(timer);
      sock.close();
      resolve(o);
    };
    timer = setTimeout(
      () =>
        finish(
          offers.length
            ? { kind: 'dhcp-offer', offers }
            : { kind: 'dhcp-offer', error: `no offer within ${timeoutMs} ms` },
        ),
      timeoutMs,
    );
    sock.on('error', (e) => finish({ kind: 'dhcp-offer', error: bindError(e) }));
    sock.on('message', (buf, from) => {
      const r = parseDhcpReply(buf);
      if (!r || r.xid !== xid || r.type !== DHCP_OFFER) return;
      offers.push({
        yiaddr: r.yiaddr,
        serverId: r.serverId,
        from: from.address,
        file: r.bootfile ?? r.file,
        nextServer: r.siaddr !== '0.0.0.0' ? r.siaddr : r.tftpServer,
      });
      if ((r.serverId ?? from.address) === p.address) {
        clearTimeout(timer);
        timer = setTimeout(() => finish({ kind: 'dhcp-offer', offers }), GRACE_MS);
      }
    });
    sock.bind(68, () => {
      sock.setBroadcast(true);
      sock.send(dhcpDiscover(p.mac, xid), 67, p.broadcast, (e) => {
        if (e)
          finish({
            kind: 'dhcp-offer',
            error: `the DISCOVER could not be sent to ${p.broadcast} (${describeError(e)})`,
          });
      });
    });
  });
}
