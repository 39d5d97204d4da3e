// Rules for the bring-up fields (PXE kernel arguments, NTP upstreams, the registry's fields): one place
// for the checks that report a bad value at its scalar and the renderer that never prints one.
// The schema (scripts/gen/schema.mjs) states the same patterns for the editor.
import { parseAddr } from './ip';
import { isDnsName } from './format/dns';

/** One kernel argument: pxelinux and GRUB split their lines on blanks, so an item may hold none (nor control characters). */
export function kernelArgProblem(arg: string): string | undefined {
  if (arg === '') return 'is empty';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(arg)) return 'contains a control character';
  if (/\s/.test(arg)) return 'contains a blank: write one argument per list item';
  return undefined;
}

/** A host name (labels of letters, digits and '-') or an IPv4/IPv6 address: what chrony's `pool`/`server` take. */
export function isHostOrIp(s: string): boolean {
  return !!parseAddr(s) || isDnsName(s);
}

export const REGISTRY_DEFAULTS = {
  repository: 'openshift/okd',
  dir: '/opt/registry',
  image: 'docker.io/library/registry:2',
  user: 'okd',
  port: 5000,
};

// The same rules as the schema patterns; a value that breaks them falls back to the default in the output
// (the checks report it at its scalar), so nothing unchecked reaches a unit file or a command line.
export const REGISTRY_RULES = {
  repository: /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/,
  // No `.` or `..` segment: the folder is named as it is.
  dir: /^(?!.*\/\.\.?(\/|$))(\/[A-Za-z0-9._-]+)+$/,
  image:
    /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/,
  user: /^[A-Za-z0-9._-]{1,64}$/,
};
