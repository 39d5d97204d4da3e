// Why a text is not of its value type: the checks behind VALUE_TYPES (types.ts), one per shape of text.
import { DNS_LABEL, DNS_LABEL_ANY_CASE } from './dns';
import ipaddr from 'ipaddr.js';
import { parseCommand, programNameError } from '../argv';
import { parseAddr, parseCidr, parseRangeOrCidr } from '../ip';

export const re = (r: RegExp, why: string) => (s: string) => (r.test(s) ? undefined : why);

export const LABEL = DNS_LABEL;
export const ANY_CASE_LABEL = DNS_LABEL_ANY_CASE;
/** One label without its anchors, to build the schema patterns of dotted names. */
export const LABEL_BODY = DNS_LABEL.source.slice(1, -1);
export const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function labelWhy(s: string): string | undefined {
  if (LABEL.test(s)) return undefined;
  if (s.length > 63) return `it is ${s.length} characters long (at most 63)`;
  if (/[A-Z]/.test(s)) return 'it has upper-case letters';
  if (s.startsWith('-') || s.endsWith('-')) return 'it starts or ends with "-"';
  if (s.includes('.')) return 'it contains "." (one label is needed)';
  return 'only a-z, 0-9 and "-" are allowed';
}

/** As labelWhy, and a dotted name says why: the installer takes a subdomain, this file appends the cluster domain. */
export function hostNameWhy(s: string): string | undefined {
  const why = labelWhy(s);
  if (why === undefined || !s.includes('.') || s.length > 63) return why;
  return 'it contains "."; the installer would accept a DNS subdomain, but this file appends the cluster domain to each host name (<host>.<cluster>.<baseDomain> in the zones, the DHCP host-name and the PXE files), so a host name is one label';
}

export function dnsNameWhy(s: string, lower: boolean): string | undefined {
  const t = s.endsWith('.') ? s.slice(0, -1) : s;
  if (t.length === 0 || s.length > 253) return 'a DNS name has 1 to 253 characters';
  const label = lower ? LABEL : ANY_CASE_LABEL;
  const bad = t.split('.').find((l) => !label.test(l));
  return bad === undefined ? undefined : `"${bad}" is not a DNS label${lower ? ' (lower case a-z, 0-9 and "-")' : ''}`;
}

/** A dotted quad, as strict as parseAddr, in one pass (the IPs of a 10,000-host file, checked on every keystroke). */
export function isIPv4Text(s: string): boolean {
  let parts = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0) return false;
      value = value * 10 + (c - 48);
      if (++digits > 3 || value > 255) return false;
    } else if (c === 46 && digits > 0) {
      parts++;
      digits = 0;
      value = 0;
    } else return false;
  }
  return parts === 4;
}

export function isIp(s: string): boolean {
  return isIPv4Text(s) || (s.includes(':') && parseAddr(s) !== undefined);
}

export function ipOf(family: 4 | 6) {
  return (s: string) => {
    const a = parseAddr(s);
    if (!a) return '';
    return a.family === family ? undefined : { code: 'ip-family-mismatch', why: `it is an IPv${a.family} address` };
  };
}

export function cidrOf(family?: 4 | 6) {
  return (s: string) => {
    const c = parseCidr(s);
    if (!c) return 'write address/prefix, e.g. 10.0.0.0/24';
    return family === undefined || c.family === family
      ? undefined
      : { code: 'ip-family-mismatch', why: `it is an IPv${c.family} network` };
  };
}

/** Host names and addresses as OpenSSH and chrony take them; never an option (`-oProxyCommand=…`). */
export function hostOrIpWhy(s: string): string | undefined {
  if (s.includes(':')) return ipaddr.IPv6.isValid(s) && !s.includes('%') ? undefined : 'it is not an IPv6 address';
  if (/^[\d.]+$/.test(s)) return IPV4.test(s) ? undefined : 'it is not an IPv4 address';
  return dnsNameWhy(s, false);
}

/** What ssh and deploy connect to: a name, alias or address, never an option (`-oProxyCommand=…`). */
export function sshHostWhy(s: string): string | undefined {
  if (s.startsWith('-')) return 'it starts with "-", which ssh would read as an option';
  if (/^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$/.test(s) && s.length <= 253) return undefined;
  if (/^\[?[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?\]?$/.test(s) && s.includes(':')) return undefined;
  return 'use letters, digits, ".", "_" and "-" (starting and ending with a letter or digit), or an IPv6 address';
}

/** A normalised path: no empty, "." or ".." segments, only characters no config or shell reads specially. */
export function pathWhy(s: string, absolute: boolean): string | undefined {
  if (absolute && !s.startsWith('/')) return 'it must start with "/"';
  if (!/^[A-Za-z0-9._/@+=:~-]+$/.test(s))
    return 'use letters, digits and . _ / @ + = : ~ - only (no spaces, commas or quotes)';
  if (s.startsWith('-')) return 'it must not start with "-"';
  if (s === '/') return undefined;
  const parts = (absolute ? s.slice(1) : s).split('/');
  return parts.some((p) => p === '' || p === '.' || p === '..') ? 'it has an empty, "." or ".." segment' : undefined;
}

/** A file of the user's, relative to the topology, under ~ or absolute (Windows drive letters and backslashes too). */
export function localPathWhy(s: string): string | undefined {
  if (!/^[A-Za-z0-9._/@+=:~\\-]+$/.test(s))
    return 'use letters, digits and . _ / \\ @ + = : ~ - only (no spaces, commas or quotes)';
  return s.startsWith('-') ? 'it must not start with "-"' : undefined;
}

/** A URL (scheme://…) or a relative path, e.g. a PXE artifact under the HTTP root. */
export function urlOrPathWhy(s: string): string | undefined {
  if (!/^[A-Za-z0-9._~:/?#[\]@!&+,=%-]+$/.test(s))
    return 'use URL characters only (no spaces, quotes, ;, $, ` or braces)';
  if (s.startsWith('-')) return 'it must not start with "-"';
  const path = s.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]*/, '').replace(/[?#].*$/, '');
  return path.split('/').includes('..') ? 'it has a ".." segment' : undefined;
}

/** A proxy bypass entry as the installer reads noProxy: a domain, IP or CIDR, or "*" for everything. */
export function noProxyWhy(s: string): string | undefined {
  if (s === '*') return undefined;
  const bare = s.startsWith('.') ? s.slice(1) : s;
  if (isIp(bare) || cidrOf()(bare) === undefined) return undefined;
  return dnsNameWhy(bare, false) === undefined
    ? undefined
    : 'write a domain such as .example.com, an IP address or a CIDR; wildcards other than a lone "*" are not accepted';
}

/** pxelinux splits APPEND on blanks; GRUB's script reads quotes, ;, $, braces, | and & on a linux line. */
export function kernelArgWhy(s: string): string | undefined {
  if (/\s/.test(s)) return 'it contains a blank: write one argument per list item';
  return /^[A-Za-z0-9._,:/=+@%~?#!*[\]-]+$/.test(s)
    ? undefined
    : 'a kernel argument here may hold letters, digits and . _ , : / = + @ % ~ ? # ! * [ ] - only';
}

export function rangeWhy(s: string): string | undefined {
  const at = s.indexOf('-');
  if (at < 0) return 'write start-end, e.g. 10.0.0.50-10.0.0.99';
  return parseRangeOrCidr(s).error;
}

export function commandWhy(s: string): string | undefined {
  const r = parseCommand(s);
  if (r.error) return r.error;
  if (r.argv.length === 0)
    return 'the command is empty: write a program and its arguments, or remove the key to use the default';
  return programNameError(r.argv[0]);
}
