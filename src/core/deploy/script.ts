// Remote command strings for each deploy step, built only from checked values through commandLine/shQuote.
import type { Argv, HealthCheck } from '../render/manifest';
import type { FileStep } from './plan';
import { commandLine, shQuote } from './quote';
import { dirname } from './paths';

/** Runs a script as root: directly for root, through `sudo -n` (never prompts) otherwise. */
export function asRoot(script: string, sudo: boolean): string {
  return sudo ? `sudo -n -- sh -c ${shQuote(script)}` : script;
}

/** One line per file: `M` missing, `F <mode> <owner> <group> <sha256>` regular file, `L <sha256 of link target>` symlink. */
export function probeScript(files: FileStep[]): string {
  return files
    .map((f) => {
      const p = shQuote(f.remotePath);
      return `if [ -L ${p} ]; then printf 'L %s\\n' "$(readlink -- ${p} | tr -d '\\n' | sha256sum | cut -c1-64)"; ` +
        `elif [ -f ${p} ]; then printf 'F %s %s\\n' "$(stat -c '%a %U %G' -- ${p})" "$(sha256sum < ${p} | cut -c1-64)"; ` +
        `elif [ -e ${p} ]; then echo O; else echo M; fi`;
    })
    .join('; ');
}

export type ProbeState =
  | { kind: 'missing' }
  | { kind: 'file'; mode: string; owner: string; group: string; sha256: string }
  | { kind: 'link'; sha256: string }
  | { kind: 'other' };

export function parseProbe(out: string, count: number): ProbeState[] {
  const lines = out.split('\n').filter((l) => l !== '');
  if (lines.length !== count) throw new Error(`unexpected answer from the host while checking current files (${lines.length} lines for ${count} files)`);
  return lines.map((l) => {
    const [k, a, b, c, d] = l.split(' ');
    if (k === 'M') return { kind: 'missing' };
    if (k === 'F') return { kind: 'file', mode: a, owner: b, group: c, sha256: d };
    if (k === 'L') return { kind: 'link', sha256: a };
    return { kind: 'other' };
  });
}

/** Parent directories the files need. */
export function mkdirScript(files: FileStep[]): string | undefined {
  const dirs = [...new Set(files.map((f) => dirname(f.remotePath)))];
  return dirs.length ? commandLine(['mkdir', '-p', '--', ...dirs]) : undefined;
}

/** Symlinks are created as a temp link beside the target, then renamed like files. */
export function symlinkScript(f: FileStep): string {
  return `rm -f -- ${shQuote(f.tmpPath)} && ${commandLine(['ln', '-s', '--', f.file.content, f.tmpPath])}`;
}

/** Copies a file staged by a non-root user into the temp path beside the target. */
export function stageCopyScript(staged: string, f: FileStep): string {
  return `${commandLine(['cp', '--', staged, f.tmpPath])} && ${commandLine(['rm', '-f', '--', staged])}`;
}

export const BACKUP_MARK = 'okd-backup-done';

/** Back up the current file, set mode and owner on the new one, then rename it into place (atomic). */
export function swapScript(f: FileStep, existed: boolean): string {
  const parts: string[] = [];
  // A stale backup from an earlier run must never be restored over the current file: remove it first, and
  // report with a marker that the fresh backup exists (the runner restores only after seeing it).
  if (existed) parts.push(commandLine(['rm', '-rf', '--', f.backupPath]), commandLine(['cp', '-a', '--', f.remotePath, f.backupPath]), `echo ${BACKUP_MARK}`);
  if (!f.file.symlink) {
    parts.push(commandLine(['chmod', f.file.mode.replace(/^0(?=[0-7]{4})/, ''), '--', f.tmpPath]));
    if (f.file.owner || f.file.group) {
      parts.push(commandLine(['chown', `${f.file.owner ?? ''}${f.file.group ? `:${f.file.group}` : ''}`, '--', f.tmpPath]));
    }
  }
  parts.push(commandLine(['mv', '-f', '-T', '--', f.tmpPath, f.remotePath]));
  return parts.join(' && ');
}

/** Puts back what was there before: the backup, or nothing when the file was new. */
export function restoreScript(f: FileStep, existed: boolean): string {
  const restore = existed
    ? commandLine(['mv', '-f', '-T', '--', f.backupPath, f.remotePath])
    : commandLine(['rm', '-f', '--', f.remotePath]);
  return `${restore}; ${commandLine(['rm', '-f', '--', f.tmpPath])}`;
}

export function cleanupScript(files: FileStep[]): string {
  return commandLine(['rm', '-f', '--', ...files.map((f) => f.tmpPath)]);
}

export function catScript(f: FileStep): string {
  const p = shQuote(f.remotePath);
  return f.file.symlink ? `readlink -- ${p}` : `cat -- ${p}`;
}

export function reloadScript(argv: Argv): string {
  return commandLine(argv, 'reload');
}

/** Health checks that run as a command on the host; TCP checks are made through the SSH connection itself. */
export function healthScript(h: Exclude<HealthCheck, { kind: 'tcp' }>): string {
  if (h.kind === 'service-active') return commandLine(['systemctl', 'is-active', '--quiet', '--', h.unit]);
  const type = h.expect.includes(':') ? 'AAAA' : 'A';
  if (h.server) return commandLine(['dig', '+short', '+time=2', '+tries=2', `@${h.server}`, h.name, type]);
  // Without a server: what the host's own resolver says (nsswitch: /etc/hosts, then DNS).
  return commandLine(['getent', h.expect.includes(':') ? 'ahostsv6' : 'ahostsv4', h.name]);
}

/** Does a dig/getent answer contain the expected address? */
export function dnsAnswerMatches(output: string, expect: string): boolean {
  return output.split('\n').some((l) => l.trim().split(/\s+/)[0] === expect);
}

export function healthLabel(h: HealthCheck): string {
  if (h.kind === 'service-active') return `${h.unit} is active`;
  if (h.kind === 'dns') return `${h.name} resolves to ${h.expect}${h.server ? ` at ${h.server}` : ''}`;
  return `port ${h.port}${h.address ? ` on ${h.address}` : ''} accepts connections`;
}

export function applyScript(tool: 'oc' | 'kubectl', kubeconfig: string | undefined, dryRun: boolean): string {
  const argv = [tool, ...(kubeconfig ? ['--kubeconfig', kubeconfig] : []), 'apply', ...(dryRun ? ['--dry-run=server'] : []), '-f', '-'];
  return commandLine(argv, tool);
}

/**
 * Several steps in one remote command (every SSH exec costs a session on the host): each step's output and
 * exit status are framed by a marker carrying a per-run nonce; with `stopOnFailure` the first failure ends it.
 */
export function batchScript(steps: string[], nonce: string, stopOnFailure = true): string {
  if (!/^[A-Za-z0-9]+$/.test(nonce)) throw new Error('nonce must be alphanumeric');
  return steps
    .map((s, i) => `{ ${s}\n} 2>&1; okd_rc=$?; printf '\\n@@okd-${nonce} ${i} %d\\n' "$okd_rc"` + (stopOnFailure ? '; [ "$okd_rc" -eq 0 ] || exit 0' : ''))
    .join('\n');
}

export interface BatchStep {
  index: number;
  rc: number;
  output: string;
}

/** The steps that ran, in order; a step without its marker did not finish (connection lost). */
export function parseBatch(stdout: string, nonce: string): BatchStep[] {
  const out: BatchStep[] = [];
  const re = new RegExp(`\\n@@okd-${nonce} (\\d+) (\\d+)\\n`, 'g');
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(stdout))) {
    out.push({ index: Number(m[1]), rc: Number(m[2]), output: stdout.slice(last, m.index) });
    last = m.index + m[0].length;
  }
  return out;
}

/** Output after the last marker: what the step that did not finish printed before it stopped. */
export function batchTail(stdout: string, nonce: string): string {
  const i = stdout.lastIndexOf(`\n@@okd-${nonce} `);
  if (i < 0) return stdout;
  const j = stdout.indexOf('\n', i + 1);
  return j < 0 ? '' : stdout.slice(j + 1);
}
