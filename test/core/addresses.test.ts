import assert from 'node:assert/strict';
import { RELATED_MAX } from '../../src/core/checks/util';
import { BASE, edit, expectAt, expectClean, expectNone, problems, relatedAt } from './helpers';

describe('checks: single addresses', () => {
  it('the base fixture is clean', () => expectClean(BASE));

  it('ip-duplicate: a second host on the same address, reported at both owners, each naming the other', () => {
    const y = edit(BASE, ['ip: 10.0.0.11,', 'ip: 10.0.0.10,']);
    const p = expectAt(y, 'ip-duplicate', '10.0.0.10', { nth: 1, severity: 'error', count: 2 });
    assert.match(p.message, /10\.0\.0\.10 is already used by host server-0 \(lan\)/);
    relatedAt(p, y, '10.0.0.10');
    assert.deepEqual(p.data, { network: 'lan', ip: '10.0.0.10' });
    // The host the user did not touch hears of it too, pointing at the new one.
    const q = expectAt(y, 'ip-duplicate', '10.0.0.10', { nth: 0, count: 2 });
    assert.match(q.message, /10\.0\.0\.10 is also used by host server-1 \(lan\)/);
    relatedAt(q, y, '10.0.0.10', 1);
  });

  it('ip-duplicate: three owners give three problems, each naming both others', () => {
    const y = edit(BASE, ['ip: 10.0.0.11,', 'ip: 10.0.0.10,'], ['ip: 10.0.0.12,', 'ip: 10.0.0.10,']);
    for (const nth of [0, 1, 2]) {
      const p = expectAt(y, 'ip-duplicate', '10.0.0.10', { nth, count: 3 });
      assert.match(p.message, / and 1 more$/);
      for (const other of [0, 1, 2].filter((k) => k !== nth)) relatedAt(p, y, '10.0.0.10', other);
      assert.equal(p.related.length, 2);
    }
  });

  it('ip-duplicate: one address on 100 hosts gives one problem per host, each with at most RELATED_MAX related entries and "and N more"', () => {
    const many = Array.from(
      { length: 100 },
      (_, i) =>
        `  - name: extra-${i}\n    role: worker\n    interfaces:\n      - { network: lan, ip: 10.0.0.10, mac: "52:54:00:bb:00:${(i + 16).toString(16).padStart(2, '0')}" }\n`,
    ).join('');
    const y = edit(BASE, ['vips:\n', `${many}vips:\n`]);
    const dups = problems(y).filter((p) => p.code === 'ip-duplicate');
    assert.equal(dups.length, 101);
    for (const p of dups) {
      assert.equal(p.related.length, RELATED_MAX + 1);
      assert.equal(p.related[RELATED_MAX].message, `and ${100 - RELATED_MAX} more`);
      assert.match(p.message, / and 99 more$/);
    }
  });

  it('ip-duplicate: the same address written differently (IPv6 forms) is still one address', () => {
    const y = edit(
      BASE,
      ['cidr: 10.0.0.0/24', 'cidr: 10.0.0.0/24\n    cidr6: "fd00::/64"'],
      ['ip: 10.0.0.10,', 'ip: 10.0.0.10, ip6: "fd00::a",'],
      ['ip: 10.0.0.11,', 'ip: 10.0.0.11, ip6: "fd00:0::0:a",'],
    );
    expectAt(y, 'ip-duplicate', '"fd00:0::0:a"', { count: 2 });
    expectAt(y, 'ip-duplicate', '"fd00::a"', { count: 2 });
  });

  it('vip-collision: a VIP on a host address is reported at the VIP', () => {
    const y = edit(BASE, ['ip: 10.0.0.5', 'ip: 10.0.0.12']);
    const p = expectAt(y, 'vip-collision', '10.0.0.12', { nth: 1 });
    assert.match(p.message, /already used by host server-2 \(lan\)/);
    relatedAt(p, y, '10.0.0.12');
    // And at the host, naming the VIP.
    const h = expectAt(y, 'ip-duplicate', '10.0.0.12');
    assert.match(h.message, /10\.0\.0\.12 is also used by VIP api/);
    relatedAt(h, y, '10.0.0.12', 1);
  });

  it('a gateway or DNS server may be a host interface (a reference, not a collision)', () => {
    // svc (10.0.0.2) is the DNS server; make server-0 the router too.
    const y = edit(BASE, ['gateway: 10.0.0.1', 'gateway: 10.0.0.10']);
    expectClean(y);
  });

  it('vip-collision: a VIP equal to the gateway or to a DNS server', () => {
    const y = edit(BASE, ['ip: 10.0.0.5', 'ip: 10.0.0.1']);
    const p = expectAt(y, 'vip-collision', '10.0.0.1\n', { nth: 1, count: 2 });
    assert.match(p.message, /VIP api 10\.0\.0\.1 is also the gateway of network lan/);
    relatedAt(p, y, '10.0.0.1');
    const g = expectAt(y, 'vip-collision', '10.0.0.1\n', { count: 2 });
    assert.match(g.message, /The gateway of network lan 10\.0\.0\.1 is also VIP api/);
    relatedAt(g, y, '10.0.0.1\n', 1);
    const z = edit(BASE, ['dns: [10.0.0.2]', 'dns: [10.0.0.5]']);
    expectAt(z, 'vip-collision', '10.0.0.5\n', { count: 2 });
    expectAt(z, 'vip-collision', '10.0.0.5]', { count: 2 });
  });

  it('ip-outside-network: names the network and where the address belongs', () => {
    const y = edit(
      BASE,
      ['    dhcp:', '  - name: mgmt\n    cidr: 10.9.0.0/24\n    dhcp:'],
      ['ip: 10.0.0.11,', 'ip: 10.9.0.11,'],
    );
    // the dhcp block moved to mgmt; the base range is then outside mgmt
    const p = expectAt(y, 'ip-outside-network', '10.9.0.11');
    assert.match(p.message, /outside network lan \(10\.0\.0\.0\/24\); it belongs to network mgmt/);
    relatedAt(p, y, '10.0.0.0/24');
  });

  it('ip-network-address and ip-broadcast-address', () => {
    expectAt(edit(BASE, ['ip: 10.0.0.11,', 'ip: 10.0.0.0,']), 'ip-network-address', '10.0.0.0,');
    expectAt(edit(BASE, ['ip: 10.0.0.11,', 'ip: 10.0.0.255,']), 'ip-broadcast-address', '10.0.0.255');
  });

  it('no network/broadcast problem on /31 and /32 links', () => {
    const y = edit(
      BASE,
      ['    dhcp:\n      range: 10.0.0.50-10.0.0.99\n', ''],
      ['hosts:', 'hosts:\n  - name: p2p\n    role: services\n    interfaces:\n      - { network: link, ip: 10.1.0.0 }'],
      ['networks:', 'networks:\n  - name: link\n    cidr: 10.1.0.0/31'],
    );
    expectNone(y, 'ip-network-address');
  });

  it('ip-invalid and ip-family-mismatch', () => {
    expectAt(edit(BASE, ['ip: 10.0.0.11,', 'ip: 10.0.0.311,']), 'ip-invalid', '10.0.0.311');
    expectAt(edit(BASE, ['ip: 10.0.0.11,', 'ip: 10.0.0.11, ip6: 10.0.0.99,']), 'ip-family-mismatch', '10.0.0.99,');
    // IPv6 address on a network without an IPv6 subnet
    const p = expectAt(
      edit(BASE, ['ip: 10.0.0.11,', 'ip: 10.0.0.11, ip6: "fd00::11",']),
      'ip-family-mismatch',
      '"fd00::11"',
    );
    assert.match(p.message, /no IPv6 subnet/);
  });

  it('gateway-outside-network', () => {
    const p = expectAt(edit(BASE, ['gateway: 10.0.0.1', 'gateway: 10.0.1.1']), 'gateway-outside-network', '10.0.1.1');
    assert.match(p.message, /the gateway of network lan/);
  });

  it('dns-server-outside-network only when the network has no gateway to reach it', () => {
    expectNone(edit(BASE, ['dns: [10.0.0.2]', 'dns: [10.0.0.2, 1.1.1.1]']), 'dns-server-outside-network');
    const y = edit(BASE, ['    gateway: 10.0.0.1\n', ''], ['dns: [10.0.0.2]', 'dns: [10.0.0.2, 1.1.1.1]']);
    expectAt(y, 'dns-server-outside-network', '1.1.1.1', { severity: 'warning' });
  });

  it('interface-no-address: warning when the host has no address at all, info otherwise', () => {
    const y = edit(BASE, [
      '{ network: lan, ip: 10.0.0.11, mac: "52:54:00:aa:00:11" }',
      '{ network: lan, mac: "52:54:00:aa:00:11" }',
    ]);
    expectAt(y, 'interface-no-address', 'network: lan, mac', { severity: 'warning' });
    const z = edit(BASE, [
      '{ network: lan, ip: 10.0.0.11, mac: "52:54:00:aa:00:11" }',
      '{ network: lan, ip: 10.0.0.11, mac: "52:54:00:aa:00:11" }\n      - { network: lan, mac: "52:54:00:aa:00:21" }',
    ]);
    expectAt(z, 'interface-no-address', 'network: lan, mac', { severity: 'info' });
  });
});

describe('checks: BMC addresses', () => {
  it('ip-duplicate: a host interface on a BMC address', () => {
    const y = edit(BASE, [
      '    role: master\n    interfaces:\n      - { network: lan, ip: 10.0.0.10',
      '    role: master\n    bmc: { address: "ipmi://10.0.0.11:623" }\n    interfaces:\n      - { network: lan, ip: 10.0.0.10',
    ]);
    const p = expectAt(y, 'ip-duplicate', '10.0.0.11,', { count: 2 });
    assert.match(p.message, /already used by the BMC of host server-0/);
    relatedAt(p, y, '"ipmi://10.0.0.11:623"');
    relatedAt(expectAt(y, 'ip-duplicate', '"ipmi://10.0.0.11:623"', { count: 2 }), y, '10.0.0.11,');
  });

  const bmcs = (a: string, b: string, vm = '') =>
    edit(
      BASE,
      [
        '    role: master\n    interfaces:\n      - { network: lan, ip: 10.0.0.10',
        `    role: master\n    bmc: { address: "${a}" }\n    interfaces:\n      - { network: lan, ip: 10.0.0.10`,
      ],
      [
        '    role: master\n    interfaces:\n      - { network: lan, ip: 10.0.0.11',
        `    role: master\n${vm}    bmc: { address: "${b}" }\n    interfaces:\n      - { network: lan, ip: 10.0.0.11`,
      ],
    );

  it('one BMC emulator or chassis manager serves several hosts at one address; the same URL twice is a clash', () => {
    expectNone(
      bmcs('redfish://10.0.0.30:8000/redfish/v1/Systems/a', 'redfish://10.0.0.30:8000/redfish/v1/Systems/b'),
      'ip-duplicate',
    );
    expectNone(bmcs('ipmi://10.0.0.30:6230', 'ipmi://10.0.0.30:6231'), 'ip-duplicate');
    const same = bmcs('ipmi://10.0.0.30:6230', 'IPMI://10.0.0.30:6230/');
    assert.match(
      expectAt(same, 'ip-duplicate', '"IPMI://10.0.0.30:6230/"', { count: 2 }).message,
      /is already the BMC of host server-0; each host needs its own/,
    );
    assert.match(
      expectAt(same, 'ip-duplicate', '"ipmi://10.0.0.30:6230"', { count: 2 }).message,
      /is also the BMC of host server-1; each host needs its own/,
    );
  });

  it("a VM's BMC may be an emulator on a host of the topology; a bare metal BMC may not sit on a host's address", () => {
    const onSvc = 'redfish-virtualmedia://10.0.0.2:8000/redfish/v1/Systems/x';
    expectNone(bmcs('ipmi://10.0.0.31', onSvc, '    vm: { cpus: 4 }\n'), 'ip-duplicate');
    expectAt(bmcs('ipmi://10.0.0.31', onSvc), 'ip-duplicate', `"${onSvc}"`, { count: 2 });
  });
});
