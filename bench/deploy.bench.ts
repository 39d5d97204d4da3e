// Deploy to 1, 10 and 20 sshd instances on loopback (goal: 20 hosts within 2x one host), and Debian's
// Ansible running the exported playbook on the same hosts, side by side. The servers are the deploy tests'
// (test/deploy/sshd.ts): a clean session HOME and no per-connection re-exec, as noted there. All of them
// share this machine's CPUs, so the 20-host run is CPU-bound; the rows print the bound and a handshake floor.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { BenchRow } from './index';
import { exportAnsible } from '../src/core/deploy/ansible';
import { buildDeployPlan } from '../src/core/deploy/plan';
import type { RenderedFile } from '../src/core/render/manifest';
import { parseSshConfig } from '../src/ssh/config';
import { connect } from '../src/ssh/connect';
import { runDeploy } from '../src/ssh/deploy';
import { runPlaybook, writeExport } from '../test/deploy/ansible-run';
import { makeTopology } from '../test/deploy/fixtures';
import { makeClientKeys, Sshd } from '../test/deploy/sshd';

const SIZES = [1, 10, 20];
/** Timed runs per size; the median is reported (other work shares these CPUs). */
const REPS = 5;

/** CPU used by an sshd and every process it started and reaped (sessions, shells, commands), in ms. */
function sshdCpuMs(s: Sshd): number {
  const f = readFileSync(`/proc/${s.proc!.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (+f[11] + +f[12] + +f[13] + +f[14]) * 10;
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A services host's typical set: dhcpd, named.conf and two zones, haproxy, chrony. */
function filesFor(host: string, run: number): RenderedFile[] {
  // All servers share one file system here, so each host gets its own subtree.
  const f = (path: string, service: string, lines: number): RenderedFile => ({
    target: host,
    path: `/${host}${path}`,
    mode: '0644',
    service,
    content: Array.from({ length: lines }, (_, i) => `# ${service} line ${i} run ${run}\n`).join(''),
    validate: ['grep', '-q', `run ${run}`, '{file}'],
    reload: ['true'],
  });
  return [
    f('/etc/dhcp/dhcpd.conf', 'dhcp', 400),
    f('/etc/named.conf', 'dns', 60),
    f('/var/named/lab.zone', 'dns', 300),
    f('/var/named/rev.zone', 'dns', 300),
    f('/etc/haproxy/haproxy.cfg', 'loadBalancer', 120),
    f('/etc/chrony.conf', 'ntp', 20),
  ];
}

export async function run(): Promise<BenchRow[]> {
  const client = makeClientKeys();
  const servers: Sshd[] = [];
  const rows: BenchRow[] = [];
  try {
    for (let i = 0; i < Math.max(...SIZES); i++) servers.push(await new Sshd(client).start());
    const kh = join(client.dir, 'known_hosts');
    writeFileSync(kh, servers.map((s) => s.knownHostsLine()).join('\n') + '\n');
    const root = mkdtempSync(join(tmpdir(), 'okd-bench-root-'));
    const topo = (n: number) => makeTopology(servers.slice(0, n).map((s, i) => ({ name: `svc-${i}`, port: s.port })));
    const plan = (n: number, runNo: number, remoteRoot: string) => {
      const files = servers.slice(0, n).flatMap((_, i) => filesFor(`svc-${i}`, runNo));
      const r = buildDeployPlan(files, topo(n), { remoteRoot });
      if (r.errors.length) throw new Error(r.errors.join('; '));
      return r.plan;
    };
    const times: Record<number, number> = {};
    const cpuPerHost: Record<number, number> = {};
    let runNo = 0;
    const connectOpts = {
      sshConfig: parseSshConfig(''),
      knownHostsFile: kh,
      identityFiles: [client.key],
      agent: false as const,
      onUnknownHost: async () => false,
    };
    // Warm-up (JIT, module loading, sshd pages), not timed.
    await runDeploy(plan(2, ++runNo, join(root, 'okd')), connectOpts);
    for (const n of SIZES) {
      // Every run changes every file, so each host does the whole upload/validate/swap/reload cycle.
      const walls: number[] = [];
      let clientCpu = 0;
      let serverCpu = 0;
      for (let rep = 0; rep < REPS; rep++) {
        const p = plan(n, ++runNo, join(root, 'okd'));
        const s0 = servers.slice(0, n).map(sshdCpuMs);
        const t0 = performance.now();
        const cpu0 = process.cpuUsage();
        const results = await runDeploy(p, connectOpts);
        walls.push(performance.now() - t0);
        const cpu = process.cpuUsage(cpu0);
        clientCpu += (cpu.user + cpu.system) / 1000;
        const bad = results.filter((r) => r.outcome !== 'deployed');
        if (bad.length) throw new Error(`${bad[0].host}: ${bad[0].outcome} ${bad[0].error ?? ''}`);
        // The sshd listeners have reaped their sessions once the clients closed; give them a moment.
        await new Promise((r) => setTimeout(r, 100));
        serverCpu += servers.slice(0, n).reduce((a, s, i) => a + sshdCpuMs(s) - s0[i], 0);
      }
      times[n] = median(walls);
      const perHost = (x: number): string => (x / REPS / n).toFixed(0);
      cpuPerHost[n] = (clientCpu + serverCpu) / REPS / n;
      rows.push({
        name: `okd-topology deploy, ${n} host(s) x 6 files`,
        value: times[n],
        unit: 'ms',
        note: `median of ${REPS}, min ${Math.min(...walls).toFixed(0)} ms; CPU per host: client ${perHost(clientCpu)} ms, sshd and its commands ${perHost(serverCpu)} ms`,
      });
      process.stderr.write(`bench: deploy to ${n} host(s): ${walls.map((w) => w.toFixed(0)).join(', ')} ms\n`);
    }
    const ratio = times[20] / times[1];
    // Every sshd runs on this machine, so 20 hosts need 20 hosts' CPU from these cores: a lower bound.
    const bound = (20 * cpuPerHost[20]) / cpus().length;
    rows.push({
      name: 'deploy 20 hosts / 1 host',
      value: ratio,
      unit: 'x',
      goal: '<= 2x',
      ok: ratio <= 2,
      note: `CPU-bound here: 20 x ${cpuPerHost[20].toFixed(0)} ms (client + sshd) on ${cpus().length} CPU(s) >= ${bound.toFixed(0)} ms, vs 2 x 1 host = ${(2 * times[1]).toFixed(0)} ms`,
    });
    // What the machine allows: every sshd here shares the same CPUs, so even OpenSSH's own client running
    // one `true` per host does not scale for free. Printed for context next to the ratio above.
    const sshTrue = async (n: number): Promise<number> => {
      const t0 = performance.now();
      await Promise.all(
        servers.slice(0, n).map(
          (srv) =>
            new Promise<void>((resolve, reject) => {
              execFile(
                'ssh',
                [
                  '-i',
                  client.key,
                  '-o',
                  `UserKnownHostsFile=${kh}`,
                  '-o',
                  'StrictHostKeyChecking=yes',
                  '-o',
                  'BatchMode=yes',
                  '-p',
                  String(srv.port),
                  'root@127.0.0.1',
                  'true',
                ],
                (err) => (err ? reject(err) : resolve()),
              );
            }),
        ),
      );
      return performance.now() - t0;
    };
    const one = await sshTrue(1);
    const twenty = await sshTrue(20);
    rows.push({
      name: 'baseline: OpenSSH `ssh host true`, 20 hosts / 1 host',
      value: twenty / one,
      unit: 'x',
      note: `${one.toFixed(0)} ms vs ${twenty.toFixed(0)} ms, ${cpus().length} CPU(s) shared by all sshd`,
    });
    // The floor for any SSH deploy from this process: connect, authenticate, run `true`, close — nothing else.
    const bare = async (n: number): Promise<number> => {
      const t0 = performance.now();
      await Promise.all(
        servers.slice(0, n).map(async (srv) => {
          const c = await connect({ alias: '127.0.0.1', port: srv.port, user: 'root' }, connectOpts);
          await c.exec('true');
          c.close();
        }),
      );
      return performance.now() - t0;
    };
    await bare(2);
    const bare1: number[] = [];
    const bare20: number[] = [];
    for (let rep = 0; rep < 5; rep++) {
      bare1.push(await bare(1));
      bare20.push(await bare(20));
    }
    rows.push({
      name: 'floor: ssh2 connect + `true`, 20 hosts / 1 host',
      value: median(bare20) / median(bare1),
      unit: 'x',
      note: `${median(bare1).toFixed(0)} ms vs ${median(bare20).toFixed(0)} ms (median of 5): the handshakes alone, on the same CPUs`,
    });

    // Ansible takes minutes here; OKD_BENCH_SKIP_ANSIBLE=1 gives a quick run of the deploy rows only.
    const skip = !existsSync('/usr/bin/ansible-playbook')
      ? 'n/a (ansible not installed)'
      : process.env.OKD_BENCH_SKIP_ANSIBLE
        ? 'skipped (OKD_BENCH_SKIP_ANSIBLE)'
        : undefined;
    if (skip) {
      for (const n of SIZES)
        rows.push({ name: `ansible-playbook (export), ${n} host(s)`, value: NaN, unit: '', note: skip });
      return rows;
    }
    const home = mkdtempSync(join(tmpdir(), 'okd-bench-ansible-'));
    for (const n of SIZES) {
      const exp = exportAnsible(plan(n, ++runNo, join(root, 'ansible')), {
        privateKeyFile: client.key,
        sshCommonArgs: `-o UserKnownHostsFile=${kh} -o StrictHostKeyChecking=yes`,
      });
      const dir = mkdtempSync(join(tmpdir(), 'okd-bench-export-'));
      writeExport(dir, exp.files);
      const t0 = performance.now();
      const r = runPlaybook(dir, home);
      const ms = performance.now() - t0;
      if (r.code !== 0) throw new Error(`ansible-playbook failed: ${r.out.slice(-500)}`);
      rows.push({
        name: `ansible-playbook (export), ${n} host(s) x 6 files`,
        value: ms,
        unit: 'ms',
        note: `${(ms / times[n]).toFixed(1)}x okd-topology`,
      });
      process.stderr.write(`bench: ansible-playbook on ${n} host(s): ${ms.toFixed(0)} ms\n`);
      rmSync(dir, { recursive: true, force: true });
    }
    rmSync(root, { recursive: true, force: true });
    return rows;
  } finally {
    for (const s of servers) await s.destroy();
  }
}
