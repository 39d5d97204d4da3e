// Renumber network (issue 13): a network moves to another prefix with every address written in it,
// host parts kept, in one minimal set of edits; refused when an address would not fit or the new
// prefix overlaps another network.
import { strict as assert } from 'node:assert';
import { applied, example, run } from './helpers';

const UPI = example('okd-upi-lab');
const IPI = example('okd-ipi');
/** The text without its comments: what renumbering may change. */
const code = (s: string) =>
  s
    .split('\n')
    .map((l) => l.replace(/(^|\s)#.*$/, ''))
    .join('\n');
const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

describe('edit: renumber network', () => {
  it('moves every address of the network, keeping host parts, as one edit per scalar', () => {
    const r = applied(UPI, { kind: 'renumber', network: 'okd', cidr: '10.20.0.0/24' });
    const before = count(code(UPI), /192\.168\.200\./g);
    assert.equal(count(code(r.newText), /192\.168\.200\./g), 0, 'no old address is left outside comments');
    assert.equal(count(code(r.newText), /\b10\.20\.0\./g), before);
    // Host, gateway, DNS, DHCP range, pool, SSH address and forwarder each changed in place.
    for (const [from, to] of [
      ['cidr: 192.168.200.0/24', 'cidr: 10.20.0.0/24'],
      ['gateway: 192.168.200.1 ', 'gateway: 10.20.0.1 '],
      ['dns: [192.168.200.254]', 'dns: [10.20.0.254]'],
      ['range: 192.168.200.60-192.168.200.90', 'range: 10.20.0.60-10.20.0.90'],
      ['addresses: [192.168.200.101-192.168.200.200]', 'addresses: [10.20.0.101-10.20.0.200]'],
      ['ssh: { host: 192.168.200.1,', 'ssh: { host: 10.20.0.1,'],
      ['forwarders: [192.168.200.1]', 'forwarders: [10.20.0.1]'],
      ['ip: 192.168.200.11, mac: "f8:75:a4:ac:03:00"', 'ip: 10.20.0.11, mac: "f8:75:a4:ac:03:00"'],
    ])
      assert.ok(r.newText.includes(to) && UPI.includes(from), `${from} -> ${to}`);
    // Minimal: every edit replaces one address-bearing scalar; comments, other networks and the rest stay.
    assert.ok(
      r.changes.every(([old]) => /^192\.168\.200\.[\d.\-/]+$/.test(old)),
      JSON.stringify(r.changes.filter(([old]) => !/^192\.168\.200\./.test(old))),
    );
    assert.equal(r.changes.length, before - 2, 'the two ranges are one scalar each');
    assert.ok(r.newText.includes("# the hypervisor's libvirt bridge") && r.newText.includes('cidr: 10.128.0.0/14'));
    assert.deepEqual(
      r.after.topology!.hosts.map((h) => h.interfaces[0]?.ip?.split('.').pop()),
      r.before.topology!.hosts.map((h) => h.interfaces[0]?.ip?.split('.').pop()),
    );
  });

  it('a larger prefix holds the same host parts; the network line gets the new prefix', () => {
    const r = applied(UPI, { kind: 'renumber', network: 'okd', cidr: '10.20.0.0/23' });
    assert.ok(r.newText.includes('cidr: 10.20.0.0/23') && r.newText.includes('ip: 10.20.0.254,'));
  });

  it('BMC URLs, quoted addresses and the IPv6 subnet on their own', () => {
    const bmc = applied(IPI, { kind: 'renumber', network: 'bmc', cidr: '172.16.10.0/24' });
    assert.ok(bmc.newText.includes('"redfish-virtualmedia://172.16.10.20/redfish/v1/Systems/1"'));
    assert.equal(count(code(bmc.newText), /192\.168\.110\./g), 0);
    assert.ok(bmc.newText.includes('cidr: 192.168.111.0/24'), 'another network stays');
    const v6 = applied(IPI, { kind: 'renumber', network: 'baremetal', cidr: 'fd00:1234::/64' });
    assert.ok(v6.newText.includes('cidr6: "fd00:1234::/64"'), 'quotes kept');
    assert.equal(count(code(v6.newText), /fd2e:6f44:5dd8:c956:/gi), 0);
    assert.ok(v6.newText.includes('cidr: 192.168.111.0/24'), 'IPv4 untouched by an IPv6 renumber');
    assert.ok(
      v6.changes.every(([old, now]) => /^"?fd2e:6f44:5dd8:c956:/i.test(old) && /^"?fd00:1234:/.test(now)),
      JSON.stringify(v6.changes),
    );
  });

  it('a wider machine network is not moved; a smaller pool CIDR keeps its own prefix; layout is never touched', () => {
    const text =
      UPI.replace(
        '    serviceNetwork: [172.30.0.0/16]\n',
        '    serviceNetwork: [172.30.0.0/16]\n    machineNetwork: [192.168.0.0/16]\n',
      ).replace('addresses: [192.168.200.101-192.168.200.200]', 'addresses: [192.168.200.128/26]') +
      'layout:\n  host:services: { x: 192, y: 168 }\n';
    const r = run(text, { kind: 'renumber', network: 'okd', cidr: '10.20.0.0/24' });
    assert.equal(r.outcome, 'applied', r.message);
    assert.ok(
      r.newText.includes('machineNetwork: [192.168.0.0/16]') && r.newText.includes('addresses: [10.20.0.128/26]'),
    );
    assert.ok(r.newText.endsWith('layout:\n  host:services: { x: 192, y: 168 }\n'));
  });

  it('refuses a prefix too small for the host parts, naming them and where they are', () => {
    const r = run(UPI, { kind: 'renumber', network: 'okd', cidr: '10.20.0.0/25' });
    assert.equal(r.outcome, 'error');
    assert.match(
      r.message!,
      /^10\.20\.0\.0\/25 is too small for okd: the host parts of 192\.168\.200\.254 \(networks › okd › dns › 0\), 192\.168\.200\.254 \(hosts › services › interfaces › 0 › ip\), 192\.168\.200\.200 \(pools › default › addresses › 0\) do not fit \(a \/25 has 128 addresses\)/,
    );
    // .127 would become the broadcast address of the /25.
    const edge = UPI.replace(/192\.168\.200\.(2\d\d|1[3-9]\d|12[89])\b/g, '192.168.200.100').replace(
      'ip: 192.168.200.43,',
      'ip: 192.168.200.127,',
    );
    assert.match(
      run(edge, { kind: 'renumber', network: 'okd', cidr: '10.20.0.0/25' }).message!,
      /the host part of 192\.168\.200\.127 \(hosts › storage-2 › interfaces › 0 › ip\) does not fit/,
    );
  });

  it('refuses an overlap, a CIDR with host bits, text that is not a CIDR and a family the network lacks; same CIDR is a no-op', () => {
    assert.match(
      run(IPI, { kind: 'renumber', network: 'baremetal', cidr: '192.168.110.0/23' }).message!,
      /^192\.168\.110\.0\/23 overlaps network bmc \(192\.168\.110\.0\/24\)/,
    );
    assert.match(
      run(UPI, { kind: 'renumber', network: 'okd', cidr: '10.20.0.5/24' }).message!,
      /host bits set: the network address is 10\.20\.0\.0\/24/,
    );
    assert.match(run(UPI, { kind: 'renumber', network: 'okd', cidr: 'ten' }).message!, /is not a network/);
    assert.match(run(UPI, { kind: 'renumber', network: 'okd', cidr: 'fd00::/64' }).message!, /no valid IPv6 subnet/);
    assert.match(
      run(UPI, { kind: 'renumber', network: 'nope', cidr: '10.0.0.0/24' }).message!,
      /No network named nope/,
    );
    assert.equal(run(UPI, { kind: 'renumber', network: 'okd', cidr: '192.168.200.0/24' }).outcome, 'noop');
  });
});
