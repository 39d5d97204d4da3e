// Cluster-level artifacts: install-config through the core's installer rules, MetalLB manifests
// against the CRD schema, MachineConfigs embedding chrony.conf, k3s config, Helm values.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { load, loadAll } from 'js-yaml';
import { runChecks } from '../../src/core/checks/index';
import { contains, parseAddr, parseCidr } from '../../src/core/ip';
import type { Topology } from '../../src/core/model';
import { fillSecrets } from '../../src/core/render/index';
import type { RenderedFile } from '../../src/core/render/manifest';
import { EXAMPLES, exampleFile, FIXTURES, renderFile, renderText, topologyOf } from './helpers';
import { validateLegacyConfig, validateMetallbCrs } from './metallb-schema';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const cases: [string, string][] = [
  ...EXAMPLES.map((e): [string, string] => [e, exampleFile(e)]),
  ['fixture-ha-services', path.join(FIXTURES, 'ha-services.okd.yaml')],
  ['fixture-ipi-provisioning', path.join(FIXTURES, 'ipi-provisioning.okd.yaml')],
];
const find = (files: RenderedFile[], p: string) => files.find((f) => f.target === 'cluster' && f.path === p);

function installConfigOf(file: string): { ic: Obj; t: Topology; f: RenderedFile } | undefined {
  const f = find(renderFile(file).files, 'install-config.yaml');
  if (!f) return undefined;
  const values = Object.fromEntries(
    (f.secrets ?? []).map((r) => [
      r.placeholder,
      r.kind === 'pullSecret' ? '{"auths":{"mirror:5000":{"auth":"b2s="}}}' : 'dummy-value',
    ]),
  );
  const filled = fillSecrets(f.content, f.secrets ?? [], values);
  assert.deepEqual(filled.missing, []);
  return { ic: load(filled.content) as Obj, t: topologyOf(readFileSync(file, 'utf8')), f };
}

/** The topology as the installer would see it: networking and VIPs taken from the rendered file. */
function topologyFromInstallConfig(t: Topology, ic: Obj): Topology {
  const n = ic.networking;
  const vips = t.vips.filter((v) => v.purpose !== 'api' && v.purpose !== 'ingress');
  const bm = ic.platform.baremetal;
  const vip = (purpose: 'api' | 'ingress', list: string[] | undefined) =>
    list?.length
      ? [{ ...t.vips.find((v) => v.purpose === purpose)!, ip: list[0], ip6: list[1] }]
      : t.vips.filter((v) => v.purpose === purpose);
  return {
    ...t,
    cluster: {
      ...t.cluster,
      name: ic.metadata.name,
      baseDomain: ic.baseDomain,
      provisioning:
        bm && Object.keys(bm).some((k) => /rovisioning/.test(k))
          ? {
              network: bm.provisioningNetwork,
              cidr: bm.provisioningNetworkCIDR,
              dhcpRange: bm.provisioningDHCPRange?.replace(',', '-'),
              bootstrapIP: bm.bootstrapProvisioningIP,
              clusterIP: bm.clusterProvisioningIP,
              interface: bm.provisioningNetworkInterface,
              path: ['p'],
            }
          : undefined,
      proxy: ic.proxy
        ? {
            httpProxy: ic.proxy.httpProxy,
            httpsProxy: ic.proxy.httpsProxy,
            noProxy: (ic.proxy.noProxy ?? '')
              .split(',')
              .filter(Boolean)
              .map((value: string, i: number) => ({ value, path: ['q', i] })),
            path: ['q'],
          }
        : undefined,
      networking: {
        networkType: n.networkType,
        clusterNetwork: n.clusterNetwork.map((c: Obj, i: number) => ({
          cidr: c.cidr,
          hostPrefix: c.hostPrefix,
          path: ['x', i],
        })),
        serviceNetwork: n.serviceNetwork.map((c: string, i: number) => ({ cidr: c, path: ['y', i] })),
        machineNetwork: n.machineNetwork.map((m: Obj, i: number) => ({ cidr: m.cidr, path: ['z', i] })),
        defaulted: { clusterNetwork: false, serviceNetwork: false },
      },
    },
    vips: [...vips, ...vip('api', bm?.apiVIPs), ...vip('ingress', bm?.ingressVIPs)],
  };
}

describe('render: install-config.yaml', () => {
  for (const [name, file] of cases) {
    const r = installConfigOf(file);
    if (!r) continue;
    it(`${name}: passes the core's installer rules and keeps machineNetwork from the topology`, () => {
      const { ic, t } = r;
      const errors = runChecks(topologyFromInstallConfig(t, ic)).filter((p) => p.severity === 'error');
      assert.deepEqual(
        errors.map((e) => `${e.code}: ${e.message}`),
        [],
      );
      const machine = ic.networking.machineNetwork.map((m: Obj) => parseCidr(m.cidr)!);
      assert.ok(machine.length > 0);
      assert.ok(
        !ic.networking.machineNetwork.some((m: Obj) => m.cidr === '10.0.0.0/16') ||
          t.networks.some((n) => n.cidr === '10.0.0.0/16'),
        'the installer default leaked in',
      );
      for (const h of t.hosts.filter((x) => ['bootstrap', 'master', 'worker', 'infra', 'storage'].includes(x.role))) {
        for (const ip of h.interfaces.flatMap((i) => [i.ip, i.ip6]).filter((x): x is string => !!x)) {
          assert.ok(
            machine.some((c: ReturnType<typeof parseCidr>) => contains(c!, parseAddr(ip)!)),
            `${h.name} ${ip} is outside machineNetwork`,
          );
        }
      }
      const fams = machine.map((c: { family: number }) => c.family);
      assert.deepEqual(fams, [...fams].sort(), 'IPv4 machine networks must come before IPv6');
      assert.equal(ic.controlPlane.name, 'master');
      assert.equal(ic.compute[0].name, 'worker');
      assert.equal(ic.controlPlane.replicas, t.hosts.filter((h) => h.role === 'master').length);
    });
  }

  it('the installer-rule round trip is not vacuous: the installer default machineNetwork would fail', () => {
    const { ic, t } = installConfigOf(exampleFile('okd-ipi'))!;
    const wrong = { ...ic, networking: { ...ic.networking, machineNetwork: [{ cidr: '10.0.0.0/16' }] } };
    const errors = runChecks(topologyFromInstallConfig(t, wrong)).filter((p) => p.severity === 'error');
    assert.ok(errors.length > 0, 'a machineNetwork that misses every node and VIP must be reported');
  });

  it('the round trip reads the provisioning network and proxy back: a tampered copy is caught', () => {
    const { ic, t } = installConfigOf(path.join(FIXTURES, 'ipi-provisioning.okd.yaml'))!;
    const bm = ic.platform.baremetal;
    assert.equal(bm.provisioningNetwork, 'Managed');
    assert.equal(bm.provisioningDHCPRange, '172.22.0.10,172.22.0.100');
    assert.equal(ic.proxy.noProxy, '.lab.example.net,192.168.111.0/24,172.22.0.0/24');
    const bad = {
      ...ic,
      platform: { baremetal: { ...bm, provisioningNetworkCIDR: '192.168.111.0/24' } },
      proxy: { ...ic.proxy, httpProxy: 'https://p:1' },
    };
    const codes = runChecks(topologyFromInstallConfig(t, bad))
      .filter((p) => p.severity === 'error')
      .map((p) => p.code);
    assert.ok(codes.includes('installer-provisioning'), codes.join());
    assert.ok(codes.includes('proxy-invalid'), codes.join());
  });

  it('renders the pod network MTU as an install-time network operator manifest (never applied with oc)', () => {
    const files = renderFile(path.join(FIXTURES, 'ipi-provisioning.okd.yaml')).files;
    const f = find(files, 'manifests/cluster-network-03-config.yml')!;
    assert.equal(f.apply, undefined);
    assert.deepEqual((load(f.content) as Obj).spec, { defaultNetwork: { ovnKubernetesConfig: { mtu: 1400 } } });
    const sdn = readFileSync(path.join(FIXTURES, 'ipi-provisioning.okd.yaml'), 'utf8').replace(
      'networkType: OVNKubernetes',
      'networkType: OpenShiftSDN',
    );
    const r = renderText(sdn, { force: true });
    assert.deepEqual(
      (load(find(r.files, 'manifests/cluster-network-03-config.yml')!.content) as Obj).spec.defaultNetwork,
      { openshiftSDNConfig: { mtu: 1400 } },
    );
    assert.equal(find(renderFile(exampleFile('okd-ipi')).files, 'manifests/cluster-network-03-config.yml'), undefined);
  });

  it('two VIP entries of one purpose (one per family) both reach apiVIPs and DNS', () => {
    const src = readFileSync(exampleFile('okd-ipi'), 'utf8')
      .replace('    ip: 192.168.111.5\n    ip6: "fd2e:6f44:5dd8:c956::5"\n', '    ip: 192.168.111.5\n')
      .replace(
        '  - name: ingress\n',
        '  - { name: api6, network: baremetal, ip: "fd2e:6f44:5dd8:c956::5", purpose: api }\n  - name: ingress\n',
      );
    const r = renderText(src);
    assert.deepEqual(r.errors, []);
    assert.equal(r.refused, false);
    const ic = load(find(r.files, 'install-config.yaml')!.content) as Obj;
    assert.deepEqual(ic.platform.baremetal.apiVIPs, ['192.168.111.5', 'fd2e:6f44:5dd8:c956::5']);
    const zone = r.files.find((f) => f.path.endsWith('ostest.lab.example.net.zone'))!.content;
    assert.match(zone, /^api\s.*\sA\s+192\.168\.111\.5$/m);
    assert.match(zone, /^api\s.*\sAAAA\s+fd2e:6f44:5dd8:c956::5$/m);
  });

  it('UPI uses platform none and 0 compute replicas; IPI uses baremetal with VIPs, hosts and no BMC password', () => {
    const upi = installConfigOf(exampleFile('okd-upi-lab'))!;
    assert.deepEqual(upi.ic.platform, { none: {} });
    assert.equal(upi.ic.compute[0].replicas, 0);
    // The mirror registry: imageDigestSources from 4.14 on, imageContentSources before.
    assert.deepEqual(upi.ic.imageDigestSources[0], {
      source: 'quay.io/openshift/okd',
      mirrors: ['services.okd.example.com:5000/openshift/okd'],
    });
    const old = renderText(
      readFileSync(exampleFile('okd-upi-lab'), 'utf8').replace(
        /version: 4\.15\S*/,
        'version: 4.12.0-0.okd-2023-04-16-041331',
      ),
    ).files;
    assert.match(find(old, 'install-config.yaml')!.content, /^imageContentSources:$/m);
    const ipi = installConfigOf(exampleFile('okd-ipi'))!;
    const bm = ipi.ic.platform.baremetal;
    assert.deepEqual(bm.apiVIPs, ['192.168.111.5', 'fd2e:6f44:5dd8:c956::5']);
    assert.deepEqual(bm.ingressVIPs, ['192.168.111.4', 'fd2e:6f44:5dd8:c956::4']);
    assert.equal(bm.hosts.length, 5);
    assert.equal(bm.hosts[0].bootMACAddress, '52:54:00:6f:00:20');
    assert.match(bm.hosts[0].bmc.address, /^redfish-virtualmedia:\/\/192\.168\.110\.20\//);
    // The rendered file carries placeholders, never a password.
    assert.match(ipi.f.content, /password: '__OKD_TOPOLOGY_BMC_PASSWORD_master-0__'/);
    assert.equal(ipi.ic.compute[0].replicas, 2);
  });

  it('never holds the pull secret or SSH key, only placeholders and the files they come from', () => {
    const { f } = installConfigOf(exampleFile('okd-upi-lab'))!;
    assert.match(f.content, /pullSecret: '__OKD_TOPOLOGY_PULL_SECRET__'/);
    // The registry's CA is not a secret, but it is filled in the same way: from the host deploy made it on.
    assert.deepEqual(
      f.secrets?.map((s) => [s.kind, s.file ?? `${s.host}:${s.path}`]),
      [
        ['pullSecret', '~/pull-secret-cluster.txt'],
        ['sshKey', '~/.ssh/okd.pub'],
        ['trustBundle', 'services:/opt/registry/ca/ca.crt'],
      ],
    );
    const filled = fillSecrets(f.content, f.secrets!, {
      __OKD_TOPOLOGY_PULL_SECRET__: '{\n "auths": {"a": {"auth": "it\'s"}}\n}\n',
    });
    assert.equal(filled.missing.length, 2);
    assert.equal((load(filled.content) as Obj).pullSecret, '{"auths":{"a":{"auth":"it\'s"}}}');
  });
});

describe('render: MetalLB', () => {
  it('v0.13+ renders IPAddressPool + L2Advertisement that satisfy the CRD schema', () => {
    const f = find(renderFile(exampleFile('k3s-metallb')).files, 'metallb/metallb.yaml')!;
    assert.equal(f.apply, 'kubectl');
    const docs = loadAll(f.content).filter((d) => d !== null);
    assert.deepEqual(validateMetallbCrs(docs, 'v0.14.8'), []);
    assert.deepEqual(
      docs.map((d) => (d as Obj).kind),
      ['IPAddressPool', 'L2Advertisement'],
    );
    assert.deepEqual((docs[0] as Obj).spec.addresses, ['10.0.0.100-10.0.0.200']);
  });

  it('v0.13.2 and v0.13.3 omit avoidBuggyIPs, which those releases do not know', () => {
    const text = readFileSync(exampleFile('okd-upi-lab'), 'utf8').replace(
      'metallbVersion: v0.13.7',
      'metallbVersion: v0.13.3',
    );
    const f = find(renderText(text).files, 'metallb/metallb.yaml')!;
    const docs = loadAll(f.content).filter((d) => d !== null);
    assert.deepEqual(validateMetallbCrs(docs, 'v0.13.3'), []);
    assert.ok(!f.content.includes('avoidBuggyIPs'));
    // The schema itself would catch the field: prove it is not vacuous.
    assert.notDeepEqual(
      validateMetallbCrs([{ ...(docs[0] as Obj), spec: { ...(docs[0] as Obj).spec, avoidBuggyIPs: true } }], 'v0.13.3'),
      [],
    );
  });

  it('before v0.13 renders the legacy ConfigMap, and Helm values use configInline (seed 003)', () => {
    const text = readFileSync(exampleFile('k3s-metallb'), 'utf8').replace(
      'metallbVersion: v0.14.8',
      'metallbVersion: v0.12.1',
    );
    const r = renderText(text);
    assert.equal(find(r.files, 'metallb/metallb.yaml'), undefined);
    const cm = find(r.files, 'metallb/metallb-config.yaml')!;
    assert.deepEqual(
      validateLegacyConfig(load(cm.content), (s) => load(s)),
      [],
    );
    const values = load(find(r.files, 'metallb/values.yaml')!.content) as Obj;
    assert.deepEqual(values.configInline['address-pools'], [
      { name: 'default', protocol: 'layer2', addresses: ['10.0.0.100-10.0.0.200'] },
    ]);
    // avoidBuggyIPs reaches the chart's configInline as it reaches the ConfigMap.
    const avoid = renderText(
      text.replace(
        '    addresses: [10.0.0.100-10.0.0.200]',
        '    addresses: [10.0.0.100-10.0.0.200]\n    avoidBuggyIPs: true',
      ),
    );
    const inline = (load(find(avoid.files, 'metallb/values.yaml')!.content) as Obj).configInline['address-pools'][0];
    assert.equal(inline['avoid-buggy-ips'], true);
    const legacy = load(find(avoid.files, 'metallb/metallb-config.yaml')!.content) as Obj;
    assert.equal((load(legacy.data.config) as Obj)['address-pools'][0]['avoid-buggy-ips'], true);
  });

  it('the HA fixture: legacy layer2 + bgp pools pass the legacy schema; CRD mode adds a BGPAdvertisement', () => {
    const file = path.join(FIXTURES, 'ha-services.okd.yaml');
    const cm = find(renderFile(file).files, 'metallb/metallb-config.yaml')!;
    assert.deepEqual(
      validateLegacyConfig(load(cm.content), (s) => load(s)),
      [],
    );
    const crd = find(
      renderText(readFileSync(file, 'utf8').replace('v0.12.1', 'v0.14.8')).files,
      'metallb/metallb.yaml',
    )!;
    const docs = loadAll(crd.content).filter((d) => d !== null) as Obj[];
    assert.deepEqual(validateMetallbCrs(docs, 'v0.14.8'), []);
    assert.deepEqual(
      docs.map((d) => d.kind),
      ['IPAddressPool', 'IPAddressPool', 'L2Advertisement', 'BGPAdvertisement'],
    );
    assert.equal(docs[1].spec.autoAssign, false);
  });
});

describe('render: node time and k3s', () => {
  it('one MachineConfig per node role embeds the rendered node chrony.conf as base64', () => {
    const files = renderFile(exampleFile('okd-upi-lab')).files;
    const chrony = find(files, 'chrony/chrony.conf')!;
    assert.match(chrony.content, /^server 192\.168\.200\.254 iburst$/m);
    const mcs = files.filter((f) => f.path.startsWith('machineconfigs/'));
    assert.deepEqual(
      mcs.map((f) => f.path),
      [
        'machineconfigs/90-infra-chrony.yaml',
        'machineconfigs/90-master-chrony.yaml',
        'machineconfigs/90-storage-chrony.yaml',
        'machineconfigs/90-worker-chrony.yaml',
      ],
    );
    for (const f of mcs) {
      const mc = load(f.content) as Obj;
      const role = f.path.split('-')[1];
      assert.equal(mc.metadata.name, `90-${role}-chrony`);
      assert.equal(mc.metadata.labels['machineconfiguration.openshift.io/role'], role);
      const src: string = mc.spec.config.storage.files[0].contents.source;
      assert.equal(Buffer.from(src.split('base64,')[1], 'base64').toString('utf8'), chrony.content);
      assert.equal(f.apply, 'oc');
    }
  });

  it('k3s servers disable servicelb when MetalLB pools exist and carry the topology CIDRs', () => {
    const files = renderFile(exampleFile('k3s-metallb')).files;
    const s0 = load(
      files.find((f) => f.target === 'server-0' && f.path === '/etc/rancher/k3s/config.yaml')!.content,
    ) as Obj;
    assert.deepEqual(s0, {
      'cluster-init': true,
      'node-ip': '10.0.0.10',
      'cluster-cidr': '10.42.0.0/16',
      'service-cidr': '10.43.0.0/16',
      disable: ['servicelb'],
      'tls-san': ['10.0.0.5', 'api.lab.home.arpa'],
    });
    const a0 = load(files.find((f) => f.target === 'agent-0')!.content) as Obj;
    assert.deepEqual(a0, { server: 'https://10.0.0.5:6443', 'node-ip': '10.0.0.20' });
    const noPools = renderText(
      readFileSync(exampleFile('k3s-metallb'), 'utf8').replace(/\npools:\n( {2}.*\n)+/, '\npools: []\n'),
    ).files;
    assert.ok(!noPools.find((f) => f.target === 'server-0')!.content.includes('servicelb'));
  });
});
