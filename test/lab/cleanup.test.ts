// Clean-up is certain: a lab removes every namespace, veth, mount and process it made, and never
// touches this machine's own files; a rehearsal interrupted by Ctrl+C removes its lab on the way out;
// one killed outright (SIGKILL) leaves leftovers carrying its run's name, which the next run or
// `okd-topology rehearse --clean` sweeps.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bringUpServices, leaseAll } from '../../src/lab/bringup';
import { Lab } from '../../src/lab/lab';
import { processStart } from '../../src/lab/runner';
import { labDir, listNetns, pidsIn, PREFIX } from '../../src/lab/sweep';
import { run } from '../../src/lab/sys';
import { example, K3S_EXAMPLE, labCli, requireLab, writeTopology } from './helpers';

/** This machine's files a services namespace writes its own copies of (through its overlays). */
const WATCHED = [
  '/etc/passwd',
  '/etc/group',
  '/etc/bind/named.conf',
  '/etc/dhcp/dhcpd.conf',
  '/etc/chrony/chrony.conf',
  '/etc/haproxy/haproxy.cfg',
  '/var/lib/dhcp/dhcpd.leases',
];
const ABSENT = [
  '/usr/local/sbin/systemctl',
  '/usr/local/sbin/journalctl',
  '/usr/share/syslinux',
  '/var/lib/tftpboot',
  '/etc/httpd',
];

function snapshot(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of WATCHED)
    out[f] = existsSync(f) ? createHash('sha256').update(readFileSync(f)).digest('hex') : 'absent';
  for (const f of ABSENT) out[f] = existsSync(f) ? 'present' : 'absent';
  return out;
}

/** Still running: same start time, and not a zombie (dead; only waiting for a PID 1 that reaps, which some containers lack). */
function alive(p: { pid: number; start: string }): boolean {
  try {
    const stat = readFileSync(`/proc/${p.pid}/stat`, 'utf8');
    return processStart(p.pid) === p.start && stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Every trace of a run: its namespaces, its processes (by PID and start time), its folder, mounts naming it. */
function traces(id: string, pids: { pid: number; start: string }[]): string[] {
  const left: string[] = [];
  for (const ns of listNetns()) if (ns.startsWith(`${PREFIX}-${id}-`)) left.push(`namespace ${ns}`);
  for (const p of pids) if (alive(p)) left.push(`process ${p.pid}`);
  if (existsSync(labDir(id))) left.push(`folder ${labDir(id)}`);
  for (const line of readFileSync('/proc/self/mounts', 'utf8').split('\n'))
    if (line.includes(`${PREFIX}-${id}`)) left.push(`mount ${line}`);
  return left;
}

function processesOf(id: string): { pid: number; start: string }[] {
  return listNetns()
    .filter((ns) => ns.startsWith(`${PREFIX}-${id}-`))
    .flatMap(pidsIn)
    .map((pid) => ({ pid, start: processStart(pid) ?? '' }));
}

/** The run a rehearsal child is building, once its services namespace is up. */
async function runOfChild(child: ChildProcess, ms = 60000): Promise<string> {
  const until = Date.now() + ms;
  for (;;) {
    for (const d of readdirSync(tmpdir()).filter((x) => x.startsWith(`${PREFIX}-`))) {
      const owner = join(tmpdir(), d, 'owner');
      const ready =
        existsSync(join(tmpdir(), d)) &&
        readdirSync(join(tmpdir(), d)).some(
          (x) => x.startsWith('svc-') && existsSync(join(tmpdir(), d, x, 'runner.ready')),
        );
      if (ready && existsSync(owner) && Number(readFileSync(owner, 'utf8').split(' ')[0]) === child.pid)
        return d.slice(PREFIX.length + 1);
    }
    if (child.exitCode !== null) assert.fail(`the rehearsal exited (${child.exitCode}) before its lab was up`);
    if (Date.now() > until) assert.fail("the rehearsal's lab did not come up");
    await new Promise((r) => setTimeout(r, 200));
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) =>
    child.exitCode !== null
      ? resolve(child.exitCode)
      : child.once('exit', (code, sig) => resolve(code ?? (sig ? -1 : null))),
  );
}

describe('lab: clean-up', function () {
  this.timeout(120000);
  before(requireLab);

  it("a lab removes every namespace, process, mount and folder it made, and this machine's files stay as they were", async () => {
    const before = snapshot();
    const k3s = example(K3S_EXAMPLE);
    const lab = await Lab.create(k3s.topology, { cli: await labCli(), hosts: ['agent-0'] });
    const id = lab.plan.id;
    const pids: { pid: number; start: string }[] = [];
    try {
      const file = writeTopology(lab, k3s.text);
      await bringUpServices(lab, { file, byHand: true });
      await leaseAll(lab);
      // The services namespace really has its own /etc: the deployed named.conf is there, not here.
      const inside = await lab.inServices('svc', ['cat', '/etc/bind/named.conf']);
      assert.match(inside.stdout, /Rendered by okd-topology/);
      assert.doesNotMatch(readFileSync('/etc/bind/named.conf', 'utf8'), /Rendered by okd-topology/);
      pids.push(...processesOf(id));
      assert.ok(pids.length >= 5, `daemons, runner, sshd and dhclient run in the lab: ${pids.length}`);
      assert.ok(traces(id, pids).length > 0);
    } finally {
      await lab.destroy();
    }
    assert.deepEqual(traces(id, pids), []);
    assert.deepEqual(snapshot(), before);
  });

  it('Ctrl+C during a rehearsal removes its lab on the way out', async () => {
    const cli = await labCli();
    const child = spawn(cli[0], [...cli.slice(1), 'rehearse', K3S_EXAMPLE, '--by-hand'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const id = await runOfChild(child);
    const pids = processesOf(id);
    assert.ok(pids.length > 0);
    child.kill('SIGINT');
    assert.equal(await exited(child), 130, err);
    assert.match(err, /interrupted: removing the lab/);
    assert.deepEqual(traces(id, pids), []);
  });

  it('a rehearsal killed outright leaves leftovers named by its run, and `rehearse --clean` removes them all', async () => {
    const cli = await labCli();
    const child = spawn(cli[0], [...cli.slice(1), 'rehearse', K3S_EXAMPLE, '--by-hand'], { stdio: 'ignore' });
    const id = await runOfChild(child);
    const pids = processesOf(id);
    child.kill('SIGKILL');
    await exited(child);
    // Killed mid-way: nothing could clean up, so its namespaces (and their processes) are still there.
    assert.ok(
      traces(id, pids).some((t) => t.startsWith('namespace ')),
      'the kill left nothing behind to sweep',
    );
    const r = await run([...cli, 'rehearse', '--clean'], { timeoutMs: 60000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`removed namespace ${PREFIX}-${id}-`));
    assert.match(r.stdout, new RegExp(`removed folder .*${PREFIX}-${id}`));
    assert.deepEqual(traces(id, pids), []);
  });
});
