// Client-side format checks for the inspector: instant feedback while typing. The host's
// analysis (problems in the snapshot) stays the authority for semantic rules such as collisions.
import { isDnsLabel } from '../../src/core/format/dns';
import { normaliseMac, parseAddr, parseCidr, parseRangeOrCidr } from '../../src/core/ip';

export type FieldFormat =
  'name' | 'ipv4' | 'ipv6' | 'ip' | 'cidr' | 'cidr6' | 'mac' | 'range' | 'ranges' | 'ports' | 'int' | 'text';

// Addresses, CIDRs, ranges and MACs are read by the core's own parsers: the inspector cannot accept
// what the checks refuse, or the other way round.
export function isIPv4(s: string): boolean {
  return parseAddr(s)?.family === 4;
}

export function isIPv6(s: string): boolean {
  return parseAddr(s)?.family === 6;
}

function isCidrOf(s: string, family: 4 | 6): boolean {
  return parseCidr(s)?.family === family;
}

/** start-end or a CIDR (a bare address is not a range here). */
function isRange(s: string): boolean {
  const t = s.trim();
  return (t.includes('-') || t.includes('/')) && parseRangeOrCidr(t).error === undefined;
}

/** Returns an error message for the value, or undefined when it looks right. Empty means "unset". */
export function checkFormat(format: FieldFormat, raw: string): string | undefined {
  const v = raw.trim();
  if (v === '') return undefined;
  switch (format) {
    case 'name':
      return isDnsLabel(v) ? undefined : 'Use lower-case letters, digits and "-" (a DNS label, at most 63 characters).';
    case 'ipv4':
      return isIPv4(v) ? undefined : 'Not an IPv4 address (e.g. 10.0.0.10).';
    case 'ipv6':
      return isIPv6(v) ? undefined : 'Not an IPv6 address (e.g. fd00::10).';
    case 'ip':
      return isIPv4(v) || isIPv6(v) ? undefined : 'Not an IP address.';
    case 'cidr':
      return isCidrOf(v, 4) ? undefined : 'Not an IPv4 CIDR (e.g. 10.0.0.0/24).';
    case 'cidr6':
      return isCidrOf(v, 6) ? undefined : 'Not an IPv6 CIDR (e.g. fd00::/64).';
    case 'mac':
      return normaliseMac(v) ? undefined : 'Not a MAC address (six hex pairs, e.g. 52:54:00:aa:00:10).';
    case 'range':
      return isRange(v) ? undefined : 'Not an address range (start-end or a CIDR).';
    case 'ranges':
      return v.split(',').every((r) => isRange(r))
        ? undefined
        : 'Each entry must be start-end or a CIDR, separated by commas.';
    case 'ports':
      return v.split(',').every((p) => /^\d+$/.test(p.trim()) && Number(p) >= 1 && Number(p) <= 65535)
        ? undefined
        : 'Ports are numbers 1-65535, separated by commas.';
    case 'int':
      return /^\d+$/.test(v) ? undefined : 'Must be a whole number.';
    case 'text':
      return undefined;
  }
}
