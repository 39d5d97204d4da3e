import assert from 'node:assert/strict';
import { countText } from '../../src/core/text';
import { analyze } from '../../src/core/analyze';
import { addressUsage } from '../../src/core/lang/usage';
import { BASE, edit, expectAt, expectClean, expectNone, problems, relatedAt, okdUpi } from './helpers';

const OKD = okdUpi();
const INGRESS = '  - name: ingress\n    network: lan\n    ip: 10.0.0.6\n    purpose: ingress\npools:';
const withNet = (y: string, block: string) =>
  edit(y, ['  platform: okd-upi\n', `  platform: okd-upi\n  networking:\n${block}`]);

describe('checks: VIPs and HA', () => {
  it('vip-api-equals-ingress (at both VIPs, not also a collision); allowed with a user-managed load balancer', () => {
    const y = edit(BASE, ['pools:', INGRESS.replace('10.0.0.6', '10.0.0.5')]);
    // occurrence 0 is inside the DHCP range 10.0.0.50-…
    const p = expectAt(y, 'vip-api-equals-ingress', '10.0.0.5', { nth: 2, count: 2 });
    relatedAt(p, y, '10.0.0.5', 1);
    relatedAt(expectAt(y, 'vip-api-equals-ingress', '10.0.0.5', { nth: 1, count: 2 }), y, '10.0.0.5', 2);
    expectNone(y, 'vip-collision');
    const um = edit(y, ['platform: k3s', 'platform: k3s\n  loadBalancer: user-managed']);
    expectNone(um, 'vip-api-equals-ingress');
    expectNone(um, 'vip-collision');
  });

  it('vip-outside-machine-network: explicit machine network, and lifted by user-managed', () => {
    const y = edit(
      BASE,
      ['platform: k3s', 'platform: k3s\n  networking:\n    machineNetwork: [10.0.0.0/25]'],
      ['ip: 10.0.0.5', 'ip: 10.0.0.130'],
    );
    const p = expectAt(y, 'vip-outside-machine-network', '10.0.0.130');
    relatedAt(p, y, '10.0.0.0/25');
    expectNone(
      edit(y, ['platform: k3s', 'platform: k3s\n  loadBalancer: user-managed']),
      'vip-outside-machine-network',
    );
  });

  it('vip-outside-machine-network: derived machine network (a VIP on a network without nodes)', () => {
    const y = edit(
      BASE,
      ['    network: lan\n    ip: 10.0.0.5', '    network: mgmt\n    ip: 10.1.0.5'],
      ['networks:', 'networks:\n  - name: mgmt\n    cidr: 10.1.0.0/24'],
    );
    expectAt(y, 'vip-outside-machine-network', '10.1.0.5');
  });

  it('vip-family-mismatch: two addresses of one family; IPv6 VIP without an IPv6 machine network (OKD)', () => {
    const two = edit(
      BASE,
      ['cidr: 10.0.0.0/24', 'cidr: 10.0.0.0/24\n    cidr6: "fd00::/64"'],
      ['ip: 10.0.0.5', 'ip: "fd00::5"\n    ip6: "fd00::6"'],
    );
    expectAt(two, 'vip-family-mismatch', '"fd00::6"');
    const okd = edit(
      OKD,
      ['cidr: 10.0.0.0/24', 'cidr: 10.0.0.0/24\n    cidr6: "fd00::/64"'],
      ['ip: 10.0.0.5', 'ip: 10.0.0.5\n    ip6: "fd00::5"'],
      ['  platform: okd-upi\n', '  platform: okd-upi\n  networking:\n    machineNetwork: [10.0.0.0/24]\n'],
    );
    const p = expectAt(okd, 'vip-family-mismatch', '"fd00::5"');
    assert.match(p.message, /machine network has no IPv6 subnet/);
  });

  it('vip-purpose-duplicate', () => {
    expectAt(edit(BASE, ['ip: 10.0.0.5', 'ip: 10.0.0.5\n    ip6: 10.0.0.7']), 'ip-family-mismatch', '10.0.0.7');
    const y = edit(BASE, ['pools:', INGRESS.replace('purpose: ingress', 'purpose: api')]);
    expectAt(y, 'vip-purpose-duplicate', 'api\npools', { severity: 'warning' });
  });

  it('ha-masters, ha-ipi-vips, ha-upi-lb, ha-upi-dns', () => {
    const one = edit(BASE, ['role: master', 'role: worker'], ['role: master', 'role: worker']);
    const p = expectAt(one, 'ha-masters', 'master', { severity: 'warning' });
    assert.match(p.message, /Only 1 master/);
    const ipi = edit(BASE, ['platform: k3s', 'platform: okd-ipi']);
    assert.match(expectAt(ipi, 'ha-ipi-vips', 'vips:').message, /an ingress VIP/);
    expectNone(edit(ipi, ['pools:', INGRESS]), 'ha-ipi-vips');
    const upi = edit(BASE, ['platform: k3s', 'platform: okd-upi'], ['  dns: { host: svc }\n', '']);
    expectAt(upi, 'ha-upi-dns', 'okd-upi');
    expectNone(upi, 'ha-upi-lb'); // the api VIP fronts the API
    expectAt(
      edit(upi, ['ip: 10.0.0.5\n    purpose: api', 'ip: 10.0.0.5\n    purpose: custom']),
      'ha-upi-lb',
      'okd-upi',
    );
    expectNone(OKD, 'ha-upi-lb');
  });

  it('ha-upi-bootstrap: okd-upi masters need a bootstrap node; IPI makes its own', () => {
    expectNone(OKD, 'ha-upi-bootstrap');
    const none = edit(OKD, ['    role: bootstrap\n', '    role: worker\n']);
    assert.match(
      expectAt(none, 'ha-upi-bootstrap', 'okd-upi', { severity: 'warning' }).message,
      /add a host with role bootstrap/,
    );
    expectNone(edit(none, ['platform: okd-upi', 'platform: okd-ipi']), 'ha-upi-bootstrap');
  });
});

describe("checks: the nodes use the cluster's DNS server", () => {
  it('dns-not-cluster-server: okd-upi networks of nodes must list services.dns first', () => {
    expectNone(OKD, 'dns-not-cluster-server');
    const second = edit(OKD, ['dns: [10.0.0.2]', 'dns: [10.0.0.1, 10.0.0.2]']);
    const p = expectAt(second, 'dns-not-cluster-server', '10.0.0.1, 10.0.0.2', { severity: 'warning' });
    assert.match(p.message, /lists 10\.0\.0\.1 before the cluster's DNS server 10\.0\.0\.2 \(svc\)/);
    relatedAt(p, second, '10.0.0.2]');
    assert.equal(p.data?.swapWith, 1);
    const none = edit(OKD, ['dns: [10.0.0.2]', 'dns: [10.0.0.1]']);
    assert.match(
      expectAt(none, 'dns-not-cluster-server', '10.0.0.1]').message,
      /none of which is the cluster's DNS server \(svc\)/,
    );
    // No list: render hands out the DNS host's address. Other platforms resolve the API otherwise.
    expectNone(edit(OKD, ['    dns: [10.0.0.2]\n', '']), 'dns-not-cluster-server');
    expectNone(edit(none, ['platform: okd-upi', 'platform: k3s']), 'dns-not-cluster-server');
  });
});

describe('checks: installer-provisioned bare metal', () => {
  const ipi = edit(BASE, ['platform: k3s', 'platform: okd-ipi'], ['pools:', INGRESS]);
  const withBmc = (y: string, bmc: string) => y.replace(/( {4}role: (master|worker)\n)/g, `$1    bmc: ${bmc}\n`);
  it('installer-bmc-missing: every node needs a BMC address and user name; other roles and platforms do not', () => {
    const p = expectAt(ipi, 'installer-bmc-missing', 'server-0', { count: 3 });
    assert.match(p.message, /Host server-0 has no bmc/);
    let port = 6230;
    expectNone(
      ipi.replace(
        / {4}role: (master|worker)\n/g,
        (m) => `${m}    bmc: { address: "ipmi://10.0.0.40:${port++}", username: admin }\n`,
      ),
      'installer-bmc-missing',
    );
    const noUser = withBmc(ipi, '{ address: "" }');
    assert.match(
      expectAt(noUser, 'installer-bmc-missing', 'address: ""', { count: 3 }).message,
      /bmc\.address and bmc\.username missing/,
    );
    expectNone(BASE, 'installer-bmc-missing');
    expectNone(
      edit(
        ipi,
        ['role: master', 'role: services'],
        ['role: master', 'role: services'],
        ['role: master', 'role: services'],
      ),
      'installer-bmc-missing',
    );
  });
  it('mac-missing is an error for okd-ipi (bootMACAddress is required), a warning for okd-upi', () => {
    const noMac = (y: string) => edit(y, [', mac: "52:54:00:aa:00:11" }', ' }']);
    expectAt(noMac(ipi), 'mac-missing', 'network: lan, ip: 10.0.0.11', { severity: 'error' });
    expectAt(noMac(OKD), 'mac-missing', 'network: lan, ip: 10.0.0.11', { severity: 'warning' });
  });
});

describe('checks: cluster networking and installer rules', () => {
  it('net-node-outside-machine-network: a written machine network must hold every node; error for OKD, warning otherwise', () => {
    const withM = (y: string, m: string) =>
      edit(y, ['  baseDomain: home.arpa\n', `  baseDomain: home.arpa\n  networking:\n    machineNetwork: [${m}]\n`]);
    const okd = withM(OKD, '10.0.0.0/25, 10.9.0.0/24');
    expectNone(okd, 'net-node-outside-machine-network');
    const moved = edit(okd, ['ip: 10.0.0.12,', 'ip: 10.0.0.140,']);
    const p = expectAt(moved, 'net-node-outside-machine-network', '10.0.0.140', { severity: 'error' });
    assert.match(
      p.message,
      /Host server-2 has no IPv4 address in the machine network \(10\.0\.0\.0\/25, 10\.9\.0\.0\/24\)/,
    );
    relatedAt(p, moved, '10.0.0.0/25');
    expectAt(withM(BASE, '10.9.0.0/24'), 'net-node-outside-machine-network', '10.0.0.10', {
      severity: 'warning',
      count: 3,
    });
    // Services hosts are not nodes; an IPv6-only machine network says nothing about IPv4 addresses.
    expectNone(
      withM(edit(OKD, ['ip: 10.0.0.2,', 'ip: 10.0.0.200,']), '10.0.0.0/25'),
      'net-node-outside-machine-network',
    );
    expectNone(withM(BASE, 'fd00::/64'), 'net-node-outside-machine-network');
  });
  it('net-overlap: cluster vs service network, and pod network over a node network', () => {
    const y = edit(BASE, [
      'platform: k3s',
      'platform: k3s\n  networking:\n    clusterNetwork: [{ cidr: 10.43.0.0/16, hostPrefix: 24 }]\n    serviceNetwork: [10.43.128.0/17]',
    ]);
    relatedAt(expectAt(y, 'net-overlap', '10.43.0.0/16'), y, '10.43.128.0/17');
    const z = edit(BASE, [
      'platform: k3s',
      'platform: k3s\n  networking:\n    clusterNetwork: [{ cidr: 10.0.0.0/16, hostPrefix: 24 }]',
    ]);
    const p = expectAt(z, 'net-overlap', '10.0.0.0/16');
    assert.match(p.message, /network lan/);
    relatedAt(p, z, '10.0.0.0/24');
  });

  it('net-overlap: a platform default pod network over a node network points at the cluster block', () => {
    const y = edit(OKD, ['cidr: 10.0.0.0/24', 'cidr: 10.128.0.0/24'], ['10.0.0.1', '10.128.0.1']);
    const p = problems(y).find((x) => x.code === 'net-overlap');
    assert.ok(p, 'expected net-overlap');
    assert.match(p.message, /the okd-upi default/);
  });

  it('net-overlap: two node networks overlapping; machine networks overlapping', () => {
    const y = edit(BASE, ['networks:', 'networks:\n  - name: big\n    cidr: 10.0.0.0/16']);
    expectAt(y, 'net-overlap', '10.0.0.0/24');
    const m = edit(BASE, [
      'platform: k3s',
      'platform: k3s\n  networking:\n    machineNetwork: [10.0.0.0/24, 10.0.0.0/25]',
    ]);
    expectAt(m, 'net-overlap', '10.0.0.0/25');
  });

  it('net-cidr-invalid and net-cidr-host-bits', () => {
    expectAt(edit(BASE, ['cidr: 10.0.0.0/24', 'cidr: 10.0.0.0/33']), 'net-cidr-invalid', '10.0.0.0/33');
    const p = expectAt(edit(BASE, ['cidr: 10.0.0.0/24', 'cidr: 10.0.0.1/24']), 'net-cidr-host-bits', '10.0.0.1/24');
    assert.equal(p.data?.replacement, '10.0.0.0/24');
  });

  it('net-pod-subnets: too few node subnets for the nodes', () => {
    const y = edit(BASE, [
      'platform: k3s',
      'platform: k3s\n  networking:\n    clusterNetwork: [{ cidr: 10.42.0.0/24, hostPrefix: 25 }]',
    ]);
    expectAt(y, 'net-pod-subnets', '10.42.0.0/24');
  });

  it('installer-service-network-size (okd only)', () => {
    const y = withNet(OKD, '    serviceNetwork: [172.16.0.0/11]\n');
    expectAt(y, 'installer-service-network-size', '172.16.0.0/11');
    expectNone(
      edit(y, ['okd-upi', 'kubernetes'], ['loadBalancer: { host: svc }', 'ntp: { host: svc }']),
      'installer-service-network-size',
    );
  });

  it('installer-host-prefix: missing, shorter than the prefix, IPv6 not 64, IPv4 differing', () => {
    expectAt(withNet(OKD, '    clusterNetwork: [{ cidr: 10.128.0.0/14 }]\n'), 'installer-host-prefix', '10.128.0.0/14');
    expectAt(
      withNet(OKD, '    clusterNetwork: [{ cidr: 10.128.0.0/14, hostPrefix: 12 }]\n'),
      'installer-host-prefix',
      '10.128.0.0/14',
    );
    expectAt(
      withNet(
        OKD,
        '    clusterNetwork: [{ cidr: 10.128.0.0/14, hostPrefix: 23 }, { cidr: "fd01::/48", hostPrefix: 56 }]\n',
      ),
      'installer-host-prefix',
      '"fd01::/48"',
    );
    expectAt(
      withNet(
        OKD,
        '    clusterNetwork: [{ cidr: 10.128.0.0/14, hostPrefix: 23 }, { cidr: 10.200.0.0/14, hostPrefix: 24 }]\n',
      ),
      'installer-host-prefix',
      '10.200.0.0/14',
    );
  });

  it('installer-dual-stack: service networks of both families need both families elsewhere', () => {
    const y = withNet(OKD, '    serviceNetwork: [172.30.0.0/16, "fd02::/112"]\n');
    const ps = problems(y).filter((p) => p.code === 'installer-dual-stack');
    assert.equal(ps.length, 2, ps.map((p) => p.message).join('\n'));
    assert.ok(
      ps.some((p) => /IPv6 clusterNetwork/.test(p.message)) && ps.some((p) => /IPv6 machine network/.test(p.message)),
    );
    expectAt(
      withNet(OKD, '    serviceNetwork: [172.30.0.0/16, 172.31.0.0/16]\n'),
      'installer-dual-stack',
      '172.31.0.0/16',
    );
  });

  it('installer-docker-bridge (warning) and installer-ovn-subnet', () => {
    expectAt(withNet(OKD, '    serviceNetwork: [172.17.0.0/16]\n'), 'installer-docker-bridge', '172.17.0.0/16', {
      severity: 'warning',
    });
    expectAt(
      withNet(OKD, '    networkType: OVNKubernetes\n    serviceNetwork: [100.64.0.0/16]\n'),
      'installer-ovn-subnet',
      '100.64.0.0/16',
    );
  });

  it('installer-cluster-name and installer-network-type', () => {
    expectAt(edit(OKD, ['name: lab', `name: ${'x'.repeat(55)}`]), 'installer-cluster-name', 'x'.repeat(55));
    expectAt(withNet(OKD, '    networkType: OpenShiftSDN\n'), 'installer-network-type', 'OpenShiftSDN');
  });
});

describe('checks: ports', () => {
  it('port-conflict: HTTP server on 80 next to HAProxy; reported at the later service with the other side related', () => {
    const y = edit(OKD, [
      'loadBalancer: { host: svc }',
      'loadBalancer: { host: svc }\n  http: { host: svc, port: 80 }',
    ]);
    const p = expectAt(y, 'port-conflict', '80 }');
    assert.match(
      p.message,
      /Port 80\/tcp on host svc is used by both the load balancer \(HAProxy\) and the HTTP server/,
    );
    relatedAt(p, y, 'svc }\n  http');
  });

  it('port-conflict: the load balancer on a master collides with the API server (6443); default ports do not collide', () => {
    const y = edit(BASE, ['dns: { host: svc }', 'dns: { host: svc }\n  loadBalancer: { host: server-0 }']);
    expectAt(y, 'port-conflict', 'server-0 }');
    expectClean(
      edit(OKD, [
        'loadBalancer: { host: svc }',
        'loadBalancer: { host: svc }\n  http: { host: svc }\n  registry: { host: svc }\n  ntp: { host: svc }\n  pxe: { host: svc }\n  dhcp: { host: svc }',
      ]),
    );
    expectAt(
      edit(OKD, ['loadBalancer: { host: svc }', 'loadBalancer: { host: svc }\n  registry: { host: svc, port: 53 }']),
      'port-conflict',
      '53 }',
    );
  });
});

describe('checks: service commands', () => {
  const dns = (more: string) => edit(BASE, ['dns: { host: svc }', `dns:\n    host: svc\n${more}`]);
  it('service-command-invalid: shell syntax, an unclosed quote, an empty command, an option as program; at the command', () => {
    const p = expectAt(
      dns('    validate: named-checkconf -z {file} && echo ok\n'),
      'service-command-invalid',
      'named-checkconf',
      { severity: 'error' },
    );
    assert.match(p.message, /^services\.dns\.validate: shell syntax "&" at column 27/);
    assert.match(
      expectAt(dns("    reload: systemctl 'reload named\n"), 'service-command-invalid', 'systemctl').message,
      /services\.dns\.reload: .*quote/,
    );
    assert.match(expectAt(dns('    reload: ""\n'), 'service-command-invalid', '""').message, /empty/);
    assert.match(
      expectAt(dns('    reload: --help\n'), 'service-command-invalid', '--help').message,
      /not a valid program name/,
    );
  });
  it('plain commands with quoted arguments and {file} are fine', () => {
    expectNone(
      dns("    validate: named-checkconf -z {file}\n    reload: rndc reload 'a;b'\n"),
      'service-command-invalid',
    );
  });
});

describe('free addresses: hover, graph and validate --usage, not problems (issue 13)', () => {
  const usage = (y: string) => addressUsage(analyze(y).topology!);
  it('one entry per network and per pool, at the name; none in the problems', () => {
    const all = usage(BASE);
    assert.deepEqual(
      all.map((u) => [u.kind, u.name, u.path.at(-1)]),
      [
        ['network', 'lan', 'name'],
        ['pool', 'default', 'name'],
      ],
    );
    assert.match(all[0].message, /97 of 256 free \(6 static, 50 DHCP, 101 in pools\)/);
    assert.match(all[1].message, /Pool default: 101 of 101 addresses free/);
    expectNone(BASE, 'info-free-addresses');
    assert.ok(!problems(BASE).some((p) => /free/.test(p.message)));
  });

  it('a directive still naming the retired code says where the information went', () => {
    const p = problems(`# okd-topology-disable info-free-addresses\n${BASE}`).find(
      (x) => x.code === 'suppress-unused',
    )!;
    assert.match(p.message, /info-free-addresses: free addresses are no longer problems; hover a network or pool/);
  });

  it('large counts read as words or powers of two, never 1.8e+19', () => {
    assert.deepEqual([65534, 16_777_214, 4.3e9, 2 ** 64, 2 ** 64 - 100].map(countText), [
      '65,534',
      '16.8 million',
      '4.3 billion',
      'about 2^64',
      'about 2^64',
    ]);
    const v6 = edit(BASE, ['cidr: 10.0.0.0/24', 'cidr: 10.0.0.0/24\n    cidr6: "fd00::/64"']);
    const lan = usage(v6).find((u) => u.name === 'lan')!;
    assert.match(lan.message, /fd00::\/64: about 2\^64 of about 2\^64 free/);
    assert.doesNotMatch(lan.message, /e\+/);
  });
});
