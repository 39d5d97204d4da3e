// The value types of cluster.okd.yaml, defined once. The schema generator (scripts/gen/schema.mjs)
// writes each field's type into the schema as `x-okd-type` (with a JSON-schema `pattern` or bounds
// for other editors), the structure walk checks every scalar against it, docs/format.md names it,
// and the injection test tries hostile values on every field that has one.
import { REGISTRY_RULES } from '../rules';
import { normaliseMac, parseRangeOrCidr } from '../ip';
import {
  re,
  LABEL,
  LABEL_BODY,
  IPV4,
  labelWhy,
  hostNameWhy,
  dnsNameWhy,
  isIp,
  ipOf,
  cidrOf,
  hostOrIpWhy,
  sshHostWhy,
  pathWhy,
  localPathWhy,
  urlOrPathWhy,
  noProxyWhy,
  kernelArgWhy,
  rangeWhy,
  commandWhy,
} from './why';

export interface ValueType {
  /** What a value must be, completing "expected …": `an IPv4 address`. */
  words: string;
  /** Numeric types; strings otherwise. */
  kind?: 'integer' | 'number';
  minimum?: number;
  maximum?: number;
  /** A JSON-schema pattern for editors that read the schema: never stricter than `check`. */
  pattern?: string;
  /**
   * Why the (one-line, trimmed) text is not of this type, or undefined when it is. May name
   * its own code, e.g. a valid IPv4 address in an IPv6 field is an `ip-family-mismatch`.
   */
  check?: (s: string) => string | { code: string; why: string } | undefined;
  /** The code a failed check is reported with: the existing check's code where there was one. */
  code?: string;
  /** The check's reason is a whole sentence: the message is `<field>: <reason>`. */
  ownMessage?: boolean;
  /** The one canonical spelling, used by the model and every rendered file (MAC addresses). */
  normalise?: (s: string) => string | undefined;
  /** A valid value: docs, and the base the injection test appends its payloads to. */
  example: string | number;
}

const int = (words: string, minimum: number, maximum: number, example: number): ValueType => ({
  words: `${words} (${minimum}–${maximum})`,
  kind: 'integer',
  minimum,
  maximum,
  example,
});

export const VALUE_TYPES = {
  ip: {
    words: 'an IPv4 or IPv6 address',
    pattern: '^[0-9A-Fa-f.:]+$',
    check: (s) => (isIp(s) ? undefined : 'IPv4 is four numbers 0-255 with dots between'),
    code: 'ip-invalid',
    example: '192.168.200.10',
  },
  ipv4: {
    words: 'an IPv4 address',
    pattern: IPV4.source,
    check: ipOf(4),
    code: 'ip-invalid',
    example: '192.168.200.10',
  },
  ipv6: {
    words: 'an IPv6 address',
    pattern: '^[0-9A-Fa-f.:]+$',
    check: ipOf(6),
    code: 'ip-invalid',
    example: 'fd00:200::10',
  },
  cidr: {
    words: 'an IPv4 or IPv6 network address/prefix',
    pattern: '^[0-9A-Fa-f.:]+/[0-9]{1,3}$',
    check: cidrOf(),
    code: 'net-cidr-invalid',
    example: '192.168.200.0/24',
  },
  cidr6: {
    words: 'an IPv6 network address/prefix',
    pattern: '^[0-9A-Fa-f.:]+/[0-9]{1,3}$',
    check: cidrOf(6),
    code: 'net-cidr-invalid',
    example: 'fd00:200::/64',
  },
  dhcpRange: {
    words: 'an address range start-end',
    pattern: '^[0-9A-Fa-f.:]+\\s*-\\s*[0-9A-Fa-f.:]+$',
    check: rangeWhy,
    code: 'dhcp-range-invalid',
    example: '192.168.200.50-192.168.200.99',
  },
  poolRange: {
    words: 'an address range start-end or a CIDR',
    pattern: '^[0-9A-Fa-f.:]+(\\s*-\\s*[0-9A-Fa-f.:]+|/[0-9]{1,3})?$',
    check: (s) => parseRangeOrCidr(s).error,
    code: 'pool-invalid',
    example: '192.168.200.100-192.168.200.120',
  },
  mac: {
    words: 'a MAC address (aa:bb:cc:dd:ee:ff, aa-bb-…, aabb.ccdd.eeff or 12 hex digits)',
    pattern: '^([0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{4}(\\.[0-9A-Fa-f]{4}){2}|[0-9A-Fa-f]{12})$',
    check: (s) => (normaliseMac(s) ? undefined : 'write six hex pairs, e.g. 52:54:00:12:34:56'),
    code: 'mac-invalid',
    normalise: normaliseMac,
    example: '52:54:00:aa:00:10',
  },
  name: {
    words: 'a lower-case DNS label (a-z, 0-9, "-", at most 63 characters)',
    pattern: LABEL.source,
    check: labelWhy,
    code: 'name-invalid-dns',
    example: 'node-1',
  },
  hostName: {
    words: 'a lower-case DNS label (a-z, 0-9, "-", at most 63 characters)',
    pattern: LABEL.source,
    check: hostNameWhy,
    code: 'name-invalid-dns',
    example: 'master-0',
  },
  clusterName: {
    words: 'a lower-case DNS name (labels of a-z, 0-9 and "-")',
    pattern: `^${LABEL_BODY}(\\.${LABEL_BODY})*$`,
    check: (s) => dnsNameWhy(s, true),
    code: 'name-invalid-dns',
    example: 'okd',
  },
  reference: {
    words: 'the name of an entry of this file',
    pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]*$',
    check: re(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,252}$/, 'a name has only letters, digits, ".", "_" and "-"'),
    example: 'node-1',
  },
  domain: {
    words: 'a DNS domain name',
    pattern: '^[A-Za-z0-9.-]+$',
    check: (s) => dnsNameWhy(s, false),
    code: 'name-invalid-dns',
    example: 'example.com',
  },
  hostOrIp: {
    words: 'a host name or an IP address',
    pattern: '^[A-Za-z0-9_.:-]+$',
    check: hostOrIpWhy,
    example: '0.pool.ntp.org',
  },
  sshHost: {
    words: 'a host name, ~/.ssh/config alias or IP address',
    pattern: '^[A-Za-z0-9\\[][A-Za-z0-9_.:%\\[\\]-]*$',
    check: sshHostWhy,
    example: 'svc.example.com',
  },
  userName: {
    words: 'a user name (letters, digits, "_", ".", "-"; at most 32)',
    pattern: '^[A-Za-z_][A-Za-z0-9_.-]{0,31}\\$?$',
    check: re(
      /^[A-Za-z_][A-Za-z0-9_.-]{0,31}\$?$/,
      'it must start with a letter or "_" and hold only letters, digits, "_", "." and "-"',
    ),
    example: 'core',
  },
  bmcUser: {
    words: 'a BMC user name (letters, digits, "_", ".", "@", "-")',
    pattern: '^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}$',
    check: re(/^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}$/, 'use letters, digits, "_", ".", "@" and "-" (at most 64)'),
    example: 'admin',
  },
  url: {
    words: 'a URL scheme://host[:port][/path]',
    pattern: '^[A-Za-z][A-Za-z0-9+.-]*://[A-Za-z0-9._~:/?#\\[\\]@!&+,=%-]+$',
    check: re(
      /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[A-Za-z0-9._~:/?#[\]@!&+,=%-]+$/,
      'write scheme://address, e.g. ipmi://10.0.1.10 (no spaces, quotes, ;, $ or braces)',
    ),
    example: 'ipmi://192.168.201.10',
  },
  absPath: {
    words: 'an absolute path without spaces',
    pattern: '^/[A-Za-z0-9._/@+=:~-]*$',
    check: (s) => pathWhy(s, true),
    example: '/var/lib/tftpboot',
  },
  devicePath: {
    words: 'a device path under /dev',
    pattern: '^/dev/[A-Za-z0-9._/@+=:~-]+$',
    check: (s) => (s.startsWith('/dev/') ? pathWhy(s, true) : 'it must start with /dev/'),
    example: '/dev/sda',
  },
  localPath: {
    words: 'a file path on this machine (~/… allowed, no spaces)',
    pattern: '^[A-Za-z0-9._/@+=:~\\\\-]+$',
    check: localPathWhy,
    example: '~/.ssh/okd.pub',
  },
  urlOrPath: {
    words: 'a URL or a relative path, without spaces',
    pattern: '^[A-Za-z0-9._~:/?#\\[\\]@!&+,=%-]+$',
    check: urlOrPathWhy,
    example: 'okd/kernel/fedora-coreos-live-kernel-x86_64',
  },
  noProxyEntry: {
    words: 'a domain (optionally with a leading "."), an IP address, a CIDR or a lone "*"',
    pattern: '^(\\*|\\.?[A-Za-z0-9.:/_-]+)$',
    check: noProxyWhy,
    example: '.example.com',
  },
  kernelArg: {
    words: 'one kernel argument (no blanks, quotes, ;, $, braces or |)',
    pattern: '^[A-Za-z0-9._,:/=+@%~?#!*\\[\\]-]+$',
    check: kernelArgWhy,
    example: 'console=ttyS0,115200n8',
  },
  repoPath: {
    words: 'an image repository path (lower-case parts joined by "/")',
    pattern: REGISTRY_RULES.repository.source,
    check: re(
      REGISTRY_RULES.repository,
      'write lower-case parts of a-z, 0-9, ".", "_" and "-" joined by "/", e.g. openshift/okd',
    ),
    example: 'openshift/okd',
  },
  imageRef: {
    words: 'a fully qualified container image (registry/repository[:tag][@sha256:…])',
    pattern: REGISTRY_RULES.image.source,
    check: re(REGISTRY_RULES.image, 'write registry/repository[:tag], e.g. docker.io/library/registry:2'),
    example: 'docker.io/library/registry:2',
  },
  registryUser: {
    words: 'a registry user name (letters, digits, ".", "_", "-")',
    pattern: REGISTRY_RULES.user.source,
    check: re(REGISTRY_RULES.user, 'use 1 to 64 letters, digits, ".", "_" and "-"'),
    example: 'okd',
  },
  interfaceName: {
    words: 'a network interface name (at most 15 of a-z, 0-9, "_", ".", "-")',
    pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$',
    check: re(
      /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$/,
      'Linux interface names have 1 to 15 letters, digits, "_", "." or "-"',
    ),
    example: 'enp1s0',
  },
  platformVersion: {
    words: 'a version such as 4.15.0-0.okd-2024-03-10-010116 or v1.30.4+k3s1',
    pattern: '^v?[0-9]+(\\.[0-9]+)*([-+][0-9A-Za-z.+_-]*)?$',
    check: re(
      /^v?\d+(\.\d+)*([-+][0-9A-Za-z.+_-]*)?$/,
      'write digits and dots, optionally with a v before and a -suffix or +suffix',
    ),
    example: '4.15.0-0.okd-2024-03-10-010116',
  },
  semver: {
    words: 'a version such as v0.14.8',
    pattern: '^v?[0-9]+\\.[0-9]+(\\.[0-9]+)?([-+][0-9A-Za-z.+-]+)?$',
    check: re(/^v?\d+\.\d+(\.\d+)?([-+][0-9A-Za-z.+-]+)?$/, 'write vMAJOR.MINOR.PATCH, e.g. v0.14.8'),
    example: 'v0.14.8',
  },
  command: {
    words: 'a command and its arguments (no shell syntax)',
    check: commandWhy,
    code: 'service-command-invalid',
    ownMessage: true,
    example: 'systemctl restart dhcpd',
  },
  port: int('a TCP/UDP port', 1, 65535, 8080),
  leaseTime: int('seconds', 60, 31_536_000, 86400),
  ttl: int('seconds', 0, 2_147_483_647, 300),
  vlan: int('a VLAN id', 1, 4094, 200),
  mtu: int('bytes', 576, 9216, 1500),
  prefixLength: int('a prefix length', 0, 128, 23),
  cpus: int('virtual CPUs', 1, 1024, 4),
  memoryGiB: { words: 'GiB (0.25–65536)', kind: 'number', minimum: 0.25, maximum: 65536, example: 16 },
  diskGiB: { words: 'GiB (1–1048576)', kind: 'number', minimum: 1, maximum: 1_048_576, example: 120 },
  coordinate: { words: 'a graph position (-1e9–1e9)', kind: 'number', minimum: -1e9, maximum: 1e9, example: 100 },
} satisfies Record<string, ValueType>;

export type ValueTypeName = keyof typeof VALUE_TYPES;

export function valueType(name: string | undefined): ValueType | undefined {
  return name !== undefined && Object.prototype.hasOwnProperty.call(VALUE_TYPES, name)
    ? (VALUE_TYPES as Record<string, ValueType>)[name]
    : undefined;
}

/** Codes a failed type check is reported with: besides value-* and schema-*, the checks' own. */
export const TYPE_CODES: ReadonlySet<string> = new Set(
  Object.values(VALUE_TYPES as Record<string, ValueType>)
    .map((t) => t.code)
    .filter((c): c is string => !!c),
);

/** Schema problems about a value itself (a missing or misspelt field is not one: nothing is rendered from it). */
const SCHEMA_VALUE_CODES: ReadonlySet<string> = new Set(['schema-type', 'schema-range', 'schema-enum']);

/**
 * Whether a problem says a value is not of its type. Neither `render --force` nor a silencing
 * comment gets past those: they override semantic errors only.
 */
export function isTypeProblem(code: string): boolean {
  return code.startsWith('value-') || SCHEMA_VALUE_CODES.has(code) || TYPE_CODES.has(code);
}
