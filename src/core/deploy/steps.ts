// The remote steps of one host after upload, in the order they must run: stage copies and temp links,
// validators, swaps, reloads, command health checks. They run as one batch that stops at the first
// failure, so a validator failure always ends it before any file is swapped.
import type { Argv, HealthCheck } from '../render/manifest';
import type { DeployPhase } from './events';
import type { FileStep, HostPlan, ServiceStep } from './plan';
import { commandLine } from './quote';
import { healthLabel, healthScript, stageCopyScript, swapScript, symlinkScript } from './script';
import { activates, activateScript, activationOf, activationCommand, type Activation } from './units';

/** Health checks that run as a command on the host (TCP and HAProxy checks go through the SSH connection). */
export type CommandHealth = Exclude<HealthCheck, { kind: 'tcp' | 'haproxy-loaded' }>;

export type RemoteStep =
  | { kind: 'stage'; script: string; file: FileStep }
  | { kind: 'link'; script: string; file: FileStep }
  | { kind: 'validate'; script: string; file: FileStep; argv: Argv }
  | { kind: 'swap'; script: string; file: FileStep; existed: boolean }
  | { kind: 'reload'; script: string; service: ServiceStep; activation: Activation }
  | { kind: 'health'; script: string; service: ServiceStep; health: CommandHealth };

export type StepKind = RemoteStep['kind'];

export interface StepInput {
  changed: FileStep[];
  /** Per changed file: was there a file (or link) at the target before? */
  existed: boolean[];
  /** Non-root logins: where SFTP staged each changed file, to be copied beside its target as root. */
  staged?: Map<FileStep, string>;
  /** The upload already gave every (non-staged) temp file its final mode. */
  modeSet?: boolean;
  /** The host's journal; a changed file's index there is its index in `changed`. */
  journal: string;
}

export function mainSteps(hp: HostPlan, input: StepInput): RemoteStep[] {
  const { changed, existed, staged, modeSet, journal } = input;
  const services = touchedServices(hp, changed);
  const swap = (file: FileStep, i: number): RemoteStep => ({
    kind: 'swap',
    script: swapScript(file, existed[i], { path: journal, index: i }, modeSet === true && !staged?.has(file)),
    file,
    existed: existed[i],
  });
  return [
    ...changed.flatMap((file) => prepareSteps(file, staged?.get(file))),
    ...changed.flatMap((file): RemoteStep[] =>
      file.validate
        ? [{ kind: 'validate', script: commandLine(file.validate, 'validate'), file, argv: file.validate }]
        : [],
    ),
    ...changed.map(swap),
    ...services.flatMap((service) => reloadStep(service, journal)),
    ...services.flatMap((service) =>
      service.health.flatMap((health): RemoteStep[] =>
        health.kind === 'tcp' || health.kind === 'haproxy-loaded'
          ? []
          : [{ kind: 'health', script: healthScript(health), service, health }],
      ),
    ),
  ];
}

/** How the service takes its files (units enabled and started or reloaded, then any reload command). */
function reloadStep(service: ServiceStep, journal: string): RemoteStep[] {
  const activation = activationOf(service);
  return activates(activation)
    ? [{ kind: 'reload', script: activateScript(service.service, activation, journal), service, activation }]
    : [];
}

/** A staged upload is copied beside its target; a symlink is made as a temp link there. */
function prepareSteps(file: FileStep, stagedAt: string | undefined): RemoteStep[] {
  const out: RemoteStep[] = [];
  if (stagedAt) out.push({ kind: 'stage', script: stageCopyScript(stagedAt, file), file });
  if (file.file.symlink) out.push({ kind: 'link', script: symlinkScript(file), file });
  return out;
}

/** Services with at least one changed file: only those are reloaded and checked. */
export function touchedServices(hp: HostPlan, changed: FileStep[]): ServiceStep[] {
  return hp.services.filter((s) => changed.some((f) => f.file.service === s.service));
}

/** What the runner announces before the batch runs (stage and link steps are not shown). */
export function stepEvent(st: RemoteStep): { phase: DeployPhase; message: string } | undefined {
  switch (st.kind) {
    case 'validate':
      return { phase: 'validate', message: `${st.file.remotePath}: ${commandLine(st.argv)}` };
    case 'swap':
      return {
        phase: 'swap',
        message: `${st.file.remotePath}${st.existed ? ` (backup: ${st.file.backupPath})` : ' (new)'}`,
      };
    case 'reload':
      return { phase: 'reload', message: `${st.service.service}: ${activationCommand(st.activation)}` };
    case 'health':
      return { phase: 'health', message: healthLabel(st.health) };
    default:
      return undefined;
  }
}

/** The error for a step that failed; `detail` is its exit status and the tail of its output. */
export function stepFailure(st: RemoteStep, detail: string): string {
  switch (st.kind) {
    case 'validate':
      return `validation of ${st.file.file.path} failed: ${commandLine(st.argv)} → ${detail}`;
    case 'swap':
      return `putting ${st.file.file.path} in place failed (${detail})`;
    case 'reload':
      return `reloading ${st.service.service} (${activationCommand(st.activation)}) failed (${detail})`;
    case 'health':
      return `health check failed: ${healthLabel(st.health)} (${detail})`;
    case 'stage':
    case 'link':
      return `preparing ${st.file.remotePath} failed (${detail})`;
  }
}

/** The error for the step that was running when the command timeout stopped the batch. */
export function stepTimedOut(st: RemoteStep | undefined, seconds: string): string {
  const what = !st
    ? 'the remote commands'
    : st.kind === 'reload'
      ? `reloading ${st.service.service} (${activationCommand(st.activation)})`
      : st.kind === 'validate'
        ? `validating ${st.file.file.path} (${commandLine(st.argv)})`
        : st.kind === 'health'
          ? `the health check "${healthLabel(st.health)}"`
          : `putting ${st.file.remotePath} in place`;
  return `${what} did not finish within ${seconds} (the command timeout) and was stopped`;
}
