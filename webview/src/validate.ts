// Client-side format checks for the inspector: instant feedback while typing. The host's
// analysis (problems in the snapshot) stays the authority for semantic rules such as collisions.

export type FieldFormat = 'name' | 'ipv4' | 'ipv6' | 'ip' | 'cidr' | 'cidr6' | 'mac' | 'range' | 'ranges' | 'ports' | 'int' | 'text';

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;
const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function isIPv4(s: string): boolean {
  return IPV4.test(s);
}

export function isIPv6(s: string): boolean {
  if (!/^[0-9a-f:.]+$/i.test(s) || s.includes(':::')) return false;
  const doubles = s.split('::').length - 1;
  if (doubles > 1) return false;
  let groups = s.split(':').filter((g) => g !== '');
  // An embedded IPv4 tail counts as two groups.
  const last = groups[groups.length - 1];
  if (last && last.includes('.')) {
    if (!isIPv4(last)) return false;
    groups = [...groups.slice(0, -1), '0', '0'];
  }
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return false;
  return doubles === 1 ? groups.length < 8 : groups.length === 8;
}

function isCidrOf(s: string, ipOk: (ip: string) => boolean, maxPrefix: number): boolean {
  const m = /^(.+)\/(\d{1,3})$/.exec(s);
  return !!m && ipOk(m[1]) && Number(m[2]) <= maxPrefix;
}

function isRange(s: string): boolean {
  const parts = s.split('-').map((p) => p.trim());
  if (parts.length === 2) return isIPv4(parts[0]) && isIPv4(parts[1]) && ipv4ToInt(parts[0]) <= ipv4ToInt(parts[1]);
  return isCidrOf(s.trim(), isIPv4, 32) || isCidrOf(s.trim(), isIPv6, 128);
}

export function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

/** Returns an error message for the value, or undefined when it looks right. Empty means "unset". */
export function checkFormat(format: FieldFormat, raw: string): string | undefined {
  const v = raw.trim();
  if (v === '') return undefined;
  switch (format) {
    case 'name':
      return NAME.test(v) ? undefined : 'Use lower-case letters, digits and "-" (a DNS label, at most 63 characters).';
    case 'ipv4':
      return isIPv4(v) ? undefined : 'Not an IPv4 address (e.g. 10.0.0.10).';
    case 'ipv6':
      return isIPv6(v) ? undefined : 'Not an IPv6 address (e.g. fd00::10).';
    case 'ip':
      return isIPv4(v) || isIPv6(v) ? undefined : 'Not an IP address.';
    case 'cidr':
      return isCidrOf(v, isIPv4, 32) ? undefined : 'Not an IPv4 CIDR (e.g. 10.0.0.0/24).';
    case 'cidr6':
      return isCidrOf(v, isIPv6, 128) ? undefined : 'Not an IPv6 CIDR (e.g. fd00::/64).';
    case 'mac':
      return MAC.test(v) ? undefined : 'Not a MAC address (six hex pairs, e.g. 52:54:00:aa:00:10).';
    case 'range':
      return isRange(v) ? undefined : 'Not an address range (start-end or a CIDR).';
    case 'ranges':
      return v.split(',').every((r) => isRange(r)) ? undefined : 'Each entry must be start-end or a CIDR, separated by commas.';
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
