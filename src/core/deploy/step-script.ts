// The remote script of one planned host step (render/host-steps.ts), built only from checked words
// through commandLine/shQuote. Each is idempotent: a copy or upload replaces its target only when the
// content differs, a command with `creates` is skipped when that file exists, an SELinux step runs only
// when getenforce says Enforcing. Each path a step creates, and each file it replaces (after keeping the
// old one beside it as *.okd-bak), is recorded in the host's deploy journal before the change, so a
// rollback, or the next deploy after an interruption, puts it back; files steps did not touch never are.
import type { CommandStep, CopyStep, HostStep, SecretRef, UploadStep } from '../render/manifest';
import type { StepChange } from './journal';
import type { DeployPlan } from './plan';
import { installHint, type PackageManager } from './packages';
import type { PlannedStep } from './plan-steps';
import { SELINUX_CONDITION } from './plan-steps';
import { backupPathFor, dirname } from './paths';
import { commandLine, shQuote } from './quote';
import { recordScript, recordsIn } from './records';

export const STEP_CHANGED = '@@okd-step-changed';

const stepTmp = (to: string): string => `${to}.okd-step-tmp`;

/**
 * Puts `{tmp}`'s content in place at `to` with `mode`, saying it changed. A file already there is kept as
 * its backup (a hard link, else a copy) and recorded as replaced; a new one, and a folder made for it, as
 * created. The records come first: a rollback after any later failure finds them.
 */
function replaceScript(to: string, mode: string, fill: string, journal: string): string {
  const q = shQuote(to);
  const bak = backupPathFor(to);
  const dir = dirname(to);
  const keep =
    `{ ${commandLine(['ln', '-f', '-T', '-P', '--', to, bak])} 2>/dev/null || ` +
    `{ ${commandLine(['rm', '-rf', '--', bak])} && ${commandLine(['cp', '-a', '--', to, bak])}; }; }`;
  const record =
    `if [ -e ${q} ] || [ -L ${q} ]; then ${keep} && ${recordScript(journal, { stepReplaced: to })}; ` +
    `else { [ -d ${shQuote(dir)} ] || ${recordScript(journal, { stepCreated: dir })}; } && ${recordScript(journal, { stepCreated: to })}; fi`;
  const tmp = stepTmp(to);
  const put =
    `${fill.replace('{tmp}', shQuote(tmp))} && ${commandLine(['chmod', mode.replace(/^0(?=[0-7]{4})/, ''), '--', tmp])} && ` +
    commandLine(['mv', '-f', '-T', '--', tmp, to]);
  return `{ ${record}; } && ${commandLine(['mkdir', '-p', '--', dir])} && { { ${put}; } || { ${commandLine(['rm', '-f', '--', tmp])}; false; }; } && echo ${STEP_CHANGED}`;
}

function copyScript(st: CopyStep, journal: string): string {
  const from = shQuote(st.from);
  const missing = `echo ${shQuote(`${st.from} is not on the host${st.package ? ` (the ${st.package} package ships it)` : ''}`)} >&2; false`;
  const same = `cmp -s -- ${from} ${shQuote(st.to)}`;
  return `if [ ! -f ${from} ]; then ${missing}; elif ${same}; then :; else ${replaceScript(st.to, st.mode, `cp -- ${from} {tmp}`, journal)}; fi`;
}

/** The upload's content comes on stdin; it replaces the target only when its sha256 differs. */
function uploadScript(st: UploadStep, sha256: string, journal: string): string {
  const to = shQuote(st.to);
  const same = `[ -f ${to} ] && [ "$(sha256sum < ${to} | cut -d ' ' -f 1)" = ${shQuote(sha256)} ]`;
  return `if ${same}; then cat > /dev/null; else ${replaceScript(st.to, st.mode, 'cat > {tmp}', journal)}; fi`;
}

/** The command, its fallback, and the created paths it records: those of `paths` missing before it ran and present after. */
function commandScript(st: CommandStep, journal: string): string {
  const paths = st.paths ?? [];
  const before = paths.map((p, i) => `okd_m${i}=; [ -e ${shQuote(p)} ] || okd_m${i}=1`);
  const after = paths.map(
    (p, i) => `if [ -n "$okd_m${i}" ] && [ -e ${shQuote(p)} ]; then ${recordScript(journal, { stepCreated: p })}; fi`,
  );
  // What the command itself added is recorded before anything else can fail; a fallback's change is not.
  const main = st.undo
    ? `{ ${commandLine(st.argv)} && ${recordScript(journal, { stepCommand: { title: st.title, undo: [...st.undo] } })}; }`
    : commandLine(st.argv);
  const run = st.orElse ? `{ ${main} || ${commandLine(st.orElse)}; }` : main;
  // Without `creates` a command re-asserts a state (folders, labels): it changed something only when it created a path.
  const said = st.creates ? `echo ${STEP_CHANGED}` : ':';
  // The step ends with the command's own exit status, which the failure message shows.
  const end = `if [ "$okd_rc" -eq 0 ]; then ${said}; else (exit "$okd_rc"); fi`;
  let script = [...before, `${run} && okd_rc=0 || okd_rc=$?`, ...after, end].join('; ');
  if (st.creates) script = `if [ -e ${shQuote(st.creates)} ]; then :; else ${script}; fi`;
  if (st.when === 'selinux-enforcing') {
    script = onlyIfEnforcing(script);
  }
  return script;
}

/** Runs `script` only where SELinux is enforcing; elsewhere succeeds doing nothing. */
export function onlyIfEnforcing(script: string): string {
  return `if [ "$(${commandLine(SELINUX_CONDITION.argv)} 2>/dev/null)" = ${shQuote(SELINUX_CONDITION.expect)} ]; then ${script}; else :; fi`;
}

/** The script of one step, recording into `journal`; an upload needs its content's sha256 (the content itself goes on stdin). */
export function stepScript(ps: PlannedStep, journal: string, uploadSha256?: string): string {
  const st = ps.step;
  if (st.kind === 'copy') return copyScript(st, journal);
  if (st.kind === 'upload') return uploadScript(st, uploadSha256 ?? '', journal);
  return commandScript(st, journal);
}

/** Does the step read its standard input (a secret or an upload's content)? */
export function readsStdin(st: HostStep): boolean {
  return st.kind === 'upload' || (st.kind === 'command' && st.stdin !== undefined);
}

/** Did the step change anything? It says so, or it recorded a path it made or replaced. */
export function stepChanged(out: string): boolean {
  return (
    out.split('\n').includes(STEP_CHANGED) ||
    recordsIn(out).some((r) => 'stepCreated' in r || 'stepReplaced' in r || 'stepCommand' in r)
  );
}

/**
 * Puts back one step change (`index` among the journal's step changes) and records that it did: a replaced
 * file gets its backup back (unless the backup is still the live file: the replacement never happened), a
 * made file goes, a made folder goes only when empty. A replaced file whose backup is gone fails: it cannot
 * be put back, and the rollback must say so.
 */
export function undoStepScript(c: StepChange, index: number, journal: string): string {
  const done = recordScript(journal, { stepUndone: index });
  if ('undo' in c) {
    let undo: string;
    try {
      undo = commandLine(c.undo, 'undo command');
    } catch {
      // The journal comes back from the host: a command that fails the argv checks is not run.
      return `echo ${shQuote(`the journal's undo command for "${c.title}" is not usable; undo it by hand`)} >&2; false`;
    }
    return `${undo} && ${done}`;
  }
  const q = shQuote(c.path);
  const bak = shQuote(backupPathFor(c.path));
  const undo = c.replaced
    ? `if [ ${bak} -ef ${q} ]; then ${commandLine(['rm', '-f', '--', backupPathFor(c.path)])}; ` +
      `elif [ -e ${bak} ] || [ -L ${bak} ]; then ${commandLine(['mv', '-f', '-T', '--', backupPathFor(c.path), c.path])}; ` +
      `else echo ${shQuote(`its backup ${backupPathFor(c.path)} is gone`)} >&2; false; fi`
    : `if [ -d ${q} ] && [ ! -L ${q} ]; then rmdir -- ${q} 2>/dev/null || true; else ${commandLine(['rm', '-f', '--', c.path])}; fi`;
  return `{ ${undo}; } && ${commandLine(['rm', '-f', '--', stepTmp(c.path)])} && ${done}`;
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
