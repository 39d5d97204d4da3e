// verify --dhcp-discover: the DISCOVER's bytes, reading replies, the probes derived from the topology
// and what is concluded from the offers (the real dhcpd answers these in test/lab/upi.test.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../src/core/analyze';
import { dhcpDiscover, parseDhcpReply } from '../../src/core/verify/dhcp-wire';
import { deriveProbes } from '../../src/core/verify/derive';
import { evaluate } from '../../src/core/verify/evaluate';
import type { DhcpOfferProbe, Observation } from '../../src/core/verify/types';

const upi = analyze(readFileSync('examples/okd-upi-lab/cluster.okd.yaml', 'utf8')).topology!;
const offerProbes = deriveProbes(upi, { dhcpDiscover: true }).filter(
  (p): p is DhcpOfferProbe => p.kind === 'dhcp-offer',
);
const m0 = offerProbes.find((p) => p.host === 'master-0')!;

/** A BOOTREPLY as dhcpd sends it: fixed fields, then options 53 (type), 54 (server) and 255. */
function reply(o: {
  xid: number;
  yiaddr: string;
  siaddr?: string;
  file?: string;
  server: string;
  type?: number;
}): Uint8Array {
  const b = new Uint8Array(300);
  b.set([2, 1, 6, 0]);
  b.set([(o.xid >>> 24) & 255, (o.xid >>> 16) & 255, (o.xid >>> 8) & 255, o.xid & 255], 4);
  const ip = (s: string, at: number): void => b.set(s.split('.').map(Number), at);
  ip(o.yiaddr, 16);
  ip(o.siaddr ?? '0.0.0.0', 20);
  if (o.file) b.set(new TextEncoder().encode(o.file), 108);
  b.set([0x63, 0x82, 0x53, 0x63, 53, 1, o.type ?? 2, 54, 4, ...o.server.split('.').map(Number), 255], 236);
  return b;
}

const seen = (offers: NonNullable<Extract<Observation, { kind: 'dhcp-offer' }>['offers']>): Observation => ({
  kind: 'dhcp-offer',
  offers,
});

describe('verify --dhcp-discover', () => {
  it('the DISCOVER: BOOTREQUEST with the MAC, the broadcast flag, message type 1 and nothing that would lease', () => {
    const b = dhcpDiscover('F8-75-A4-AC-03-00', 0xdeadbeef);
    assert.deepEqual([...b.subarray(0, 4)], [1, 1, 6, 0]);
    assert.deepEqual([...b.subarray(4, 8)], [0xde, 0xad, 0xbe, 0xef]);
    assert.equal(b[10], 0x80);
    assert.deepEqual([...b.subarray(28, 34)], [0xf8, 0x75, 0xa4, 0xac, 0x03, 0x00]);
    // Type 1 (DISCOVER) and a parameter list; no requested address (50) or server identifier (54), which a REQUEST carries.
    assert.deepEqual([...b.subarray(236, 251)], [0x63, 0x82, 0x53, 0x63, 53, 1, 1, 55, 5, 1, 3, 6, 66, 67, 255]);
    assert.throws(() => dhcpDiscover('f8:75:a4', 1), /not a MAC/);
  });

  it("replies: the offer's address, server, next server and boot file; other packets are ignored", () => {
    const r = parseDhcpReply(
      reply({
        xid: 7,
        yiaddr: '192.168.200.11',
        siaddr: '192.168.200.254',
        file: 'pxelinux.0',
        server: '192.168.200.254',
      }),
    )!;
    assert.deepEqual(
      { xid: r.xid, type: r.type, yiaddr: r.yiaddr, siaddr: r.siaddr, file: r.file, serverId: r.serverId },
      {
        xid: 7,
        type: 2,
        yiaddr: '192.168.200.11',
        siaddr: '192.168.200.254',
        file: 'pxelinux.0',
        serverId: '192.168.200.254',
      },
    );
    assert.equal(parseDhcpReply(dhcpDiscover('f8:75:a4:ac:03:00', 7)), undefined, 'a request is not a reply');
    assert.equal(parseDhcpReply(new Uint8Array(100)), undefined);
  });

  it("probes only when asked: one per reservation and DHCP server, sent to the network's broadcast address", () => {
    assert.equal(
      deriveProbes(upi).some((p) => p.kind === 'dhcp-offer'),
      false,
    );
    const reserved = upi.hosts.filter((h) => h.interfaces.some((i) => i.mac && i.network === 'okd')).length;
    assert.equal(offerProbes.length, reserved);
    assert.deepEqual(
      {
        address: m0.address,
        broadcast: m0.broadcast,
        ip: m0.ip,
        mac: m0.mac,
        filename: m0.filename,
        nextServer: m0.nextServer,
      },
      {
        address: '192.168.200.254',
        broadcast: '192.168.200.255',
        ip: '192.168.200.11',
        mac: 'f8:75:a4:ac:03:00',
        filename: 'pxelinux.0',
        nextServer: '192.168.200.254',
      },
    );
    assert.match(
      evaluate(m0, { kind: 'dhcp-offer', offLink: true })[0].reproduce,
      /broadcast-dhcp-discover\.mac=f8:75:a4:ac:03:00/,
    );
  });

  it("the reservation offered by the topology's server passes; another address, boot file or server fails with why", () => {
    const good = {
      yiaddr: '192.168.200.11',
      serverId: '192.168.200.254',
      from: '192.168.200.254',
      file: 'pxelinux.0',
      nextServer: '192.168.200.254',
    };
    assert.deepEqual(
      evaluate(m0, seen([good])).map((c) => c.ok),
      [true],
    );
    const wrongIp = evaluate(m0, seen([{ ...good, yiaddr: '192.168.200.77' }]))[0];
    assert.equal(wrongIp.ok, false);
    assert.match(wrongIp.detail, /offered 192\.168\.200\.77 instead of the reserved 192\.168\.200\.11/);
    assert.match(
      evaluate(m0, seen([{ ...good, file: 'undionly.kpxe' }]))[0].detail,
      /boot file undionly\.kpxe, expected pxelinux\.0/,
    );
    const rogue = evaluate(
      m0,
      seen([good, { yiaddr: '192.168.200.150', serverId: '192.168.200.1', from: '192.168.200.1' }]),
    );
    assert.deepEqual(
      rogue.map((c) => c.ok),
      [true, false],
    );
    assert.match(rogue[1].detail, /a DHCP server the topology does not name answers on okd/);
    const none = evaluate(m0, seen([]))[0];
    assert.equal(none.ok, false);
    assert.match(none.detail, /services \(192\.168\.200\.254\) made no offer for f8:75:a4:ac:03:00/);
  });

  it('not on the network: info, not a failure; no answer or no root: a failure saying so', () => {
    const off = evaluate(m0, { kind: 'dhcp-offer', offLink: true })[0];
    assert.deepEqual([off.severity, off.ok], ['info', false]);
    assert.match(off.detail, /no IPv4 address on okd \(192\.168\.200\.0\/24\)/);
    const root = evaluate(m0, {
      kind: 'dhcp-offer',
      error: 'port 68 needs root: run verify --dhcp-discover as root',
    })[0];
    assert.deepEqual([root.severity, root.ok], ['error', false]);
    assert.match(root.detail, /needs root/);
  });
});
