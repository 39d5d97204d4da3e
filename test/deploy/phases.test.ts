// Deploy phases without a host: the plan of each phase for the okd-the-hard-way lab (examples/okd-upi-lab),
// the CLI's --phase errors, and the Ansible export's one play per phase (checked by ansible-playbook itself).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployCommand, parseDeployArgs } from '../../src/cli/deploy';
import { exportAnsibleCommand } from '../../src/cli/export-ansible';
import { loadDeployInput } from '../../src/cli/deploy-input';
import { formatPlan } from '../../src/core/deploy/format';
import { installByHand, installerSteps } from '../../src/core/deploy/install';
import { installerDir, phaseCommand } from '../../src/core/deploy/phases';
import { buildDeployPlan, type PlanOptions } from '../../src/core/deploy/plan';
import { requireTool } from './sshd';

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'okd-upi-lab', 'cluster.okd.yaml');

describe('deploy phases: plans, CLI arguments, Ansible tags', function () {
  this.timeout(60000);
  let work: string;
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'okd-phases-unit-'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  const lab = (edit: (t: string) => string = (t) => t): string => {
    const f = join(work, `lab-${Math.random().toString(36).slice(2)}.okd.yaml`);
    writeFileSync(f, edit(readFileSync(EXAMPLE, 'utf8')));
    return f;
  };
  const noKubeApi = (t: string): string => t.replace('  kubeApi: { host: services, tool: oc }\n', '');
  const plan = async (file: string, opts: PlanOptions) => {
    const input = await loadDeployInput(file);
    assert.ok(!('error' in input), JSON.stringify(input));
    return buildDeployPlan(input.files, input.topology, { source: 'cluster.okd.yaml', ...opts });
  };

  it('hosts (default): every host with files, no manifest; install, post-bootstrap and cluster pending with what they need', async () => {
    const { plan: p, errors } = await plan(lab(noKubeApi), {});
    assert.deepEqual(errors, [], 'no refusal for the missing kubeApi');
    assert.equal(p.phase, 'hosts');
    assert.ok(p.hosts.every((h) => h.applies.length === 0));
    assert.ok(
      p.hosts.some(
        (h) =>
          h.host.name === 'services' && h.files.some((f) => f.remotePath === '/etc/haproxy/haproxy-no-bootstrap.cfg'),
      ),
    );
    assert.deepEqual(
      p.pending.map((x) => [x.phase, x.command]),
      [
        ['install', 'okd-topology deploy cluster.okd.yaml --phase install'],
        ['post-bootstrap', 'okd-topology deploy cluster.okd.yaml --phase post-bootstrap'],
        ['cluster', 'okd-topology deploy cluster.okd.yaml --phase cluster'],
      ],
    );
    assert.deepEqual(p.pending[2].needs[0], 'services.kubeApi (the host that runs oc)');
    assert.match(
      p.pending[1].needs[0],
      /bootstrap to be complete \(openshift-install wait-for bootstrap-complete --dir \/home\/okd\/installer\)/,
    );
  });

  it('install: the installer folder from cluster.kubeconfig (else /root/okd-installer), its steps in order, the .ign under the HTTP root', async () => {
    const { plan: p, errors } = await plan(
      lab((t) =>
        t.replace('    networkType: OVNKubernetes\n', '    networkType: OVNKubernetes\n    clusterNetworkMTU: 1400\n'),
      ),
      { phase: 'install' },
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(p.hosts, []);
    const ip = p.install!;
    assert.equal(ip.host.name, 'services');
    assert.equal(ip.dir, '/home/okd/installer');
    assert.deepEqual(ip.ignition, { dir: '/var/www/html/okd/ignitions' });
    assert.deepEqual(
      installerSteps(ip).map((s) => s.id),
      ['manifests', 'manifest', 'ignition-configs', 'publish'],
    );
    assert.equal(installerSteps(ip)[1].title, '/home/okd/installer/manifests/cluster-network-03-config.yml');
    assert.equal(installByHand(ip)[0], 'openshift-install create manifests --dir /home/okd/installer');
    assert.deepEqual(
      p.pending.map((x) => x.phase),
      ['post-bootstrap', 'cluster'],
    );
    assert.match(
      formatPlan(p),
      /Deploy plan, phase install: 0 host\(s\)[\s\S]*\/home\/okd\/installer\/install-config\.yaml {2}\[install\] 0600/,
    );
    const noKc = await plan(
      lab((t) => t.replace('  kubeconfig: /home/okd/installer/auth/kubeconfig\n', '')),
      { phase: 'install', remoteRoot: '/stage' },
    );
    assert.equal(noKc.plan.install!.dir, '/stage/root/okd-installer');
    assert.equal(
      installerDir({ cluster: { kubeconfig: '/x/kubeconfig' } } as never),
      '/root/okd-installer',
      'a kubeconfig not under auth/ names no installer folder',
    );
  });

  it('install refuses clearly where it cannot run: k3s has no install-config; hostile paths stay quoted', async () => {
    const k3s = await plan(join(__dirname, '..', '..', 'examples', 'k3s-metallb', 'cluster.okd.yaml'), {
      phase: 'install',
    });
    assert.deepEqual(k3s.errors, [
      'the install phase is for okd-upi and okd-ipi: this topology renders no install-config.yaml',
    ]);
    assert.equal(
      phaseCommand("my lab's.okd.yaml", 'cluster'),
      `okd-topology deploy 'my lab'\\''s.okd.yaml' --phase cluster`,
    );
  });

  it("post-bootstrap: only haproxy.cfg, with the no-bootstrap content and haproxy.cfg's own validate, reload and checks", async () => {
    const { plan: p, errors } = await plan(lab(), { phase: 'post-bootstrap' });
    assert.deepEqual(errors, []);
    assert.equal(p.hosts.length, 1);
    const [f] = p.hosts[0].files;
    assert.equal(p.hosts[0].files.length, 1);
    assert.equal(f.remotePath, '/etc/haproxy/haproxy.cfg');
    assert.doesNotMatch(f.file.content, /192\.168\.200\.10:/);
    assert.deepEqual(f.validateTemplate, ['haproxy', '-c', '-f', '{file}']);
    assert.deepEqual(
      p.hosts[0].services.map((s) => s.reload),
      [['systemctl', 'reload', 'haproxy']],
    );
    assert.deepEqual(
      p.pending.map((x) => x.phase),
      ['cluster'],
    );
  });

  it('cluster: only the kubeApi host, only manifests; without kubeApi the cluster phase (and only it) says what is missing', async () => {
    const { plan: p, errors } = await plan(lab(), { phase: 'cluster' });
    assert.deepEqual(errors, []);
    assert.deepEqual(
      p.hosts.map((h) => [h.host.name, h.files.length, h.applies.length]),
      [['services', 0, 5]],
    );
    assert.deepEqual(p.pending, []);
    // Its plan says how manifests go, not how host files would.
    const text = formatPlan(p);
    assert.match(text, /Each manifest is dry-run on the server before any is applied/);
    assert.doesNotMatch(text, /upload beside the target/);
    const missing = await plan(lab(noKubeApi), { phase: 'cluster' });
    assert.equal(missing.errors.length, 5);
    assert.match(missing.errors[0], /the cluster phase needs services\.kubeApi to name the host that runs oc/);
  });

  it('CLI: --phase takes a phase name; anything else is a usage error (exit 2) naming the phases', async () => {
    assert.equal((parseDeployArgs(['f.okd.yaml', '--phase', 'cluster']) as { phase: string }).phase, 'cluster');
    assert.equal(
      (parseDeployArgs(['f.okd.yaml', '--phase=post-bootstrap']) as { phase: string }).phase,
      'post-bootstrap',
    );
    assert.equal((parseDeployArgs(['f.okd.yaml']) as { phase: string }).phase, 'hosts');
    assert.equal(
      parseDeployArgs(['f.okd.yaml', '--phase', 'day2']),
      '--phase "day2" is not a phase; use one of hosts, install, post-bootstrap, cluster',
    );
    assert.equal(
      parseDeployArgs(['f.okd.yaml', '--phase']),
      '--phase needs a value (hosts|install|post-bootstrap|cluster)',
    );
    let err = '';
    const code = await deployCommand([lab(), '--phase', 'bogus'], { out: () => undefined, err: (s) => (err += s) });
    assert.equal(code, 2);
    assert.match(
      err,
      /^okd-topology deploy: --phase "bogus" is not a phase; use one of hosts, install, post-bootstrap, cluster\nusage: okd-topology deploy FILE \[--phase hosts\|install\|post-bootstrap\|cluster\]/,
    );
    // A phase that cannot run says why, as a usage error, before anything connects.
    err = '';
    assert.equal(
      await deployCommand([lab(noKubeApi), '--phase', 'cluster', '--dry-run'], {
        out: () => undefined,
        err: (s) => (err += s),
      }),
      2,
    );
    assert.match(err, /the cluster phase cannot run:\n {2}machineconfigs\/.*needs services\.kubeApi/);
    // The install phase's secrets are checked before anything connects, in a dry run too.
    err = '';
    const noSecrets = lab((t) =>
      t.replace('  sshKeyFile: ~/.ssh/okd.pub\n', '').replace('  pullSecretFile: ~/pull-secret-cluster.txt\n', ''),
    );
    assert.equal(
      await deployCommand([noSecrets, '--phase', 'install', '--dry-run'], {
        out: () => undefined,
        err: (s) => (err += s),
      }),
      2,
    );
    assert.equal(
      err,
      'okd-topology deploy: --phase install needs: pullSecret (set cluster.pullSecretFile); sshKey (set cluster.sshKeyFile)\n',
    );
  });

  it('export-ansible: one play per host and phase, tagged; later phases only by tag; no rescue in the cluster play; ansible-playbook accepts it', async () => {
    requireTool('/usr/bin/ansible-playbook', 'ansible');
    const out = join(work, 'export');
    let err = '';
    const noKube = await exportAnsibleCommand([lab(noKubeApi), '--out', join(work, 'export-nokube')], {
      out: () => undefined,
      err: (s) => (err += s),
    });
    assert.equal(noKube, 0, err);
    assert.match(
      readFileSync(join(work, 'export-nokube', 'site.yml'), 'utf8'),
      /# {3}cluster: 5 cluster manifest\(s\).*\(not exported; run: okd-topology deploy \S+ --phase cluster\)\n# {7}needs services\.kubeApi/,
    );
    err = '';
    assert.equal(
      await exportAnsibleCommand([lab(), '--out', out], { out: () => undefined, err: (s) => (err += s) }),
      0,
      err,
    );
    assert.match(err, /later phases by tag: --tags install, --tags post-bootstrap, --tags cluster/);
    const site = readFileSync(join(out, 'site.yml'), 'utf8');
    const plays = site.split('\n- name: ').slice(1);
    const tagOf = (p: string): string => /\n {2}tags: \[([^\]]*)\]/.exec(p)![1];
    assert.ok(plays.filter((p) => tagOf(p) === 'hosts').length >= 2);
    const post = plays.filter((p) => tagOf(p) === 'post-bootstrap, never');
    const cluster = plays.filter((p) => tagOf(p) === 'cluster, never');
    const install = plays.filter((p) => tagOf(p) === 'install, never');
    assert.equal(install.length, 1);
    assert.match(
      install[0],
      /src: "\{\{ okd_install_config \}\}"\n {10}dest: !unsafe "\/home\/okd\/installer\/install-config\.yaml"\n {10}mode: "0600"\n {8}no_log: true/,
    );
    assert.equal(post.length, 1);
    assert.equal(cluster.length, 1);
    assert.match(post[0], /src: !unsafe "@post-bootstrap\/services\/etc\/haproxy\/haproxy\.cfg"/);
    assert.match(post[0], /rescue:/, 'the HAProxy swap restores on failure');
    assert.doesNotMatch(cluster[0], /rescue|restore/, "a manifest failure never restores the hosts' files");
    assert.equal((cluster[0].match(/--dry-run=server/g) ?? []).length, 5);
    assert.ok(
      !plays.filter((p) => tagOf(p) === 'hosts').some((p) => /apply/.test(p)),
      'no manifest in the hosts plays',
    );
    assert.doesNotMatch(
      readFileSync(join(out, 'EXPORT-MANIFEST.json'), 'utf8'),
      /install-config/,
      'install-config (secrets) is never exported',
    );
    const check = spawnSync(
      'ansible-playbook',
      ['--syntax-check', '-i', join(out, 'inventory.yml'), join(out, 'site.yml')],
      { encoding: 'utf8' },
    );
    assert.equal(check.status, 0, check.stdout + check.stderr);
    const tasks = spawnSync(
      'ansible-playbook',
      ['--list-tasks', '-i', join(out, 'inventory.yml'), join(out, 'site.yml')],
      { encoding: 'utf8' },
    );
    assert.equal(tasks.status, 0, tasks.stderr);
    assert.doesNotMatch(tasks.stdout, /apply/, 'a plain run lists no cluster task');
    const clusterOnly = spawnSync(
      'ansible-playbook',
      ['--list-tasks', '--tags', 'cluster', '-i', join(out, 'inventory.yml'), join(out, 'site.yml')],
      { encoding: 'utf8' },
    );
    assert.match(clusterOnly.stdout, /oc apply machineconfigs\/90-master-chrony\.yaml \(server-side dry run\)/);
    assert.doesNotMatch(clusterOnly.stdout, /haproxy\.cfg/);
    const installOnly = spawnSync(
      'ansible-playbook',
      ['--list-tasks', '--tags', 'install', '-i', join(out, 'inventory.yml'), join(out, 'site.yml')],
      { encoding: 'utf8' },
    );
    assert.match(
      installOnly.stdout,
      /openshift-install create manifests --dir \/home\/okd\/installer[\s\S]*openshift-install create ignition-configs[\s\S]*publish master\.ign/,
    );
  });
});
