// Remote paths and names: checked before anything is sent, so a hostile or mistyped value in the
// topology or manifest stops the plan instead of reaching a shell.
import { VALUE_TYPES } from '../format/types';

/** An absolute, normalised POSIX path without control characters. Returns an error message or undefined. */
export function checkRemotePath(p: string): string | undefined {
  if (typeof p !== 'string' || p === '') return 'empty path';
  if (!p.startsWith('/')) return `"${p}" is not an absolute path`;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(p)) return `${JSON.stringify(p)} contains a control character (newline, tab, NUL...)`;
  const parts = p.split('/').slice(1);
  if (p !== '/' && parts.some((s) => s === '' || s === '.' || s === '..'))
    return `"${p}" is not normalised (empty, "." or ".." segment)`;
  return undefined;
}

/** `--remote-root /srv/stage` + `/etc/dhcp/dhcpd.conf` = `/srv/stage/etc/dhcp/dhcpd.conf`. */
export function underRoot(root: string | undefined, p: string): string {
  if (!root || root === '/') return p;
  return root.replace(/\/+$/, '') + p;
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** The upload lands beside the target (same file system, so the final rename is atomic). */
export function tempPathFor(p: string): string {
  const d = dirname(p);
  return `${d === '/' ? '' : d}/.${basename(p)}.okd-tmp`;
}

export function backupPathFor(p: string): string {
  return `${p}.okd-bak`;
}

/** Host names and addresses as OpenSSH accepts them; never shell syntax (the rule validate applies to ssh.host). */
export function checkSshHost(h: string): string | undefined {
  return VALUE_TYPES.sshHost.check(h) === undefined
    ? undefined
    : `${JSON.stringify(h)} is not a valid host name or address`;
}

/** The rule validate applies to ssh.user. */
export function checkUser(u: string): string | undefined {
  return VALUE_TYPES.userName.check(u) === undefined ? undefined : `${JSON.stringify(u)} is not a valid user name`;
}

/** systemd unit names (health checks). */
export function checkUnit(u: string): string | undefined {
  return /^[A-Za-z0-9:_.@\\-]+$/.test(u) && !u.startsWith('-')
    ? undefined
    : `${JSON.stringify(u)} is not a valid systemd unit name`;
}

/** Owner/group for chown. */
export function checkOwner(o: string): string | undefined {
  return /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$|^[0-9]+$/.test(o)
    ? undefined
    : `${JSON.stringify(o)} is not a valid owner or group name`;
}

export function checkMode(m: string): string | undefined {
  return /^0?[0-7]{3,4}$/.test(m) ? undefined : `${JSON.stringify(m)} is not an octal file mode`;
}
