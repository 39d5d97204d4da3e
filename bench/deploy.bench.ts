// Deploy to 1, 10 and 20 sshd instances on loopback (goal: 20 hosts within 2x one host), and Debian's
// Ansible running the exported playbook on the same hosts, side by side.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { BenchRow } from './index';
import { exportAnsible } from '../src/core/deploy/ansible';
import { buildDeployPlan } from '../src/core/deploy/plan';
import type { RenderedFile } from '../src/core/render/manifest';
import { parseSshConfig } from '../src/ssh/config';
import { runDeploy } from '../src/ssh/deploy';
import { runPlaybook, writeExport } from '../test/deploy/ansible-run';
import { makeTopology } from '../test/deploy/fixtures';
import { makeClientKeys, Sshd } from '../test/deploy/sshd';

const SIZES = [1, 10, 20];

/** A services host's typical set: dhcpd, named.conf and two zones, haproxy, chrony. */
function filesFor(host: string, run: number): RenderedFile[] {
  // All servers share one file system here, so each host gets its own subtree.
  const f = (path: string, service: string, lines: number): RenderedFile => ({
    target: host, path: `/${host}${path}`, mode: '0644', service,
    content: Array.from({ length: lines }, (_, i) => `# ${service} line ${i} run ${run}\n`).join(''),
    validate: ['grep', '-q', `run ${run}`, '{file}'], reload: ['true'],
  });
  return [
    f('/etc/dhcp/dhcpd.conf', 'dhcp', 400), f('/etc/named.conf', 'dns', 60), f('/var/named/lab.zone', 'dns', 300),
    f('/var/named/rev.zone', 'dns', 300), f('/etc/haproxy/haproxy.cfg', 'loadBalancer', 120), f('/etc/chrony.conf', 'ntp', 20),
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
    let runNo = 0;
    const connectOpts = { sshConfig: parseSshConfig(''), knownHostsFile: kh, identityFiles: [client.key], agent: false as const, onUnknownHost: async () => false };
    // Warm-up (JIT, module loading, sshd pages), not timed.
    await runDeploy(plan(2, ++runNo, join(root, 'okd')), connectOpts);
    for (const n of SIZES) {
      // Every run changes every file, so each host does the whole upload/validate/swap/reload cycle.
      const p = plan(n, ++runNo, join(root, 'okd'));
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const results = await runDeploy(p, connectOpts);
      times[n] = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const clientCpu = (cpu.user + cpu.system) / 1000;
      const bad = results.filter((r) => r.outcome !== 'deployed');
      if (bad.length) throw new Error(`${bad[0].host}: ${bad[0].outcome} ${bad[0].error ?? ''}`);
      rows.push({ name: `okd-topology deploy, ${n} host(s) x 6 files`, value: times[n], unit: 'ms', note: `client CPU ${clientCpu.toFixed(0)} ms` });
      process.stderr.write(`bench: deploy to ${n} host(s): ${times[n].toFixed(0)} ms\n`);
    }
    const ratio = times[20] / times[1];
    rows.push({ name: 'deploy 20 hosts / 1 host', value: ratio, unit: 'x', goal: '<= 2x', ok: ratio <= 2 });
    // What the machine allows: every sshd here shares the same CPUs, so even OpenSSH's own client running
    // one `true` per host does not scale for free. Printed for context next to the ratio above.
    const sshTrue = async (n: number): Promise<number> => {
      const t0 = performance.now();
      await Promise.all(servers.slice(0, n).map((srv) => new Promise<void>((resolve, reject) => {
        execFile('ssh', ['-i', client.key, '-o', `UserKnownHostsFile=${kh}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-p', String(srv.port), 'root@127.0.0.1', 'true'],
          (err) => (err ? reject(err) : resolve()));
      })));
      return performance.now() - t0;
    };
    const one = await sshTrue(1);
    const twenty = await sshTrue(20);
    rows.push({ name: 'baseline: OpenSSH `ssh host true`, 20 hosts / 1 host', value: twenty / one, unit: 'x', note: `${one.toFixed(0)} ms vs ${twenty.toFixed(0)} ms, ${cpus().length} CPU(s) shared by all sshd` });

    // Ansible takes minutes here; OKD_BENCH_SKIP_ANSIBLE=1 gives a quick run of the deploy rows only.
    const skip = !existsSync('/usr/bin/ansible-playbook') ? 'n/a (ansible not installed)' : process.env.OKD_BENCH_SKIP_ANSIBLE ? 'skipped (OKD_BENCH_SKIP_ANSIBLE)' : undefined;
    if (skip) {
      for (const n of SIZES) rows.push({ name: `ansible-playbook (export), ${n} host(s)`, value: NaN, unit: '', note: skip });
      return rows;
    }
    const home = mkdtempSync(join(tmpdir(), 'okd-bench-ansible-'));
    for (const n of SIZES) {
      const exp = exportAnsible(plan(n, ++runNo, join(root, 'ansible')), {
        privateKeyFile: client.key, sshCommonArgs: `-o UserKnownHostsFile=${kh} -o StrictHostKeyChecking=yes`,
      });
      const dir = mkdtempSync(join(tmpdir(), 'okd-bench-export-'));
      writeExport(dir, exp.files);
      const t0 = performance.now();
      const r = runPlaybook(dir, home);
      const ms = performance.now() - t0;
      if (r.code !== 0) throw new Error(`ansible-playbook failed: ${r.out.slice(-500)}`);
      rows.push({ name: `ansible-playbook (export), ${n} host(s) x 6 files`, value: ms, unit: 'ms', note: `${(ms / times[n]).toFixed(1)}x okd-topology` });
      process.stderr.write(`bench: ansible-playbook on ${n} host(s): ${ms.toFixed(0)} ms\n`);
      rmSync(dir, { recursive: true, force: true });
    }
    rmSync(root, { recursive: true, force: true });
    return rows;
  } finally {
    for (const s of servers) await s.destroy();
  }
}
