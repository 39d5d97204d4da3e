// The deploy plan: from rendered files and the topology to per-host ordered steps. Pure, so the editor
// can show exactly what will happen before anything connects.
import type { Host, ServiceKind, Topology } from '../model';
import { SERVICE_KINDS } from '../model';
import type { Argv, HealthCheck, RenderedFile } from '../render/manifest';
import { checkArgv, parseCommandTemplate, substitute } from './quote';
import {
  backupPathFor, checkMode, checkOwner, checkRemotePath, checkSshHost, checkUnit, checkUser, tempPathFor, underRoot,
} from './paths';

/** Where to connect: `alias` is what ~/.ssh/config is matched against; the rest are fallbacks/overrides. */
export interface HostTarget {
  name: string;
  alias: string;
  /** Used when ~/.ssh/config gives no HostName: the topology's ssh.host or the first interface address. */
  hostname: string;
  user?: string;
  port?: number;
}

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
}

export interface DeployPlan {
  hosts: HostPlan[];
  remoteRoot?: string;
}

export interface PlanOptions {
  /** Only these topology host names (empty or absent: every host with files). */
  hosts?: string[];
  remoteRoot?: string;
}

export interface PlanResult {
  plan: DeployPlan;
  /** Reasons the plan cannot run; deploy refuses when there is any. */
  errors: string[];
}

/** How deploy reaches a topology host. */
export function hostTarget(h: Host): HostTarget {
  const ip = h.interfaces.find((i) => i.ip)?.ip ?? h.interfaces.find((i) => i.ip6)?.ip6;
  return {
    name: h.name,
    alias: h.ssh?.host ?? h.name,
    hostname: h.ssh?.host ?? ip ?? h.name,
    user: h.ssh?.user,
    port: h.ssh?.port,
  };
}

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

export function buildDeployPlan(files: RenderedFile[], topology: Topology, opts: PlanOptions = {}): PlanResult {
  const errors: string[] = [];
  const root = opts.remoteRoot;
  if (root !== undefined && root !== '/') {
    const e = checkRemotePath(root);
    if (e) errors.push(`--remote-root: ${e}`);
  }
  const hostsByName = new Map(topology.hosts.map((h) => [h.name, h]));
  const wanted = opts.hosts && opts.hosts.length > 0 ? new Set(opts.hosts) : undefined;
  for (const w of wanted ?? []) if (!hostsByName.has(w)) errors.push(`--host ${w}: no such host in the topology`);

  checkOverrides(topology, errors);
  const kubeHost = topology.services.kubeApi?.hosts[0];
  const plans = new Map<string, HostPlan>();
  const planFor = (name: string): HostPlan | undefined => {
    let p = plans.get(name);
    if (p) return p;
    const h = hostsByName.get(name);
    if (!h) return undefined;
    const target = hostTarget(h);
    for (const e of [checkSshHost(target.alias), checkSshHost(target.hostname), target.user === undefined ? undefined : checkUser(target.user)]) {
      if (e) errors.push(`host ${JSON.stringify(name)}: ${e}`);
    }
    if (target.port !== undefined && (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535)) {
      errors.push(`host ${name}: ssh port ${target.port} is out of range`);
    }
    p = { host: target, files: [], services: [], applies: [] };
    plans.set(name, p);
    return p;
  };

  const seenPaths = new Map<string, string>();
  for (const f of files) {
    const where = `${f.target}:${f.path}`;
    if (f.target === 'cluster') {
      if (!f.apply) continue; // cluster files without a tool (install-config) are for the installer, not deploy
      if (!kubeHost) {
        errors.push(`${f.path}: cluster manifests need services.kubeApi to name the host that runs ${f.apply}`);
        continue;
      }
      if (wanted && !wanted.has(kubeHost)) continue;
      const p = planFor(kubeHost);
      if (!p) errors.push(`services.kubeApi names ${kubeHost}, which is not a host in the topology`);
      else {
        const kc = topology.cluster.kubeconfig;
        const kerr = kc === undefined ? undefined : checkRemotePath(kc);
        if (kerr) errors.push(`cluster.kubeconfig: ${kerr}`);
        p.applies.push({ tool: f.apply, file: f, kubeconfig: kc === undefined ? undefined : underRoot(root, kc) });
      }
      continue;
    }
    if (wanted && !wanted.has(f.target)) continue;
    const p = planFor(f.target);
    if (!p) {
      errors.push(`${where}: the manifest names host ${JSON.stringify(f.target)}, which is not in the topology`);
      continue;
    }
    const pathErr = checkRemotePath(f.path);
    if (pathErr) {
      errors.push(`${f.target}: ${pathErr}`);
      continue;
    }
    const problems = [checkMode(f.mode), f.owner === undefined ? undefined : checkOwner(f.owner), f.group === undefined ? undefined : checkOwner(f.group)];
    for (const e of problems) if (e) errors.push(`${where}: ${e}`);
    const remotePath = underRoot(root, f.path);
    if (seenPaths.has(`${f.target}\0${remotePath}`)) errors.push(`${where}: rendered twice for the same host`);
    seenPaths.set(`${f.target}\0${remotePath}`, where);

    const tmpPath = tempPathFor(remotePath);
    const validateTpl = f.validate;
    let validate: Argv | undefined;
    if (validateTpl && !f.symlink) {
      try {
        checkArgv(validateTpl, `${where} validate`);
        validate = substitute(validateTpl, { file: tmpPath });
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
    p.files.push({ file: f, remotePath, tmpPath, backupPath: backupPathFor(remotePath), validate, validateTemplate: validate && validateTpl });

    let svc = p.services.find((s) => s.service === f.service);
    if (!svc) {
      svc = { service: f.service, health: [] };
      p.services.push(svc);
    }
    const reload = f.reload;
    if (reload) {
      try {
        checkArgv(reload, `${where} reload`);
        if (svc.reload && svc.reload.join('\0') !== reload.join('\0')) {
          errors.push(`${where}: files of service ${f.service} disagree on the reload command`);
        }
        svc.reload = reload;
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
    // A reload override means the service is not run by its default unit (or is staged under --remote-root),
    // so the default unit's is-active check would only report a false failure.
    const customReload = (SERVICE_KINDS as readonly string[]).includes(f.service) && topology.services[f.service as ServiceKind]?.reload !== undefined;
    for (const h of f.health ?? []) {
      if (customReload && (h.kind === 'service-active' || h.kind === 'haproxy-loaded')) continue;
      // Staged under --remote-root, the running HAProxy does not read the deployed file.
      if (h.kind === 'haproxy-loaded' && root !== undefined && root !== '/') continue;
      const e = checkHealth(h);
      if (e) errors.push(`${where} health check: ${e}`);
      else if (!svc.health.some((x) => sameHealth(x, h))) svc.health.push(h);
    }
  }
  const order = topology.hosts.map((h) => h.name);
  const hosts = [...plans.values()].sort((a, b) => order.indexOf(a.host.name) - order.indexOf(b.host.name));
  return { plan: { hosts, remoteRoot: root }, errors };
}
