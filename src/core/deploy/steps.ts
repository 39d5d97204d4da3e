// The remote steps of one host after upload, in the order they must run: stage copies and temp links,
// validators, swaps, reloads, command health checks. They run as one batch that stops at the first
// failure, so a validator failure always ends it before any file is swapped.
import type { Argv, HealthCheck } from '../render/manifest';
import type { DeployPhase } from './events';
import type { FileStep, HostPlan, ServiceStep } from './plan';
import { commandLine } from './quote';
import { BACKUP_MARK, healthLabel, healthScript, reloadScript, stageCopyScript, swapScript, symlinkScript, type BatchStep } from './script';

/** Health checks that run as a command on the host (TCP checks go through the SSH connection). */
export type CommandHealth = Exclude<HealthCheck, { kind: 'tcp' }>;

export type RemoteStep =
  | { kind: 'stage'; script: string; file: FileStep }
  | { kind: 'link'; script: string; file: FileStep }
  | { kind: 'validate'; script: string; file: FileStep; argv: Argv }
  | { kind: 'swap'; script: string; file: FileStep; existed: boolean }
  | { kind: 'reload'; script: string; service: ServiceStep; argv: Argv }
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
}

export function mainSteps(hp: HostPlan, input: StepInput): RemoteStep[] {
  const { changed, existed, staged, modeSet } = input;
  const services = touchedServices(hp, changed);
  return [
    ...changed.flatMap((file) => prepareSteps(file, staged?.get(file))),
    ...changed.flatMap((file): RemoteStep[] => (file.validate ? [{ kind: 'validate', script: commandLine(file.validate, 'validate'), file, argv: file.validate }] : [])),
    ...changed.map((file, i): RemoteStep => ({ kind: 'swap', script: swapScript(file, existed[i], modeSet === true && !staged?.has(file)), file, existed: existed[i] })),
    ...services.flatMap((service): RemoteStep[] => (service.reload ? [{ kind: 'reload', script: reloadScript(service.reload), service, argv: service.reload }] : [])),
    ...services.flatMap((service) => service.health.flatMap((health): RemoteStep[] => (health.kind === 'tcp' ? [] : [{ kind: 'health', script: healthScript(health), service, health }]))),
  ];
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
    case 'validate': return { phase: 'validate', message: `${st.file.remotePath}: ${commandLine(st.argv)}` };
    case 'swap': return { phase: 'swap', message: `${st.file.remotePath}${st.existed ? ` (backup: ${st.file.backupPath})` : ' (new)'}` };
    case 'reload': return { phase: 'reload', message: `${st.service.service}: ${commandLine(st.argv)}` };
    case 'health': return { phase: 'health', message: healthLabel(st.health) };
    default: return undefined;
  }
}

/** The error for a step that failed; `detail` is its exit status and the tail of its output. */
export function stepFailure(st: RemoteStep, detail: string): string {
  switch (st.kind) {
    case 'validate': return `validation of ${st.file.file.path} failed: ${commandLine(st.argv)} → ${detail}`;
    case 'swap': return `putting ${st.file.file.path} in place failed (${detail})`;
    case 'reload': return `reloading ${st.service.service} (${commandLine(st.argv)}) failed (${detail})`;
    case 'health': return `health check failed: ${healthLabel(st.health)} (${detail})`;
    case 'stage':
    case 'link': return `preparing ${st.file.remotePath} failed (${detail})`;
  }
}

export interface Swapped {
  file: FileStep;
  existed: boolean;
}

/**
 * What the batch changed on the host, and so what a rollback must undo: a file counts as swapped once its
 * fresh backup exists (or it was new), a service as reloaded once its reload started.
 */
export class SwapLedger {
  readonly swapped: Swapped[] = [];
  readonly reloaded = new Set<string>();

  /** `done`: the steps that finished; `cutTail`: what the step in progress printed when the batch was cut short. */
  settle(steps: RemoteStep[], done: BatchStep[], cutTail?: string): void {
    for (const d of done) this.note(steps[d.index], d.output);
    const next = steps[done.length];
    if (cutTail !== undefined && next) this.note(next, cutTail);
  }

  private note(st: RemoteStep, output: string): void {
    if (st.kind === 'swap' && (!st.existed || output.includes(BACKUP_MARK))) this.swapped.push({ file: st.file, existed: st.existed });
    if (st.kind === 'reload') this.reloaded.add(st.service.service);
  }
}
