// The answers real daemons gave in the lab (fixtures/recorded.json, made by fixtures/record.ts), and
// small servers on 127.0.0.1 that replay them to verify's probes: DNS, TFTP and SNTP over UDP.
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Recorded {
  dnsA: string[];
  dnsPtr: string[];
  dnsNx: string[];
  dnsNoData: string[];
  tftpMenu: string[];
  tftpMissing: string[];
  sntp: string[];
  sntpNonce: string;
  haproxy: { stat: string; servers: string; info: string };
  leases: string;
  journal: string;
  pxeMenu: string;
}

export const REC = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'recorded.json'), 'utf8')) as Recorded;

export const hex = (h: string): Buffer => Buffer.from(h, 'hex');

function bind(s: Socket): Promise<number> {
  return new Promise((resolve) => s.bind(0, '127.0.0.1', () => resolve(s.address().port)));
}

/** The question of a DNS query: lower-case name and type. */
function question(q: Buffer): { name: string; type: number } {
  const labels: string[] = [];
  let i = 12;
  while (q[i] !== 0) {
    labels.push(q.subarray(i + 1, i + 1 + q[i]).toString('latin1'));
    i += q[i] + 1;
  }
  return { name: labels.join('.').toLowerCase(), type: q.readUInt16BE(i + 1) };
}

/** Replays recorded DNS answers (the query's ID put back in); unknown questions get no answer. */
export async function dnsReplay(): Promise<{ port: number; close: () => void }> {
  const s = createSocket('udp4');
  const answers: Record<string, string> = {
    'master-0.okd.example.com/1': REC.dnsA[0],
    '11.200.168.192.in-addr.arpa/12': REC.dnsPtr[0],
    'nosuch.okd.example.com/1': REC.dnsNx[0],
    'master-0.okd.example.com/28': REC.dnsNoData[0],
  };
  s.on('message', (q, r) => {
    const { name, type } = question(q);
    const rec = answers[`${name}/${type}`];
    if (!rec) return;
    const a = hex(rec);
    q.copy(a, 0, 0, 2);
    s.send(a, r.port, r.address);
  });
  return { port: await bind(s), close: () => s.close() };
}

/** Replays in.tftpd: the menu's packets from a fresh transfer port, each after the client's ACK. */
export async function tftpReplay(): Promise<{ port: number; close: () => void }> {
  const s = createSocket('udp4');
  const transfers: Socket[] = [];
  s.on('message', async (q, r) => {
    const file = q.subarray(2, q.indexOf(0, 2)).toString('latin1');
    const t = createSocket('udp4');
    transfers.push(t);
    await bind(t);
    const packets = (file === 'pxelinux.cfg/01-f8-75-a4-ac-03-00' ? REC.tftpMenu : REC.tftpMissing).map(hex);
    let next = 0;
    const send = (): void => {
      if (next < packets.length) t.send(packets[next++], r.port, r.address);
    };
    t.on('message', send); // each ACK brings the next packet
    send();
  });
  return { port: await bind(s), close: () => [s, ...transfers].forEach((x) => x.close()) };
}

/** Replays chronyd's reply, with the client's transmit time echoed as the origin (as any server does). */
export async function sntpReplay(reply = REC.sntp[0]): Promise<{ port: number; close: () => void }> {
  const s = createSocket('udp4');
  s.on('message', (q, r) => {
    const a = hex(reply);
    q.copy(a, 24, 40, 48);
    s.send(a, r.port, r.address);
  });
  return { port: await bind(s), close: () => s.close() };
}
