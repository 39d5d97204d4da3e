// known_hosts: plain and hashed (|1|salt|hash) entries, [host]:port for non-standard ports,
// wildcards and negation, @revoked. A host with recorded keys of which none matches has *changed*.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { hostMatches } from './config';

export interface KnownHostLine {
  line: number;
  marker?: '@revoked' | '@cert-authority';
  hosts: string;
  keyType: string;
  key: Buffer;
}

export type HostKeyStatus =
  | { status: 'known'; line: number }
  | { status: 'unknown' }
  | { status: 'changed'; lines: number[]; knownTypes: string[] }
  | { status: 'revoked'; line: number };

export function parseKnownHosts(text: string): KnownHostLine[] {
  const out: KnownHostLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const f = line.split(/\s+/);
    let marker: KnownHostLine['marker'];
    if (f[0] === '@revoked' || f[0] === '@cert-authority') marker = f.shift() as KnownHostLine['marker'];
    if (f.length < 3) return;
    out.push({ line: i + 1, marker, hosts: f[0], keyType: f[1], key: Buffer.from(f[2], 'base64') });
  });
  return out;
}

/** How OpenSSH names a host in known_hosts: bare for port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  return hostMatches(field.split(','), name);
}

export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return '';
  const n = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + n).toString('latin1');
}

/** `SHA256:...` exactly as `ssh-keygen -lf` and OpenSSH's prompts print it. */
export function fingerprint(blob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

export function checkHostKey(entries: KnownHostLine[], host: string, port: number, blob: Buffer): HostKeyStatus {
  const name = knownHostsName(host, port);
  const mine = entries.filter((e) => e.marker !== '@cert-authority' && hostFieldMatches(e.hosts, name));
  const revoked = entries.find((e) => e.marker === '@revoked' && e.key.equals(blob));
  if (revoked) return { status: 'revoked', line: revoked.line };
  const hit = mine.find((e) => !e.marker && e.key.equals(blob));
  if (hit) return { status: 'known', line: hit.line };
  const recorded = mine.filter((e) => !e.marker);
  if (recorded.length === 0) return { status: 'unknown' };
  return {
    status: 'changed',
    lines: recorded.map((e) => e.line),
    knownTypes: [...new Set(recorded.map((e) => e.keyType))],
  };
}

/** Key types already recorded for a host: offered first, so the server shows the key we can check. */
export function knownKeyTypes(entries: KnownHostLine[], host: string, port: number): string[] {
  const name = knownHostsName(host, port);
  return [...new Set(entries.filter((e) => !e.marker && hostFieldMatches(e.hosts, name)).map((e) => e.keyType))];
}

/** ssh2 algorithm names for a known_hosts key type. */
export function algorithmsForKeyType(t: string): string[] {
  if (t === 'ssh-rsa') return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  return [t];
}

export function readKnownHosts(file: string): KnownHostLine[] {
  return existsSync(file) ? parseKnownHosts(readFileSync(file, 'utf8')) : [];
}

/** Records a key, hashed like Debian's default HashKnownHosts yes. */
export function appendKnownHost(file: string, host: string, port: number, blob: Buffer): string {
  const salt = randomBytes(20);
  const hash = createHmac('sha1', salt).update(knownHostsName(host, port)).digest('base64');
  const line = `|1|${salt.toString('base64')}|${hash} ${keyTypeOf(blob)} ${blob.toString('base64')}\n`;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  let prefix = '';
  if (existsSync(file)) {
    const cur = readFileSync(file);
    if (cur.length && cur[cur.length - 1] !== 0x0a) prefix = '\n';
  }
  appendFileSync(file, prefix + line, { mode: 0o600 });
  return line;
}
