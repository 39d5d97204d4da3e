// Remote command strings for each deploy step, built only from checked values through commandLine/shQuote.
import type { Argv, HealthCheck } from '../render/manifest';
import type { JournalFile } from './journal';
import type { FileStep } from './plan';
import { commandLine, shQuote } from './quote';
import { dirname } from './paths';
import { recordScript } from './records';

/** Runs a script as root: directly for root, through `sudo -n` (never prompts) otherwise. */
export function asRoot(script: string, sudo: boolean): string {
  return sudo ? `sudo -n -- sh -c ${shQuote(script)}` : script;
}

/**
 * What is at each target now, with as few processes as possible (each one costs the host a fork and exec):
 * a kind letter per file from shell builtins, then one `stat` and one `sha256sum` over all regular files,
 * then per symlink the hash of its target. parseProbe zips the sections back together.
 */
export function probeScript(files: FileStep[]): string {
  const paths = files.map((f) => shQuote(f.remotePath)).join(' ');
  return (
    `set --; for p in ${paths}; do ` +
    `if [ -L "$p" ]; then echo L; elif [ -f "$p" ]; then echo F; set -- "$@" "$p"; elif [ -e "$p" ]; then echo O; else echo M; fi; done; ` +
    `echo ${PROBE_SEP}; if [ $# -gt 0 ]; then stat -c '%a %U %G' -- "$@" && sha256sum -- "$@"; fi; ` +
    `for p in ${paths}; do if [ -L "$p" ]; then readlink -- "$p" | tr -d '\\n' | sha256sum; fi; done`
  );
}

const PROBE_SEP = '--okd-probe--';

export type ProbeState =
  | { kind: 'missing' }
  | { kind: 'file'; mode: string; owner: string; group: string; sha256: string }
  | { kind: 'link'; sha256: string }
  | { kind: 'other' };

export function parseProbe(out: string, count: number): ProbeState[] {
  const lines = out.split('\n').filter((l) => l !== '');
  const bad = (why: string): Error =>
    new Error(`unexpected answer from the host while checking current files (${why})`);
  const sep = lines.indexOf(PROBE_SEP);
  if (sep !== count) throw bad(`${sep < 0 ? lines.length : sep} lines for ${count} files`);
  const kinds = lines.slice(0, count);
  const nFiles = kinds.filter((k) => k === 'F').length;
  const nLinks = kinds.filter((k) => k === 'L').length;
  const rest = lines.slice(count + 1);
  if (rest.length !== 2 * nFiles + nLinks)
    throw bad(`${rest.length} detail lines for ${nFiles} files and ${nLinks} links`);
  // sha256sum prefixes a line with a backslash when it had to escape the file name.
  const hash = (l: string): string => {
    const m = /^\\?([0-9a-f]{64}) /.exec(l);
    if (!m) throw bad(`not a checksum: ${JSON.stringify(l.slice(0, 80))}`);
    return m[1];
  };
  let fi = 0;
  let li = 0;
  return kinds.map((k): ProbeState => {
    if (k === 'M') return { kind: 'missing' };
    if (k === 'F') {
      const [mode, owner, group] = rest[fi].split(' ');
      const sha256 = hash(rest[nFiles + fi++]);
      return { kind: 'file', mode, owner, group, sha256 };
    }
    if (k === 'L') return { kind: 'link', sha256: hash(rest[2 * nFiles + li++]) };
    return { kind: 'other' };
  });
}

/** Parent directories the files need; `mkdir` runs only when one is missing (usually none is). */
export function mkdirScript(files: FileStep[]): string | undefined {
  const dirs = [...new Set(files.map((f) => dirname(f.remotePath)))];
  if (!dirs.length) return undefined;
  return `{ ${dirs.map((d) => `[ -d ${shQuote(d)} ]`).join(' && ')} || ${commandLine(['mkdir', '-p', '--', ...dirs])}; }`;
}

/** Symlinks are created as a temp link beside the target, then renamed like files. */
export function symlinkScript(f: FileStep): string {
  return `rm -f -- ${shQuote(f.tmpPath)} && ${commandLine(['ln', '-s', '--', f.file.content, f.tmpPath])}`;
}

/** Copies a file staged by a non-root user into the temp path beside the target. */
export function stageCopyScript(staged: string, f: FileStep): string {
  return `${commandLine(['cp', '--', staged, f.tmpPath])} && ${commandLine(['rm', '-f', '--', staged])}`;
}

/**
 * Back up the current file, set mode and owner on the new one, then rename it into place (atomic).
 * `index` is the file's place in the journal, which records the swap once the fresh backup exists (or,
 * for a new file, before the rename): from then on a rollback restores it.
 * `modeSet`: the upload already gave the temp file its final mode (SFTP), so no chmod is needed.
 */
export function swapScript(
  f: FileStep,
  existed: boolean,
  journal: { path: string; index: number },
  modeSet = false,
): string {
  const parts: string[] = [];
  // The backup is a hard link to the current file: one cheap process, and after the rename it is exactly the
  // old file (content, mode, owner, context). Where a link is impossible (another file system type, a
  // directory in the way) it falls back to a copy. A stale backup is always replaced, never restored.
  if (existed) {
    parts.push(
      `{ ${commandLine(['ln', '-f', '-T', '-P', '--', f.remotePath, f.backupPath])} 2>/dev/null || ` +
        `{ ${commandLine(['rm', '-rf', '--', f.backupPath])} && ${commandLine(['cp', '-a', '--', f.remotePath, f.backupPath])}; }; }`,
    );
  }
  parts.push(recordScript(journal.path, { swapped: journal.index }));
  if (!f.file.symlink) {
    if (!modeSet) parts.push(commandLine(['chmod', fileMode(f), '--', f.tmpPath]));
    if (f.file.owner || f.file.group) {
      parts.push(
        commandLine(['chown', `${f.file.owner ?? ''}${f.file.group ? `:${f.file.group}` : ''}`, '--', f.tmpPath]),
      );
    }
  }
  parts.push(commandLine(['mv', '-f', '-T', '--', f.tmpPath, f.remotePath]));
  return parts.join(' && ');
}

/** The file's mode as chmod takes it (checked octal, at most four digits). */
export function fileMode(f: FileStep): string {
  return f.file.mode.replace(/^0(?=[0-7]{4})/, '');
}

/**
 * Puts back what was there before: the backup, or nothing when the file was new. If the rename never
 * happened, the backup is still a hard link to the live file (`-ef`): then only the backup is removed.
 * Once done, the journal records it, so a rollback cut short never restores the same file twice.
 */
export function restoreScript(f: JournalFile, journal: { path: string; index: number }): string {
  const cur = shQuote(f.remotePath);
  const bak = shQuote(f.backupPath);
  const restore = f.existed
    ? `if [ ${bak} -ef ${cur} ]; then ${commandLine(['rm', '-f', '--', f.backupPath])}; else ${commandLine(['mv', '-f', '-T', '--', f.backupPath, f.remotePath])}; fi`
    : commandLine(['rm', '-f', '--', f.remotePath]);
  return `{ ${restore}; } && ${commandLine(['rm', '-f', '--', f.tmpPath])} && ${recordScript(journal.path, { undone: journal.index })}`;
}

export function cleanupScript(files: { tmpPath: string }[]): string {
  return commandLine(['rm', '-f', '--', ...files.map((f) => f.tmpPath)]);
}

/** Removes the temp files (and staging folder) an interrupted deploy left, printing `removed PATH` for each that was there. */
export function leftoverScript(tmpPaths: string[], stage?: string): string {
  const parts = tmpPaths.length
    ? [
        `for p in ${tmpPaths.map(shQuote).join(' ')}; do if [ -e "$p" ] || [ -L "$p" ]; then rm -f -- "$p" && printf 'removed %s\\n' "$p"; fi; done`,
      ]
    : [];
  if (stage)
    parts.push(
      `if [ -d ${shQuote(stage)} ]; then ${commandLine(['rm', '-rf', '--', stage])} && printf 'removed %s\\n' ${shQuote(stage)}; fi`,
    );
  return parts.join('; ') || 'true';
}

export function parseRemoved(output: string): string[] {
  return output.split('\n').flatMap((l) => (l.startsWith('removed ') ? [l.slice('removed '.length)] : []));
}

/** The file's text when it is a regular file (or a link to one); nothing otherwise. */
export function catIfFileScript(f: FileStep): string {
  const p = shQuote(f.remotePath);
  return `if [ -f ${p} ]; then cat -- ${p}; fi`;
}

export function catScript(f: FileStep): string {
  const p = shQuote(f.remotePath);
  return f.file.symlink ? `readlink -- ${p}` : `cat -- ${p}`;
}

export function reloadScript(argv: Argv): string {
  return commandLine(argv, 'reload');
}

/** Health checks that run as a command on the host; TCP checks are made through the SSH connection itself. */
export function healthScript(h: Exclude<HealthCheck, { kind: 'tcp' | 'haproxy-loaded' }>): string {
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
  if (h.kind === 'haproxy-loaded') return `HAProxy runs the new ${h.config} (stats socket ${h.socket})`;
  return `port ${h.port}${h.address ? ` on ${h.address}` : ''} accepts connections`;
}

export function applyScript(tool: 'oc' | 'kubectl', kubeconfig: string | undefined, dryRun: boolean): string {
  const argv = [
    tool,
    ...(kubeconfig ? ['--kubeconfig', kubeconfig] : []),
    'apply',
    ...(dryRun ? ['--dry-run=server'] : []),
    '-f',
    '-',
  ];
  return commandLine(argv, tool);
}

/**
 * Several steps in one remote command (every SSH exec costs a session on the host): each step's output and
 * exit status are framed by a marker carrying a per-run nonce; with `stopOnFailure` the first failure ends it.
 */
export function batchScript(steps: string[], nonce: string, stopOnFailure = true): string {
  if (!/^[A-Za-z0-9]+$/.test(nonce)) throw new Error('nonce must be alphanumeric');
  return steps
    .map(
      (s, i) =>
        `{ ${s}\n} 2>&1; okd_rc=$?; printf '\\n@@okd-${nonce} ${i} %d\\n' "$okd_rc"` +
        (stopOnFailure ? '; [ "$okd_rc" -eq 0 ] || exit 0' : ''),
    )
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
