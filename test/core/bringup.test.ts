// Checks for the services host's bring-up: each new code at its scalar, the quick fixes for the MetalLB
// version, ingress defaults, and the phase information a lab without kubeApi gets instead of an error.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/core/analyze';
import { ingressHosts } from '../../src/core/facts';
import { applyEdits, quickFixes } from '../../src/core/lang/fixes';
import { renderAll } from '../../src/core/render/index';
import { builtinTemplates as readTemplates } from '../render/helpers';
import { BASE, edit, expectAt, expectNone, okdUpi, problems } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const LAB = readFileSync(path.join(ROOT, 'examples', 'okd-upi-lab', 'cluster.okd.yaml'), 'utf8');
const withServices = (yaml: string, extra: string) => edit(yaml, ['services:\n', `services:\n${extra}`]);

describe('checks: services host bring-up', () => {
  it('kernelArgs: an item with a blank, a control character or nothing fails its type at the item', () => {
    const y = withServices(BASE, '  pxe: { host: svc, kernelArgs: [quiet, "console=ttyS0 115200n8", "a\\tb", ""] }\n');
    assert.match(
      expectAt(y, 'value-invalid', '"console=ttyS0 115200n8"', { count: 2, severity: 'error' }).message,
      /blank/,
    );
    expectAt(y, 'value-control', '"a\\tb"');
    for (const code of ['value-invalid', 'value-control'])
      expectNone(withServices(BASE, '  pxe: { host: svc, kernelArgs: ["console=ttyS0,115200n8", nomodeset] }\n'), code);
  });

  it('ntp upstream: a word chrony cannot take as a server fails its type at the item', () => {
    const y = edit(BASE, [
      'dns: { host: svc }',
      'dns: { host: svc }\n  ntp: { host: svc, upstream: [0.fedora.pool.ntp.org, 10.0.0.1, "fd00::1", "pool.ntp.org iburst", bad_name] }',
    ]);
    expectAt(y, 'value-invalid', '"pool.ntp.org iburst"', { count: 2, severity: 'error' });
    expectAt(y, 'value-invalid', 'bad_name', { count: 2 });
  });

  it('registry: repository, dir, image and user each fail their type at their scalar', () => {
    const y = withServices(
      BASE,
      [
        '  registry:',
        '    host: svc',
        '    repository: Openshift/OKD',
        '    dir: /opt/../etc',
        '    image: registry:2',
        '    user: "okd:admin"',
        '',
      ].join('\n'),
    );
    for (const needle of ['Openshift/OKD', '/opt/../etc', 'registry:2', '"okd:admin"'])
      expectAt(y, 'value-invalid', needle, { count: 4 });
    expectNone(
      withServices(
        BASE,
        '  registry: { host: svc, repository: mirror/okd, dir: /srv/registry, image: "quay.io/example/registry:2.8", user: okd }\n',
      ),
      'value-invalid',
    );
  });

  it('registry-cert-incomplete: a certificate without its key (or the reverse), at the one given', () => {
    expectAt(
      withServices(BASE, '  registry: { host: svc, certFile: reg.crt }\n'),
      'registry-cert-incomplete',
      'reg.crt',
    );
    expectAt(
      withServices(BASE, '  registry: { host: svc, keyFile: reg.key }\n'),
      'registry-cert-incomplete',
      'reg.key',
    );
    expectNone(
      withServices(BASE, '  registry: { host: svc, certFile: reg.crt, keyFile: reg.key, caFile: ca.crt }\n'),
      'registry-cert-incomplete',
    );
    // A local copy of the CA deploy made on the host is fine on its own.
    expectNone(withServices(BASE, '  registry: { host: svc, caFile: ca.crt }\n'), 'registry-cert-incomplete');
  });

  it('new enum fields are schema-checked at their scalar', () => {
    const y = edit(BASE, [
      '  - name: server-0\n    role: master\n',
      '  - name: server-0\n    role: master\n    firmware: efi\n',
    ]);
    const p = expectAt(y, 'schema-enum', 'efi');
    assert.match(p.message, /bios, uefi/);
    expectAt(withServices(BASE, '  dhcp: { host: svc, unknownClients: refuse }\n'), 'schema-enum', 'refuse');
  });
});

describe('checks: MetalLB version', () => {
  const noVersion = BASE.replace('  metallbVersion: v0.14.8\n', '');

  it('metallb-version-missing: pools without cluster.metallbVersion warn at the first pool', () => {
    assert.notEqual(noVersion, BASE);
    const p = expectAt(noVersion, 'metallb-version-missing', 'default', { severity: 'warning' });
    assert.match(p.message, /v0\.13/);
    assert.match(p.message, /ConfigMap/);
    expectNone(BASE, 'metallb-version-missing');
    expectNone(noVersion.replace(/pools:\n(.*\n){3}/, 'pools: []\n'), 'metallb-version-missing');
  });

  it('two quick fixes write either era; each renders that era', () => {
    const a = analyze(noVersion);
    const p = a.problems.find((x) => x.code === 'metallb-version-missing')!;
    const fixes = quickFixes(a, p).filter((f) => f.title.startsWith('Set cluster.metallbVersion'));
    assert.equal(fixes.length, 2);
    const rendered: string[] = [];
    for (const f of fixes) {
      const fixed = applyEdits(noVersion, f.edits);
      const b = analyze(fixed);
      assert.ok(!b.problems.some((x) => x.code === 'metallb-version-missing'), fixed);
      assert.deepEqual(
        b.problems.filter((x) => x.severity === 'error'),
        [],
      );
      const r = renderAll(b.topology!, readTemplates(), { problems: b.problems });
      rendered.push(
        r.files
          .filter((x) => x.service === 'metallb')
          .map((x) => x.path)
          .sort()
          .join(','),
      );
    }
    assert.deepEqual(rendered, [
      'metallb/metallb.yaml,metallb/values.yaml',
      'metallb/metallb-config.yaml,metallb/values.yaml',
    ]);
  });
});

describe('checks: keepalived on okd-ipi nodes', () => {
  const ipi = readFileSync(path.join(ROOT, 'examples', 'okd-ipi', 'cluster.okd.yaml'), 'utf8');

  it('vip-holder-ipi-node: a node listed as a holder is an error at that holder, and gets no keepalived.conf', () => {
    const y = edit(ipi, ['    purpose: api\n', '    purpose: api\n    holders: [master-0, master-1]\n']);
    expectAt(y, 'vip-holder-ipi-node', 'master-0, master-1', { count: 2, severity: 'error' });
    const a = analyze(y);
    const r = renderAll(a.topology!, readTemplates(), { problems: a.problems, force: true });
    assert.deepEqual(
      r.files.filter((f) => f.service === 'keepalived').map((f) => f.target),
      [],
    );
  });

  it('is silent for UPI holders and for services hosts', () => {
    expectNone(
      readFileSync(path.join(ROOT, 'test', 'render', 'fixtures', 'ha-services.okd.yaml'), 'utf8'),
      'vip-holder-ipi-node',
    );
  });
});

describe('checks: phases', () => {
  it('the okd-the-hard-way lab without kubeApi has no error, and says the cluster phase needs kubeApi', () => {
    const y = LAB.replace(/^ {2}kubeApi:.*\n/m, '');
    assert.notEqual(y, LAB);
    const ps = problems(y);
    assert.deepEqual(
      ps.filter((p) => p.severity === 'error').map((p) => p.code),
      [],
    );
    const p = expectAt(y, 'phase-cluster-needs-kubeapi', 'default', { severity: 'info' });
    assert.match(p.message, /cluster phase.*services\.kubeApi/);
    assert.match(p.message, /MetalLB.*MachineConfigs/);
    expectNone(LAB, 'phase-cluster-needs-kubeapi');
  });

  it('an OKD file without the pull secret or SSH key file is told the install phase needs them', () => {
    const y = okdUpi();
    const p = expectAt(y, 'phase-install-needs-secrets', 'okd-upi', { severity: 'info' });
    assert.match(p.message, /cluster\.pullSecretFile and cluster\.sshKeyFile/);
    expectNone(LAB, 'phase-install-needs-secrets');
  });
});

describe('facts: ingress hosts', () => {
  const names = (yaml: string) => ingressHosts(analyze(yaml).topology!).map((h) => h.name);
  const lab = LAB.replace(/^ {4}ingress: true.*\n/gm, '');

  it('default to every worker and infra host when no host says ingress', () => {
    assert.deepEqual(names(lab), ['compute-0', 'compute-1', 'compute-2', 'infra-0', 'infra-1', 'infra-2']);
  });

  it('hosts marked ingress: true replace the default; ingress: false leaves a host out of it', () => {
    assert.deepEqual(names(LAB), ['infra-0', 'infra-1', 'infra-2']);
    const without = lab.replace(
      '  - name: compute-0\n    role: worker\n',
      '  - name: compute-0\n    role: worker\n    ingress: false\n',
    );
    assert.deepEqual(names(without), ['compute-1', 'compute-2', 'infra-0', 'infra-1', 'infra-2']);
  });

  it('a compact cluster (masters only) runs the routers on the masters', () => {
    assert.deepEqual(names(BASE), ['server-0', 'server-1', 'server-2']);
  });

  it('the HAProxy ingress backends follow the default', () => {
    const a = analyze(lab);
    const r = renderAll(a.topology!, readTemplates(), { problems: a.problems });
    const cfg = r.files.find((f) => f.path === '/etc/haproxy/haproxy.cfg')!.content;
    const https = cfg.slice(cfg.indexOf('backend ingress-https'), cfg.indexOf('frontend ingress-http\n'));
    assert.deepEqual(
      [...https.matchAll(/server (\S+) /g)].map((m) => m[1]),
      ['compute-0', 'compute-1', 'compute-2', 'infra-0', 'infra-1', 'infra-2'],
    );
  });
});
