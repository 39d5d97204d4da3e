// The remote steps of one host after upload, in the order they must run: stage copies and temp links,
// validators, swaps, reloads, command health checks. They run as one batch that stops at the first
// failure, so a validator failure always ends it before any file is swapped.
import type { HealthCheck } from '../render/manifest';
import type { FileStep, HostPlan, ServiceStep } from './plan';
import { commandLine } from './quote';
import { healthScript, reloadScript, stageCopyScript, swapScript, symlinkScript } from './script';

export type StepKind = 'stage' | 'link' | 'validate' | 'swap' | 'reload' | 'health';

export interface RemoteStep {
  kind: StepKind;
  script: string;
  file?: FileStep;
  existed?: boolean;
  service?: ServiceStep;
  health?: Exclude<HealthCheck, { kind: 'tcp' | 'haproxy-loaded' }>;
}

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
  const steps: RemoteStep[] = [];
  for (const f of changed) {
    const from = staged?.get(f);
    if (from) steps.push({ kind: 'stage', script: stageCopyScript(from, f), file: f });
    if (f.file.symlink) steps.push({ kind: 'link', script: symlinkScript(f), file: f });
  }
  for (const f of changed) if (f.validate) steps.push({ kind: 'validate', script: commandLine(f.validate, 'validate'), file: f });
  changed.forEach((f, i) => steps.push({ kind: 'swap', script: swapScript(f, existed[i], modeSet === true && !staged?.has(f)), file: f, existed: existed[i] }));
  const services = touchedServices(hp, changed);
  for (const s of services) if (s.reload) steps.push({ kind: 'reload', script: reloadScript(s.reload), service: s });
  for (const s of services) {
    // TCP and HAProxy checks go through the SSH connection itself (ssh/deploy.ts).
    for (const h of s.health) if (h.kind !== 'tcp' && h.kind !== 'haproxy-loaded') steps.push({ kind: 'health', script: healthScript(h), service: s, health: h });
  }
  return steps;
}

/** Services with at least one changed file: only those are reloaded and checked. */
export function touchedServices(hp: HostPlan, changed: FileStep[]): ServiceStep[] {
  return hp.services.filter((s) => changed.some((f) => f.file.service === s.service));
}
