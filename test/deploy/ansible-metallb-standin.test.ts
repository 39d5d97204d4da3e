// The Ansible export's cluster phase run by Debian's ansible-playbook against the real sshd, with `kubectl` and
// `helm` as RECORDED STAND-INS (test/deploy/kube-standin.ts; the real tools need a cluster): the same commands
// in the same order as deploy, nothing installed on a second run, a downgrade refused before anything runs.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../src/core/analyze';
import { exportAnsible } from '../../src/core/deploy/ansible';
import { buildDeployPlan } from '../../src/core/deploy/plan';
import { renderAll } from '../../src/core/render/index';
import { builtinTemplates } from '../render/helpers';
import { runPlaybook, writeExport } from './ansible-run';
import { K3S_HELM_CALLS, KubeStandIn, PROBE } from './kube-standin';
import { makeClientKeys, requireTool, Sshd, type ClientKeys } from './sshd';

const ROOT = join(__dirname, '..', '..');
const K3S = readFileSync(join(ROOT, 'examples', 'k3s-metallb', 'cluster.okd.yaml'), 'utf8');

describe('Ansible export: MetalLB installed before its objects (kubectl/helm stand-ins)', function () {
  this.timeout(120000);
  let client: ClientKeys;
  let sshd: Sshd;
  let k: KubeStandIn;
  let home: string;
  const exports: string[] = [];

  before(async () => {
    requireTool('/usr/bin/ansible-playbook', 'ansible');
    client = makeClientKeys();
    sshd = new Sshd(client);
    sshd.binDir = join(sshd.dir, 'bin');
    k = new KubeStandIn(sshd.binDir, sshd.dir);
    await sshd.start();
    writeFileSync(join(client.dir, 'known_hosts'), `${sshd.knownHostsLine()}\n`);
    home = mkdtempSync(join(tmpdir(), 'okd-ansible-home-'));
  });
  after(async () => {
    await sshd?.destroy();
    for (const d of [home, client?.dir, ...exports]) if (d) rmSync(d, { recursive: true, force: true });
  });
  beforeEach(() => k.reset());

  const exportOf = (yaml: string): string => {
    const a = analyze(yaml);
    const t = a.topology!;
    const h = t.hosts.find((x) => x.name === 'server-0')!;
    h.ssh = { host: '127.0.0.1', user: 'root', port: sshd.port, path: [...h.path, 'ssh'] };
    const files = renderAll(t, builtinTemplates(), { problems: a.problems }).files.filter(
      (f) => f.target === 'cluster',
    );
    const { plan, errors } = buildDeployPlan(files, t, {
      remoteRoot: sshd.root,
      hosts: ['server-0'],
      phase: 'cluster',
    });
    assert.deepEqual(errors, []);
    const exp = exportAnsible(plan, {
      privateKeyFile: client.key,
      sshCommonArgs: `-o UserKnownHostsFile=${join(client.dir, 'known_hosts')} -o StrictHostKeyChecking=yes`,
    });
    assert.deepEqual(exp.errors, []);
    const dir = mkdtempSync(join(tmpdir(), 'okd-ansible-'));
    exports.push(dir);
    writeExport(dir, exp.files);
    return dir;
  };

  it('seed 003 (k3s, Helm): the same commands in the same order as deploy; a second run installs nothing', () => {
    const dir = exportOf(K3S);
    const run = runPlaybook(dir, home, ['cluster']);
    assert.equal(run.code, 0, run.out);
    assert.deepEqual(k.calls(), K3S_HELM_CALLS);
    assert.match(k.stdin(), /== helm upgrade [^\n]*\n[\s\S]*speaker:\n {2}frr:\n {4}enabled: false/);

    k.reset();
    k.installed('v0.14.8');
    const again = runPlaybook(dir, home, ['cluster']);
    assert.equal(again.code, 0, again.out);
    assert.deepEqual(k.calls(), [`kubectl ${PROBE}`, 'kubectl apply --dry-run=server -f -', 'kubectl apply -f -']);
  });

  it('a downgrade fails the play after the probe: nothing installed, the pools unapplied', () => {
    k.installed('v0.14.8');
    const run = runPlaybook(exportOf(K3S.replace('metallbVersion: v0.14.8', 'metallbVersion: v0.13.7')), home, [
      'cluster',
    ]);
    assert.notEqual(run.code, 0);
    assert.match(run.out, /MetalLB 0\.14\.8 is installed; v0\.13\.7 cannot be installed over it/);
    assert.deepEqual(k.calls(), [`kubectl ${PROBE}`]);
  });
});
