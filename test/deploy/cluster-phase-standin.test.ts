// The cluster phase installs MetalLB before its objects (issue 16), against the real sshd, with `kubectl`, `oc`
// and `helm` as RECORDED STAND-INS (test/deploy/kube-standin.ts: the real tools need a cluster, which cannot
// run here). Per seed's version: the exact commands in order, the waits, what a second run and a version
// change do, and that every failure leaves MetalLB's objects unapplied and says which step failed and why.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployCommand } from '../../src/cli/deploy';
import { analyze } from '../../src/core/analyze';
import type { DeployEvent, HostResult } from '../../src/core/deploy/events';
import { buildDeployPlan, type DeployPlan } from '../../src/core/deploy/plan';
import { renderAll } from '../../src/core/render/index';
import { builtinTemplates } from '../render/helpers';
import { runDeploy, type DeployRunOptions } from '../../src/ssh/deploy';
import { K3S_HELM_CALLS, KubeStandIn, PROBE } from './kube-standin';
import { makeClientKeys, Sshd, testRunOptions, type ClientKeys } from './sshd';

const ROOT = join(__dirname, '..', '..');
const example = (name: string): string => readFileSync(join(ROOT, 'examples', name, 'cluster.okd.yaml'), 'utf8');
const K3S = example('k3s-metallb');
const UPI = example('okd-upi-lab');
/** Seed 004's and the plain-kubernetes cases: the k3s example on kubernetes, MetalLB from its manifests. */
const kube = (version: string): string =>
  K3S.replace('platform: k3s', 'platform: kubernetes').replace('metallbVersion: v0.14.8', `metallbVersion: ${version}`);
const okd = (version: string): string => UPI.replace('metallbVersion: v0.13.7', `metallbVersion: ${version}`);
const templates = builtinTemplates();

/** Whether the process ends within ms. */
async function gone(pid: number, ms: number): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
  }
  return false;
}

describe('cluster phase: MetalLB installed before its objects (real sshd, kubectl/oc/helm stand-ins)', function () {
  this.timeout(30000);
  let client: ClientKeys;
  let sshd: Sshd;
  let kh: string;
  let k: KubeStandIn;

  before(async () => {
    client = makeClientKeys();
    sshd = new Sshd(client);
    sshd.binDir = join(sshd.dir, 'bin');
    k = new KubeStandIn(sshd.binDir, sshd.dir);
    await sshd.start();
    kh = join(client.dir, 'kh');
    writeFileSync(kh, sshd.knownHostsLine() + '\n');
  });
  after(async () => {
    await sshd?.destroy();
    if (client) rmSync(client.dir, { recursive: true, force: true });
  });
  beforeEach(() => k.reset());

  /** The topology rendered, its cluster files planned for the kube API host (reached at the test sshd). */
  const planOf = (yaml: string, only?: (f: { service: string }) => boolean): DeployPlan => {
    const a = analyze(yaml);
    const t = a.topology!;
    const kubeHost = t.services.kubeApi!.hosts[0];
    const h = t.hosts.find((x) => x.name === kubeHost)!;
    h.ssh = { host: '127.0.0.1', user: 'root', port: sshd.port, path: [...h.path, 'ssh'] };
    const r = renderAll(t, templates, { problems: a.problems });
    assert.deepEqual(r.errors, []);
    const files = r.files.filter((f) => f.target === 'cluster' && (!only || only(f)));
    const { plan, errors } = buildDeployPlan(files, t, { remoteRoot: sshd.root, hosts: [kubeHost], phase: 'cluster' });
    assert.deepEqual(errors, []);
    return plan;
  };
  const metallbOnly = (f: { service: string }): boolean => f.service === 'metallb';

  interface Run {
    res: HostResult;
    events: (DeployEvent & { at: number })[];
    log: string[];
  }
  const deploy = async (plan: DeployPlan, extra: Partial<DeployRunOptions> = {}): Promise<Run> => {
    const events: Run['events'] = [];
    const log: string[] = [];
    const [res] = await runDeploy(
      plan,
      testRunOptions(client, kh, {
        onEvent: (e) => events.push({ ...e, at: Date.now() }),
        log: (l) => log.push(l),
        ...extra,
      }),
    );
    return { res, events, log };
  };
  const progress = (r: Run): string[] =>
    r.events
      .filter((e) => e.phase === 'metallb')
      .map((e) => e.message.replace(/ready after \d+ s$/, 'ready after N s'));
  const poolsApplied = (): boolean => k.calls().some((c) => / apply -f -$/.test(c));

  it('seed 004 (v0.8.3, kubernetes): google/metallb manifest, both waits, then the ConfigMap; a second run installs nothing and says so', async () => {
    const plan = planOf(kube('v0.8.3'), metallbOnly);
    // Each rollout reports progress twice (0.3 s apart) before it is done: the progress arrives as events while it waits.
    k.set('wait-steps', '2');
    const first = await deploy(plan);
    assert.equal(first.res.outcome, 'deployed', first.res.error);
    assert.deepEqual(k.calls(), [
      `kubectl ${PROBE}`,
      'kubectl apply -f https://raw.githubusercontent.com/google/metallb/v0.8.3/manifests/metallb.yaml',
      'kubectl rollout status -n metallb-system deployment/controller --timeout=300s',
      'kubectl rollout status -n metallb-system daemonset/speaker --timeout=300s',
      'kubectl apply --dry-run=server -f -',
      'kubectl apply -f -',
    ]);
    assert.match(k.stdin(), /== kubectl apply -f -\n[\s\S]*kind: ConfigMap[\s\S]*10\.0\.0\.100-10\.0\.0\.200/);
    assert.deepEqual(progress(first), [
      'asking the cluster which MetalLB is installed',
      'MetalLB is not installed: manifests, 3 step(s)',
      'apply MetalLB v0.8.3 (namespace included) from https://raw.githubusercontent.com/google/metallb/v0.8.3/manifests/metallb.yaml',
      'wait until deployment/controller is rolled out (at most 330 s)',
      'wait-controller: Waiting for deployment/controller rollout to finish: 0 of 2 updated pods are available...',
      'wait-controller: Waiting for deployment/controller rollout to finish: 1 of 2 updated pods are available...',
      'wait until deployment/controller is rolled out: ready after N s',
      'wait until daemonset/speaker runs on every node (at most 330 s)',
      'wait-speaker: Waiting for daemonset/speaker rollout to finish: 0 of 2 updated pods are available...',
      'wait-speaker: Waiting for daemonset/speaker rollout to finish: 1 of 2 updated pods are available...',
      'wait until daemonset/speaker runs on every node: ready after N s',
    ]);
    assert.deepEqual(first.res.notes, ['MetalLB v0.8.3 installed (manifests)']);
    const when = (m: RegExp) => first.events.find((e) => m.test(e.message))!.at;
    // The stand-in prints its first progress line 0.6 s before it ends.
    assert.ok(
      when(/^wait-speaker: .*0 of 2/) <= when(/^wait until daemonset\/speaker .*: ready/) - 200,
      'progress arrives while the rollout runs, not at its end',
    );

    k.reset();
    k.installed('v0.8.3');
    const again = await deploy(plan);
    assert.equal(again.res.outcome, 'deployed', again.res.error);
    assert.deepEqual(k.calls(), [`kubectl ${PROBE}`, 'kubectl apply --dry-run=server -f -', 'kubectl apply -f -']);
    assert.deepEqual(again.res.notes, ['MetalLB: MetalLB v0.8.3 is already installed; nothing to install']);
  });

  it('seed 000 (v0.9.x on OKD): machine configs first, then namespace, manifests, a memberlist key never shown, SCCs, waits, pools last', async () => {
    const plan = planOf(okd('v0.9.6'));
    const kc = `--kubeconfig ${sshd.root}/home/okd/installer/auth/kubeconfig`;
    const run = await deploy(plan);
    assert.equal(run.res.outcome, 'deployed', run.res.error);
    const base = 'https://raw.githubusercontent.com/metallb/metallb/v0.9.6/manifests';
    const mc = (dry: boolean) =>
      Array.from({ length: 4 }, () => `oc ${kc} apply${dry ? ' --dry-run=server' : ''} -f -`);
    assert.deepEqual(k.calls(), [
      ...mc(true),
      `oc ${kc} ${PROBE}`,
      ...mc(false),
      `oc ${kc} apply -f ${base}/namespace.yaml`,
      `oc ${kc} apply -f ${base}/metallb.yaml`,
      `oc ${kc} get secret memberlist -n metallb-system`,
      `oc ${kc} create secret generic memberlist -n metallb-system --from-file=secretkey=/dev/stdin`,
      `oc ${kc} adm policy add-scc-to-user privileged -n metallb-system -z speaker`,
      `oc ${kc} adm policy add-scc-to-user nonroot -n metallb-system -z controller`,
      `oc ${kc} rollout status -n metallb-system deployment/controller --timeout=300s`,
      `oc ${kc} rollout status -n metallb-system daemonset/speaker --timeout=300s`,
      `oc ${kc} apply --dry-run=server -f -`,
      `oc ${kc} apply -f -`,
    ]);
    // The key came from openssl through the pipe (base64 of 128 bytes, newline removed) and appears nowhere we show.
    const key = k.read('secret')!;
    assert.match(key, /^[A-Za-z0-9+/]{171}=$/);
    const shown = JSON.stringify([run.log, run.events, run.res]);
    assert.ok(!shown.includes(key.slice(0, 40)), 'the memberlist key is never in the transcript, events or result');
    assert.ok(
      run.log.some((l) => l.includes('openssl rand -base64 128 |')),
      'the command itself is in the transcript',
    );
  });

  it('v0.9.x: a failing memberlist step shows only its exit status, never what the tool echoed; the pools stay unapplied', async () => {
    k.set('noisy-secret');
    const run = await deploy(planOf(okd('v0.9.6'), metallbOnly));
    assert.equal(run.res.outcome, 'failed');
    assert.match(
      run.res.error!,
      /^MetalLB step "memberlist" \(create Secret metallb-system\/memberlist with a random key \(once\)\) failed \(exit 1; its output is not shown: it may hold the secret\): could not create the memberlist secret/,
    );
    assert.match(run.res.error!, /MetalLB's objects \(pools, advertisements\) were not applied/);
    const echoed = /== oc .*create secret[^\n]*\n(.*)/.exec(k.stdin())![1];
    assert.ok(echoed.length > 100);
    assert.ok(
      !JSON.stringify([run.log, run.events, run.res]).includes(echoed.slice(0, 40)),
      'what the tool echoed is not shown',
    );
    assert.ok(!poolsApplied());
  });

  it('upgrade within the ConfigMap era (v0.9.6 → v0.12.1): same steps in order, the existing memberlist secret kept', async () => {
    k.installed('v0.9.6');
    k.set('secret', 'kept-key');
    const run = await deploy(planOf(okd('v0.12.1'), metallbOnly));
    assert.equal(run.res.outcome, 'deployed', run.res.error);
    const calls = k.calls().map((c) => c.replace(/ --kubeconfig \S+/, ''));
    assert.ok(!calls.some((c) => c.includes('create secret')), 'the secret is created once only');
    assert.deepEqual(calls.slice(0, 4), [
      `oc ${PROBE}`,
      'oc apply -f https://raw.githubusercontent.com/metallb/metallb/v0.12.1/manifests/namespace.yaml',
      'oc apply -f https://raw.githubusercontent.com/metallb/metallb/v0.12.1/manifests/metallb.yaml',
      'oc get secret memberlist -n metallb-system',
    ]);
    assert.equal(k.read('secret'), 'kept-key');
    assert.ok(
      progress(run).includes(
        'create Secret metallb-system/memberlist with a random key (once): already there, skipped',
      ),
    );
    assert.ok(progress(run).includes('upgrading MetalLB v0.9.6 to v0.12.1: manifests, 7 step(s)'));
    assert.deepEqual(run.res.notes, ['MetalLB v0.12.1 installed over v0.9.6 (manifests)']);
  });

  it('v0.13+ (kubernetes): the native manifest, the waits, then the IPAddressPool and advertisement', async () => {
    const run = await deploy(planOf(kube('v0.14.8'), metallbOnly));
    assert.equal(run.res.outcome, 'deployed', run.res.error);
    assert.deepEqual(k.calls(), [
      `kubectl ${PROBE}`,
      'kubectl apply -f https://raw.githubusercontent.com/metallb/metallb/v0.14.8/config/manifests/metallb-native.yaml',
      'kubectl rollout status -n metallb-system deployment/controller --timeout=300s',
      'kubectl rollout status -n metallb-system daemonset/speaker --timeout=300s',
      'kubectl apply --dry-run=server -f -',
      'kubectl apply -f -',
    ]);
    assert.match(k.stdin(), /== kubectl apply -f -\n[\s\S]*kind: IPAddressPool[\s\S]*kind: L2Advertisement/);
  });

  it('upgrade v0.13.7 → v0.14.8 applies the new manifest; a downgrade or a jump across v0.13 is refused before anything is applied', async () => {
    k.installed('v0.13.7');
    const up = await deploy(planOf(kube('v0.14.8'), metallbOnly));
    assert.equal(up.res.outcome, 'deployed', up.res.error);
    assert.equal(
      k.calls()[1],
      'kubectl apply -f https://raw.githubusercontent.com/metallb/metallb/v0.14.8/config/manifests/metallb-native.yaml',
    );
    assert.deepEqual(up.res.notes, ['MetalLB v0.14.8 installed over v0.13.7 (manifests)']);

    k.reset();
    k.installed('v0.14.8');
    const down = await deploy(planOf(kube('v0.13.7'), metallbOnly));
    assert.equal(down.res.outcome, 'failed');
    assert.match(
      down.res.error!,
      /^MetalLB: MetalLB v0\.14\.8 is installed, newer than v0\.13\.7; downgrades are not supported by MetalLB\. .*Nothing was installed; MetalLB's objects \(pools, advertisements\) were not applied/,
    );
    assert.deepEqual(k.calls(), [`kubectl ${PROBE}`]);

    k.reset();
    k.installed('v0.12.1');
    const across = await deploy(planOf(kube('v0.14.8'), metallbOnly));
    assert.equal(across.res.outcome, 'failed');
    assert.match(across.res.error!, /ConfigMap.*configmaptocrs/);
    assert.deepEqual(k.calls(), [`kubectl ${PROBE}`]);
  });

  it('seed 003 (k3s, Helm): servicelb checked off, repo added, chart installed with the rendered values on stdin, waits, pools', async () => {
    const plan = planOf(K3S, metallbOnly);
    const run = await deploy(plan);
    assert.equal(run.res.outcome, 'deployed', run.res.error);
    assert.deepEqual(k.calls(), K3S_HELM_CALLS);
    const values = plan.hosts[0].metallb!.inputs['metallb/values.yaml'];
    assert.match(values, /speaker:\n {2}frr:\n {4}enabled: false/);
    assert.ok(
      k
        .stdin()
        .includes(
          `== helm upgrade --install metallb metallb/metallb --namespace metallb-system --create-namespace --version 0.14.8 -f -\n${values.replace(/\n+$/, '')}\n`,
        ),
    );
  });

  it('seed 003: k3s still running servicelb stops before anything is installed, and says what to do', async () => {
    k.set('svclb', 'daemonset.apps/svclb-traefik-1a2b3c4d\n');
    const run = await deploy(planOf(K3S, metallbOnly));
    assert.equal(run.res.outcome, 'failed');
    assert.match(
      run.res.error!,
      /^MetalLB step "servicelb-off" \(check that k3s runs without servicelb \(Klipper\)\) failed \(exit 1\): k3s still runs servicelb .*restart k3s/,
    );
    assert.deepEqual(k.calls(), [
      `kubectl ${PROBE}`,
      'kubectl get daemonsets -n kube-system -l svccontroller.k3s.cattle.io/svcname -o name',
    ]);
  });

  it('a wait that times out (speakers) stops the phase: the step, its time limit and the reason; the pools are never sent', async () => {
    k.set('wait-fail', 'daemonset/speaker\n');
    const run = await deploy(planOf(kube('v0.14.8'), metallbOnly));
    assert.equal(run.res.outcome, 'failed');
    assert.match(
      run.res.error!,
      /^MetalLB step "wait-speaker" \(wait until daemonset\/speaker runs on every node\) failed \(exit 1: [\s\S]*timed out waiting for the condition\): the MetalLB speakers did not become ready within 300 s/,
    );
    assert.equal(k.calls().at(-1), 'kubectl rollout status -n metallb-system daemonset/speaker --timeout=300s');
    assert.ok(!k.calls().some((c) => c.includes('-f -')), 'no dry run and no apply of the pools');
  });

  it("a wait that never answers is stopped at the step's own limit (set to 1 s here), pools unapplied", async () => {
    k.set('wait-hang', 'deployment/controller\n');
    const plan = planOf(kube('v0.14.8'), metallbOnly);
    plan.hosts[0].metallb!.plan.install.find((s) => s.id === 'wait-controller')!.timeout = 1;
    const t0 = Date.now();
    const run = await deploy(plan);
    assert.ok(Date.now() - t0 < 15000, "not the stand-in's 30 s");
    assert.equal(run.res.outcome, 'failed');
    assert.match(
      run.res.error!,
      /^MetalLB step "wait-controller" .* did not finish within 1 s: the MetalLB controller did not become ready/,
    );
    assert.ok(!poolsApplied());
    // The hung command was killed on the host, not left running after the deploy ended.
    const pid = Number(k.read('hang-pid'));
    assert.ok(pid > 1);
    assert.ok(await gone(pid, 3000), `process ${pid} (the stand-in's hung rollout) still runs on the host`);
  });

  it('deploy --dry-run asks the cluster and says what the phase would do, changing nothing', async () => {
    const plan = planOf(kube('v0.14.8'), metallbOnly);
    const fresh = await deploy(plan, { dryRun: true });
    assert.deepEqual(fresh.res.notes, [
      'MetalLB: would install v0.14.8 (manifests, 3 step(s)), then apply its objects',
    ]);
    k.installed('v0.14.8');
    const same = await deploy(plan, { dryRun: true });
    assert.deepEqual(same.res.notes, ['MetalLB: MetalLB v0.14.8 is already installed; nothing to install']);
    assert.deepEqual(k.calls(), [`kubectl ${PROBE}`, `kubectl ${PROBE}`]);
  });

  it('the CLI: deploy --phase cluster --dry-run prints the MetalLB section of the plan and what the cluster phase would do', async () => {
    const home = mkdtempSync(join(tmpdir(), 'okd-home-'));
    const saved = { HOME: process.env.HOME, SSH_AUTH_SOCK: process.env.SSH_AUTH_SOCK };
    try {
      mkdirSync(join(home, '.ssh'), { mode: 0o700 });
      copyFileSync(client.key, join(home, '.ssh', 'id_ed25519'));
      writeFileSync(join(home, '.ssh', 'known_hosts'), `${sshd.knownHostsLine()}\n`);
      process.env.HOME = home;
      delete process.env.SSH_AUTH_SOCK;
      const topo = join(home, 'cluster.okd.yaml');
      writeFileSync(
        topo,
        K3S.replace(
          '  - name: server-0\n    role: master\n',
          `  - name: server-0\n    role: master\n    ssh: { host: 127.0.0.1, port: ${sshd.port}, user: root }\n`,
        ),
      );
      let out = '';
      let err = '';
      const code = await deployCommand(
        [topo, '--phase', 'cluster', '--dry-run', '--host', 'server-0', '--remote-root', join(sshd.root, 'cli')],
        { out: (x) => (out += x), err: (x) => (err += x) },
      );
      assert.equal(code, 0, out + err);
      assert.match(
        out,
        /MetalLB v0\.14\.8 by helm, installed before its objects unless the cluster already runs this version \(asked with kubectl\):/,
      );
      assert.match(out, /from: https:\/\/metallb\.github\.io\/metallb/);
      assert.match(
        out,
        /wait wait-speaker: wait until daemonset\/metallb-speaker runs on every node\n.*--timeout=300s {2}\(at most 330 s\)\n {2}kubectl apply -f metallb\/metallb\.yaml, after a server-side dry run/,
      );
      assert.match(out, /note: MetalLB: would install v0\.14\.8 \(helm, 4 step\(s\)\), then apply its objects/);
      assert.deepEqual(k.calls(), [`kubectl ${PROBE}`], 'a dry run only asks');
    } finally {
      process.env.HOME = saved.HOME;
      if (saved.SSH_AUTH_SOCK !== undefined) process.env.SSH_AUTH_SOCK = saved.SSH_AUTH_SOCK;
      rmSync(home, { recursive: true, force: true });
    }
  });
});
