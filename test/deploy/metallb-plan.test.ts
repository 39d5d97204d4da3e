// The pure MetalLB installation plan of the cluster phase, per seed: v0.8.3 manifests (seed 004),
// v0.9.x with the memberlist secret and OpenShift SCCs (seed 000), v0.13+ native manifests, the Helm
// chart (seed 003), the OKD operator route; idempotence and upgrade decisions.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/core/analyze';
import { decideMetallb, installedMetallb, planMetallbInstall, type KubeStep } from '../../src/core/deploy/metallb';
import type { Topology } from '../../src/core/model';

const ex = (name: string) => readFileSync(join(__dirname, '../../examples', name, 'cluster.okd.yaml'), 'utf8');
const topo = (text: string): Topology => analyze(text).topology!;
const K3S = ex('k3s-metallb');
const UPI = ex('okd-upi-lab');
const ids = (steps: KubeStep[]) => steps.map((s) => s.id);
const words = (s: KubeStep) => s.argv ?? [s.script!];
const kube = (text: string) => text.replace('platform: k3s', 'platform: kubernetes');

describe('MetalLB installation plan (cluster phase)', () => {
  it('seed 004: kubernetes, v0.8.3 from google/metallb, one manifest, no memberlist, then the waits', () => {
    const p = planMetallbInstall(topo(kube(K3S).replace('metallbVersion: v0.14.8', 'metallbVersion: v0.8.3')))!;
    assert.equal(p.method, 'manifests');
    assert.equal(p.tool, 'kubectl');
    assert.deepEqual(p.errors, []);
    assert.deepEqual(ids(p.install), ['manifests', 'wait-controller', 'wait-speaker']);
    assert.deepEqual(p.install[0].argv, [
      'kubectl',
      'apply',
      '-f',
      'https://raw.githubusercontent.com/google/metallb/v0.8.3/manifests/metallb.yaml',
    ]);
    assert.deepEqual(p.install[1].argv, [
      'kubectl',
      'rollout',
      'status',
      '-n',
      'metallb-system',
      'deployment/controller',
      '--timeout=300s',
    ]);
  });

  it('seed 000: OKD, v0.9.x: namespace, manifests, a memberlist secret generated on the host (once, never shown), SCCs, waits', () => {
    const p = planMetallbInstall(topo(UPI.replace('metallbVersion: v0.13.7', 'metallbVersion: v0.9.6')))!;
    assert.equal(p.tool, 'oc');
    assert.deepEqual(ids(p.install), [
      'namespace',
      'manifests',
      'memberlist',
      'scc-speaker',
      'scc-controller',
      'wait-controller',
      'wait-speaker',
    ]);
    assert.equal(
      p.install[0].argv!.at(-1),
      'https://raw.githubusercontent.com/metallb/metallb/v0.9.6/manifests/namespace.yaml',
    );
    const m = p.install[2];
    assert.equal(m.quiet, true);
    assert.deepEqual(m.unless!.slice(-4), ['secret', 'memberlist', '-n', 'metallb-system']);
    // The key travels through a pipe, never as an argument.
    assert.match(
      m.script!,
      /^openssl rand -base64 128 \| tr -d '\\n' \| oc (--kubeconfig \S+ )?create secret generic memberlist -n metallb-system --from-file=secretkey=\/dev\/stdin$/,
    );
    assert.deepEqual(p.install[3].argv!.slice(-6), [
      'add-scc-to-user',
      'privileged',
      '-n',
      'metallb-system',
      '-z',
      'speaker',
    ]);
    assert.ok(p.objects.some((o) => /memberlist .*never shown/.test(o)));
  });

  it('v0.13+: the native manifest (FRR only for IPv6 BGP pools), no memberlist step', () => {
    const p = planMetallbInstall(topo(kube(K3S)))!;
    assert.deepEqual(ids(p.install), ['manifests', 'wait-controller', 'wait-speaker']);
    assert.equal(
      p.install[0].argv!.at(-1),
      'https://raw.githubusercontent.com/metallb/metallb/v0.14.8/config/manifests/metallb-native.yaml',
    );
    const bgp6 = kube(K3S).replace(
      '    addresses: [10.0.0.100-10.0.0.200]',
      '    protocol: bgp\n    addresses: ["fd00:1::/120"]',
    );
    assert.match(planMetallbInstall(topo(bgp6))!.install[0].argv!.at(-1)!, /metallb-frr\.yaml$/);
  });

  it('seed 003: k3s defaults to Helm; servicelb must be off first; values come from the rendered file', () => {
    const p = planMetallbInstall(topo(K3S))!;
    assert.equal(p.method, 'helm');
    assert.deepEqual(ids(p.preflight), ['servicelb-off']);
    assert.match(
      p.preflight[0].script!,
      /^test -z "\$\(kubectl get daemonsets -n kube-system -l svccontroller\.k3s\.cattle\.io\/svcname -o name\)"$/,
    );
    assert.deepEqual(ids(p.install), ['helm-repo', 'helm-install', 'wait-controller', 'wait-speaker']);
    assert.deepEqual(p.install[0].argv, [
      'helm',
      'repo',
      'add',
      '--force-update',
      'metallb',
      'https://metallb.github.io/metallb',
    ]);
    assert.deepEqual(p.install[1].argv, [
      'helm',
      'upgrade',
      '--install',
      'metallb',
      'metallb/metallb',
      '--namespace',
      'metallb-system',
      '--create-namespace',
      '--version',
      '0.14.8',
      '-f',
      '-',
    ]);
    assert.equal(p.install[1].stdin, 'metallb/values.yaml', 'the rendered values go to helm on stdin');
    assert.equal(p.install[2].argv!.at(-2), 'deployment/metallb-controller');
    // The configInline era of seed 003 (v0.12) still installs with the chart.
    assert.deepEqual(planMetallbInstall(topo(K3S.replace('v0.14.8', 'v0.12.1')))!.errors, []);
    assert.match(planMetallbInstall(topo(K3S.replace('v0.14.8', 'v0.9.6')))!.errors[0], /chart starts at v0\.10/);
  });

  it('disconnected: metallbSource replaces the upstream URL prefix, or names a chart archive on the host', () => {
    const mirror = kube(K3S).replace(
      'metallbVersion: v0.14.8',
      'metallbVersion: v0.14.8\n  metallbSource: http://10.0.0.2:8080/metallb/v0.14.8/',
    );
    assert.equal(
      planMetallbInstall(topo(mirror))!.install[0].argv!.at(-1),
      'http://10.0.0.2:8080/metallb/v0.14.8/config/manifests/metallb-native.yaml',
    );
    const chart = K3S.replace(
      'metallbVersion: v0.14.8',
      'metallbVersion: v0.14.8\n  metallbSource: /root/charts/metallb-0.14.8.tgz',
    );
    const p = planMetallbInstall(topo(chart))!;
    assert.deepEqual(ids(p.install), ['helm-install', 'wait-controller', 'wait-speaker']);
    assert.equal(p.install[0].argv![4], '/root/charts/metallb-0.14.8.tgz');
    assert.ok(!p.install[0].argv!.includes('--version'));
  });

  it('the OKD operator route: namespace, OperatorGroup, Subscription, wait, MetalLB resource, waits', () => {
    const p = planMetallbInstall(
      topo(UPI.replace('metallbVersion: v0.13.7', 'metallbVersion: v0.14.0\n  metallbInstall: operator')),
    )!;
    assert.deepEqual(ids(p.install), [
      'namespace',
      'operatorgroup',
      'subscription',
      'wait-operator',
      'metallb-cr',
      'wait-controller',
      'wait-speaker',
    ]);
    assert.match(p.install[2].script!, /startingCSV: metallb-operator\.v0\.14\.0/);
    assert.match(p.install[2].script!, /\| oc (--kubeconfig \S+ )?apply -f -$/);
    assert.match(
      planMetallbInstall(
        topo(K3S.replace('metallbVersion: v0.14.8', 'metallbVersion: v0.14.8\n  metallbInstall: operator')),
      )!.errors[0],
      /OperatorHub/,
    );
  });

  it('none: only the preflight and the pools; no pools: no plan', () => {
    const p = planMetallbInstall(
      topo(K3S.replace('metallbVersion: v0.14.8', 'metallbVersion: v0.14.8\n  metallbInstall: none')),
    )!;
    assert.deepEqual(p.install, []);
    assert.equal(planMetallbInstall(topo(K3S.replace(/\npools:[\s\S]*?\nservices:/, '\nservices:'))), undefined);
  });

  it('the kubeconfig is passed to every tool', () => {
    const p = planMetallbInstall(topo(UPI.replace('metallbVersion: v0.13.7', 'metallbVersion: v0.9.6')))!;
    const kc = topo(UPI).cluster.kubeconfig;
    assert.ok(kc, 'the UPI example names a kubeconfig');
    for (const s of p.install) assert.ok(words(s).join(' ').includes(`--kubeconfig ${kc}`), s.id);
  });

  it('validate reports what the cluster phase cannot do (metallb-install, metallb-source)', () => {
    const codes = (t: string) =>
      analyze(t)
        .problems.filter((x) => x.severity === 'error')
        .map((x) => x.code);
    const noVersion = kube(K3S).replace('  metallbVersion: v0.14.8\n', '');
    assert.deepEqual(codes(noVersion), []);
    assert.ok(analyze(noVersion).problems.some((x) => x.code === 'metallb-install-pending' && x.severity === 'info'));
    assert.deepEqual(codes(K3S.replace('v0.14.8', 'v0.9.6')), ['metallb-install']);
    assert.deepEqual(
      codes(K3S.replace('metallbVersion: v0.14.8', 'metallbVersion: v0.14.8\n  metallbSource: "ftp://x"')),
      ['metallb-source'],
    );
    assert.deepEqual(codes(K3S), []);
  });
});

describe('MetalLB: what is installed, and what to do about it', () => {
  it('reads the controller image tag from the probe', () => {
    assert.equal(installedMetallb(''), undefined);
    assert.equal(installedMetallb('quay.io/metallb/controller:v0.14.8\n'), 'v0.14.8');
    assert.equal(installedMetallb('metallb/controller:v0.8.3\nmetallb/speaker:v0.8.3'), 'v0.8.3');
    assert.equal(
      installedMetallb('quay.io/metallb/metallb-operator:v0.14.0 quay.io/metallb/controller:v0.14.0'),
      'v0.14.0',
    );
  });

  it('same version: skip; older in the same era: upgrade; across v0.13 or downgrade: refuse with the reason', () => {
    assert.equal(decideMetallb(undefined, 'v0.14.8').action, 'install');
    assert.equal(decideMetallb('v0.14.8', 'v0.14.8').action, 'skip');
    assert.equal(decideMetallb('v0.13.7', 'v0.14.8').action, 'upgrade');
    assert.equal(decideMetallb('v0.9.6', 'v0.12.1').action, 'upgrade');
    const across = decideMetallb('v0.12.1', 'v0.14.8');
    assert.equal(across.action, 'refuse');
    assert.match(across.reason, /configmaptocrs/);
    assert.match(decideMetallb('v0.14.8', 'v0.13.7').reason, /downgrade/);
    assert.equal(decideMetallb('v0.14.8', '').action, 'skip');
  });
});
