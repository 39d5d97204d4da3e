// Host steps in the deploy plan (see render/host-steps.ts for what they are): checked like files before
// anything connects, and placed under --remote-root. A step that changes the system beyond files
// (port labels, the trust store) is left out when files are only staged under a remote root.
import type { Argv, HostStep } from '../render/manifest';
import { checkArgv } from './quote';
import { checkMode, checkRemotePath, underRoot } from './paths';

/** How the plan words the SELinux condition, and the command whose output decides it. */
export const SELINUX_CONDITION = {
  text: 'only if getenforce says Enforcing',
  argv: ['getenforce'] as Argv,
  expect: 'Enforcing',
};

/**
 * What a host needs installed for its steps, in the shape of deploy's package needs: a program looked up with
 * `command -v`, or (for a copy from a package) the file itself, looked up with `test -e`; each with the package
 * that ships it on the host's distribution. A file made by an earlier step needs no package.
 */
export type StepPackageNeed = { package: string } & ({ program: string } | { file: string });

export function stepPackageNeeds(steps: HostStep[]): StepPackageNeed[] {
  const out: StepPackageNeed[] = [];
  const seen = new Set<string>();
  const add = (n: StepPackageNeed) => {
    const key = 'program' in n ? `p:${n.program}` : `f:${n.file}`;
    if (!seen.has(key)) out.push(n);
    seen.add(key);
  };
  for (const st of steps) {
    // A program needed only under a condition (semanage and restorecon on enforcing SELinux, where they are installed) is no hard need.
    if (st.kind === 'command' && st.when) continue;
    if (st.kind === 'copy' && st.package) add({ file: st.from, package: st.package });
    if (st.kind === 'command' && st.package) add({ program: st.argv[0], package: st.package });
  }
  return out;
}

export interface PlannedStep {
  /** The step with every host path it names placed under the remote root. */
  step: HostStep;
  /** When it runs (absent: always); words for the plan. */
  condition?: string;
}

export interface SkippedStep {
  step: HostStep;
  why: string;
}

/** The step's host paths under `root`; commands only remap the argv words the step lists in `paths`. */
export function stepUnderRoot(st: HostStep, root: string | undefined): HostStep {
  if (!root || root === '/') return st;
  const r = (p: string) => underRoot(root, p);
  if (st.kind === 'upload') return { ...st, to: r(st.to) };
  // The remote root stands for the whole host: package files are read from under it too.
  if (st.kind === 'copy') return { ...st, to: r(st.to), from: r(st.from) };
  const paths = new Set(st.paths ?? []);
  const map = (argv: Argv) => argv.map((a) => (paths.has(a) ? r(a) : a));
  return {
    ...st,
    argv: map(st.argv),
    ...(st.paths ? { paths: st.paths.map(r) } : {}),
    ...(st.orElse ? { orElse: map(st.orElse) } : {}),
    ...(st.undo ? { undo: map(st.undo) } : {}),
    ...(st.creates ? { creates: r(st.creates) } : {}),
  };
}

/** Why a step cannot run as given, or undefined. */
export function checkStep(st: HostStep): string | undefined {
  const paths: string[] = [];
  if (st.kind === 'copy') paths.push(st.from, st.to);
  if (st.kind === 'upload') {
    paths.push(st.to);
    // eslint-disable-next-line no-control-regex
    if (typeof st.local !== 'string' || st.local.trim() === '' || /[\x00-\x1f\x7f]/.test(st.local))
      return `the local file ${JSON.stringify(st.local)} is not a usable path`;
  }
  if (st.kind === 'command') {
    paths.push(...(st.paths ?? []), ...(st.creates ? [st.creates] : []));
    try {
      checkArgv(st.argv, 'command');
      if (st.orElse) checkArgv(st.orElse, 'fallback command');
      if (st.undo) checkArgv(st.undo, 'undo command');
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (st.kind !== 'command') {
    const m = checkMode(st.mode);
    if (m) return m;
  }
  for (const p of paths) {
    const e = checkRemotePath(p);
    if (e) return e;
  }
  return undefined;
}

/** The planned steps of one host, in their order, and those left out under a remote root. */
export function planSteps(
  steps: HostStep[],
  root: string | undefined,
  errors: string[],
): { planned: PlannedStep[]; skipped: SkippedStep[] } {
  const planned: PlannedStep[] = [];
  const skipped: SkippedStep[] = [];
  for (const st of steps) {
    const e = checkStep(st);
    if (e) {
      errors.push(`${st.target}: step "${st.title}": ${e}`);
      continue;
    }
    if (st.kind === 'command' && st.system && root && root !== '/') {
      skipped.push({ step: st, why: '--remote-root only stages files; this changes the host itself' });
      continue;
    }
    const condition = st.kind === 'command' && st.when === 'selinux-enforcing' ? SELINUX_CONDITION.text : undefined;
    planned.push({ step: stepUnderRoot(st, root), ...(condition ? { condition } : {}) });
  }
  return { planned, skipped };
}
