import assert from 'node:assert/strict';
import { RELATED_MAX } from '../../src/core/checks/util';
import { BASE, edit, expectAt, expectNone, pos, problems, relatedAt } from './helpers';

describe('checks: DHCP ranges and pools', () => {
  it('dhcp-range-invalid: malformed and reversed ranges', () => {
    expectAt(edit(BASE, ['10.0.0.50-10.0.0.99', '10.0.0.50-10.0.0']), 'dhcp-range-invalid', '10.0.0.50-10.0.0');
    const p = expectAt(
      edit(BASE, ['10.0.0.50-10.0.0.99', '10.0.0.99-10.0.0.50']),
      'dhcp-range-invalid',
      '10.0.0.99-10.0.0.50',
    );
    assert.match(p.message, /starts after it ends/);
  });

  it('dhcp-range-outside-subnet, including the broadcast address', () => {
    expectAt(
      edit(BASE, ['10.0.0.50-10.0.0.99', '10.0.0.50-10.0.1.20']),
      'dhcp-range-outside-subnet',
      '10.0.0.50-10.0.1.20',
    );
    const p = expectAt(
      edit(BASE, ['10.0.0.50-10.0.0.99', '10.0.0.250-10.0.0.255']),
      'dhcp-range-outside-subnet',
      '10.0.0.250-10.0.0.255',
    );
    assert.match(p.message, /broadcast/);
  });

  it('dhcp-reservation-in-range: a host inside the dynamic range is a warning at the host, with the range index', () => {
    const y = edit(BASE, ['ip: 10.0.0.11,', 'ip: 10.0.0.60,']);
    const p = expectAt(y, 'dhcp-reservation-in-range', '10.0.0.60', { severity: 'warning' });
    relatedAt(p, y, '10.0.0.50-10.0.0.99');
    assert.deepEqual(p.data, { network: 'lan', rangeIndex: 0, ip: '10.0.0.60' });
  });

  it('dhcp-range-overlap: a VIP inside the range (error at the range) and two overlapping ranges', () => {
    const y = edit(BASE, ['ip: 10.0.0.5', 'ip: 10.0.0.70']);
    const p = expectAt(y, 'dhcp-range-overlap', '10.0.0.50-10.0.0.99', { severity: 'error' });
    assert.match(p.message, /contains VIP api \(10\.0\.0\.70\)/);
    relatedAt(p, y, '10.0.0.70');
    const z = edit(BASE, [
      '      range: 10.0.0.50-10.0.0.99',
      '      ranges: [10.0.0.50-10.0.0.99, 10.0.0.90-10.0.0.95]',
    ]);
    expectAt(z, 'dhcp-range-overlap', '10.0.0.90-10.0.0.95');
  });

  it('gateway-in-dynamic-range and dns-in-dynamic-range', () => {
    const y = edit(BASE, ['gateway: 10.0.0.1', 'gateway: 10.0.0.60']);
    relatedAt(expectAt(y, 'gateway-in-dynamic-range', '10.0.0.60'), y, '10.0.0.50-10.0.0.99');
    const z = edit(BASE, ['dns: [10.0.0.2]', 'dns: [10.0.0.150]']);
    relatedAt(expectAt(z, 'dns-in-dynamic-range', '10.0.0.150'), z, '10.0.0.100-10.0.0.200');
  });

  it('pool-invalid: bad address, start after end, no addresses', () => {
    expectAt(
      edit(BASE, ['[10.0.0.100-10.0.0.200]', '[10.0.0.100-10.0.0.2000]']),
      'pool-invalid',
      '10.0.0.100-10.0.0.2000',
    );
    expectAt(
      edit(BASE, ['[10.0.0.100-10.0.0.200]', '[10.0.0.200-10.0.0.100]']),
      'pool-invalid',
      '10.0.0.200-10.0.0.100',
    );
    expectAt(edit(BASE, ['[10.0.0.100-10.0.0.200]', '[10.0.0.300/24]']), 'pool-invalid', '10.0.0.300/24');
    expectAt(edit(BASE, ['[10.0.0.100-10.0.0.200]', '[]']), 'pool-invalid', 'default');
  });

  it('pool-host-bits: a CIDR with host bits set (MetalLB silently masks it)', () => {
    const p = expectAt(edit(BASE, ['[10.0.0.100-10.0.0.200]', '[10.0.0.129/26]']), 'pool-host-bits', '10.0.0.129/26', {
      severity: 'warning',
    });
    assert.equal(p.data?.replacement, '10.0.0.128/26');
  });

  it('pool-outside-network: outside its own network, or (layer2, no network) outside every network', () => {
    expectAt(
      edit(BASE, ['[10.0.0.100-10.0.0.200]', '[10.0.5.100-10.0.5.200]']),
      'pool-outside-network',
      '10.0.5.100-10.0.5.200',
    );
    const y = edit(
      BASE,
      ['    network: lan\n    addresses', '    addresses'],
      ['[10.0.0.100-10.0.0.200]', '[10.0.5.100-10.0.5.200]'],
    );
    expectAt(y, 'pool-outside-network', '10.0.5.100-10.0.5.200');
    // BGP pools are routed, so they may live anywhere.
    expectNone(
      edit(y, ['[10.0.5.100-10.0.5.200]', '[10.0.5.100-10.0.5.200]\n    protocol: bgp']),
      'pool-outside-network',
    );
  });

  it("pool-network-address: a layer 2 pool holding its subnet's broadcast or network address", () => {
    const y = edit(BASE, ['[10.0.0.100-10.0.0.200]', '[10.0.0.240/28]']);
    const p = expectAt(y, 'pool-network-address', '10.0.0.240/28');
    assert.match(p.message, /broadcast address 10\.0\.0\.255 of network lan/);
    assert.equal(p.data?.replacement, '10.0.0.240-10.0.0.254');
    // No network given: the network the layer 2 pool sits on counts.
    expectAt(edit(y, ['    network: lan\n    addresses', '    addresses']), 'pool-network-address', '10.0.0.240/28');
    // avoidBuggyIPs skips .0 and .255, which are a /24's edges; BGP pools are routed.
    expectNone(edit(y, ['[10.0.0.240/28]', '[10.0.0.240/28]\n    avoidBuggyIPs: true']), 'pool-network-address');
    expectNone(edit(y, ['[10.0.0.240/28]', '[10.0.0.240/28]\n    protocol: bgp']), 'pool-network-address');
    // ... but a /25's broadcast ends in .127.
    const half = edit(
      BASE,
      ['10.0.0.0/24', '10.0.0.0/25'],
      ['[10.0.0.100-10.0.0.200]', '[10.0.0.120-10.0.0.127]\n    avoidBuggyIPs: true'],
    );
    assert.match(
      expectAt(half, 'pool-network-address', '10.0.0.120-10.0.0.127').message,
      /broadcast address 10\.0\.0\.127/,
    );
  });

  it('pool-overlap: with a host, a VIP, the DHCP range and another pool, at both ends', () => {
    const host = edit(BASE, ['ip: 10.0.0.12,', 'ip: 10.0.0.150,']);
    const p = expectAt(host, 'pool-overlap', '10.0.0.100-10.0.0.200', { count: 2 });
    assert.match(p.message, /10\.0\.0\.150 of host server-2 \(lan\); MetalLB could hand it to a service/);
    relatedAt(p, host, '10.0.0.150');
    const h = expectAt(host, 'pool-overlap', '10.0.0.150', { count: 2 });
    assert.match(h.message, /10\.0\.0\.150 of host server-2 \(lan\) lies inside pool default/);
    relatedAt(h, host, '10.0.0.100-10.0.0.200');
    const vip = edit(BASE, ['ip: 10.0.0.5', 'ip: 10.0.0.101']);
    expectAt(vip, 'pool-overlap', '10.0.0.100-10.0.0.200', { count: 2 });
    relatedAt(expectAt(vip, 'pool-overlap', '10.0.0.101', { count: 2 }), vip, '10.0.0.100-10.0.0.200');
    const dhcp = edit(BASE, ['[10.0.0.100-10.0.0.200]', '[10.0.0.90-10.0.0.200]']);
    relatedAt(expectAt(dhcp, 'pool-overlap', '10.0.0.90-10.0.0.200', { count: 2 }), dhcp, '10.0.0.50-10.0.0.99');
    relatedAt(expectAt(dhcp, 'pool-overlap', '10.0.0.50-10.0.0.99', { count: 2 }), dhcp, '10.0.0.90-10.0.0.200');
    expectNone(dhcp, 'dhcp-range-overlap');
    const two =
      `${BASE}  - name: second\n    network: lan\n    addresses: [10.0.0.192/28]\n`.replace(
        'services:\n  dns: { host: svc }\n',
        '',
      ) + 'services:\n  dns: { host: svc }\n';
    relatedAt(expectAt(two, 'pool-overlap', '10.0.0.192/28', { count: 2 }), two, '10.0.0.100-10.0.0.200');
    relatedAt(expectAt(two, 'pool-overlap', '10.0.0.100-10.0.0.200', { count: 2 }), two, '10.0.0.192/28');
  });

  it('pool-overlap: a pool over 100 hosts is one capped problem at the pool and one at each host', () => {
    const many = Array.from(
      { length: 100 },
      (_, i) =>
        `  - name: extra-${i}\n    role: worker\n    interfaces:\n      - { network: lan, ip: 10.0.0.${101 + i}, mac: "52:54:00:bb:00:${(i + 16).toString(16).padStart(2, '0')}" }\n`,
    ).join('');
    const y = edit(BASE, ['vips:\n', `${many}vips:\n`]);
    const p = expectAt(y, 'pool-overlap', '10.0.0.100-10.0.0.200', { count: 101 });
    assert.match(
      p.message,
      /contains 10\.0\.0\.101 of host extra-0 \(lan\) and 99 more addresses; MetalLB could hand them to a service/,
    );
    assert.equal(p.related.length, RELATED_MAX + 1);
    assert.equal(p.related[RELATED_MAX].message, `and ${100 - RELATED_MAX} more`);
    const atHosts = problems(y).filter((x) => x.code === 'pool-overlap' && x.line !== p.line);
    assert.equal(atHosts.length, 100);
    assert.ok(atHosts.every((x) => x.related.length === 1 && /lies inside pool default/.test(x.message)));
  });
});

describe('checks: overlapping ranges', () => {
  it('three mutually overlapping pools: every pair is reported (as MetalLB does) at both pools, each with the other as related', () => {
    const pools =
      'pools:\n  - name: a\n    network: lan\n    addresses: [10.0.0.100-10.0.0.200]\n  - name: b\n    network: lan\n    addresses: [10.0.0.150-10.0.0.210]\n  - name: c\n    network: lan\n    addresses: [10.0.0.160-10.0.0.170]\nservices:';
    const y = BASE.replace(/pools:[\s\S]*services:/, pools);
    const atC = problems(y).filter((p) => p.code === 'pool-overlap' && p.line === pos(y, '10.0.0.160-10.0.0.170').line);
    assert.equal(atC.length, 2, 'pool c overlaps both a and b');
    relatedAt(
      atC.find((p) => /pool a/.test(p.message))!,
      y,
      '10.0.0.100-10.0.0.200',
    );
    relatedAt(
      atC.find((p) => /pool b/.test(p.message))!,
      y,
      '10.0.0.150-10.0.0.210',
    );
    const atB = problems(y).filter((p) => p.code === 'pool-overlap' && p.line === pos(y, '10.0.0.150-10.0.0.210').line);
    assert.equal(atB.length, 2, 'pool b overlaps a and c');
    relatedAt(
      atB.find((p) => /pool a/.test(p.message))!,
      y,
      '10.0.0.100-10.0.0.200',
    );
    relatedAt(
      atB.find((p) => /pool c/.test(p.message))!,
      y,
      '10.0.0.160-10.0.0.170',
    );
    const atA = problems(y).filter((p) => p.code === 'pool-overlap' && p.line === pos(y, '10.0.0.100-10.0.0.200').line);
    assert.equal(atA.length, 2, 'pool a overlaps b and c');
    assert.equal(problems(y).filter((p) => p.code === 'pool-overlap').length, 6);
  });

  it('overlapping DHCP ranges are still reported once per extra range', () => {
    const y = edit(BASE, [
      '      range: 10.0.0.50-10.0.0.99',
      '      ranges: [10.0.0.50-10.0.0.99, 10.0.0.60-10.0.0.70, 10.0.0.65-10.0.0.80]',
    ]);
    assert.equal(problems(y).filter((p) => p.code === 'dhcp-range-overlap').length, 2);
  });
});
