// The cluster phase as a plan (pure): MetalLB's install rides on the kube API host's plan, its objects go
// last, the plan text names the objects, sources, steps and waits, and the decisions read the probe.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/core/analyze';
import { decideFromProbe, splitManifests, stepCommand, stepFailed } from '../../src/core/deploy/cluster-phase';
import { formatPlan } from '../../src/core/deploy/format';
import { planMetallbInstall } from '../../src/core/deploy/metallb';
import { buildDeployPlan } from '../../src/core/deploy/plan';
import { renderAll } from '../../src/core/render/index';
import { builtinTemplates } from '../render/helpers';

const ROOT = join(__dirname, '..', '..');
const example = (name: string): string => readFileSync(join(ROOT, 'examples', name, 'cluster.okd.yaml'), 'utf8');
const K3S = example('k3s-metallb');
const UPI = example('okd-upi-lab');
const templates = builtinTemplates();
const planned = (yaml: string, keep = (_p: string) => true, remoteRoot?: string) => {
  const a = analyze(yaml);
  const files = renderAll(a.topology!, templates, { problems: a.problems }).files.filter(
    (f) => f.target === 'cluster' && keep(f.path),
  );
  return buildDeployPlan(files, a.topology!, { remoteRoot, phase: 'cluster' });
};

describe('cluster phase plan (MetalLB before its objects)', () => {
  it('the kube API host carries the install plan and the rendered Helm values it feeds to helm', () => {
    const { plan, errors } = planned(K3S);
    assert.deepEqual(errors, []);
    const [hp] = plan.hosts;
    assert.equal(hp.host.name, 'server-0');
    assert.equal(hp.metallb!.plan.method, 'helm');
    assert.match(hp.metallb!.inputs['metallb/values.yaml'], /^# Helm values for the metallb\/metallb chart/m);
  });

  it('Helm without its rendered values is a plan error, not a helm run with empty values', () => {
    const { errors } = planned(K3S, (p) => p !== 'metallb/values.yaml');
    assert.deepEqual(errors, [
      'MetalLB step helm-install reads the rendered metallb/values.yaml, which is not among the rendered files (render again)',
    ]);
  });

  it('the kubeconfig goes under --remote-root for the MetalLB tools as for the applies', () => {
    const { plan } = planned(UPI, () => true, '/srv/stage');
    const m = plan.hosts[0].metallb!.plan;
    assert.deepEqual(m.probe.slice(0, 3), ['oc', '--kubeconfig', '/srv/stage/home/okd/installer/auth/kubeconfig']);
    assert.equal(plan.hosts[0].applies[0].kubeconfig, '/srv/stage/home/okd/installer/auth/kubeconfig');
  });

  it('the plan text: other manifests, then MetalLB (objects, sources, steps, waits with their limits), its objects last', () => {
    const text = formatPlan(planned(UPI.replace('v0.13.7', 'v0.9.6')).plan);
    const lines = text.split('\n');
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    assert.ok(at(/oc apply -f machineconfigs\/90-worker-chrony\.yaml/) < at(/^ {2}MetalLB v0\.9\.6 by manifests/));
    assert.ok(at(/wait wait-speaker/) < at(/oc apply -f metallb\/metallb-config\.yaml/));
    assert.ok(
      lines.includes(
        '    from: https://raw.githubusercontent.com/metallb/metallb/v0.9.6/manifests/namespace.yaml, https://raw.githubusercontent.com/metallb/metallb/v0.9.6/manifests/metallb.yaml',
      ),
    );
    assert.match(
      text,
      /creates: .*Secret metallb-system\/memberlist \(generated on the host, never shown\); SCC grants: privileged to speaker, nonroot to controller/,
    );
    assert.match(
      text,
      /--from-file=secretkey=\/dev\/stdin {2}\(skipped when `oc --kubeconfig \S+ get secret memberlist -n metallb-system` succeeds; output never shown; at most 60 s\)/,
    );
    assert.match(text, /rollout status -n metallb-system daemonset\/speaker --timeout=300s {2}\(at most 330 s\)/);
    const helm = formatPlan(planned(K3S).plan);
    assert.match(helm, /preflight servicelb-off: check that k3s runs without servicelb/);
    assert.match(
      helm,
      /helm upgrade --install metallb metallb\/metallb --namespace metallb-system --create-namespace --version 0\.14\.8 -f - {2}\(metallb\/values\.yaml on stdin; at most 300 s\)/,
    );
  });

  it('MetalLB objects are split out and applied last, whatever the render order', () => {
    const f = (service: string, path: string) => ({ file: { service, path } });
    const { first, last } = splitManifests([f('metallb', 'm'), f('machineconfig', 'a'), f('network', 'b')]);
    assert.deepEqual(
      first.map((x) => x.file.path),
      ['a', 'b'],
    );
    assert.deepEqual(
      last.map((x) => x.file.path),
      ['m'],
    );
  });

  it('decisions: none never installs; no version and nothing installed refuses with what is needed', () => {
    const none = planMetallbInstall(
      analyze(K3S.replace('metallbVersion: v0.14.8', 'metallbVersion: v0.14.8\n  metallbInstall: none')).topology!,
    )!;
    assert.equal(decideFromProbe(none, '').action, 'skip');
    const bare = planMetallbInstall(
      analyze(K3S.replace('platform: k3s', 'platform: kubernetes').replace('  metallbVersion: v0.14.8\n', ''))
        .topology!,
    )!;
    const d = decideFromProbe(bare, '');
    assert.equal(d.action, 'refuse');
    assert.match(
      d.reason,
      /^MetalLB is not installed in the cluster, and the cluster phase installs MetalLB from its manifests for cluster\.metallbVersion, which is not set/,
    );
    assert.equal(decideFromProbe(bare, 'quay.io/metallb/controller:v0.14.8\n').action, 'skip');
  });

  it('a mirror URL with shell syntax stays one word of the remote command', () => {
    const url = "http://10.0.0.2/$(touch /tmp/pwned)';`id`";
    const yaml = K3S.replace('platform: k3s', 'platform: kubernetes').replace(
      'metallbVersion: v0.14.8',
      `metallbVersion: v0.14.8\n  metallbSource: "${url}"`,
    );
    const m = planMetallbInstall(analyze(yaml).topology!)!;
    const cmd = stepCommand(m.install[0]);
    // The host's shell with kubectl replaced by a function that prints its arguments, one per line.
    const out = execFileSync('sh', ['-c', `kubectl() { printf '%s\\n' "$@"; }; ${cmd}`], { encoding: 'utf8' });
    assert.deepEqual(out.trimEnd().split('\n'), ['apply', '-f', `${url}/config/manifests/metallb-native.yaml`]);
  });

  it("a quiet step's failure says only its exit status", () => {
    const step = { id: 'memberlist', title: 't', timeout: 60, quiet: true, failure: 'f' };
    assert.equal(
      stepFailed(step, 'exit 1', false),
      'MetalLB step "memberlist" (t) failed (exit 1; its output is not shown: it may hold the secret): f. MetalLB\'s objects (pools, advertisements) were not applied',
    );
    assert.match(stepFailed(step, 'ignored', true), /did not finish within 60 s: f\./);
  });
});
