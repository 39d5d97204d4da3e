// The plan as text: shown before a deploy is confirmed (CLI and editor), and by "Show Deploy Plan".
import { metallbPlanLines, splitManifests } from './cluster-phase';
import { installLines } from './install';
import { packageNames, type PackageSet } from './packages';
import type { PendingPhase } from './phases';
import type { DeployPlan, FileStep, HostPlan, HostTarget } from './plan';
import { displayCommand } from './quote';
import { healthLabel } from './script';
import { stepLabel } from './step-script';
import { activates, activationOf, describeActivation } from './units';

/** Where a host is really reached (after ~/.ssh/config), as the SSH adapter resolves it. */
export interface ResolvedTarget {
  user: string;
  host: string;
  port: number;
  proxyJump?: string;
}

export interface FormatOptions {
  /** Shows the address actually connected; without it the plan shows the topology's own values. */
  resolve?: (t: HostTarget) => ResolvedTarget;
  /** The user has agreed to install missing packages. */
  installPackages?: boolean;
}

function fileLines(f: FileStep): string[] {
  const owner = f.file.owner || f.file.group ? ` ${f.file.owner ?? ''}${f.file.group ? `:${f.file.group}` : ''}` : '';
  const kind = f.file.symlink ? `-> ${f.file.content}` : `${f.file.mode}${owner}`;
  const out = [`  ${f.remotePath}  [${f.file.service}] ${kind}`];
  if (f.validateTemplate) out.push(`      validate: ${displayCommand(f.validateTemplate)}`);
  return out;
}

export function addressLine(t: HostTarget, resolve?: FormatOptions['resolve']): string {
  if (!resolve) return `${t.user ? `${t.user}@` : ''}${t.alias}${t.port ? `:${t.port}` : ''}`;
  const r = resolve(t);
  const alias = t.alias !== r.host ? `, "${t.alias}" in ~/.ssh/config` : '';
  return `${r.user}@${r.host}:${r.port}${alias}${r.proxyJump ? `, through ProxyJump ${r.proxyJump}` : ''}`;
}

function packageLine(p: PackageSet, install: boolean | undefined): string[] {
  if (!p.needs.length) return [];
  const names = packageNames(p.needs).join(' ');
  return [
    install
      ? `  packages: ${names} (missing ones are installed with ${p.manager} first)`
      : `  packages: ${names} (checked first; if one is missing the host stops before anything changes, unless you allow installing it with ${p.manager})`,
  ];
}

function hostLines(hp: HostPlan, opts: FormatOptions): string[] {
  const out = [
    '',
    `${hp.host.name}  (${addressLine(hp.host, opts.resolve)})`,
    ...packageLine(hp.packages, opts.installPackages),
  ];
  for (const f of hp.files) out.push(...fileLines(f));
  out.push(...stepLines(hp));
  for (const s of hp.services) {
    const a = activationOf(s);
    if (activates(a)) out.push(`  reload ${s.service}: ${describeActivation(a)}`);
    for (const h of s.health) out.push(`  check: ${healthLabel(h)}`);
  }
  return [...out, ...clusterLines(hp)];
}

/** Host steps, run after the files are in place and before the reloads; and those left out, with why. */
function stepLines(hp: HostPlan): string[] {
  return [
    ...hp.steps.map((ps) => `  step ${stepLabel(ps)}`),
    ...hp.skippedSteps.map((sk) => `  skipped step ${sk.step.service}: ${sk.step.title} (${sk.why})`),
  ];
}

/** The cluster phase in its order: other manifests, MetalLB's install, MetalLB's objects last. */
function clusterLines(hp: HostPlan): string[] {
  const line = (a: HostPlan['applies'][number]): string =>
    `  ${a.tool} apply -f ${a.file.path}${a.kubeconfig ? ` (kubeconfig ${a.kubeconfig})` : ''}, after a server-side dry run`;
  const { first, last } = splitManifests(hp.applies);
  return [...first.map(line), ...(hp.metallb ? metallbPlanLines(hp.metallb.plan) : []), ...last.map(line)];
}

function pendingLines(pending: PendingPhase[]): string[] {
  if (!pending.length) return [];
  const out = ['', 'Later phases (not run by this deploy):'];
  for (const p of pending) {
    out.push(`  ${p.phase}: ${p.what}`, ...p.needs.map((n) => `      needs ${n}`), `      run: ${p.command}`);
  }
  return out;
}

/** The last words of the plan: how its steps run and what a failure leaves. */
function howItRuns(plan: DeployPlan): string {
  if (plan.phase === 'cluster')
    return (
      "Each manifest is dry-run on the server before any is applied (MetalLB's objects, when MetalLB is not there " +
      'yet, right after it is installed); MetalLB goes before its own objects, which go last. A failure names the ' +
      'step; manifests applied before it stay applied.'
    );
  return 'Each host: upload beside the target, validate, back up, rename into place, run its host steps, reload, check; any failure restores every file of that host, those its steps replaced or made too.';
}

export function formatPlan(plan: DeployPlan, opts: FormatOptions = {}): string {
  const files = plan.hosts.reduce((n, h) => n + h.files.length, 0);
  const out = [
    `Deploy plan, phase ${plan.phase}: ${plan.hosts.length} host(s), ${files} file(s)${plan.remoteRoot ? `, every remote path under ${plan.remoteRoot}` : ''}`,
  ];
  for (const n of plan.notes) out.push(`  ${n}`);
  for (const hp of plan.hosts) out.push(...hostLines(hp, opts));
  if (plan.install)
    out.push(
      '',
      `${plan.install.host.name}  (${addressLine(plan.install.host, opts.resolve)})`,
      ...installLines(plan.install),
    );
  if (plan.hosts.length) out.push('', howItRuns(plan));
  out.push(...pendingLines(plan.pending));
  return out.join('\n') + '\n';
}

/** The packages any host of the plan may need (to offer the choice of installing them). */
export function planNeedsPackages(plan: DeployPlan): boolean {
  return plan.hosts.some((h) => h.packages.needs.length > 0);
}
