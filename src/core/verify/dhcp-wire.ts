// DHCPDISCOVER and the replies to it (RFC 2131/2132), as bytes: verify's active DHCP probe asks the
// servers on a network what they would offer a reserved MAC, without ever sending a REQUEST, so no
// address is leased and nothing changes on the server. The socket is in src/verify.

const MAGIC = [0x63, 0x82, 0x53, 0x63];
const OPT = { type: 53, serverId: 54, params: 55, tftpServer: 66, bootfile: 67, end: 255, pad: 0 } as const;
export const DHCP_OFFER = 2;

export interface DhcpReply {
  xid: number;
  /** The DHCP message type (2 = OFFER, 5 = ACK, 6 = NAK). */
  type?: number;
  /** The address offered (yiaddr). */
  yiaddr: string;
  /** The next server (siaddr) and boot file (`file`), where PXE clients fetch their loader. */
  siaddr: string;
  file?: string;
  /** Option 54: the server that made the offer. */
  serverId?: string;
  /** Options 66 and 67, when the server sends the boot parameters as options. */
  tftpServer?: string;
  bootfile?: string;
  chaddr: string;
}

function macBytes(mac: string): number[] {
  const hex = mac.toLowerCase().replace(/[^0-9a-f]/g, '');
  if (hex.length !== 12) throw new Error(`not a MAC address: ${mac}`);
  return hex.match(/../g)!.map((h) => parseInt(h, 16));
}

/** A DISCOVER for `mac` that asks for a broadcast reply (the asking machine has another MAC). */
export function dhcpDiscover(mac: string, xid: number): Uint8Array {
  const b = new Uint8Array(300);
  b.set([1, 1, 6, 0]); // BOOTREQUEST, Ethernet, 6-byte hardware address, no hops
  b.set([(xid >>> 24) & 0xff, (xid >>> 16) & 0xff, (xid >>> 8) & 0xff, xid & 0xff], 4);
  b.set([0x80, 0], 10); // broadcast flag: the reply must not go to a MAC that is not ours
  b.set(macBytes(mac), 28);
  b.set([...MAGIC, OPT.type, 1, 1, OPT.params, 5, 1, 3, 6, 66, 67, OPT.end], 236);
  return b;
}

const ip4 = (b: Uint8Array, at: number): string => `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
const text = (b: Uint8Array): string | undefined => {
  const end = b.indexOf(0);
  const s = new TextDecoder().decode(end < 0 ? b : b.subarray(0, end));
  return s === '' ? undefined : s;
};

function readOptions(b: Uint8Array, r: DhcpReply): void {
  for (let i = 240; i < b.length;) {
    const code = b[i];
    if (code === OPT.end) return;
    if (code === OPT.pad) {
      i++;
      continue;
    }
    const len = b[i + 1] ?? 0;
    const v = b.subarray(i + 2, i + 2 + len);
    if (code === OPT.type && len >= 1) r.type = v[0];
    else if (code === OPT.serverId && len === 4) r.serverId = ip4(v, 0);
    else if (code === OPT.tftpServer) r.tftpServer = text(v);
    else if (code === OPT.bootfile) r.bootfile = text(v);
    i += 2 + len;
  }
}

/** A BOOTREPLY, or undefined for anything else (a request from another client, a short packet). */
export function parseDhcpReply(b: Uint8Array): DhcpReply | undefined {
  if (b.length < 240 || b[0] !== 2 || !MAGIC.every((m, i) => b[236 + i] === m)) return undefined;
  const hlen = Math.min(b[2], 16);
  const chaddr = [...b.subarray(28, 28 + hlen)].map((x) => x.toString(16).padStart(2, '0')).join(':');
  const r: DhcpReply = {
    xid: ((b[4] << 24) | (b[5] << 16) | (b[6] << 8) | b[7]) >>> 0,
    yiaddr: ip4(b, 16),
    siaddr: ip4(b, 20),
    file: text(b.subarray(108, 236)),
    chaddr,
  };
  readOptions(b, r);
  return r;
}
