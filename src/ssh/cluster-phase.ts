// The cluster phase on the kube API host: the cluster manifests that need nothing first, then MetalLB
// installed or upgraded as the plan says (after asking the cluster what runs there), then MetalLB's own
// objects last, each dry-run on the server before any is applied. A failure names the step and why, and
// MetalLB's objects stay unapplied. Decisions and messages are pure: src/core/deploy/cluster-phase.ts.
import {
  decideFromProbe,
  installedNote,
  isWait,
  needsProbe,
  previewNote,
  probeFailed,
  refused,
  splitManifests,
  stepCommand,
  stepFailed,
} from '../core/deploy/cluster-phase';
import type { KubeStep, MetallbDecision, MetallbInstallPlan } from '../core/deploy/metallb';
import type { ApplyStep, HostPlan } from '../core/deploy/plan';
import { commandLine } from '../core/deploy/quote';
import { applyScript } from '../core/deploy/script';
import type { Reporter } from './deploy-report';
import { brief, StepFailed, type HostSession } from './host-session';
import type { ExecResult } from './session';

/** Asking the cluster (probe, `unless` checks) is quick or something is wrong. */
const ASK_MS = 60000;

/** kubectl's rollout progress ("Waiting for daemon set "speaker" rollout to finish: 1 of 3 updated pods are available..."), line by line as it arrives. */
function rolloutProgress(emit: (line: string) => void): (text: string) => void {
  let partial = '';
  return (text) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines.map((x) => x.trim())) if (l.startsWith('Waiting for ')) emit(l);
  };
}

export class ClusterPhase {
  private decision?: MetallbDecision;
  private checked = false;
  /** MetalLB's objects were dry-run already (MetalLB was there before this run). */
  private lastChecked = false;

  constructor(
    private readonly hp: HostPlan,
    private readonly s: HostSession,
    private readonly rep: Reporter,
    private readonly checkAbort: () => void,
  ) {}

  /**
   * Before the host's files change: dry-run the other manifests, ask the cluster which MetalLB runs (refusing
   * early with the reason), run the preflight checks, and dry-run MetalLB's objects when MetalLB is already there.
   */
  async check(): Promise<void> {
    const { first, last } = splitManifests(this.hp.applies);
    for (const a of first) await this.apply(a, true);
    await this.decide();
    if (!this.installs()) {
      for (const a of last) await this.apply(a, true);
      this.lastChecked = true;
    }
    this.checked = true;
  }

  /** The other manifests, then MetalLB's install steps in order, then MetalLB's objects (dry run, then apply). */
  async run(): Promise<void> {
    if (!this.checked) await this.check();
    const { first, last } = splitManifests(this.hp.applies);
    for (const a of first) await this.apply(a, false);
    await this.install();
    if (!this.lastChecked) for (const a of last) await this.apply(a, true);
    for (const a of last) await this.apply(a, false);
  }

  /** deploy --dry-run: what the cluster phase would do about MetalLB (the probe only reads). */
  async preview(): Promise<void> {
    const m = this.hp.metallb;
    if (!m) return;
    const r = needsProbe(m.plan) ? await this.probe(m.plan) : undefined;
    if (r && r.code !== 0) this.rep.note(`MetalLB: could not ask the cluster which version is installed (${brief(r)})`);
    else this.rep.note(previewNote(m.plan, decideFromProbe(m.plan, r?.stdout ?? '')));
  }

  private installs(): boolean {
    return this.decision?.action === 'install' || this.decision?.action === 'upgrade';
  }

  private async apply(a: ApplyStep, dryRun: boolean): Promise<void> {
    this.checkAbort();
    this.rep.emit('apply', `${a.file.path}: ${dryRun ? 'server-side dry run' : `${a.tool} apply`}`);
    await this.s.mustRun(
      `${a.tool} apply${dryRun ? ' --dry-run=server' : ''} of ${a.file.path}`,
      applyScript(a.tool, a.kubeconfig, dryRun),
      a.file.content,
    );
  }

  private probe(plan: MetallbInstallPlan): Promise<ExecResult> {
    this.rep.emit('metallb', 'asking the cluster which MetalLB is installed');
    return this.s.run(commandLine(plan.probe, 'MetalLB probe'), undefined, ASK_MS);
  }

  /** Install, upgrade, leave alone (saying so) or refuse; an install runs its preflight checks now. */
  private async decide(): Promise<void> {
    const m = this.hp.metallb;
    if (!m) return;
    let out = '';
    if (needsProbe(m.plan)) {
      const r = await this.probe(m.plan);
      if (r.code !== 0) throw new StepFailed(probeFailed(brief(r)));
      out = r.stdout;
    }
    const d = decideFromProbe(m.plan, out);
    this.decision = d;
    if (d.action === 'refuse') throw new StepFailed(refused(d.reason));
    if (d.action === 'skip') {
      this.rep.note(`MetalLB: ${d.reason}; nothing to install`);
      return;
    }
    this.rep.emit('metallb', `${d.reason}: ${m.plan.method}, ${m.plan.install.length} step(s)`);
    for (const st of m.plan.preflight) await this.step(st);
  }

  private async install(): Promise<void> {
    const m = this.hp.metallb;
    if (!m || !this.installs()) return;
    for (const st of m.plan.install) {
      this.checkAbort();
      await this.step(st);
    }
    this.rep.note(installedNote(m.plan, this.decision!));
  }

  /** One step: skipped when its `unless` succeeds; quiet steps never show their output; waits report their time. */
  private async step(st: KubeStep): Promise<void> {
    if (st.unless && (await this.s.run(commandLine(st.unless, st.id), undefined, ASK_MS, { quiet: true })).code === 0) {
      this.rep.emit('metallb', `${st.title}: already there, skipped`);
      return;
    }
    const wait = isWait(st);
    this.rep.emit('metallb', wait ? `${st.title} (at most ${st.timeout} s)` : st.title);
    const t0 = Date.now();
    const stdin = st.stdin === undefined ? undefined : this.hp.metallb?.inputs[st.stdin];
    const onOutput = wait ? rolloutProgress((line) => this.rep.emit('metallb', `${st.id}: ${line}`)) : undefined;
    const r = await this.s.run(stepCommand(st), stdin, st.timeout * 1000, { quiet: st.quiet, onOutput });
    if (r.code !== 0)
      throw new StepFailed(stepFailed(st, st.quiet ? `exit ${r.code ?? r.signal}` : brief(r), r.signal === 'TIMEOUT'));
    if (wait) this.rep.emit('metallb', `${st.title}: ready after ${Math.round((Date.now() - t0) / 1000)} s`);
  }
}
