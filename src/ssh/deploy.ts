// Runs a deploy plan over SSH. Per host: probe, upload beside the target, validate, back up and rename,
// reload, health-check; any failure or cancel after the first rename restores every file of that host.
// Steps of one phase share one remote script (batchScript), and a host's scripts share one remote shell:
// each SSH session costs the host a process and a login shell.
import { createHash } from 'node:crypto';
import type { DeployEvent, DeployPhase, HostOutcome, HostResult } from '../core/deploy/events';
import type { DeployPlan, FileStep, HostPlan } from '../core/deploy/plan';
import { mapLimit } from '../core/deploy/pool';
import { commandLine } from '../core/deploy/quote';
import { redact } from '../core/deploy/redact';
import {
  applyScript, catIfFileScript, cleanupScript, dnsAnswerMatches, healthLabel, mkdirScript, parseProbe, probeScript, reloadScript, restoreScript,
  type ProbeState,
} from '../core/deploy/script';
import { mainSteps, stepEvent, stepFailure, SwapLedger, touchedServices, type Swapped } from '../core/deploy/steps';
import type { RemoteRefresh } from '../core/deploy/zones';
import { connect, SshError, type ConnectOptions } from './connect';
import { briefStep, HostSession, StepFailed } from './host-session';
import { ConnectionLostError } from './session';

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

function withContent(f: FileStep, content: string | undefined): FileStep {
  return content === undefined ? f : { ...f, file: { ...f.file, content } };
}

/** One host's transcript, events and result, secrets redacted. */
class Reporter {
  readonly secrets: string[] = [];
  private readonly t0 = Date.now();
  constructor(readonly host: string, private readonly opts: DeployRunOptions) {}

  log = (line: string): void => this.opts.log?.(`[${this.host}] ${redact(line, this.secrets)}`);

  emit(phase: DeployPhase, message: string): void {
    this.log(`${phase}: ${message}`);
    this.opts.onEvent?.({ host: this.host, phase, message });
  }

  result(outcome: HostOutcome, changed: string[], error?: string): HostResult {
    return { host: this.host, outcome, changed, error: error === undefined ? undefined : redact(error, this.secrets), ms: Date.now() - this.t0 };
  }
}

async function deployHost(hp: HostPlan, opts: DeployRunOptions): Promise<HostResult> {
  const rep = new Reporter(hp.host.name, opts);
  rep.emit('connect', `connecting to ${hp.host.user ? `${hp.host.user}@` : ''}${hp.host.alias}`);
  let session: HostSession;
  try {
    const conn = await connect(hp.host, {
      ...opts,
      passphrase: opts.passphrase && (async (f) => {
        const p = await opts.passphrase?.(f);
        if (p) rep.secrets.push(p);
        return p;
      }),
      signal: opts.signal,
      log: (l) => rep.log(l),
    });
    session = new HostSession(conn, rep.log, opts.commandTimeoutMs ?? 120000);
  } catch (e) {
    const cancelled = e instanceof SshError && e.kind === 'cancelled';
    return rep.result(cancelled ? 'cancelled' : 'failed', [], (e as Error).message);
  }
  const run = new HostRun(hp, opts, rep, session);
  try {
    return await run.deploy();
  } finally {
    await run.close();
  }
}

/** The state of one host's deploy, from probe to the end (or the rollback). */
class HostRun {
  private changed: FileStep[] = [];
  private states: ProbeState[] = [];
  private stageDir?: string;
  /** Non-root logins: where each upload was staged. */
  private staged = new Map<FileStep, string>();
  private readonly ledger = new SwapLedger();

  constructor(private hp: HostPlan, private readonly opts: DeployRunOptions, private readonly rep: Reporter, private readonly s: HostSession) {}

  async deploy(): Promise<HostResult> {
    try {
      await this.probe();
      const changedPaths = this.changed.map((f) => f.remotePath);
      if (this.opts.dryRun) return this.rep.result(changedPaths.length ? 'would-change' : 'unchanged', changedPaths);
      if (this.changed.length === 0 && this.hp.applies.length === 0) {
        this.rep.emit('done', 'already up to date');
        return this.rep.result('unchanged', []);
      }
      this.checkAbort();
      await this.upload();
      await this.applyManifests(true);
      await this.swapAndReload();
      await this.checkTcp();
      // Cancelled while the batch ran: put the host back as it was.
      this.checkAbort();
      await this.applyManifests(false);
      this.rep.emit('done', `${this.changed.length} file(s) deployed`);
      return this.rep.result('deployed', changedPaths);
    } catch (e) {
      return this.recover(e);
    }
  }

  async close(): Promise<void> {
    if (this.stageDir) await this.s.conn.exec(commandLine(['rm', '-rf', '--', this.stageDir])).catch(() => undefined);
    await this.s.close();
  }

  private checkAbort(): void {
    if (this.opts.signal?.aborted) throw new Cancelled();
  }

  private async probe(): Promise<void> {
    const { hp, opts, rep } = this;
    rep.emit('probe', `comparing ${hp.files.length} file(s) with the host`);
    if (hp.files.length) await this.readHost();
    // A directory (or device, socket...) where a file belongs can be neither backed up nor renamed over.
    const odd = this.hp.files.find((_f, i) => this.states[i]?.kind === 'other');
    if (odd) throw new StepFailed(`${odd.remotePath} on the host is neither a file nor a symbolic link (a directory?); move it away, then deploy again`);
    this.changed = this.hp.files.filter((f, i) => opts.force || differs(f, this.states[i]));
  }

  /** What is at each target, plus the host copies of files rendered again from them (zones), in one batch. */
  private async readHost(): Promise<void> {
    const { hp, opts } = this;
    // Creating missing parent directories here saves a session; it changes nothing a reader would see.
    const mk = opts.dryRun ? undefined : mkdirScript(hp.files);
    const refresh = opts.refresh;
    const reread = refresh ? hp.files.filter((f) => !f.file.symlink && refresh.wants(f)) : [];
    const { done, cut } = await this.s.batch([probeScript(hp.files) + (mk ? `; ${mk}` : ''), ...reread.map(catIfFileScript)], false);
    if (cut) throw new ConnectionLostError(cut.message);
    const bad = done.find((d) => d.rc !== 0);
    if (bad) throw new StepFailed(`reading the current ${bad.index === 0 ? 'files' : reread[bad.index - 1].remotePath} failed (${briefStep(bad)})`);
    this.states = parseProbe(done[0].output, hp.files.length);
    if (!refresh || !reread.length) return;
    // Zones are rendered again from the host's copies, so their serials continue from the host's.
    const fresh = refresh.render(hp, new Map(reread.map((f, i) => [f, this.states[hp.files.indexOf(f)].kind === 'missing' ? undefined : done[i + 1].output])));
    this.hp = { ...hp, files: hp.files.map((f) => withContent(f, fresh.get(f))) };
  }

  /**
   * Upload by SFTP into the temp path beside each target (non-root logins: into a private staging dir),
   * all files at once over the one SFTP session: the round trips of each file overlap.
   */
  private async upload(): Promise<void> {
    const { s } = this;
    const staged = new Map<FileStep, string>();
    const uploads = this.changed.filter((f) => !f.file.symlink);
    for (const f of uploads) this.rep.emit('upload', f.remotePath);
    this.checkAbort();
    if (s.sudo && uploads.length) {
      const dir = (await s.conn.exec('mktemp -d /tmp/okd-topology.XXXXXX')).stdout.trim();
      if (!/^\/tmp\/okd-topology\.[A-Za-z0-9]+$/.test(dir)) throw new StepFailed('cannot create a staging directory in /tmp');
      this.stageDir = dir;
      uploads.forEach((f, i) => staged.set(f, `${dir}/${i}`));
    }
    // Root logins get the final mode on the temp file here; staged copies get it in the swap step.
    const results = await Promise.allSettled(uploads.map((f) => {
      const to = staged.get(f);
      return to ? s.conn.writeFile(to, f.file.content) : s.conn.writeFile(f.tmpPath, f.file.content, parseInt(f.file.mode, 8) & 0o7777);
    }));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    this.checkAbort();
    this.staged = staged;
  }

  private async applyManifests(dryRun: boolean): Promise<void> {
    for (const a of this.hp.applies) {
      this.checkAbort();
      this.rep.emit('apply', `${a.file.path}: ${dryRun ? 'server-side dry run' : `${a.tool} apply`}`);
      await this.s.mustRun(`${a.tool} apply${dryRun ? ' --dry-run=server' : ''} of ${a.file.path}`, applyScript(a.tool, a.kubeconfig, dryRun), a.file.content);
    }
  }

  /** Validate, swap, reload and check in one session; the batch stops at the first failure. */
  private async swapAndReload(): Promise<void> {
    const { hp, changed } = this;
    const existed = changed.map((f) => this.states[hp.files.indexOf(f)]?.kind !== 'missing');
    const steps = mainSteps(hp, { changed, existed, staged: this.staged, modeSet: !this.s.sudo });
    for (const st of steps) {
      const ev = stepEvent(st);
      if (ev) this.rep.emit(ev.phase, ev.message);
    }
    this.checkAbort();
    const res = await this.s.batch(steps.map((st) => st.script)).catch((e: Error) => {
      throw new InDoubt(`${e.message}. The connection was lost while the files were validated and put in place, so they may be ` +
        `partly updated: check ${changed.map((f) => f.remotePath).join(', ')} on the host (backups beside them as *.okd-bak)`);
    });
    // The batch was cut short (timeout): what finished is restored, and the step in progress if its backup was complete.
    this.ledger.settle(steps, res.done, res.cut?.tail);
    if (res.cut) throw new ConnectionLostError(res.cut.message);
    const bad = res.done.find((d) => d.rc !== 0);
    if (bad) throw new StepFailed(stepFailure(steps[bad.index], briefStep(bad)));
    for (const d of res.done) {
      const st = steps[d.index];
      if (st.kind === 'health' && st.health.kind === 'dns' && !dnsAnswerMatches(d.output, st.health.expect)) {
        throw new StepFailed(`health check failed: ${healthLabel(st.health)} (answer: ${d.output.trim().replace(/\s+/g, ' ') || 'none'})`);
      }
    }
  }

  private async checkTcp(): Promise<void> {
    for (const h of touchedServices(this.hp, this.changed).flatMap((s) => s.health)) {
      if (h.kind !== 'tcp') continue;
      this.rep.emit('health', healthLabel(h));
      const r = await this.s.conn.tcpCheck(h.address ?? this.hp.host.hostname, h.port);
      if (!r.ok) throw new StepFailed(`health check failed: ${healthLabel(h)} (${r.error})`);
    }
  }

  /** After a failure or cancel: the host as it was (nothing swapped, or rolled back), or a report of what is left. */
  private async recover(e: unknown): Promise<HostResult> {
    const { rep, changed } = this;
    const cancelled = e instanceof Cancelled;
    const why = cancelled ? 'cancelled' : (e as Error).message;
    const paths = changed.map((f) => f.remotePath);
    if (e instanceof InDoubt) return rep.result('inconsistent', paths, why);
    if (this.ledger.swapped.length === 0) {
      // Nothing in place changed: drop the temp files (best effort; a lost connection leaves only hidden temps).
      if (changed.length) await this.s.run(cleanupScript(changed)).catch(() => undefined);
      return rep.result(cancelled ? 'cancelled' : 'failed', paths, cancelled ? undefined : `${why}. No file on the host was changed.`);
    }
    const left = await this.rollback();
    if (changed.length) await this.s.run(cleanupScript(changed)).catch(() => undefined);
    if (left) return rep.result('inconsistent', paths, `${why}. ROLLBACK INCOMPLETE: ${left}`);
    return rep.result(cancelled ? 'cancelled' : 'rolled-back', paths,
      cancelled ? 'cancelled; every file was restored' : `${why}. Every file on the host was restored and the services reloaded.`);
  }

  /** Restores first, then reloads, in one session; every step runs even if one fails. Returns what could not be undone. */
  private async rollback(): Promise<string | undefined> {
    const { hp, rep, ledger } = this;
    const failures: string[] = [];
    const order: Swapped[] = [...ledger.swapped].reverse();
    for (const { file, existed } of order) rep.emit('rollback', existed ? `restoring ${file.remotePath}` : `removing new file ${file.remotePath}`);
    const svcs = hp.services.flatMap((s) => (s.reload && ledger.reloaded.has(s.service) && order.some((x) => x.file.file.service === s.service) ? [{ service: s.service, reload: s.reload }] : []));
    for (const s of svcs) rep.emit('rollback', `reloading ${s.service}`);
    try {
      const steps = [...order.map(({ file, existed }) => restoreScript(file, existed)), ...svcs.map((s) => reloadScript(s.reload))];
      const { done, cut } = await this.s.batch(steps, false);
      if (cut) throw new ConnectionLostError(cut.message);
      for (const st of done) {
        if (st.rc === 0) continue;
        if (st.index < order.length) failures.push(`${order[st.index].file.remotePath} (${briefStep(st)})`);
        else failures.push(`reload of ${svcs[st.index - order.length].service} after the restore (${briefStep(st)})`);
      }
    } catch (e) {
      failures.push(`the host (${(e as Error).message}); files to restore: ${order.map((x) => x.file.remotePath).join(', ')}`);
    }
    if (!failures.length) return undefined;
    return `could not restore ${failures.join('; ')}. Backups are beside each file as *.okd-bak.`;
  }
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
