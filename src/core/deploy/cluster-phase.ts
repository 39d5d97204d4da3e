// The cluster phase on the kube API host, as decisions and text (pure; src/ssh/cluster-phase.ts runs it):
// the cluster manifests that need nothing first, then MetalLB installed or upgraded (or left alone, or
// refused with the reason), then MetalLB's own objects (pools, advertisements, the legacy ConfigMap) last,
// since they need MetalLB's CRDs or its controller reading them.
import {
  decideMetallb,
  installedMetallb,
  type KubeStep,
  type MetallbDecision,
  type MetallbInstallPlan,
} from './metallb';
import { commandLine, displayCommand } from './quote';

/** What the kube API host's plan carries for MetalLB: the install plan and the rendered inputs its steps read. */
export interface MetallbDeploy {
  plan: MetallbInstallPlan;
  /** Rendered cluster files by relative path (Helm's values), given to the steps that name them on stdin. */
  inputs: Record<string, string>;
}

/** A cluster manifest as far as the order is concerned. */
interface Manifest {
  file: { service: string };
}

/** MetalLB's own objects: they need MetalLB installed, so they are applied after it. */
export function isMetallbObject(a: Manifest): boolean {
  return a.file.service === 'metallb';
}

/** The manifests in the order the cluster phase applies them: everything else, then MetalLB's objects. */
export function splitManifests<T extends Manifest>(applies: T[]): { first: T[]; last: T[] } {
  return { first: applies.filter((a) => !isMetallbObject(a)), last: applies.filter(isMetallbObject) };
}

/** The probe is not needed when MetalLB is installed some other way. */
export function needsProbe(plan: MetallbInstallPlan): boolean {
  return plan.method !== 'none' && plan.errors.length === 0;
}

/** decideMetallb on the probe's output, for what this plan can do (no way to install: refuse). */
export function decideFromProbe(plan: MetallbInstallPlan, probeOutput: string): MetallbDecision {
  if (plan.errors.length) return { action: 'refuse', reason: plan.errors.join('; ') };
  if (plan.method === 'none') {
    return {
      action: 'skip',
      reason: 'cluster.metallbInstall is none: MetalLB is installed some other way, only its objects are applied',
    };
  }
  const installed = installedMetallb(probeOutput);
  const d = decideMetallb(installed, plan.version);
  if (d.action === 'install' && plan.install.length === 0) {
    return {
      action: 'refuse',
      reason: `MetalLB is not installed in the cluster, and ${plan.needs.join('; ') || 'this plan has no way to install it'}`,
    };
  }
  return d;
}

/** Steps that wait (rollouts, the operator): their progress and time limit are shown. */
export function isWait(step: KubeStep): boolean {
  return step.id.startsWith('wait-');
}

/** The remote command of a step (argv quoted here; scripts are built from quoted words by the plan). */
export function stepCommand(step: KubeStep): string {
  return step.argv ? commandLine(step.argv, step.id) : (step.script ?? 'false');
}

/** One line per step, for the plan and the transcript. */
export function stepDisplay(step: KubeStep): string {
  const cmd = step.argv ? displayCommand(step.argv) : (step.script ?? '');
  const extra = [
    ...(step.stdin ? [`${step.stdin} on stdin`] : []),
    ...(step.unless ? [`skipped when \`${displayCommand(step.unless)}\` succeeds`] : []),
    ...(step.quiet ? ['output never shown'] : []),
    `at most ${step.timeout} s`,
  ];
  return `${cmd}  (${extra.join('; ')})`;
}

const UNAPPLIED = "MetalLB's objects (pools, advertisements) were not applied";

/** Why the phase stopped at a step: which step, the tool's answer (for quiet steps only the exit status), what to do. */
export function stepFailed(step: KubeStep, answer: string, timedOut: boolean): string {
  const what = timedOut
    ? `did not finish within ${step.timeout} s`
    : `failed (${answer}${step.quiet ? '; its output is not shown: it may hold the secret' : ''})`;
  return `MetalLB step "${step.id}" (${step.title}) ${what}${step.failure ? `: ${step.failure}` : ''}. ${UNAPPLIED}`;
}

export function probeFailed(answer: string): string {
  return `could not ask the cluster which MetalLB is installed (${answer}); is the cluster up and the kubeconfig right? ${UNAPPLIED}`;
}

export function refused(reason: string): string {
  return `MetalLB: ${reason}. Nothing was installed; ${UNAPPLIED}`;
}

/** The note a finished install leaves. */
export function installedNote(plan: MetallbInstallPlan, d: MetallbDecision): string {
  const what = plan.version ? `MetalLB ${plan.version}` : "MetalLB (the chart's latest)";
  return d.action === 'upgrade'
    ? `${what} installed over ${d.installed} (${plan.method})`
    : `${what} installed (${plan.method})`;
}

/** What `deploy --dry-run` says after asking the cluster. */
export function previewNote(plan: MetallbInstallPlan, d: MetallbDecision): string {
  if (d.action === 'refuse') return refused(d.reason);
  if (d.action === 'skip') return `MetalLB: ${d.reason}; nothing to install`;
  const what = plan.version || "the chart's latest";
  return `MetalLB: would ${d.action === 'upgrade' ? `upgrade ${d.installed} to` : 'install'} ${what} (${plan.method}, ${plan.install.length} step(s)), then apply its objects`;
}

/** The plan's MetalLB section (deploy's plan text): objects, sources, preflight, steps and waits in order. */
export function metallbPlanLines(m: MetallbInstallPlan): string[] {
  const head =
    m.method === 'none'
      ? '  MetalLB: installed some other way (metallbInstall: none); its objects are applied last'
      : `  MetalLB ${m.version || "(the chart's latest)"} by ${m.method}, installed before its objects unless the cluster already runs this version (asked with ${m.tool}):`;
  const out = [head];
  if (m.objects.length) out.push(`    creates: ${m.objects.join('; ')}`);
  if (m.sources.length) out.push(`    from: ${m.sources.join(', ')}`);
  for (const s of m.preflight) out.push(`    preflight ${s.id}: ${s.title}`, `      ${stepDisplay(s)}`);
  for (const s of m.install)
    out.push(`    ${isWait(s) ? 'wait' : 'step'} ${s.id}: ${s.title}`, `      ${stepDisplay(s)}`);
  for (const n of m.needs) out.push(`    needs: ${n}`);
  return out;
}
