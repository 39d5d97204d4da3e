// The shapes of a deploy plan: per host, the files, services, cluster objects and host steps, in order.
import type { Argv, HealthCheck, HostStep, RenderedFile } from '../render/manifest';
import type { MetallbDeploy } from './cluster-phase';
import type { InstallPlan } from './install';
import type { PackageSet } from './packages';
import type { PendingPhase, PhaseName } from './phases';
import type { PlannedStep, SkippedStep } from './plan-steps';
import type { HostTarget } from './target';

export interface FileStep {
  file: RenderedFile;
  /** The target path on the host (remote root applied). */
  remotePath: string;
  tmpPath: string;
  backupPath: string;
  /** Validator with `{file}` already replaced by the temp path. */
  validate?: Argv;
  /** The validator as rendered, `{file}` still in it (for the Ansible export). */
  validateTemplate?: Argv;
}

export interface ServiceStep {
  service: string;
  reload?: Argv;
  health: HealthCheck[];
}

export interface ApplyStep {
  tool: 'oc' | 'kubectl';
  file: RenderedFile;
  kubeconfig?: string;
}

export interface HostPlan {
  host: HostTarget;
  files: FileStep[];
  /** In order of first appearance; each reloaded once, after all files of the host are in place. */
  services: ServiceStep[];
  /** Cluster manifests applied from this host (after its own files), each dry-run first. */
  applies: ApplyStep[];
  /** What the host needs installed for the programs deploy runs there (filled in once every file is planned). */
  packages: PackageSet;
  /** Host steps (boot loader copies, certificates, SELinux labels): after the files are in place, before reloads. */
  steps: PlannedStep[];
  /** Host steps left out (why is said), e.g. system changes under --remote-root. */
  skippedSteps: SkippedStep[];
  /** The kube API host: MetalLB installed (or upgraded) before its objects among `applies` (src/core/deploy/cluster-phase.ts). */
  metallb?: MetallbDeploy;
}

export interface DeployPlan {
  /** The phase this plan runs (see phases.ts). */
  phase: PhaseName;
  hosts: HostPlan[];
  remoteRoot?: string;
  /** The install phase: install assets on the services host (run after `hosts`, which is empty then). */
  install?: InstallPlan;
  /** Later phases with something to do, each with what it needs and the command that runs it. */
  pending: PendingPhase[];
  /** Why a phase has nothing to do here (the plan is then empty). */
  notes: string[];
}

export interface PlanOptions {
  /** Only these topology host names (empty or absent: every host with files). */
  hosts?: string[];
  remoteRoot?: string;
  /** Host steps from the render (RenderResult.steps / MANIFEST.json `steps`). */
  steps?: HostStep[];
  /** Which phase (default `hosts`: every host's files; cluster manifests wait for the `cluster` phase). */
  phase?: PhaseName;
  /** The topology file as the user named it, for the commands of the pending phases. */
  source?: string;
}

export interface PlanResult {
  plan: DeployPlan;
  /** Reasons the plan cannot run; deploy refuses when there is any. */
  errors: string[];
}
