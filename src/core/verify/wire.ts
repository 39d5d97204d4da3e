// The two small UDP protocols verify speaks itself: TFTP read requests (RFC 1350, with the blksize
// option of RFC 2348) and SNTP client queries (RFC 4330). Bytes only; the sockets are in src/verify.

const enc = new TextEncoder();
const dec = new TextDecoder();

export const TFTP_BLKSIZE = 1428;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const zstr = (s: string): Uint8Array => concat([enc.encode(s), new Uint8Array([0])]);
const u16 = (n: number): Uint8Array => new Uint8Array([(n >> 8) & 0xff, n & 0xff]);

/** RRQ in octet mode, asking for larger blocks (servers without option support just send 512). */
export function tftpReadRequest(file: string, blksize = TFTP_BLKSIZE): Uint8Array {
  if (file.includes('\0')) throw new Error('a TFTP file name cannot contain NUL');
  return concat([u16(1), zstr(file), zstr('octet'), zstr('blksize'), zstr(String(blksize))]);
}

export function tftpAck(block: number): Uint8Array {
  return concat([u16(4), u16(block & 0xffff)]);
}

export type TftpPacket =
  | { op: 'data'; block: number; data: Uint8Array }
  | { op: 'error'; code: number; message: string }
  | { op: 'oack'; options: Record<string, string> }
  | { op: 'other'; opcode: number };

export function parseTftp(buf: Uint8Array): TftpPacket {
  if (buf.length < 4) return { op: 'other', opcode: -1 };
  const opcode = (buf[0] << 8) | buf[1];
  if (opcode === 3) return { op: 'data', block: (buf[2] << 8) | buf[3], data: buf.subarray(4) };
  if (opcode === 5) {
    const end = buf.indexOf(0, 4);
    return {
      op: 'error',
      code: (buf[2] << 8) | buf[3],
      message: dec.decode(buf.subarray(4, end < 0 ? buf.length : end)),
    };
  }
  if (opcode === 6) {
    const words = dec.decode(buf.subarray(2)).split('\0');
    const options: Record<string, string> = {};
    for (let i = 0; i + 1 < words.length; i += 2) if (words[i]) options[words[i].toLowerCase()] = words[i + 1];
    return { op: 'oack', options };
  }
  return { op: 'other', opcode };
}

/** RFC 1350's error codes, as the operator reads them. */
export function tftpErrorText(code: number, message: string): string {
  const names: Record<number, string> = {
    1: 'file not found',
    2: 'access violation',
    3: 'disk full',
    4: 'illegal operation',
    8: 'option refused',
  };
  const name = names[code] ?? `error ${code}`;
  return message && message.toLowerCase() !== name ? `${name}: ${message}` : name;
}

/** An SNTP client request whose transmit timestamp is `nonce` (8 bytes), echoed back as the origin. */
export function sntpRequest(nonce: Uint8Array): Uint8Array {
  const p = new Uint8Array(48);
  p[0] = (0 << 6) | (4 << 3) | 3; // no leap warning, version 4, client
  p.set(nonce.subarray(0, 8), 40);
  return p;
}

export interface SntpReply {
  leap: number;
  version: number;
  mode: number;
  stratum: number;
  /** Transmit time in Unix seconds. */
  time: number;
}

/** Parses a server reply; an error text when it is not a reply to `nonce`. */
export function parseSntp(buf: Uint8Array, nonce: Uint8Array): SntpReply | string {
  if (buf.length < 48) return `short NTP reply (${buf.length} bytes)`;
  const mode = buf[0] & 7;
  if (mode !== 4) return `not an NTP server reply (mode ${mode})`;
  for (let i = 0; i < 8; i++) if (buf[24 + i] !== nonce[i]) return 'an NTP reply to another request';
  const secs = ((buf[40] << 24) >>> 0) + (buf[41] << 16) + (buf[42] << 8) + buf[43];
  return { leap: buf[0] >> 6, version: (buf[0] >> 3) & 7, mode, stratum: buf[1], time: secs - 2208988800 };
}
