// The remote script of one planned host step (render/host-steps.ts), built only from checked words
// through commandLine/shQuote. Each is idempotent: a copy or upload replaces its target only when the
// content differs, a command with `creates` is skipped when that file exists, an SELinux step runs only
// when getenforce says Enforcing. The script prints markers the runner reads: whether it changed
// anything, and each path it created (removed again on rollback; files it did not create are never touched).
import type { CommandStep, CopyStep, HostStep, SecretRef, UploadStep } from '../render/manifest';
import type { DeployPlan } from './plan';
import { installHint, type PackageManager } from './packages';
import type { PlannedStep } from './plan-steps';
import { SELINUX_CONDITION } from './plan-steps';
import { dirname } from './paths';
import { commandLine, shQuote } from './quote';

export const STEP_CHANGED = '@@okd-step-changed';
export const STEP_CREATED = '@@okd-step-created ';

/** Puts `{tmp}`'s content in place at `to` with `mode`, saying it changed (and created `to` when it was not there). */
function replaceScript(to: string, mode: string, fill: string): string {
  const tmp = `${to}.okd-step-tmp`;
  return (
    `{ [ -e ${shQuote(to)} ] || printf '%s%s\\n' ${shQuote(STEP_CREATED)} ${shQuote(to)}; } && ` +
    `${commandLine(['mkdir', '-p', '--', dirname(to)])} && ${fill.replace('{tmp}', shQuote(tmp))} && ` +
    `${commandLine(['chmod', mode.replace(/^0(?=[0-7]{4})/, ''), '--', tmp])} && ${commandLine(['mv', '-f', '-T', '--', tmp, to])} && echo ${STEP_CHANGED}`
  );
}

function copyScript(st: CopyStep): string {
  const from = shQuote(st.from);
  const missing = `echo ${shQuote(`${st.from} is not on the host${st.package ? ` (the ${st.package} package ships it)` : ''}`)} >&2; false`;
  const same = `cmp -s -- ${from} ${shQuote(st.to)}`;
  return `if [ ! -f ${from} ]; then ${missing}; elif ${same}; then :; else ${replaceScript(st.to, st.mode, `cp -- ${from} {tmp}`)}; fi`;
}

/** The upload's content comes on stdin; it replaces the target only when its sha256 differs. */
function uploadScript(st: UploadStep, sha256: string): string {
  const to = shQuote(st.to);
  const same = `[ -f ${to} ] && [ "$(sha256sum < ${to} | cut -d ' ' -f 1)" = ${shQuote(sha256)} ]`;
  return `if ${same}; then cat > /dev/null; else ${replaceScript(st.to, st.mode, 'cat > {tmp}')}; fi`;
}

/** The command, its fallback, and the created paths it reports: those of `paths` missing before it ran and present after. */
function commandScript(st: CommandStep): string {
  const paths = st.paths ?? [];
  const before = paths.map((p, i) => `okd_m${i}=; [ -e ${shQuote(p)} ] || okd_m${i}=1`);
  const after = paths.map(
    (p, i) =>
      `if [ -n "$okd_m${i}" ] && [ -e ${shQuote(p)} ]; then printf '%s%s\\n' ${shQuote(STEP_CREATED)} ${shQuote(p)}; fi`,
  );
  const run = st.orElse ? `{ ${commandLine(st.argv)} || ${commandLine(st.orElse)}; }` : commandLine(st.argv);
  // Without `creates` a command re-asserts a state (folders, labels): it changed something only when it created a path.
  const said = st.creates ? ` && echo ${STEP_CHANGED}` : '';
  let script = [...before, `${run} && okd_rc=0 || okd_rc=$?`, ...after, `[ "$okd_rc" -eq 0 ]${said}`].join('; ');
  if (st.creates) script = `if [ -e ${shQuote(st.creates)} ]; then :; else ${script}; fi`;
  if (st.when === 'selinux-enforcing') {
    script = `if [ "$(${commandLine(SELINUX_CONDITION.argv)} 2>/dev/null)" = ${shQuote(SELINUX_CONDITION.expect)} ]; then ${script}; else :; fi`;
  }
  return script;
}

/** The script of one step; an upload needs its content's sha256 (the content itself goes on stdin). */
export function stepScript(ps: PlannedStep, uploadSha256?: string): string {
  const st = ps.step;
  if (st.kind === 'copy') return copyScript(st);
  if (st.kind === 'upload') return uploadScript(st, uploadSha256 ?? '');
  return commandScript(st);
}

/** Does the step read its standard input (a secret or an upload's content)? */
export function readsStdin(st: HostStep): boolean {
  return st.kind === 'upload' || (st.kind === 'command' && st.stdin !== undefined);
}

export interface StepOutcome {
  changed: boolean;
  created: string[];
}

export function parseStepOutput(out: string): StepOutcome {
  const lines = out.split('\n');
  const created = lines.filter((l) => l.startsWith(STEP_CREATED)).map((l) => l.slice(STEP_CREATED.length));
  return { changed: lines.includes(STEP_CHANGED) || created.length > 0, created };
}

/** Removes what steps created, newest first: files, and folders only when empty (never what was there before). */
export function undoCreatedScript(created: string[]): string {
  const one = (p: string): string => {
    const q = shQuote(p);
    return `if [ -d ${q} ] && [ ! -L ${q} ]; then rmdir -- ${q} 2>/dev/null || true; else rm -f -- ${q}; fi`;
  };
  return [...created].reverse().map(one).join('; ') || 'true';
}

/** The step's words for progress, the plan and messages. */
export function stepLabel(ps: PlannedStep): string {
  return `${ps.step.service}: ${ps.step.title}${ps.condition ? ` (${ps.condition})` : ''}`;
}

/** What to do when a step failed: install its package, or look at the output. */
export function stepHint(st: HostStep, manager: PackageManager): string {
  if (st.kind === 'copy' && st.package)
    return `install the ${st.package} package on the host (${installHint(manager, [st.package])}), then deploy again`;
  if (st.kind === 'command' && st.package)
    return `check that ${st.argv[0]} (package ${st.package}) works on the host, then deploy again`;
  return 'fix the cause shown above on the host, then deploy again';
}

/** The secrets the plan's steps need, one per placeholder. */
export function stepSecretRefs(plan: DeployPlan): SecretRef[] {
  const refs = new Map<string, SecretRef>();
  for (const hp of plan.hosts) {
    for (const { step } of hp.steps)
      if (step.kind === 'command' && step.stdin) refs.set(step.stdin.placeholder, step.stdin);
  }
  return [...refs.values()];
}
