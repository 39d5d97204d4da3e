// The lab of network namespaces: builds the plan (plan.ts) with ip(8), starts the services hosts
// (services.ts), gives the operator a HOME whose ~/.ssh reaches them, and removes everything again
// (sweep.ts), also when the process exits early. Linux and root only (requirements.ts says what is missing).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Topology } from '../core/model';
import { planLab, type LabHost, type LabPlan } from './plan';
import { startServices, type ServicesHandle } from './services';
import { labDir, newRunId, removeRun, removeRunSync, sweep } from './sweep';
import { inNetns, LabError, must, run, runSync, type RunResult } from './sys';
import { processStart } from './runner';
import { describeMissing, labRequirements } from './requirements';

export interface LabOptions {
  /** argv that runs okd-topology (the runner and stand-ins are its internal commands). */
  cli: string[];
  /** Only these hosts get a namespace (services hosts and hypervisors always do). */
  hosts?: string[];
  /** Where the lab folder goes (default: the system's temp folder). */
  base?: string;
  log?: (line: string) => void;
}

export class Lab {
  readonly dir: string;
  readonly services = new Map<string, ServicesHandle>();
  private destroyed = false;
  private readonly onExit = (): void => this.destroySync();

  private constructor(
    readonly plan: LabPlan,
    readonly opts: LabOptions,
  ) {
    this.dir = labDir(plan.id, opts.base);
  }

  static async create(t: Topology, opts: LabOptions): Promise<Lab> {
    const missing = labRequirements();
    if (missing.length)
      throw new LabError(`the lab cannot be built on this machine; missing:\n${describeMissing(missing)}`);
    await sweep({ base: opts.base });
    const id = newRunId();
    const lab = new Lab(planLab(t, id, opts.hosts), opts);
    mkdirSync(lab.dir, { recursive: true, mode: 0o700 });
    // The owner file comes first: a sweeper never mistakes a run being built for a leftover.
    writeFileSync(join(lab.dir, 'owner'), `${process.pid} ${processStart(process.pid)}\n`);
    process.on('exit', lab.onExit);
    try {
      await lab.build();
    } catch (e) {
      await lab.destroy();
      throw e;
    }
    return lab;
  }

  host(name: string): LabHost {
    const h = this.plan.hosts.find((x) => x.name === name);
    if (!h) throw new LabError(`${name} has no namespace in this lab`);
    return h;
  }

  get home(): string {
    return join(this.dir, 'home');
  }

  private log(line: string): void {
    this.opts.log?.(line);
  }

  private async build(): Promise<void> {
    const p = this.plan;
    this.log(
      `lab ${p.id}: switch ${p.switchNs} with ${p.bridges.length} bridge(s), ${p.hosts.length} host namespace(s)`,
    );
    must(['ip', 'netns', 'add', p.switchNs]);
    must(['ip', '-n', p.switchNs, 'link', 'set', 'lo', 'up']);
    for (const b of p.bridges) {
      // No address and no uplink: nothing on these bridges can reach beyond the lab.
      must(['ip', '-n', p.switchNs, 'link', 'add', b.name, 'type', 'bridge']);
      must(['ip', '-n', p.switchNs, 'link', 'set', b.name, 'up']);
    }
    for (const h of p.hosts) this.addHost(h);
    const key = join(this.dir, 'home', '.ssh', 'id_ed25519');
    mkdirSync(join(this.dir, 'home', '.ssh'), { recursive: true, mode: 0o700 });
    const pub = keygen(key);
    const known: string[] = [];
    const config: string[] = [];
    for (const s of p.services) {
      const h = this.host(s.host);
      const handle = await startServices(
        {
          host: s.host,
          ns: h.ns,
          dir: join(this.dir, `svc-${h.ns.slice(h.ns.lastIndexOf('-') + 1)}`),
          layout: s.layout,
          tftpRoot: s.tftpRoot,
          httpRoot: s.httpRoot,
          address: s.address,
          authorizedKey: pub,
          cli: this.opts.cli,
        },
        keygen,
      );
      this.services.set(s.host, handle);
      known.push(`${s.address} ${handle.hostPub.split(' ').slice(0, 2).join(' ')}`);
      config.push(`Host ${s.host} ${s.address}`, `  HostName ${s.address}`, '  User root', '');
      this.log(`lab ${p.id}: ${s.host} serves from ${h.ns} (sshd on ${s.address})`);
    }
    writeFileSync(join(this.home, '.ssh', 'known_hosts'), `${known.join('\n')}\n`);
    writeFileSync(
      join(this.home, '.ssh', 'config'),
      `${config.join('\n')}\nHost *\n  IdentityFile ${key}\n  UserKnownHostsFile ${join(this.home, '.ssh', 'known_hosts')}\n  StrictHostKeyChecking yes\n`,
    );
  }

  private addHost(h: LabHost): void {
    const sw = this.plan.switchNs;
    must(['ip', 'netns', 'add', h.ns]);
    must(['ip', '-n', h.ns, 'link', 'set', 'lo', 'up']);
    for (const i of h.ifaces) {
      must(['ip', '-n', sw, 'link', 'add', i.peer, 'type', 'veth', 'peer', 'name', i.name, 'netns', h.ns]);
      must(['ip', '-n', h.ns, 'link', 'set', i.name, 'address', i.mac]);
      must(['ip', '-n', sw, 'link', 'set', i.peer, 'master', i.bridge, 'up']);
      must(['ip', '-n', h.ns, 'link', 'set', i.name, 'up']);
      if (i.cidr) must(['ip', '-n', h.ns, 'addr', 'add', i.cidr, 'dev', i.name]);
    }
  }

  /** Runs argv in a host's network namespace. */
  exec(
    host: string,
    argv: string[],
    opts: { timeoutMs?: number; input?: string; env?: NodeJS.ProcessEnv } = {},
  ): Promise<RunResult> {
    return run(inNetns(this.host(host).ns, argv), opts);
  }

  /** Runs argv inside a services host's namespaces (its network and its private mounts). */
  inServices(host: string, argv: string[], opts: { timeoutMs?: number; input?: string } = {}): Promise<RunResult> {
    const s = this.services.get(host);
    if (!s?.proc.pid) throw new LabError(`${host} is not a services host of this lab`);
    const pid = runnerPid(s);
    return run(['nsenter', '-t', String(pid), '-m', '-n', '--', ...argv], opts);
  }

  /** okd-topology as the operator runs it: from the operator's namespace (or `from`), with the lab's ~/.ssh. */
  cli(args: string[], opts: { from?: string; timeoutMs?: number } = {}): Promise<RunResult> {
    // The registry's htpasswd password: a rehearsal needs one, never a real one (the user may set their own).
    const env = {
      ...process.env,
      HOME: this.home,
      SSH_AUTH_SOCK: '',
      OKD_REGISTRY_PASSWORD: process.env.OKD_REGISTRY_PASSWORD ?? 'okd-topology-rehearsal',
    };
    return this.exec(opts.from ?? this.plan.operator, [...this.opts.cli, ...args], {
      timeoutMs: opts.timeoutMs ?? 120000,
      env,
    });
  }

  async destroy(): Promise<string[]> {
    if (this.destroyed) return [];
    this.destroyed = true;
    process.off('exit', this.onExit);
    return removeRun(this.plan.id, this.opts.base);
  }

  /** For process exit: no event loop left, so everything synchronously. */
  destroySync(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    removeRunSync(this.plan.id, this.opts.base);
  }
}

/** The runner is the last exec of the services namespace's first process (ip → unshare → sh → node). */
function runnerPid(s: ServicesHandle): number {
  const r = runSync(['cat', join(s.dir, 'runner.ready')]);
  const pid = Number(r.stdout.trim());
  if (!Number.isInteger(pid) || pid <= 1) throw new LabError(`the service runner of ${s.host} is not running`);
  return pid;
}

export function keygen(file: string): string {
  must(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'okd-topology-lab', '-f', file]);
  return runSync(['cat', `${file}.pub`]).stdout.trim();
}
