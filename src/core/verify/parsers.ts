// Readers for what verify fetches: a pxelinux menu, dhcpd's leases file and DHCPACK log lines,
// and HAProxy's `show stat` CSV / `show info` output. Pure text in, facts out.

export interface PxeMenu {
  kernel?: string;
  initrd?: string;
  rootfs?: string;
  ignition?: string;
  /** Every word of the APPEND lines (for the role hint in the ignition file name). */
  append: string[];
}

/** The first LABEL's KERNEL and APPEND (pxelinux keywords are case-insensitive). */
export function parsePxeMenu(text: string): PxeMenu {
  const menu: PxeMenu = { append: [] };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const m = /^(\S+)\s+(.*)$/.exec(line);
    if (!m || line.startsWith('#')) continue;
    const key = m[1].toUpperCase();
    if (key === 'KERNEL' || key === 'LINUX') menu.kernel ??= m[2].trim();
    else if (key === 'INITRD') menu.initrd ??= m[2].trim();
    else if (key === 'APPEND') {
      for (const w of m[2].trim().split(/\s+/)) {
        menu.append.push(w);
        const [k, ...rest] = w.split('=');
        const val = rest.join('=');
        if (k === 'initrd') menu.initrd ??= val.split(',')[0];
        else if (k === 'coreos.live.rootfs_url') menu.rootfs ??= val;
        else if (k === 'coreos.inst.ignition_url' || k === 'ignition.config.url') menu.ignition ??= val;
      }
    }
  }
  return menu;
}

export interface Lease {
  ip: string;
  mac?: string;
  state?: string;
  hostname?: string;
  /** `ends` as written (`4 2024/03/10 12:00:00`), or `never`. */
  ends?: string;
}

/** Leases from dhcpd.leases; a later block for the same address replaces an earlier one (dhcpd appends). */
export function parseLeases(text: string): Lease[] {
  const byIp = new Map<string, Lease>();
  const re = /lease\s+([0-9a-fA-F:.]+)\s*\{([^}]*)\}/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2];
    const lease: Lease = { ip: m[1] };
    const mac = /hardware\s+ethernet\s+([0-9a-fA-F:]{17})\s*;/.exec(body);
    if (mac) lease.mac = mac[1].toLowerCase();
    const state = /(?:^|\s)binding\s+state\s+(\w+)\s*;/.exec(body);
    if (state) lease.state = state[1];
    const host = /client-hostname\s+"([^"]*)"\s*;/.exec(body);
    if (host) lease.hostname = host[1];
    const ends = /(?:^|\s)ends\s+([^;]+);/.exec(body);
    if (ends) lease.ends = ends[1].trim();
    byIp.delete(lease.ip);
    byIp.set(lease.ip, lease);
  }
  return [...byIp.values()];
}

export interface Ack {
  ip: string;
  mac: string;
  /** The log line's text before "DHCPACK" (its timestamp, when the journal gave one). */
  when: string;
}

/** dhcpd's `DHCPACK on IP to MAC` log lines (fixed-address answers appear only here, never in the leases file). */
export function parseAcks(text: string): Ack[] {
  const out: Ack[] = [];
  for (const line of text.split('\n')) {
    const m = /^(.*?)\s*DHCPACK on ([0-9a-fA-F:.]+) to ([0-9a-fA-F:]{17})/.exec(line);
    // `<time> <host> <ident>[pid]: DHCPACK …` (journal, syslog) or bare (dhcpd -d): keep the time.
    if (m)
      out.push({
        ip: m[2],
        mac: m[3].toLowerCase(),
        when: (/^(.*?)\s+\S+\s+[^\s[]+(\[\d+\])?:$/.exec(m[1].trim())?.[1] ?? m[1]).trim(),
      });
  }
  return out;
}

export interface StatRow {
  proxy: string;
  server: string;
  status: string;
  check: string;
  address: string;
}

/** HAProxy `show stat` CSV (header line starts with `# `): one row per frontend, server and backend. */
export function parseStat(csv: string): StatRow[] {
  const lines = csv.split('\n').filter((l) => l.trim() !== '');
  const head = lines.find((l) => l.startsWith('# '));
  if (!head) return [];
  const cols = head.slice(2).split(',');
  const at = (name: string): number => cols.indexOf(name);
  const [px, sv, st, ck, ad] = ['pxname', 'svname', 'status', 'check_status', 'addr'].map(at);
  const out: StatRow[] = [];
  for (const l of lines) {
    if (l.startsWith('#')) continue;
    const f = l.split(',');
    out.push({
      proxy: f[px] ?? '',
      server: f[sv] ?? '',
      status: f[st] ?? '',
      check: ck >= 0 ? (f[ck] ?? '') : '',
      address: ad >= 0 ? (f[ad] ?? '') : '',
    });
  }
  return out;
}

/** `show servers state` (readable at the socket's `user` level, unlike show stat's addr column): backend/server → address:port. */
export function parseServersState(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split('\n');
  const head = lines.find((l) => l.startsWith('# '));
  if (!head) return out;
  const cols = head.slice(2).trim().split(/\s+/);
  const [be, sv, ad, po] = ['be_name', 'srv_name', 'srv_addr', 'srv_port'].map((c) => cols.indexOf(c));
  for (const l of lines) {
    if (l.startsWith('#') || !l.trim()) continue;
    const f = l.trim().split(/\s+/);
    if (f.length < cols.length - 2 || !f[be] || !f[sv]) continue;
    out.set(`${f[be]}/${f[sv]}`, f[ad]?.includes(':') ? `[${f[ad]}]:${f[po]}` : `${f[ad]}:${f[po]}`);
  }
  return out;
}

/** `show info` lines `Key: value` as a map. */
export function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) out.set(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  return out;
}
