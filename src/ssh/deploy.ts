// Runs a deploy plan over SSH. Per host: probe, upload beside the target, validate, back up and rename,
// reload, health-check; any failure or cancel after the first rename restores every file of that host.
// Steps of one phase share one remote script (batchScript), and a host's scripts share one remote shell:
// each SSH session costs the host a process and a login shell.
import { createHash, randomBytes } from 'node:crypto';
import type { DeployEvent, DeployPhase, HostResult } from '../core/deploy/events';
import type { DeployPlan, FileStep, HostPlan } from '../core/deploy/plan';
import { mapLimit } from '../core/deploy/pool';
import { commandLine } from '../core/deploy/quote';
import { redact } from '../core/deploy/redact';
import {
  applyScript, asRoot, batchScript, batchTail, BACKUP_MARK, catIfFileScript, cleanupScript, dnsAnswerMatches, healthLabel, mkdirScript,
  parseBatch, parseProbe, probeScript, reloadScript, restoreScript, type BatchStep, type ProbeState,
} from '../core/deploy/script';
import { mainSteps, touchedServices } from '../core/deploy/steps';
import type { RemoteRefresh } from '../core/deploy/zones';
import { connect, SshError, type ConnectOptions } from './connect';
import { waitHaproxyLoaded } from './haproxy';
import { ConnectionLostError, type ExecResult, type SshConnection } from './session';
import { RemoteShell } from './shell';

export interface DeployRunOptions extends Omit<ConnectOptions, 'signal' | 'log'> {
  /** Hosts deployed at the same time. */
  concurrency?: number;
  signal?: AbortSignal;
  onEvent?: (e: DeployEvent) => void;
  /** Transcript lines (commands, exit codes, output), already redacted. */
  log?: (line: string) => void;
  /** Connect and compare only: nothing is uploaded. */
  dryRun?: boolean;
  /** Redeploy files that already match. */
  force?: boolean;
  commandTimeoutMs?: number;
  /** Called as each host finishes, whatever the outcome. */
  onHostDone?: (r: HostResult) => void;
  /** Files rendered again from their copies on the host (zone serials), read in the same command as the probe. */
  refresh?: RemoteRefresh;
}

class StepFailed extends Error {}
class Cancelled extends Error {}
/** The host's state is unknown (connection lost mid-swap): never reported as unchanged. */
class InDoubt extends Error {}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

function differs(f: FileStep, st: ProbeState): boolean {
  if (f.file.symlink) return st.kind !== 'link' || st.sha256 !== sha256(f.file.content);
  if (st.kind !== 'file' || st.sha256 !== sha256(f.file.content)) return true;
  if (parseInt(st.mode, 8) !== parseInt(f.file.mode, 8)) return true;
  return (f.file.owner !== undefined && f.file.owner !== st.owner) || (f.file.group !== undefined && f.file.group !== st.group);
}

function tail(text: string): string {
  return text.trim().split('\n').slice(-12).join('\n');
}
function brief(r: ExecResult): string {
  const t = tail(r.stderr) || tail(r.stdout);
  return `exit ${r.code ?? r.signal}${t ? `: ${t}` : ''}`;
}
function briefStep(s: BatchStep): string {
  const t = tail(s.output);
  return `exit ${s.rc}${t ? `: ${t}` : ''}`;
}

async function deployHost(hp: HostPlan, opts: DeployRunOptions): Promise<HostResult> {
  const t0 = Date.now();
  const host = hp.host.name;
  const secrets: string[] = [];
  const log = (line: string): void => opts.log?.(`[${host}] ${redact(line, secrets)}`);
  const emit = (phase: DeployPhase, message: string): void => {
    log(`${phase}: ${message}`);
    opts.onEvent?.({ host, phase, message });
  };
  const result = (outcome: HostResult['outcome'], changed: string[], error?: string): HostResult =>
    ({ host, outcome, changed, error: error === undefined ? undefined : redact(error, secrets), ms: Date.now() - t0 });
  const checkAbort = (): void => {
    if (opts.signal?.aborted) throw new Cancelled();
  };

  emit('connect', `connecting to ${hp.host.user ? `${hp.host.user}@` : ''}${hp.host.alias}`);
  let conn: SshConnection;
  try {
    conn = await connect(hp.host, {
      ...opts,
      passphrase: opts.passphrase && (async (f) => {
        const p = await opts.passphrase!(f);
        if (p) secrets.push(p);
        return p;
      }),
      signal: opts.signal,
      log: (l) => log(l),
    });
  } catch (e) {
    const cancelled = e instanceof SshError && e.kind === 'cancelled';
    return result(cancelled ? 'cancelled' : 'failed', [], (e as Error).message);
  }
  const sudo = !conn.isRoot;
  // Scripts run in one shell per host (as root: through sudo -n for other users); only a command that
  // reads stdin (oc/kubectl apply -f -) gets an exec channel of its own.
  let shell: RemoteShell | undefined;
  const run = async (script: string, stdin?: string): Promise<ExecResult> => {
    const timeoutMs = opts.commandTimeoutMs ?? 120000;
    let r: ExecResult;
    if (stdin !== undefined) {
      const cmd = asRoot(script, sudo);
      log(`$ ${cmd}`);
      r = await conn.exec(cmd, { stdin, timeoutMs });
    } else {
      if (!shell?.alive) {
        const start = asRoot('exec sh', sudo);
        log(`$ ${start}`);
        // A script that times out is stopped with everything it started (a hung reload must not
        // go on running on the host after deploy has rolled back).
        const kill = async (pgid: number): Promise<void> => {
          const cmd = asRoot(`kill -KILL -- -${Math.trunc(pgid)}`, sudo);
          log(`$ ${cmd}`);
          await conn.exec(cmd, { timeoutMs: 10000 });
        };
        shell = new RemoteShell(await conn.openChannel(start), conn.label, () => conn.lostError, kill);
      }
      log(`$ ${script}`);
      r = await shell.run(script, timeoutMs);
    }
    if (r.code !== 0) log(`  ${brief(r)}`);
    if (r.code !== 0 && sudo && /sudo: a (terminal|password) is required/.test(r.stderr)) {
      throw new StepFailed(`${conn.label} is not root, and its sudo would prompt (deploy never answers prompts); allow this user NOPASSWD sudo, or connect as root`);
    }
    return r;
  };
  const mustRun = async (what: string, script: string, stdin?: string): Promise<ExecResult> => {
    const r = await run(script, stdin);
    if (r.code !== 0) throw new StepFailed(`${what} failed (${brief(r)})`);
    return r;
  };
  /** Runs steps in one session; returns the steps that ran (the last one failed if it is not 0). */
  const batch = async (steps: string[], stopOnFailure = true): Promise<{ done: BatchStep[] }> => {
    if (steps.length === 0) return { done: [] };
    const nonce = randomBytes(8).toString('hex');
    const r = await run(batchScript(steps, nonce, stopOnFailure));
    const done = parseBatch(r.stdout, nonce);
    for (const s of done) if (s.rc !== 0) log(`  step ${s.index}: ${briefStep(s)}`);
    const last = done[done.length - 1];
    if ((!last || last.rc === 0) && done.length < steps.length) {
      throw Object.assign(new ConnectionLostError(`${conn.label}: a remote command ended early (${brief(r)})`), { done, tail: batchTail(r.stdout, nonce) });
    }
    return { done };
  };

  let changed: FileStep[] = [];
  let stageDir: string | undefined;
  const swapped: { f: FileStep; existed: boolean }[] = [];
  const reloaded = new Set<string>();
  let states: ProbeState[] = [];
  try {
    emit('probe', `comparing ${hp.files.length} file(s) with the host`);
    if (hp.files.length) {
      // Creating missing parent directories here saves a session; it changes nothing a reader would see.
      const mk = opts.dryRun ? undefined : mkdirScript(hp.files);
      const reread = opts.refresh ? hp.files.filter((f) => !f.file.symlink && opts.refresh!.wants(f)) : [];
      const { done } = await batch([probeScript(hp.files) + (mk ? `; ${mk}` : ''), ...reread.map(catIfFileScript)], false);
      const bad = done.find((d) => d.rc !== 0);
      if (bad) throw new StepFailed(`reading the current ${bad.index === 0 ? 'files' : reread[bad.index - 1].remotePath} failed (${briefStep(bad)})`);
      states = parseProbe(done[0].output, hp.files.length);
      if (reread.length) {
        // Zones are rendered again from the host's copies, so their serials continue from the host's.
        const fresh = opts.refresh!.render(hp, new Map(reread.map((f, i) => [f, states[hp.files.indexOf(f)].kind === 'missing' ? undefined : done[i + 1].output])));
        hp = { ...hp, files: hp.files.map((f) => (fresh.has(f) ? { ...f, file: { ...f.file, content: fresh.get(f)! } } : f)) };
      }
    }
    // A directory (or device, socket...) where a file belongs can be neither backed up nor renamed over.
    const odd = hp.files.find((_f, i) => states[i]?.kind === 'other');
    if (odd) throw new StepFailed(`${odd.remotePath} on the host is neither a file nor a symbolic link (a directory?); move it away, then deploy again`);
    changed = hp.files.filter((f, i) => opts.force || differs(f, states[i]));
    const changedPaths = changed.map((f) => f.remotePath);
    if (opts.dryRun) return result(changed.length ? 'would-change' : 'unchanged', changedPaths);
    if (changed.length === 0 && hp.applies.length === 0) {
      emit('done', 'already up to date');
      return result('unchanged', []);
    }
    checkAbort();

    // Upload by SFTP into the temp path beside each target (non-root logins: into a private staging dir),
    // all files at once over the one SFTP session: the round trips of each file overlap.
    const staged = new Map<FileStep, string>();
    const uploads = changed.filter((f) => !f.file.symlink);
    for (const f of uploads) emit('upload', f.remotePath);
    checkAbort();
    if (sudo && uploads.length) {
      stageDir = (await conn.exec('mktemp -d /tmp/okd-topology.XXXXXX')).stdout.trim();
      if (!/^\/tmp\/okd-topology\.[A-Za-z0-9]+$/.test(stageDir)) throw new StepFailed('cannot create a staging directory in /tmp');
      uploads.forEach((f, i) => staged.set(f, `${stageDir}/${i}`));
    }
    // Root logins get the final mode on the temp file here; staged copies get it in the swap step.
    const results = await Promise.allSettled(uploads.map((f) =>
      sudo ? conn.writeFile(staged.get(f)!, f.file.content) : conn.writeFile(f.tmpPath, f.file.content, parseInt(f.file.mode, 8) & 0o7777)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    checkAbort();
    for (const a of hp.applies) {
      checkAbort();
      emit('apply', `${a.file.path}: server-side dry run`);
      await mustRun(`${a.tool} apply --dry-run=server of ${a.file.path}`, applyScript(a.tool, a.kubeconfig, true), a.file.content);
    }

    // Validate, swap, reload and check in one session; the batch stops at the first failure.
    const existed = changed.map((f) => states[hp.files.indexOf(f)]?.kind !== 'missing');
    const steps = mainSteps(hp, { changed, existed, staged, modeSet: !sudo });
    for (const st of steps) {
      if (st.kind === 'validate') emit('validate', `${st.file!.remotePath}: ${commandLine(st.file!.validate!)}`);
      else if (st.kind === 'swap') emit('swap', `${st.file!.remotePath}${st.existed ? ` (backup: ${st.file!.backupPath})` : ' (new)'}`);
      else if (st.kind === 'reload') emit('reload', `${st.service!.service}: ${commandLine(st.service!.reload!)}`);
      else if (st.kind === 'health') emit('health', healthLabel(st.health!));
    }
    checkAbort();
    let done: BatchStep[];
    try {
      ({ done } = await batch(steps.map((st) => st.script)));
    } catch (e) {
      const partial = e as { done?: BatchStep[]; tail?: string };
      if (!partial.done) {
        throw new InDoubt(`${(e as Error).message}. The connection was lost while the files were validated and put in place, so they may be ` +
          `partly updated: check ${changed.map((f) => f.remotePath).join(', ')} on the host (backups beside them as *.okd-bak)`);
      }
      // The batch was cut short (timeout): restore what finished, and the step in progress if its backup was complete.
      for (const p of partial.done) {
        const st = steps[p.index];
        if (st.kind === 'swap' && (!st.existed || p.output.includes(BACKUP_MARK))) swapped.push({ f: st.file!, existed: st.existed! });
        if (st.kind === 'reload') reloaded.add(st.service!.service);
      }
      const next = steps[partial.done.length];
      if (next?.kind === 'swap' && (!next.existed || (partial.tail ?? '').includes(BACKUP_MARK))) swapped.push({ f: next.file!, existed: next.existed! });
      if (next?.kind === 'reload') reloaded.add(next.service!.service);
      throw e;
    }
    for (const d of done) {
      const st = steps[d.index];
      // A file counts as swapped once its fresh backup exists (or it is new): only those are restored.
      if (st.kind === 'swap' && (!st.existed || d.output.includes(BACKUP_MARK))) swapped.push({ f: st.file!, existed: st.existed! });
      if (st.kind === 'reload') reloaded.add(st.service!.service);
    }
    const bad = done.find((d) => d.rc !== 0);
    if (bad) {
      const st = steps[bad.index];
      if (st.kind === 'validate') throw new StepFailed(`validation of ${st.file!.file.path} failed: ${commandLine(st.file!.validate!)} → ${briefStep(bad)}`);
      if (st.kind === 'swap') throw new StepFailed(`putting ${st.file!.file.path} in place failed (${briefStep(bad)})`);
      if (st.kind === 'reload') throw new StepFailed(`reloading ${st.service!.service} (${commandLine(st.service!.reload!)}) failed (${briefStep(bad)})`);
      if (st.kind === 'health') throw new StepFailed(`health check failed: ${healthLabel(st.health!)} (${briefStep(bad)})`);
      throw new StepFailed(`preparing ${st.file!.remotePath} failed (${briefStep(bad)})`);
    }
    for (const d of done) {
      const h = steps[d.index].health;
      if (h?.kind === 'dns' && !dnsAnswerMatches(d.output, h.expect)) {
        throw new StepFailed(`health check failed: ${healthLabel(h)} (answer: ${d.output.trim().replace(/\s+/g, ' ') || 'none'})`);
      }
    }
    for (const h of touchedServices(hp, changed).flatMap((s) => s.health)) {
      if (h.kind !== 'tcp') continue;
      emit('health', healthLabel(h));
      const r = await conn.tcpCheck(h.address ?? hp.host.hostname, h.port);
      if (!r.ok) throw new StepFailed(`health check failed: ${healthLabel(h)} (${r.error})`);
    }
    for (const h of touchedServices(hp, changed).flatMap((s) => s.health)) {
      if (h.kind !== 'haproxy-loaded') continue;
      emit('health', healthLabel(h));
      const r = await waitHaproxyLoaded(conn, h.socket, h.config);
      if (r.loaded === false) {
        throw new StepFailed(`health check failed: ${healthLabel(h)} (${r.detail}: HAProxy kept its previous configuration, so the new one failed to start; see journalctl -u haproxy)`);
      }
      if (r.loaded === undefined) log(`  ${healthLabel(h)}: cannot tell (${r.detail})`);
    }
    // Cancelled while the batch ran: put the host back as it was.
    checkAbort();
    for (const a of hp.applies) {
      checkAbort();
      emit('apply', `${a.file.path}: ${a.tool} apply`);
      await mustRun(`${a.tool} apply of ${a.file.path}`, applyScript(a.tool, a.kubeconfig, false), a.file.content);
    }
    emit('done', `${changed.length} file(s) deployed`);
    return result('deployed', changedPaths);
  } catch (e) {
    const cancelled = e instanceof Cancelled;
    const why = cancelled ? 'cancelled' : (e as Error).message;
    const paths = changed.map((f) => f.remotePath);
    if (e instanceof InDoubt) return result('inconsistent', paths, why);
    if (swapped.length === 0) {
      // Nothing in place changed: drop the temp files (best effort; a lost connection leaves only hidden temps).
      if (changed.length) await run(cleanupScript(changed)).catch(() => undefined);
      return result(cancelled ? 'cancelled' : 'failed', paths, cancelled ? undefined : `${why}. No file on the host was changed.`);
    }
    const left = await rollback(hp, swapped, reloaded, batch, emit);
    if (changed.length) await run(cleanupScript(changed)).catch(() => undefined);
    if (left) return result('inconsistent', paths, `${why}. ROLLBACK INCOMPLETE: ${left}`);
    return result(cancelled ? 'cancelled' : 'rolled-back', paths,
      cancelled ? 'cancelled; every file was restored' : `${why}. Every file on the host was restored and the services reloaded.`);
  } finally {
    if (stageDir) await conn.exec(commandLine(['rm', '-rf', '--', stageDir])).catch(() => undefined);
    if (shell?.alive) await shell.close();
    conn.close();
  }
}

async function rollback(
  hp: HostPlan, swapped: { f: FileStep; existed: boolean }[], reloaded: Set<string>,
  batch: (steps: string[], stopOnFailure?: boolean) => Promise<{ done: BatchStep[] }>, emit: (p: DeployPhase, m: string) => void,
): Promise<string | undefined> {
  const failures: string[] = [];
  const order = [...swapped].reverse();
  for (const { f, existed } of order) emit('rollback', existed ? `restoring ${f.remotePath}` : `removing new file ${f.remotePath}`);
  const svcs = hp.services.filter((s) => s.reload && reloaded.has(s.service) && swapped.some((x) => x.f.file.service === s.service));
  for (const s of svcs) emit('rollback', `reloading ${s.service}`);
  try {
    // Restores first, then reloads, in one session; every step runs even if one fails.
    const steps = [...order.map(({ f, existed }) => restoreScript(f, existed)), ...svcs.map((s) => reloadScript(s.reload!))];
    const { done } = await batch(steps, false);
    for (const s of done) {
      if (s.rc === 0) continue;
      if (s.index < order.length) failures.push(`${order[s.index].f.remotePath} (${briefStep(s)})`);
      else failures.push(`reload of ${svcs[s.index - order.length].service} after the restore (${briefStep(s)})`);
    }
  } catch (e) {
    failures.push(`the host (${(e as Error).message}); files to restore: ${order.map((x) => x.f.remotePath).join(', ')}`);
  }
  if (!failures.length) return undefined;
  return `could not restore ${failures.join('; ')}. Backups are beside each file as *.okd-bak.`;
}

/**
 * Deploys every host of the plan, `concurrency` at a time. Never throws for a host failure. The default
 * of 10 matches OpenSSH's MaxStartups (10 unauthenticated connections before sshd starts refusing some):
 * hosts behind one ProxyJump all open their connection through that one jump host's sshd.
 */
export async function runDeploy(plan: DeployPlan, opts: DeployRunOptions): Promise<HostResult[]> {
  return mapLimit(plan.hosts, opts.concurrency ?? 10, async (hp) => {
    const r = await deployHost(hp, opts);
    opts.onHostDone?.(r);
    return r;
  });
}
