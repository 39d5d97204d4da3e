// The deploy plan: from rendered files and the topology to per-host ordered steps. Pure, so the editor
// can show exactly what will happen before anything connects.
import type { Host, ServiceKind, Topology } from '../model';
import { SERVICE_KINDS } from '../model';
import { layoutOf } from '../render/layout';
import type { Argv, HealthCheck, HostStep, RenderedFile } from '../render/manifest';
import { isMetallbObject } from './cluster-phase';
import { planMetallbInstall } from './metallb';
import { packageSet } from './packages';
import { planSteps, stepPackageNeeds } from './plan-steps';
import { checkArgv, parseCommandTemplate, substitute } from './quote';
import { activationOf } from './units';
import { planInstall, type InstallPlan } from './install';
import { HAPROXY_CFG, HAPROXY_NO_BOOTSTRAP, pendingPhases, type PhaseName } from './phases';
import { hostTarget, type HostTarget } from './target';
import {
  backupPathFor,
  checkMode,
  checkOwner,
  checkRemotePath,
  checkSshHost,
  checkUnit,
  checkUser,
  tempPathFor,
  underRoot,
} from './paths';

export { hostTarget, type HostTarget };
import type { HostPlan, PlanOptions, PlanResult } from './plan-types';

export type { FileStep, ServiceStep, ApplyStep, HostPlan, DeployPlan, PlanOptions, PlanResult } from './plan-types';

/**
 * The topology's per-service command overrides are applied by render (they are in each file's
 * validate/reload); here they are only checked, so shell syntax in the YAML stops the deploy.
 */
function checkOverrides(topology: Topology, errors: string[]): void {
  for (const kind of SERVICE_KINDS) {
    const svc = topology.services[kind as ServiceKind];
    for (const key of ['validate', 'reload'] as const) {
      const text = svc?.[key];
      if (text === undefined) continue;
      const r = parseCommandTemplate(text);
      if (r.error) errors.push(`services.${kind}.${key}: ${r.error}`);
    }
  }
}

function checkHealth(h: HealthCheck): string | undefined {
  if (h.kind === 'service-active') return checkUnit(h.unit);
  if (h.kind === 'tcp') {
    if (!Number.isInteger(h.port) || h.port < 1 || h.port > 65535) return `port ${h.port} is out of range`;
    return h.address === undefined ? undefined : checkSshHost(h.address);
  }
  if (h.kind === 'haproxy-loaded') return checkRemotePath(h.socket) ?? checkRemotePath(h.config);
  const e = checkSshHost(h.name.replace(/\.$/, '')) ?? checkSshHost(h.expect);
  return e ?? (h.server === undefined ? undefined : checkSshHost(h.server));
}

function sameHealth(a: HealthCheck, b: HealthCheck): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Builds the plan step by step, collecting every reason it cannot run. */
class Planner {
  readonly errors: string[] = [];
  private readonly plans = new Map<string, HostPlan>();
  private readonly seenPaths = new Set<string>();
  /** Rendered cluster files nobody applies (Helm's values): inputs of the MetalLB install. */
  private readonly clusterInputs = new Map<string, string>();
  private readonly hostsByName: Map<string, Host>;
  readonly wanted?: Set<string>;

  constructor(
    private readonly topology: Topology,
    private readonly root: string | undefined,
    hosts: string[] | undefined,
  ) {
    this.hostsByName = new Map(topology.hosts.map((h) => [h.name, h]));
    this.wanted = hosts && hosts.length > 0 ? new Set(hosts) : undefined;
    if (root !== undefined && root !== '/') {
      const e = checkRemotePath(root);
      if (e) this.errors.push(`--remote-root: ${e}`);
    }
    for (const w of this.wanted ?? [])
      if (!this.hostsByName.has(w)) this.errors.push(`--host ${w}: no such host in the topology`);
    checkOverrides(topology, this.errors);
  }

  add(f: RenderedFile): void {
    if (f.target === 'cluster') this.addManifest(f);
    else if (!this.wanted || this.wanted.has(f.target)) this.addHostFile(f);
  }

  /** Host steps (boot loaders, certificates, SELinux labels) of one host, checked and placed under the remote root. */
  addSteps(name: string, steps: HostStep[]): void {
    if (this.wanted && !this.wanted.has(name)) return;
    const p = this.planFor(name);
    if (!p) this.errors.push(`host steps name host ${JSON.stringify(name)}, which is not in the topology`);
    else ({ planned: p.steps, skipped: p.skippedSteps } = planSteps(steps, this.root, this.errors));
  }

  result(phase: PhaseName): PlanResult {
    const order = this.topology.hosts.map((h) => h.name);
    const hosts = [...this.plans.values()].sort((a, b) => order.indexOf(a.host.name) - order.indexOf(b.host.name));
    for (const hp of hosts) {
      const commands = {
        validators: hp.files.flatMap((f) => (f.validate ? [f.validate] : [])),
        activations: hp.services.map(activationOf),
        health: hp.services.flatMap((s) => s.health),
      };
      hp.packages = packageSet(commands, layoutOf(this.hostsByName.get(hp.host.name)).family);
      // Programs the host steps run (openssl, htpasswd, semanage…) are needed like the validators'.
      for (const n of stepPackageNeeds(hp.steps.map((x) => x.step))) {
        if ('program' in n && !hp.packages.needs.some((x) => x.program === n.program))
          hp.packages.needs.push({ program: n.program, package: n.package });
      }
    }
    this.attachMetallb();
    return { plan: { phase, hosts, remoteRoot: this.root, pending: [], notes: [] }, errors: this.errors };
  }

  /** How to reach a topology host, its SSH values checked (errors recorded); undefined when it is not in the topology. */
  target(name: string): HostTarget | undefined {
    const h = this.hostsByName.get(name);
    if (!h) return undefined;
    const target = hostTarget(h);
    for (const e of [
      checkSshHost(target.alias),
      checkSshHost(target.hostname),
      target.user === undefined ? undefined : checkUser(target.user),
    ]) {
      if (e) this.errors.push(`host ${JSON.stringify(name)}: ${e}`);
    }
    if (target.port !== undefined && (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535)) {
      this.errors.push(`host ${name}: ssh port ${target.port} is out of range`);
    }
    return target;
  }

  /** post-bootstrap: each load balancer's haproxy.cfg becomes the rendered variant without the bootstrap node. */
  addPostBootstrap(files: RenderedFile[]): string | undefined {
    const variants = files.filter(
      (f) => f.path === HAPROXY_NO_BOOTSTRAP && f.target !== 'cluster' && (!this.wanted || this.wanted.has(f.target)),
    );
    if (!variants.length)
      return 'the post-bootstrap phase has nothing to do here: no HAProxy configuration with a bootstrap node is rendered for these hosts';
    for (const v of variants) {
      const live = files.find((x) => x.target === v.target && x.path === HAPROXY_CFG);
      if (live) this.addHostFile({ ...live, content: v.content });
      else
        this.errors.push(
          `${v.target}: ${HAPROXY_NO_BOOTSTRAP} is rendered without ${HAPROXY_CFG}, so there is nothing to swap`,
        );
    }
    return undefined;
  }

  private planFor(name: string): HostPlan | undefined {
    const known = this.plans.get(name);
    if (known) return known;
    const target = this.target(name);
    if (!target) return undefined;
    const p: HostPlan = {
      host: target,
      files: [],
      services: [],
      applies: [],
      packages: { manager: 'dnf', needs: [] },
      steps: [],
      skippedSteps: [],
    };
    this.plans.set(name, p);
    return p;
  }

  /** The kube API host installs MetalLB before it applies MetalLB's objects. */
  private attachMetallb(): void {
    const kubeHost = this.topology.services.kubeApi?.hosts[0];
    const p = kubeHost === undefined ? undefined : this.plans.get(kubeHost);
    if (!p || !p.applies.some(isMetallbObject)) return;
    const kc = this.topology.cluster.kubeconfig;
    const plan = planMetallbInstall(this.topology, {
      kubeconfig: kc === undefined ? undefined : underRoot(this.root, kc),
    });
    if (!plan) return;
    for (const e of plan.errors) this.errors.push(`MetalLB: ${e}`);
    const inputs: Record<string, string> = {};
    for (const st of [...plan.preflight, ...plan.install]) {
      for (const argv of [st.argv, st.unless]) this.checked(argv, `MetalLB step ${st.id}`);
      if (!st.stdin) continue;
      const text = this.clusterInputs.get(st.stdin);
      if (text === undefined)
        this.errors.push(
          `MetalLB step ${st.id} reads the rendered ${st.stdin}, which is not among the rendered files (render again)`,
        );
      else inputs[st.stdin] = text;
    }
    p.metallb = { plan, inputs };
  }

  /** Cluster files with a tool are applied from the kubeApi host; the rest (install-config) are for the installer. */
  private addManifest(f: RenderedFile): void {
    if (!f.apply) {
      this.clusterInputs.set(f.path, f.content);
      return;
    }
    const kubeHost = this.topology.services.kubeApi?.hosts[0];
    if (!kubeHost) {
      this.errors.push(
        `${f.path}: the cluster phase needs services.kubeApi to name the host that runs ${f.apply} (with the cluster's kubeconfig)`,
      );
      return;
    }
    if (this.wanted && !this.wanted.has(kubeHost)) return;
    const p = this.planFor(kubeHost);
    if (!p) {
      this.errors.push(`services.kubeApi names ${kubeHost}, which is not a host in the topology`);
      return;
    }
    const kc = this.topology.cluster.kubeconfig;
    const kerr = kc === undefined ? undefined : checkRemotePath(kc);
    if (kerr) this.errors.push(`cluster.kubeconfig: ${kerr}`);
    p.applies.push({ tool: f.apply, file: f, kubeconfig: kc === undefined ? undefined : underRoot(this.root, kc) });
  }

  private addHostFile(f: RenderedFile): void {
    const where = `${f.target}:${f.path}`;
    const p = this.planFor(f.target);
    if (!p) {
      this.errors.push(`${where}: the manifest names host ${JSON.stringify(f.target)}, which is not in the topology`);
      return;
    }
    const pathErr = checkRemotePath(f.path);
    if (pathErr) {
      this.errors.push(`${f.target}: ${pathErr}`);
      return;
    }
    const problems = [
      checkMode(f.mode),
      f.owner === undefined ? undefined : checkOwner(f.owner),
      f.group === undefined ? undefined : checkOwner(f.group),
    ];
    for (const e of problems) if (e) this.errors.push(`${where}: ${e}`);
    const remotePath = underRoot(this.root, f.path);
    const key = `${f.target}\0${remotePath}`;
    if (this.seenPaths.has(key)) this.errors.push(`${where}: rendered twice for the same host`);
    this.seenPaths.add(key);
    const tmpPath = tempPathFor(remotePath);
    const validate = this.checked(f.symlink ? undefined : f.validate, `${where} validate`, (argv) =>
      substitute(argv, { file: tmpPath }),
    );
    p.files.push({
      file: f,
      remotePath,
      tmpPath,
      backupPath: backupPathFor(remotePath),
      validate,
      validateTemplate: validate && f.validate,
    });
    this.addService(p, f, where);
  }

  /** The argv after checkArgv (and `map`), or undefined with the error recorded. */
  private checked(argv: Argv | undefined, what: string, map: (a: Argv) => Argv = (a) => a): Argv | undefined {
    if (!argv) return undefined;
    try {
      checkArgv(argv, what);
      return map(argv);
    } catch (e) {
      this.errors.push((e as Error).message);
      return undefined;
    }
  }

  /**
   * Checks that could only report a false failure: the default unit's under a reload override, and
   * HAProxy's loaded-configuration check when the file is staged under --remote-root (HAProxy reads the real one).
   */
  private skipsHealth(h: HealthCheck, customReload: boolean): boolean {
    if (customReload && (h.kind === 'service-active' || h.kind === 'haproxy-loaded')) return true;
    return h.kind === 'haproxy-loaded' && this.root !== undefined && this.root !== '/';
  }

  private addService(p: HostPlan, f: RenderedFile, where: string): void {
    let svc = p.services.find((s) => s.service === f.service);
    if (!svc) {
      svc = { service: f.service, health: [] };
      p.services.push(svc);
    }
    const reload = this.checked(f.reload, `${where} reload`);
    if (reload) {
      if (svc.reload && svc.reload.join('\0') !== reload.join('\0'))
        this.errors.push(`${where}: files of service ${f.service} disagree on the reload command`);
      svc.reload = reload;
    }
    // A reload override means the service is not run by its default unit (or is staged under --remote-root),
    // so the default unit's is-active check would only report a false failure.
    const customReload =
      (SERVICE_KINDS as readonly string[]).includes(f.service) &&
      this.topology.services[f.service as ServiceKind]?.reload !== undefined;
    for (const h of f.health ?? []) {
      if (this.skipsHealth(h, customReload)) continue;
      const e = checkHealth(h);
      if (e) this.errors.push(`${where} health check: ${e}`);
      else if (!svc.health.some((x) => sameHealth(x, h))) svc.health.push(h);
    }
  }
}

/**
 * The plan of one phase. `hosts` (the default) never looks at cluster manifests: they are the cluster
 * phase's, listed as pending with what it needs, so deploying the hosts never waits for a cluster.
 */
export function buildDeployPlan(files: RenderedFile[], topology: Topology, opts: PlanOptions = {}): PlanResult {
  const phase = opts.phase ?? 'hosts';
  const planner = new Planner(topology, opts.remoteRoot, opts.hosts);
  const notes: string[] = [];
  let install: InstallPlan | undefined;
  if (phase === 'hosts') planHosts(planner, files, opts.steps ?? []);
  else if (phase === 'cluster') planCluster(planner, files, notes);
  else if (phase === 'post-bootstrap') notes.push(...[planner.addPostBootstrap(files)].filter((n): n is string => !!n));
  else install = installFor(planner, files, topology, opts.remoteRoot, notes);
  const r = planner.result(phase);
  return { ...r, plan: { ...r.plan, install, pending: pendingPhases(topology, files, phase, opts.source), notes } };
}

function planHosts(planner: Planner, files: RenderedFile[], steps: HostStep[]): void {
  for (const f of files) if (f.target !== 'cluster') planner.add(f);
  for (const [name, st] of groupByTarget(steps)) planner.addSteps(name, st);
}

function planCluster(planner: Planner, files: RenderedFile[], notes: string[]): void {
  if (!files.some((f) => f.target === 'cluster' && f.apply))
    notes.push('the cluster phase has nothing to do here: no cluster manifest is rendered');
  // Every cluster file: the manifests are applied, the rest (Helm's values) are inputs of the MetalLB install.
  for (const f of files) if (f.target === 'cluster') planner.add(f);
}

function installFor(
  planner: Planner,
  files: RenderedFile[],
  topology: Topology,
  root: string | undefined,
  notes: string[],
): InstallPlan | undefined {
  const ip = planInstall(topology, files, root, (name) => planner.target(name));
  if ('errors' in ip) {
    planner.errors.push(...ip.errors);
    return undefined;
  }
  if (!planner.wanted || planner.wanted.has(ip.host.name)) return ip;
  notes.push(`the install phase runs on ${ip.host.name}, which --host leaves out`);
  return undefined;
}

function groupByTarget(steps: HostStep[]): Map<string, HostStep[]> {
  const out = new Map<string, HostStep[]>();
  for (const st of steps) out.set(st.target, [...(out.get(st.target) ?? []), st]);
  return out;
}
