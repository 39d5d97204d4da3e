// Runs a deploy plan over SSH. Per host: probe, undo an interrupted earlier deploy (journal), install missing
// packages (with consent), upload beside the target, validate, back up and rename, reload (units enabled and
// started), health-check; any failure or cancel after the first rename restores every file of that host.
// Steps of one phase share one remote script (batchScript), and a host's scripts share one remote shell:
// each SSH session costs the host a process and a login shell.
import type { HostResult } from '../core/deploy/events';
import { journalPath, Ledger, writeJournalScript, type JournalHeader } from '../core/deploy/journal';
import { differs, leftUploads, withContent } from './deploy-files';
import { StepRunner } from './host-steps';
import type { DeployPlan, FileStep, HostPlan } from '../core/deploy/plan';
import { mapLimit } from '../core/deploy/pool';
import type { HostState } from '../core/deploy/probe';
import { commandLine } from '../core/deploy/quote';
import { cleanupScript, dnsAnswerMatches, healthLabel, type ProbeState } from '../core/deploy/script';
import {
  mainSteps,
  stepEvent,
  type RemoteStep,
  stepFailure,
  stepTimedOut,
  touchedServices,
} from '../core/deploy/steps';
import { rollbackResult, settledScript, undoComplete } from '../core/deploy/undo';
import { activationOf } from '../core/deploy/units';
import { ClusterPhase } from './cluster-phase';
import { connect, SshError } from './connect';
import { checkHealth } from './deploy-health';
import { Cancelled, DEFAULT_COMMAND_TIMEOUT_MS, InDoubt, type DeployRunOptions } from './deploy-options';
import { Reporter } from './deploy-report';
import { RecoveryFailed, runUndo, seconds, settle } from './deploy-undo';
import { installMissing, probeHost, recoverInterrupted, type Prepare } from './deploy-prepare';
import { briefStep, HostSession, StepFailed } from './host-session';

export { DEFAULT_COMMAND_TIMEOUT_MS, type DeployRunOptions } from './deploy-options';

async function deployHost(hp: HostPlan, remoteRoot: string | undefined, opts: DeployRunOptions): Promise<HostResult> {
  const rep = new Reporter(hp.host.name, opts);
  rep.emit('connect', `connecting to ${hp.host.user ? `${hp.host.user}@` : ''}${hp.host.alias}`);
  let session: HostSession;
  try {
    const conn = await connect(hp.host, {
      ...opts,
      passphrase:
        opts.passphrase &&
        (async (f) => {
          const p = await opts.passphrase?.(f);
          if (p) rep.secrets.push(p);
          return p;
        }),
      signal: opts.signal,
      log: (l) => rep.log(l),
    });
    session = new HostSession(conn, rep.log, opts.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
  } catch (e) {
    const cancelled = e instanceof SshError && e.kind === 'cancelled';
    return rep.result(cancelled ? 'cancelled' : 'failed', [], (e as Error).message);
  }
  const run = new HostRun(hp, journalPath(remoteRoot, hp.host.name), opts, rep, session);
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
  /** This run's journal, once written on the host. */
  private header?: JournalHeader;
  private readonly ledger = new Ledger();
  /** Temp files the upload asked for, and those the host confirmed it created (they stay until swapped or removed). */
  private readonly requested: string[] = [];
  private readonly opened: string[] = [];
  /** A reload ran into the command timeout: the rollback gives the services less time. */
  private hung = false;

  /** The cluster manifests and the MetalLB install of the kube API host. */
  private readonly cluster: ClusterPhase;
  /** Host steps (boot loaders, certificates, SELinux labels): after the swaps, before the reloads. */
  private readonly steps: StepRunner;

  constructor(
    private hp: HostPlan,
    private readonly journal: string,
    private readonly opts: DeployRunOptions,
    private readonly rep: Reporter,
    private readonly s: HostSession,
  ) {
    this.cluster = new ClusterPhase(hp, s, rep, () => this.checkAbort());
    this.steps = new StepRunner(hp.steps, s, rep, hp.packages.manager, opts.stepSecrets);
  }

  async deploy(): Promise<HostResult> {
    try {
      await this.prepare();
      const changedPaths = this.changed.map((f) => f.remotePath);
      if (this.opts.dryRun) {
        await this.cluster.preview();
        return this.rep.result(changedPaths.length ? 'would-change' : 'unchanged', changedPaths);
      }
      if (this.changed.length === 0 && this.hp.applies.length === 0 && this.hp.steps.length === 0) {
        this.rep.emit('done', 'already up to date');
        return this.rep.result('unchanged', []);
      }
      this.checkAbort();
      await this.upload();
      await this.applyManifests(true);
      await this.swapAndReload();
      await checkHealth(this.hp, this.changed, this.s, this.rep);
      // Cancelled while the batch ran: put the host back as it was.
      this.checkAbort();
      await this.applyManifests(false);
      await this.finish();
      return this.rep.result(
        changedPaths.length || this.steps.changed || this.hp.applies.length ? 'deployed' : 'unchanged',
        changedPaths,
      );
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

  /** Probe; undo an interrupted deploy and install missing packages first when there are any, then probe again. */
  private async prepare(): Promise<void> {
    let st = await this.probe();
    if (st.journal !== undefined) {
      if (this.opts.dryRun)
        this.rep.note(
          `an earlier deploy to this host was interrupted (journal ${this.journal}); a deploy undoes what it left first`,
        );
      else {
        await recoverInterrupted(this.prep(), st.journal);
        st = await this.probe();
      }
    }
    if (st.missing.length) st = (await installMissing(this.prep(), st.missing)) ?? st;
    this.useState(st);
  }

  private async probe(): Promise<HostState> {
    return probeHost(this.prep());
  }

  private prep(): Prepare {
    return { hp: this.hp, opts: this.opts, journal: this.journal, rep: this.rep, s: this.s };
  }

  private useState(st: HostState): void {
    const { hp, opts } = this;
    this.states = st.states;
    if (opts.refresh && st.copies.size) {
      // Zones are rendered again from the host's copies, so their serials continue from the host's.
      const fresh = opts.refresh.render(hp, st.copies);
      this.hp = { ...hp, files: hp.files.map((f) => withContent(f, fresh.get(f))) };
    }
    // A directory (or device, socket...) where a file belongs can be neither backed up nor renamed over.
    const odd = this.hp.files.find((_f, i) => this.states[i]?.kind === 'other');
    if (odd)
      throw new StepFailed(
        `${odd.remotePath} on the host is neither a file nor a symbolic link (a directory?); move it away, then deploy again`,
      );
    this.changed = this.hp.files.filter((f, i) => opts.force || differs(f, this.states[i]));
  }

  private existed(f: FileStep): boolean {
    return this.states[this.hp.files.indexOf(f)]?.kind !== 'missing';
  }

  /** The journal goes on the host before the first upload (or host step): from then on an interruption is recoverable. */
  private async startJournal(): Promise<void> {
    if (!this.changed.length && !this.hp.steps.length) return;
    const refresh = this.hp.steps.flatMap(({ step }) =>
      step.kind === 'command' && step.rerunOnUndo
        ? [{ title: step.title, argv: step.argv, ...(step.when ? { when: step.when } : {}) }]
        : [],
    );
    const header: JournalHeader = {
      v: 1,
      at: new Date().toISOString(),
      files: this.changed.map((f) => ({
        remotePath: f.remotePath,
        backupPath: f.backupPath,
        tmpPath: f.tmpPath,
        existed: this.existed(f),
      })),
      services: touchedServices(this.hp, this.changed).map((s) => ({
        service: s.service,
        activation: activationOf(s),
      })),
      ...(this.stageDir ? { stage: this.stageDir } : {}),
      ...(refresh.length ? { refresh } : {}),
    };
    await this.s.mustRun(`writing the deploy journal ${this.journal}`, writeJournalScript(this.journal, header));
    this.header = header;
  }

  /**
   * Upload by SFTP into the temp path beside each target (non-root logins: into a private staging dir),
   * all files at once over the one SFTP session: the round trips of each file overlap.
   */
  private async upload(): Promise<void> {
    const { s } = this;
    const uploads = this.changed.filter((f) => !f.file.symlink);
    for (const f of uploads) this.rep.emit('upload', f.remotePath);
    this.checkAbort();
    if (s.sudo && uploads.length) {
      const dir = (await s.conn.exec('mktemp -d /tmp/okd-topology.XXXXXX')).stdout.trim();
      if (!/^\/tmp\/okd-topology\.[A-Za-z0-9]+$/.test(dir))
        throw new StepFailed('cannot create a staging directory in /tmp');
      this.stageDir = dir;
      uploads.forEach((f, i) => this.staged.set(f, `${dir}/${i}`));
    }
    await this.startJournal();
    // Root logins get the final mode on the temp file here; staged copies get it in the swap step.
    const results = await Promise.allSettled(
      uploads.map((f) => {
        const to = this.staged.get(f);
        this.requested.push(to ?? f.tmpPath);
        const opened = (): void => void this.opened.push(to ?? f.tmpPath);
        return to
          ? s.conn.writeFile(to, f.file.content, undefined, opened)
          : s.conn.writeFile(f.tmpPath, f.file.content, parseInt(f.file.mode, 8) & 0o7777, opened);
      }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    this.checkAbort();
  }

  /** Cluster phase (src/ssh/cluster-phase.ts): the dry run checks before host files change; then other manifests, MetalLB, its objects last. */
  private async applyManifests(dryRun: boolean): Promise<void> {
    await (dryRun ? this.cluster.check() : this.cluster.run());
  }

  /** Validate and swap in one batch, then the host steps, then reload and check in another; a batch stops at its first failure. */
  private async swapAndReload(): Promise<void> {
    const { hp, changed } = this;
    const steps = changed.length
      ? mainSteps(hp, {
          changed,
          existed: changed.map((f) => this.existed(f)),
          staged: this.staged,
          modeSet: !this.s.sudo,
          journal: this.journal,
        })
      : [];
    const split = steps.findIndex((st) => st.kind === 'reload' || st.kind === 'health');
    const at = split < 0 ? steps.length : split;
    await this.runBatch(steps.slice(0, at));
    await this.steps.run(this.journal, this.ledger, () => this.checkAbort());
    await this.runBatch(steps.slice(at));
  }

  private async runBatch(steps: RemoteStep[]): Promise<void> {
    if (!steps.length) return;
    for (const st of steps) {
      const ev = stepEvent(st);
      if (ev) this.rep.emit(ev.phase, ev.message);
    }
    this.checkAbort();
    const res = await this.s.batch(steps.map((st) => st.script)).catch((e: Error) => {
      throw new InDoubt(
        `${e.message}. The connection was lost while the files were validated and put in place, so they may be ` +
          `partly updated (${this.changed.map((f) => f.remotePath).join(', ')}; backups beside them as *.okd-bak). The host's journal ` +
          `${this.journal} records each step: the next deploy to this host undoes what this one changed, then deploys again`,
      );
    });
    // What finished, and what the step in progress recorded before the batch was cut short (timeout).
    for (const d of res.done) this.ledger.absorb(d.output);
    if (res.cut) {
      this.ledger.absorb(res.cut.tail);
      const inProgress = steps[res.done.length];
      this.hung = inProgress?.kind === 'reload';
      throw new StepFailed(res.cut.timedOut ? stepTimedOut(inProgress, seconds(this.s.timeoutMs)) : res.cut.message);
    }
    const bad = res.done.find((d) => d.rc !== 0);
    if (bad) throw new StepFailed(stepFailure(steps[bad.index], briefStep(bad)));
    for (const d of res.done) {
      const st = steps[d.index];
      if (st.kind === 'health' && st.health.kind === 'dns' && !dnsAnswerMatches(d.output, st.health.expect)) {
        throw new StepFailed(
          `health check failed: ${healthLabel(st.health)} (answer: ${d.output.trim().replace(/\s+/g, ' ') || 'none'})`,
        );
      }
    }
  }

  /** Deployed: the journal goes (a journal left behind would make the next run undo this deploy). */
  private async finish(): Promise<void> {
    if (this.header && !(await settle(this.s, this.header, this.journal))) {
      this.rep.note(
        `the deploy journal ${this.journal} could not be removed: the next deploy to this host undoes this one first, then deploys again`,
      );
    }
    this.rep.emit(
      'done',
      `${this.changed.length} file(s) deployed${this.hp.steps.length ? `, ${this.steps.changed} of ${this.hp.steps.length} host step(s) changed something` : ''}`,
    );
  }

  /** After a failure or cancel: the host as it was (nothing swapped, or rolled back), or a report of what is left. */
  private async recover(e: unknown): Promise<HostResult> {
    const { rep } = this;
    const cancelled = e instanceof Cancelled;
    const why = cancelled ? 'cancelled' : (e as Error).message;
    const paths = this.changed.map((f) => f.remotePath);
    if (e instanceof InDoubt || e instanceof RecoveryFailed) return rep.result('inconsistent', paths, why);
    if (!this.ledger.changedAnything()) return this.dropUploads(cancelled, why, paths);
    const full = this.s.timeoutMs;
    const u = await runUndo(
      this.s,
      rep,
      this.header!,
      this.ledger,
      this.journal,
      this.hung ? Math.min(full, Math.max(1000, Math.min(15000, Math.floor(full / 4)))) : full,
    );
    if (undoComplete(u)) await settle(this.s, this.header!, this.journal);
    else await this.s.run(cleanupScript(this.changed)).catch(() => undefined);
    const r = rollbackResult(why, cancelled, u, this.journal);
    return rep.result(r.outcome, paths, r.error);
  }

  /** Nothing in place changed: the temp files (and the journal) go; a lost connection leaves them, and the message says so. */
  private async dropUploads(cancelled: boolean, why: string, paths: string[]): Promise<HostResult> {
    const script = this.header
      ? settledScript(this.header, this.journal)
      : this.changed.length
        ? cleanupScript(this.changed)
        : undefined;
    const cleaned =
      !script ||
      (await this.s.run(script).then(
        (r) => r.code === 0,
        () => false,
      ));
    const outcome = cancelled ? 'cancelled' : 'failed';
    const left = cleaned ? undefined : leftUploads(this.requested, this.opened, this.journal);
    if (!left)
      return this.rep.result(outcome, paths, cancelled ? undefined : `${why}. No file on the host was changed.`);
    return this.rep.result(
      outcome,
      paths,
      `${why}. No file on the host was changed, but the connection was lost before the temporary uploads could be removed: ${left}`,
    );
  }
}

/**
 * Deploys every host of the plan, `concurrency` at a time. Never throws for a host failure. The default
 * of 10 matches OpenSSH's MaxStartups (10 unauthenticated connections before sshd starts refusing some):
 * hosts behind one ProxyJump all open their connection through that one jump host's sshd.
 */
export async function runDeploy(plan: DeployPlan, opts: DeployRunOptions): Promise<HostResult[]> {
  return mapLimit(plan.hosts, opts.concurrency ?? 10, async (hp) => {
    const r = await deployHost(hp, plan.remoteRoot, opts);
    opts.onHostDone?.(r);
    return r;
  });
}
