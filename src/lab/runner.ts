// The service runner: a small stand-in for systemd inside a lab services namespace. It starts the
// daemons deploy asks for (foreground, supervised), reloads them the way their units' ExecReload does,
// logs their output per unit (the journal stand-in reads it), and answers the `systemctl` and
// `journalctl` stand-ins over a Unix socket. It also starts the namespace's sshd, which deploy talks to.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { handleJournalctl, handleSystemctl, type UnitState } from './systemctl';
import type { UnitDef } from './units';

export interface RunnerConfig {
  host: string;
  units: UnitDef[];
  sshdConfig: string;
  /** The process that built the lab; when it is gone, the runner stops everything and exits. */
  owner: { pid: number; start: string };
  /** What the distribution's packages and tmpfiles.d would have created (made inside the namespace). */
  prepare: {
    dirs: { path: string; owner: string; mode: string }[];
    files: { path: string; owner: string; mode: string; content: string }[];
  };
}

/** Field 22 of /proc/PID/stat: the process start time, so a reused PID is not taken for the owner. */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** How long a started daemon must stay up to count as started (systemd waits for readiness). */
const START_GRACE_MS = 700;

export class Runner {
  readonly units = new Map<string, UnitState>();
  private sshd?: ChildProcess;
  private stopping = false;

  constructor(
    readonly dir: string,
    readonly cfg: RunnerConfig,
  ) {
    for (const def of cfg.units) this.units.set(def.name, { def, state: 'inactive', enabled: false });
  }

  logPath(unit: string): string {
    return join(this.dir, 'logs', `${unit}.log`);
  }

  log(unit: string, pid: number | undefined, text: string): void {
    const stamp = new Date().toISOString().replace(/\.\d+Z$/, '+0000');
    const lines = text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => `${stamp} ${this.cfg.host} ${unit}[${pid ?? this.cfg.host}]: ${l}\n`);
    if (lines.length) appendFileSync(this.logPath(unit), lines.join(''));
  }

  private launch(u: UnitState): ChildProcess {
    const [cmd, ...args] = u.def.argv;
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: '/' });
    const name = u.def.name;
    p.stdout?.on('data', (d: Buffer) => this.log(name, p.pid, d.toString('utf8')));
    p.stderr?.on('data', (d: Buffer) => this.log(name, p.pid, d.toString('utf8')));
    p.on('error', (e) => this.log(name, p.pid, `cannot start: ${e.message}`));
    p.on('exit', (code, signal) => {
      if (u.proc !== p) return;
      u.proc = undefined;
      u.exitNote = signal ? `killed by ${signal}` : `exited with status ${code}`;
      u.state = this.stopping || u.state === 'inactive' ? 'inactive' : 'failed';
      this.log(name, p.pid, `main process ${u.exitNote}`);
    });
    return p;
  }

  async start(u: UnitState): Promise<{ ok: boolean; message?: string }> {
    if (u.def.standIn) {
      u.state = 'active';
      return { ok: true };
    }
    if (u.state === 'active' && u.proc) return { ok: true };
    u.state = 'active';
    u.exitNote = undefined;
    const p = this.launch(u);
    u.proc = p;
    this.log(u.def.name, p.pid, `Started ${u.def.name} (${u.def.argv.join(' ')})`);
    await new Promise((r) => setTimeout(r, START_GRACE_MS));
    if (u.proc === p && p.exitCode === null && p.signalCode === null) return { ok: true };
    u.state = 'failed';
    return { ok: false, message: `the main process ${u.exitNote ?? 'ended'} during start` };
  }

  async stop(u: UnitState): Promise<void> {
    const p = u.proc;
    u.state = 'inactive';
    if (!p || p.exitCode !== null || p.signalCode !== null) {
      u.proc = undefined;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => p.kill('SIGKILL'), 5000);
      p.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      p.kill('SIGTERM');
    });
    u.proc = undefined;
  }

  /** ExecReload: the check (when the unit has one) must pass, then the signal; or a restart. */
  async reload(u: UnitState): Promise<{ ok: boolean; message?: string }> {
    if (u.def.standIn) return { ok: true };
    if (u.state !== 'active' || !u.proc)
      return { ok: false, message: `Unit ${u.def.name}.service is not active, cannot reload.` };
    if (u.def.reload === 'restart') {
      await this.stop(u);
      return this.start(u);
    }
    if (u.def.reload.check) {
      const [cmd, ...args] = u.def.reload.check;
      const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20000 });
      this.log(
        u.def.name,
        u.proc.pid,
        `reload check: ${u.def.reload.check.join(' ')} → exit ${r.status}${r.stderr ? `: ${r.stderr.trim()}` : ''}`,
      );
      if (r.status !== 0)
        return { ok: false, message: `the reload check failed (exit ${r.status}): ${(r.stderr || r.stdout).trim()}` };
    }
    u.proc.kill(u.def.reload.signal);
    this.log(u.def.name, u.proc.pid, `Reloading ${u.def.name} (${u.def.reload.signal})`);
    return { ok: true };
  }

  startSshd(): void {
    // sshd -D stays in the foreground; -e logs to stderr, which goes to the runner's log.
    this.sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', this.cfg.sshdConfig], { stdio: ['ignore', 'pipe', 'pipe'] });
    const p = this.sshd;
    p.stderr?.on('data', (d: Buffer) => this.log('sshd', p.pid, d.toString('utf8')));
    p.on('exit', (code) => this.log('sshd', p.pid, `sshd exited with status ${code}`));
  }

  async shutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.units.values()].map((u) => this.stop(u)));
    this.sshd?.kill('SIGTERM');
  }

  async handle(line: string): Promise<{ code: number; stdout: string; stderr: string }> {
    let req: { tool?: unknown; args?: unknown };
    try {
      req = JSON.parse(line) as { tool?: unknown; args?: unknown };
    } catch {
      return { code: 1, stdout: '', stderr: 'malformed request' };
    }
    const args = Array.isArray(req.args) ? req.args.filter((a): a is string => typeof a === 'string') : [];
    if (req.tool === 'systemctl') return handleSystemctl(this, args);
    if (req.tool === 'journalctl') return handleJournalctl(this, args);
    return { code: 1, stdout: '', stderr: `unknown tool ${String(req.tool)}` };
  }
}

/** uid and gid of a user of this namespace's /etc/passwd (root when unknown). */
function ids(user: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${user}:`));
  const f = line?.split(':');
  return f ? { uid: Number(f[2]), gid: Number(f[3]) } : { uid: 0, gid: 0 };
}

function prepare(cfg: RunnerConfig): void {
  for (const d of cfg.prepare.dirs) {
    mkdirSync(d.path, { recursive: true });
    const { uid, gid } = ids(d.owner);
    chownSync(d.path, uid, gid);
    chmodSync(d.path, parseInt(d.mode, 8));
  }
  for (const f of cfg.prepare.files) {
    if (!existsSync(f.path)) writeFileSync(f.path, f.content);
    const { uid, gid } = ids(f.owner);
    chownSync(f.path, uid, gid);
    chmodSync(f.path, parseInt(f.mode, 8));
  }
}

/** `okd-topology __lab-runner DIR`: runs inside the services namespace until told to stop or its owner is gone. */
export async function runnerMain(dir: string): Promise<number> {
  const cfg = JSON.parse(readFileSync(join(dir, 'runner.json'), 'utf8')) as RunnerConfig;
  prepare(cfg);
  const runner = new Runner(dir, cfg);
  const sockPath = join(dir, 'runner.sock');
  rmSync(sockPath, { force: true });
  let queue = Promise.resolve();
  const server = createServer((sock: Socket) => {
    let buf = '';
    sock.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        // One request at a time, as systemd serialises jobs on a unit.
        queue = queue.then(async () => {
          const r = await runner.handle(line);
          sock.end(JSON.stringify(r) + '\n');
        });
        nl = buf.indexOf('\n');
      }
    });
    sock.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(sockPath, resolve));
  runner.startSshd();
  let done: () => void = () => undefined;
  const finished = new Promise<void>((r) => (done = r));
  const stop = (): void => {
    clearInterval(watch);
    server.close();
    void runner.shutdown().then(done);
  };
  const watch = setInterval(() => {
    if (processStart(cfg.owner.pid) !== cfg.owner.start) stop();
  }, 1000);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  writeFileSync(join(dir, 'runner.ready'), String(process.pid));
  await finished;
  if (existsSync(sockPath)) rmSync(sockPath, { force: true });
  return 0;
}
