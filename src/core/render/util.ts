// Small pure helpers for rendering: hashes, encodings and quoting. No node built-ins, so the
// core stays usable in the webview and the extension host alike.
import { parseCommand } from '../argv';

/** FNV-1a 32-bit as 8 hex digits: a cheap, stable fingerprint (not for security). */
export function fnv1a32(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * Fletcher-8 as baremetal-runtimecfg computes it (uint8 sums mod 15), used to derive VRRP ids
 * from the cluster name so two clusters on one L2 segment rarely pick the same id.
 */
export function fletcher8(s: string): number {
  let a = 0;
  let b = 0;
  for (const byte of new TextEncoder().encode(s)) {
    a = ((a + byte) & 0xff) % 0xf;
    b = ((b + a) & 0xff) % 0xf;
  }
  return (b << 4) | a;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of the UTF-8 bytes of `s` (what `base64 -w0` prints for the file). */
export function base64Utf8(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return out;
}

/**
 * A YAML double-quoted scalar through JSON's emitter (a JSON string is a YAML scalar), with the
 * characters JSON leaves raw but YAML reads as line breaks or refuses (U+2028, DEL...) escaped too.
 */
export function yamlQuote(s: unknown): string {
  return JSON.stringify(String(s ?? '')).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Text for an XML attribute or element; control characters, which XML 1.0 cannot hold, are refused. */
export function xmlEscape(s: unknown): string {
  const t = String(s ?? '');
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/.test(t))
    throw new Error(`refusing to write ${JSON.stringify(t)} into XML: XML cannot hold control characters`);
  return t
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Quotes a word for a POSIX shell only when it needs it. */
export function shellQuote(s: unknown): string {
  const t = String(s ?? '');
  if (t !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(t)) return t;
  return `'${t.replace(/'/g, `'\\''`)}'`;
}

/** A word of a GRUB script line (`linux` arguments): quoted unless it is plainly safe. */
export function grubQuote(s: unknown): string {
  const t = String(s ?? '');
  if (t !== '' && /^[A-Za-z0-9_@%+=:,./()-]+$/.test(t)) return t;
  return `'${t.replace(/'/g, `'\\''`)}'`;
}

/**
 * A word of a systemd Exec line: `%` starts a specifier and `$` a variable there, so both are doubled;
 * a word with blanks, quotes or backslashes is double-quoted with C-style escapes.
 */
export function unitQuote(s: unknown): string {
  const t = String(s ?? '')
    .replace(/%/g, '%%')
    .replace(/\$/g, '$$$$');
  if (t !== '' && /^[A-Za-z0-9_@%$+=:,./-]+$/.test(t)) return t;
  return `"${t.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/**
 * Splits a command override into an argument vector with the parser deploy checks it with (quotes group
 * words). Shell syntax is kept as literal text here; deploy refuses such an override before connecting.
 */
export function splitArgv(s: string): string[] {
  return parseCommand(s).argv;
}

/** Compares dotted versions like "v0.13.7" and "0.12"; missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a
    .replace(/^v/i, '')
    .split(/[.+-]/)
    .map((x) => parseInt(x, 10));
  const pb = b
    .replace(/^v/i, '')
    .split(/[.+-]/)
    .map((x) => parseInt(x, 10));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = Number.isFinite(pa[i]) ? pa[i] : 0;
    const y = Number.isFinite(pb[i]) ? pb[i] : 0;
    if (x !== y) return x - y;
  }
  return 0;
}

/** Stable sort by a string key (locale-independent so output never depends on the machine). */
export function byKey<T>(items: T[], key: (t: T) => string): T[] {
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
