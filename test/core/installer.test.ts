// The OpenShift installer's and MetalLB's rules that the checks follow (issue: agree with the peers).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE, edit, expectAt, expectClean, expectNone, okdUpi, problems, relatedAt } from './helpers';

const IPI = readFileSync(join(__dirname, '../render/fixtures/ipi-provisioning.okd.yaml'), 'utf8');
const OKD = okdUpi();
const withNet = (y: string, block: string) =>
  edit(y, ['  platform: okd-upi\n', `  platform: okd-upi\n  networking:\n${block}`]);

describe('installer rules: networks', () => {
  it('the IPI fixture with provisioning, proxy and MTU is clean', () => {
    expectClean(IPI);
  });

  it('net-list-empty: an explicitly empty cluster, service or machine network list', () => {
    expectAt(withNet(OKD, '    serviceNetwork: []\n'), 'net-list-empty', '[]');
    expectAt(withNet(OKD, '    machineNetwork: []\n'), 'net-list-empty', '[]');
    expectAt(withNet(OKD, '    clusterNetwork: []\n'), 'net-list-empty', '[]');
    expectNone(OKD, 'net-list-empty');
    // Not only OKD: an empty list renders an empty --service-cidr for k3s too.
    expectAt(
      edit(BASE, ['platform: k3s', 'platform: k3s\n  networking:\n    serviceNetwork: []']),
      'net-list-empty',
      '[]',
    );
  });

  it('installer-ovn-subnet: the masquerade subnets 169.254.0.0/17 and fd69::/112', () => {
    const p = expectAt(
      withNet(OKD, '    clusterNetwork: [{ cidr: 169.254.0.0/16, hostPrefix: 23 }]\n'),
      'installer-ovn-subnet',
      '169.254.0.0/16',
    );
    assert.match(p.message, /masquerade subnet 169\.254\.0\.0\/17/);
    const v6 = withNet(OKD, '    serviceNetwork: [172.30.0.0/16, "fd69::/112"]\n');
    assert.match(problems(v6).find((x) => x.code === 'installer-ovn-subnet')!.message, /masquerade subnet fd69::\/112/);
    // Only with OVN-Kubernetes.
    expectNone(
      withNet(OKD, '    networkType: Calico\n    clusterNetwork: [{ cidr: 169.254.0.0/16, hostPrefix: 23 }]\n'),
      'installer-ovn-subnet',
    );
  });

  it('installer-host-prefix: required for OVNKubernetes only', () => {
    expectAt(withNet(OKD, '    clusterNetwork: [{ cidr: 10.128.0.0/14 }]\n'), 'installer-host-prefix', '10.128.0.0/14');
    expectNone(
      withNet(OKD, '    networkType: Calico\n    clusterNetwork: [{ cidr: 10.128.0.0/14 }]\n'),
      'installer-host-prefix',
    );
  });

  it('installer-mtu: room for the overlay header, OVN or SDN only, a warning off OKD', () => {
    const big = IPI.replace('clusterNetworkMTU: 1400', 'clusterNetworkMTU: 1450');
    const p = expectAt(big, 'installer-mtu', '1450', { severity: 'error' });
    assert.match(p.message, /at most 1400/);
    assert.equal(p.data?.replacement, '1400');
    relatedAt(p, big, '1500');
    expectNone(big.replace('mtu: 1500', 'mtu: 9000'), 'installer-mtu');
    expectAt(IPI.replace('networkType: OVNKubernetes', 'networkType: Cilium'), 'installer-mtu', '1400');
    expectAt(
      edit(BASE, ['platform: k3s', 'platform: k3s\n  networking:\n    clusterNetworkMTU: 1400']),
      'installer-mtu',
      '1400',
      { severity: 'warning' },
    );
  });
});

describe('installer rules: VIPs', () => {
  it('an empty VIP address is an error at its scalar (never read as "no VIP")', () => {
    const y = edit(BASE, ['ip: 10.0.0.5', 'ip: ""']);
    assert.match(expectAt(y, 'ip-invalid', '""').message, /is empty/);
  });

  it('vip-count: a third address for one purpose', () => {
    const y = IPI.replace(
      'vips:\n',
      'vips:\n  - { name: api-b, network: baremetal, ip: "fd00::5", purpose: api }\n  - { name: api-c, network: baremetal, ip: 192.168.111.7, purpose: api }\n',
    );
    expectAt(y, 'vip-count', '192.168.111.5');
  });

  it('vip-purpose-duplicate: same family twice is an error for OKD, a warning elsewhere; one per family is fine', () => {
    const second = '  - { name: api2, network: baremetal, ip: 192.168.111.9, purpose: api }\n';
    const okd = IPI.replace('  - { name: ingress', `${second}  - { name: ingress`);
    expectAt(okd, 'vip-purpose-duplicate', 'api }\n  - { name: ingress', { severity: 'error' });
    const k3s = edit(BASE, ['pools:', '  - name: api2\n    network: lan\n    ip: 10.0.0.7\n    purpose: api\npools:']);
    expectAt(k3s, 'vip-purpose-duplicate', 'api\npools', { severity: 'warning' });
    const dual = edit(
      BASE,
      ['cidr: 10.0.0.0/24', 'cidr: 10.0.0.0/24\n    cidr6: "fd00::/64"'],
      ['pools:', '  - name: api6\n    network: lan\n    ip: "fd00::5"\n    purpose: api\npools:'],
    );
    expectNone(dual, 'vip-purpose-duplicate');
    expectNone(dual, 'vip-count');
  });

  it('vip-family-mismatch: in dual stack the first VIP address has the primary family of all three network lists', () => {
    const ex = readFileSync(join(__dirname, '../../examples/okd-ipi/cluster.okd.yaml'), 'utf8');
    expectNone(ex, 'vip-family-mismatch');
    const v6first = ex.replace(
      '    ip: 192.168.111.5\n    ip6: "fd2e:6f44:5dd8:c956::5"\n',
      '    ip: "fd2e:6f44:5dd8:c956::5"\n    ip6: 192.168.111.5\n',
    );
    const p = problems(v6first).find((x) => x.code === 'vip-family-mismatch' && /primary family/.test(x.message));
    assert.ok(p, 'IPv6 first in an IPv4-primary dual stack');
    assert.match(p.message, /machine network, cluster network, service network start with IPv4/);
    // Service networks reordered too: the service list alone now disagrees.
    const svc6 = ex.replace(
      'serviceNetwork: [172.30.0.0/16, "fd02::/112"]',
      'serviceNetwork: ["fd02::/112", 172.30.0.0/16]',
    );
    assert.match(
      problems(svc6).find((x) => x.code === 'vip-family-mismatch')!.message,
      /but the service network starts with IPv6/,
    );
  });

  it('single stack: no dual-stack ordering rule (an IPv6-only cluster with IPv6 VIPs is clean of it)', () => {
    const v6 = IPI.replace(/192\.168\.111\.(\d+)/g, 'fd00::$1')
      .replace('cidr: 192.168.111.0/24', 'cidr: "fd00::/64"')
      .replace('gateway: fd00::1', 'gateway: "fd00::1"')
      .replace('dns: [fd00::2]', 'dns: ["fd00::2"]')
      .replace(/ip: fd00::(\d+)/g, 'ip: "fd00::$1"')
      .replace('fd00::0/24', 'fd00::/64')
      .replace(
        'networkType: OVNKubernetes',
        'networkType: OVNKubernetes\n    clusterNetwork: [{ cidr: "fd01::/48", hostPrefix: 64 }]\n    serviceNetwork: ["fd02::/112"]',
      )
      .replace(/\n {2}proxy:[\s\S]*?172\.22\.0\.0\/24\]\n/, '\n');
    expectNone(v6, 'vip-family-mismatch');
  });
});

describe('installer rules: bare-metal hosts', () => {
  it('installer-ipi-hosts: no master, no host at all; a compact cluster is fine', () => {
    expectNone(IPI, 'installer-ipi-hosts');
    const noMaster = IPI.replace(/role: master/g, 'role: worker');
    assert.match(expectAt(noMaster, 'installer-ipi-hosts', 'worker').message, /at least one master/);
    const none = IPI.replace(/role: master/g, 'role: services');
    assert.match(expectAt(none, 'installer-ipi-hosts', 'hosts:').message, /no hosts to install/);
  });

  it('an empty name is an error at the name; a dotted host name says why one label', () => {
    const y = edit(BASE, ['- name: server-1', '- name: ""']);
    assert.match(expectAt(y, 'name-invalid-dns', '""').message, /is empty/);
    assert.match(expectAt(edit(BASE, ['- name: default', '- name: ""']), 'name-invalid-dns', '""').message, /is empty/);
    const dotted = edit(BASE, ['- name: server-1', '- name: server-1.rack2']);
    assert.match(
      expectAt(dotted, 'name-invalid-dns', 'server-1.rack2').message,
      /installer would accept a DNS subdomain, but this file appends the cluster domain/,
    );
  });

  it('installer-root-device: a /dev path; of the by-* links only by-path', () => {
    expectNone(IPI, 'installer-root-device');
    expectAt(
      IPI.replace('/dev/disk/by-path/pci-0000:00:1f.2-ata-1', '/dev/disk/by-id/wwn-0x5000c500a0b1c2d3'),
      'installer-root-device',
      '/dev/disk/by-id',
    );
    // Not under /dev at all: the value's own type says so first.
    expectAt(IPI.replace('/dev/disk/by-path/pci-0000:00:1f.2-ata-1', 'sda'), 'value-invalid', 'sda');
    // UPI passes installDisk to coreos-installer, which takes any device path.
    expectNone(
      edit(OKD, ['    role: master\n', '    role: master\n    installDisk: /dev/disk/by-id/wwn-1\n']),
      'installer-root-device',
    );
  });
});

describe('installer rules: the provisioning network', () => {
  it('the default 172.22.0.0/24 overlapping the machine network', () => {
    const y = IPI.replace(/172\.22\.0\.0\/24/g, '172.22.1.0/24')
      .replace(/192\.168\.111\./g, '172.22.0.')
      .replace(/cidr: 172\.22\.0\.0\/24\n {4}gateway/, 'cidr: 172.22.0.0/24\n    gateway')
      .replace(
        /\n {4}cidr: 172\.22\.1\.0\/24\n {4}dhcpRange: [^\n]*\n {4}bootstrapIP: [^\n]*\n {4}clusterIP: [^\n]*\n/,
        '\n',
      );
    const p = problems(y).find((x) => x.code === 'installer-provisioning');
    assert.ok(
      p,
      problems(y)
        .map((x) => x.code)
        .join(),
    );
    assert.match(p.message, /172\.22\.0\.0\/24 \(the default\) overlaps the machine network/);
  });

  it('IPs inside the network, outside its DHCP range and (bootstrap) outside the machine network', () => {
    expectAt(IPI.replace('bootstrapIP: 172.22.0.2', 'bootstrapIP: 172.22.1.2'), 'installer-provisioning', '172.22.1.2');
    const inRange = expectAt(
      IPI.replace('clusterIP: 172.22.0.3', 'clusterIP: 172.22.0.50'),
      'installer-provisioning',
      '172.22.0.50',
    );
    assert.match(inRange.message, /DHCP range/);
    expectAt(
      IPI.replace('dhcpRange: 172.22.0.10-172.22.0.100', 'dhcpRange: 172.22.0.10-172.22.1.100'),
      'installer-provisioning',
      '172.22.0.10-172.22.1.100',
    );
    expectAt(
      IPI.replace('dhcpRange: 172.22.0.10-172.22.0.100', 'dhcpRange: 172.22.0.0/25'),
      'dhcp-range-invalid',
      '172.22.0.0/25',
    );
    expectAt(
      IPI.replace('network: Managed', 'network: Unmanaged'),
      'installer-provisioning-unused',
      '172.22.0.10-172.22.0.100',
    );
  });

  it('a Managed IPv6 provisioning network must be /64 or longer', () => {
    const y = IPI.replace('cidr: 172.22.0.0/24', 'cidr: "fd00:1::/56"').replace(
      /\n {4}dhcpRange: [^\n]*\n {4}bootstrapIP: [^\n]*\n {4}clusterIP: [^\n]*\n/,
      '\n',
    );
    expectAt(y, 'installer-provisioning', '"fd00:1::/56"');
  });

  it('Disabled: BMC drivers that need the provisioning network; IPs on the machine network', () => {
    const dis = IPI.replace('network: Managed', 'network: Disabled').replace(
      /\n {4}cidr: 172[^\n]*\n {4}dhcpRange: [^\n]*\n {4}bootstrapIP: [^\n]*\n {4}clusterIP: [^\n]*\n/,
      '\n',
    );
    const p = expectAt(dis, 'installer-provisioning', '"ipmi://192.168.110.20"', { count: 3 });
    assert.match(p.message, /ipmi .*Disabled/);
    const vm = dis.replace(/ipmi:\/\/(192\.168\.110\.\d+)/g, 'redfish-virtualmedia://$1/redfish/v1/Systems/1');
    expectNone(vm, 'installer-provisioning');
    expectAt(
      vm.replace('network: Disabled', 'network: Disabled\n    bootstrapIP: 172.22.0.2'),
      'installer-provisioning',
      '172.22.0.2',
    );
    expectNone(
      vm.replace('network: Disabled', 'network: Disabled\n    bootstrapIP: 192.168.111.60'),
      'installer-provisioning',
    );
  });

  it('provisioning outside okd-ipi is a warning', () => {
    expectAt(
      edit(OKD, ['  platform: okd-upi\n', '  platform: okd-upi\n  provisioning: { network: Disabled }\n']),
      'installer-provisioning-unused',
      'network: Disabled',
    );
  });
});

describe('installer rules: proxy', () => {
  const proxy = (block: string) => IPI.replace(/ {2}proxy:\n( {4}[^\n]*\n)+/, `  proxy:\n${block}`);
  it('needs httpProxy or httpsProxy, with the right schemes', () => {
    expectAt(proxy('    noProxy: [.example.com]\n'), 'proxy-invalid', 'proxy:');
    expectAt(proxy('    httpProxy: https://p.example.com:3128\n'), 'proxy-invalid', 'https://p.example.com:3128');
    expectAt(proxy('    httpsProxy: ftp://p.example.com\n'), 'proxy-invalid', 'ftp://p.example.com');
    expectAt(proxy('    httpProxy: not a url\n'), 'value-invalid', 'not a url');
    expectNone(proxy('    httpsProxy: https://p.example.com:3129\n'), 'proxy-invalid');
  });

  it('never credentials in the file', () => {
    assert.match(
      expectAt(proxy('    httpProxy: http://user:secret@p.example.com:3128\n'), 'proxy-invalid', 'http://user').message,
      /no secrets/,
    );
  });

  it('noProxy: domains, IPs, CIDRs or a lone *', () => {
    expectAt(
      proxy('    httpProxy: http://p:3128\n    noProxy: ["*.example.com"]\n'),
      'value-invalid',
      '"*.example.com"',
    );
    expectAt(proxy('    httpProxy: http://p:3128\n    noProxy: [.example.com, "*"]\n'), 'proxy-invalid', '"*"');
    expectNone(proxy('    httpProxy: http://p:3128\n    noProxy: ["*"]\n'), 'proxy-invalid');
    expectNone(
      proxy('    httpProxy: http://p:3128\n    noProxy: [.example.com, 10.0.0.1, 10.0.0.0/8, "fd00::/64"]\n'),
      'proxy-invalid',
    );
  });

  it('proxy-unused off OKD', () => {
    expectAt(
      edit(BASE, ['platform: k3s', 'platform: k3s\n  proxy: { httpProxy: "http://p:3128" }']),
      'proxy-unused',
      'httpProxy',
    );
  });
});

describe('MetalLB rules', () => {
  it('pool-bare-address: MetalLB takes CIDRs and ranges only; the fix writes /32 or /128', () => {
    const p = expectAt(
      edit(BASE, ['[10.0.0.100-10.0.0.200]', '[10.0.0.100-10.0.0.200, 10.0.0.210]']),
      'pool-bare-address',
      '10.0.0.210',
    );
    assert.equal(p.data?.replacement, '10.0.0.210/32');
    const v6 = edit(
      BASE,
      ['cidr: 10.0.0.0/24', 'cidr: 10.0.0.0/24\n    cidr6: "fd00::/64"'],
      ['[10.0.0.100-10.0.0.200]', '[10.0.0.100-10.0.0.200, "fd00::99"]'],
    );
    assert.equal(expectAt(v6, 'pool-bare-address', '"fd00::99"').data?.replacement, 'fd00::99/128');
    expectNone(BASE, 'pool-bare-address');
  });
});
