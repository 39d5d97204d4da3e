// The network side of verify's probes: DNS through node's resolver pointed at one server, TCP
// connects, HTTP status lines, a TFTP read (RRQ over UDP), an SNTP query and ARP through the
// kernel's neighbour table. Each call has its own timeout and never throws for a network error.
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { promises as dnsp } from 'node:dns';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, isIPv6 } from 'node:net';
import { networkInterfaces } from 'node:os';
import { contains, parseAddr, parseCidr } from '../core/ip';
import { parseSntp, parseTftp, sntpRequest, tftpAck, tftpErrorText, tftpReadRequest } from '../core/verify/wire';

const ERRORS: Record<string, string> = {
  ENOTFOUND: 'NXDOMAIN',
  ENODATA: 'no records',
  ESERVFAIL: 'SERVFAIL',
  EREFUSED: 'REFUSED',
  ETIMEOUT: 'timed out',
  ECONNREFUSED: 'connection refused',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  EADDRNOTAVAIL: 'address not available',
  EBADRESP: 'malformed answer',
};

export function describeError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  return (code && ERRORS[code]) ?? code ?? (e as Error)?.message ?? String(e);
}

const hostPort = (address: string, port: number): string =>
  isIPv6(address) ? `[${address}]:${port}` : `${address}:${port}`;

export async function dnsQuery(
  address: string,
  port: number,
  type: 'A' | 'AAAA' | 'PTR',
  name: string,
  timeoutMs: number,
): Promise<{ answers?: string[]; error?: string }> {
  const r = new dnsp.Resolver({ timeout: timeoutMs, tries: 1 });
  r.setServers([hostPort(address, port)]);
  try {
    const answers =
      type === 'PTR' ? await r.reverse(name) : type === 'A' ? await r.resolve4(name) : await r.resolve6(name);
    return { answers };
  } catch (e) {
    // No records of that type is an answer (an empty one), not a failure to ask.
    if ((e as NodeJS.ErrnoException).code === 'ENODATA') return { answers: [] };
    return { error: describeError(e) };
  } finally {
    r.cancel();
  }
}

export function tcpConnect(
  address: string,
  port: number,
  timeoutMs: number,
): Promise<{ connected?: boolean; error?: string }> {
  return new Promise((resolve) => {
    const s = connect({ host: address, port });
    const done = (r: { connected?: boolean; error?: string }): void => {
      clearTimeout(timer);
      s.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => done({ error: 'timed out' }), timeoutMs);
    s.once('connect', () => done({ connected: true }));
    s.once('error', (e) => done({ error: describeError(e) }));
  });
}

/** The status of a GET, read from the status line only (a rootfs image is not downloaded). */
export function httpStatus(
  url: string,
  address: string,
  port: number,
  path: string,
  timeoutMs: number,
): Promise<{ status?: number; error?: string }> {
  return new Promise((resolve) => {
    const host = new URL(url).host;
    let settled = false;
    const done = (r: { status?: number; error?: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(r);
    };
    const req = request(
      { host: address, port, path, method: 'GET', headers: { Host: host, 'User-Agent': 'okd-topology-verify' } },
      (res) => {
        done({ status: res.statusCode });
        res.destroy();
      },
    );
    const timer = setTimeout(() => done({ error: 'timed out' }), timeoutMs);
    req.once('error', (e) => done({ error: describeError(e) }));
    req.end();
  });
}

/** At most this much is read over TFTP: boot loaders and menus are small. */
const TFTP_MAX = 16 << 20;

/** Reads one file over TFTP (octet mode), acknowledging each block to the server's transfer port. */
export function tftpGet(
  address: string,
  port: number,
  file: string,
  timeoutMs: number,
): Promise<{ content?: Uint8Array; error?: string }> {
  return new Promise((resolve) => {
    const sock = createSocket(isIPv6(address) ? 'udp6' : 'udp4');
    const chunks: Uint8Array[] = [];
    let size = 0;
    let expect = 1;
    let blksize = 512;
    let tid: number | undefined;
    let settled = false;
    const finish = (r: { content?: Uint8Array; error?: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.close();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ error: size ? `timed out after ${size} bytes` : 'timed out' }), timeoutMs);
    const send = (b: Uint8Array, to: number): void => sock.send(b, to, address);
    sock.on('error', (e) => finish({ error: describeError(e) }));
    sock.on('message', (msg, rinfo) => {
      if (tid === undefined) tid = rinfo.port;
      if (rinfo.port !== tid) return; // another transfer's packet (RFC 1350: ignore)
      const p = parseTftp(new Uint8Array(msg));
      if (p.op === 'error') return finish({ error: tftpErrorText(p.code, p.message) });
      if (p.op === 'oack') {
        const b = Number(p.options.blksize);
        if (Number.isInteger(b) && b >= 8) blksize = b;
        return send(tftpAck(0), tid);
      }
      if (p.op !== 'data') return finish({ error: `unexpected TFTP packet (opcode ${p.opcode})` });
      if (p.block === (expect & 0xffff)) {
        chunks.push(p.data.slice());
        size += p.data.length;
        expect++;
        if (size > TFTP_MAX) return finish({ error: `larger than ${TFTP_MAX} bytes` });
      }
      send(tftpAck(p.block), tid);
      if (p.block === ((expect - 1) & 0xffff) && p.data.length < blksize) {
        const out = new Uint8Array(size);
        let at = 0;
        for (const c of chunks) {
          out.set(c, at);
          at += c.length;
        }
        finish({ content: out });
      }
    });
    try {
      send(tftpReadRequest(file), port);
    } catch (e) {
      finish({ error: describeError(e) });
    }
  });
}

export function sntpQuery(
  address: string,
  port: number,
  timeoutMs: number,
): Promise<{ stratum?: number; leap?: number; error?: string }> {
  return new Promise((resolve) => {
    const sock = createSocket(isIPv6(address) ? 'udp6' : 'udp4');
    const nonce = new Uint8Array(randomBytes(8));
    const finish = (r: { stratum?: number; leap?: number; error?: string }): void => {
      clearTimeout(timer);
      sock.close();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ error: 'timed out' }), timeoutMs);
    sock.on('error', (e) => finish({ error: describeError(e) }));
    sock.on('message', (msg) => {
      const r = parseSntp(new Uint8Array(msg), nonce);
      if (typeof r === 'string') return; // not ours: keep waiting
      finish({ stratum: r.stratum, leap: r.leap });
    });
    sock.send(sntpRequest(nonce), port, address);
  });
}

/** Is this machine on the network (an interface address inside the CIDR)? ARP only works there. */
export function onLink(cidr: string): boolean {
  const c = parseCidr(cidr);
  if (!c) return false;
  return Object.values(networkInterfaces())
    .flat()
    .some((i) => {
      const a = i ? parseAddr(i.address) : undefined;
      return a !== undefined && a.family === c.family && contains(c, a);
    });
}

function arpComplete(address: string): boolean {
  try {
    // IP address, HW type, Flags (0x2 = complete), HW address, Mask, Device
    return readFileSync('/proc/net/arp', 'utf8')
      .split('\n')
      .some((l) => {
        const f = l.trim().split(/\s+/);
        return f[0] === address && (parseInt(f[2], 16) & 2) === 2 && f[3] !== '00:00:00:00:00:00';
      });
  } catch {
    return false;
  }
}

/**
 * Does anything answer ARP for `address`? A datagram to the discard port makes the kernel ask;
 * its neighbour table then says whether an answer came. IPv4 only (IPv6 uses neighbour discovery).
 */
export async function arpProbe(
  address: string,
  cidr: string,
  timeoutMs: number,
): Promise<'answered' | 'silent' | 'off-link'> {
  if (isIPv6(address) || !onLink(cidr)) return 'off-link';
  if (arpComplete(address)) return 'answered';
  const sock = createSocket('udp4');
  sock.on('error', () => undefined);
  try {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      sock.send(new Uint8Array([0]), 9, address);
      await new Promise((r) => setTimeout(r, 200));
      if (arpComplete(address)) return 'answered';
    }
    return 'silent';
  } finally {
    sock.close();
  }
}
