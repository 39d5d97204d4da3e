import { strict as assert } from 'node:assert';
import { analyze } from '../../src/core/analyze';
import { applyEdits, fixesInRange, largestGap, quickFixes, type QuickFix } from '../../src/core/lang/fixes';
import type { LocatedProblem } from '../../src/core/problems';
import { normaliseMac, isMulticastMac } from '../../src/core/ip';
import { LAB, edit, example } from './util';

/** Error and warning codes of a text (info counts change with every address). */
function serious(text: string): string[] {
  return analyze(text)
    .problems.filter((p) => p.severity !== 'info')
    .map((p) => p.code)
    .sort();
}
const BASE = serious(LAB);

/**
 * Finds the planted problem, applies the chosen fix, and checks the result is exactly the clean file's problems.
 * A collision is reported at both owners; the planted value is the later one in these fixtures.
 */
function fixAndCheck(
  text: string,
  code: string,
  choose: (f: QuickFix[]) => QuickFix = (f) => f.find((x) => x.preferred) ?? f[0],
): { fixed: string; fix: QuickFix; problem: LocatedProblem } {
  const a = analyze(text);
  const problem = [...a.problems].reverse().find((p) => p.code === code);
  assert.ok(problem, `fixture should have ${code}; got ${a.problems.map((p) => p.code).join(', ')}`);
  const fixes = quickFixes(a, problem);
  assert.ok(fixes.length > 0, `no fix for ${code}`);
  const fix = choose(fixes);
  const fixed = applyEdits(text, fix.edits);
  assert.ok(
    !analyze(fixed).problems.some((p) => p.code === code),
    `${code} still present after "${fix.title}":\n${fixed}`,
  );
  assert.deepEqual(serious(fixed), BASE, `"${fix.title}" changed other problems`);
  return { fixed, fix, problem };
}

describe('lang/fixes: quick fixes as text edits', () => {
  it('the fixture is otherwise clean of errors', () => {
    assert.deepEqual(BASE, ['ha-masters']);
  });

  describe('assign the next free IP', () => {
    it('ip-duplicate (block interface)', () => {
      const { fixed, fix } = fixAndCheck(edit(LAB, 'ip: 10.0.0.10', 'ip: 10.0.0.3'), 'ip-duplicate');
      assert.equal(fix.preferred, true);
      assert.match(fix.title, /10\.0\.0\.4/);
      assert.equal(analyze(fixed).topology?.hosts[2].interfaces[0].ip, '10.0.0.4');
    });
    it('ip-duplicate (flow interface, keeps the flow style)', () => {
      const { fixed } = fixAndCheck(
        edit(LAB, 'ip: 10.1.0.10', 'ip: 10.0.0.3').replace(
          'network: storage, ip: 10.0.0.3',
          'network: lan, ip: 10.0.0.3',
        ),
        'ip-duplicate',
      );
      assert.match(fixed, /\{ network: lan, ip: 10\.0\.0\.4, mac/);
    });
    it('ip-outside-network', () => {
      const { fixed } = fixAndCheck(edit(LAB, 'ip: 10.0.0.10', 'ip: 10.7.0.10'), 'ip-outside-network');
      assert.equal(analyze(fixed).topology?.hosts[2].interfaces[0].ip, '10.0.0.4');
    });
    it('ip-network-address and ip-broadcast-address', () => {
      fixAndCheck(edit(LAB, 'ip: 10.0.0.10', 'ip: 10.0.0.0'), 'ip-network-address');
      fixAndCheck(edit(LAB, 'ip: 10.0.0.10', 'ip: 10.0.0.255'), 'ip-broadcast-address');
    });
    it('interface-no-address: adds an ip field (block and flow)', () => {
      const block = fixAndCheck(edit(LAB, '        ip: 10.0.0.3\n', ''), 'interface-no-address');
      assert.match(block.fixed, /\n {8}mac: "52:54:00:aa:00:03"\n {8}ip: 10\.0\.0\.3\n/);
      const flow = fixAndCheck(
        edit(LAB, 'network: lan, ip: 10.0.0.2, mac', 'network: lan, mac'),
        'interface-no-address',
      );
      assert.match(flow.fixed, /\{ network: lan, mac: "52:54:00:aa:00:02", ip: 10\.0\.0\.4 \}/);
    });

    it('a VIP colliding with a host keeps its quotes', () => {
      const { fixed } = fixAndCheck(edit(LAB, '    ip: 10.0.0.5\n', '    ip: "10.0.0.10"\n'), 'vip-collision');
      assert.match(fixed, /\n {4}ip: "10\.0\.0\.4"\n/);
    });
    it('a VIP on the gateway: the gateway end offers no address change, the VIP end does', () => {
      const text = edit(LAB, '    ip: 10.0.0.5\n', '    ip: 10.0.0.1\n');
      const a = analyze(text);
      const both = a.problems.filter((p) => p.code === 'vip-collision');
      assert.equal(both.length, 2);
      const gw = both.find((p) => p.path.at(-1) === 'gateway')!;
      assert.deepEqual(
        quickFixes(a, gw).filter((f) => f.title.startsWith('Use the next free')),
        [],
      );
      fixAndCheck(text, 'vip-collision', (f) => f[0]);
    });
  });

  describe('generate a MAC', () => {
    const checkMac = (fixed: string, host: number, iface: number) => {
      const mac = normaliseMac(analyze(fixed).topology?.hosts[host].interfaces[iface].mac);
      assert.ok(mac);
      assert.equal(parseInt(mac.slice(0, 2), 16) & 3, 2, 'locally administered unicast');
      assert.equal(isMulticastMac(mac), false);
    };
    it('mac-invalid', () =>
      checkMac(fixAndCheck(edit(LAB, '"52:54:00:aa:00:10"', '"52:54:00:zz:00:10"'), 'mac-invalid').fixed, 2, 0));
    it('mac-duplicate', () =>
      checkMac(fixAndCheck(edit(LAB, '"52:54:00:aa:00:10"', '"52:54:00:aa:00:03"'), 'mac-duplicate').fixed, 2, 0));
    it('mac-multicast (plain scalar becomes quoted)', () => {
      const { fixed } = fixAndCheck(edit(LAB, '"52:54:00:aa:00:10"', '01:00:5e:00:00:01'), 'mac-multicast');
      assert.match(fixed, /\n {8}mac: "52:54:00:[0-9a-f:]{8}"\n/);
      checkMac(fixed, 2, 0);
    });
    it('mac-missing in a flow interface: inserts a mac field', () => {
      const { fixed, fix } = fixAndCheck(
        edit(
          LAB,
          '{ network: lan, ip: 10.0.0.2, mac: "52:54:00:aa:00:02" }',
          '{ network: lan, ip: 10.0.0.2, pxe: true }',
        ),
        'mac-missing',
      );
      assert.match(fix.title, /Add a generated MAC/);
      assert.match(fixed, /\{ network: lan, ip: 10\.0\.0\.2, pxe: true, mac: "52:54:00:[0-9a-f:]{8}" \}/);
      checkMac(fixed, 0, 0);
    });
    it('mac-missing in a block interface: a new line at the key column, after a trailing comment', () => {
      const { fixed } = fixAndCheck(
        edit(
          LAB,
          '        ip: 10.0.0.3\n        mac: "52:54:00:aa:00:03"',
          '        ip: 10.0.0.3\n        pxe: true   # boots from the network',
        ),
        'mac-missing',
      );
      assert.match(fixed, /\n {8}pxe: true {3}# boots from the network\n {8}mac: "52:54:00:[0-9a-f:]{8}"\n/);
      checkMac(fixed, 1, 0);
    });
    it('mac-missing in a CRLF file keeps CRLF', () => {
      const text = edit(
        LAB,
        '        ip: 10.0.0.3\n        mac: "52:54:00:aa:00:03"',
        '        ip: 10.0.0.3\n        pxe: true',
      ).replace(/\n/g, '\r\n');
      const a = analyze(text);
      const p = a.problems.find((x) => x.code === 'mac-missing')!;
      const fixed = applyEdits(text, quickFixes(a, p)[0].edits);
      assert.equal(fixed.replace(/\r\n/g, '').includes('\n'), false);
      assert.ok(!analyze(fixed).problems.some((x) => x.code === 'mac-missing'));
    });

    it('mac-missing with an empty value', () => {
      const { fixed } = fixAndCheck(
        edit(
          LAB,
          '        ip: 10.0.0.3\n        mac: "52:54:00:aa:00:03"',
          '        ip: 10.0.0.3\n        pxe: true\n        mac:',
        ),
        'mac-missing',
      );
      checkMac(fixed, 1, 0);
    });
  });

  describe('shrink the DHCP range', () => {
    it('picks the largest sub-range without reservations', () => {
      const { fixed, fix } = fixAndCheck(edit(LAB, 'ip: 10.0.0.10', 'ip: 10.0.0.60'), 'dhcp-reservation-in-range');
      assert.equal(fix.preferred, true);
      assert.match(fixed, /range: 10\.0\.0\.61-10\.0\.0\.99\n/);
    });
    it('with several reservations inside, keeps the biggest gap', () => {
      let text = edit(LAB, 'ip: 10.0.0.10', 'ip: 10.0.0.80');
      text = edit(text, '        ip: 10.0.0.3', '        ip: 10.0.0.55');
      const { fixed } = fixAndCheck(text, 'dhcp-reservation-in-range');
      // Gaps: .50-.54 (5), .56-.79 (24), .81-.99 (19).
      assert.match(fixed, /range: 10\.0\.0\.56-10\.0\.0\.79\n/);
    });
    it('also offers moving the host out of the range (not preferred)', () => {
      const a = analyze(edit(LAB, 'ip: 10.0.0.10', 'ip: 10.0.0.60'));
      const p = a.problems.find((x) => x.code === 'dhcp-reservation-in-range')!;
      const fixes = quickFixes(a, p).filter((f) => !f.title.startsWith('Silence '));
      assert.equal(fixes.length, 2);
      assert.equal(fixes.filter((f) => f.preferred).length, 1);
      fixAndCheck(edit(LAB, 'ip: 10.0.0.10', 'ip: 10.0.0.60'), 'dhcp-reservation-in-range', (f) =>
        f.find((x) => !x.preferred)!,
      );
    });
    it('largestGap edge cases', () => {
      assert.deepEqual(largestGap(10n, 20n, []), [10n, 20n]);
      assert.deepEqual(
        largestGap(10n, 20n, [
          [10n, 10n],
          [20n, 20n],
        ]),
        [11n, 19n],
      );
      assert.deepEqual(largestGap(10n, 20n, [[0n, 100n]]), undefined);
      assert.deepEqual(
        largestGap(10n, 20n, [
          [12n, 12n],
          [15n, 15n],
        ]),
        [16n, 20n],
      );
      assert.deepEqual(largestGap(10n, 15n, [[12n, 13n]]), [10n, 11n], 'earliest on ties');
    });
  });

  describe('correct a written range or CIDR', () => {
    it('pool-host-bits: writes the CIDR MetalLB reads', () => {
      const { fixed, fix } = fixAndCheck(edit(LAB, '[10.0.0.100-10.0.0.200]', '[10.0.0.129/26]'), 'pool-host-bits');
      assert.equal(fix.title, 'Change "10.0.0.129/26" to "10.0.0.128/26"');
      assert.match(fixed, /addresses: \[10\.0\.0\.128\/26\]\n/);
    });
    it('pool-bare-address: writes the single address as a /32', () => {
      const { fixed } = fixAndCheck(edit(LAB, '[10.0.0.100-10.0.0.200]', '[10.0.0.150]'), 'pool-bare-address');
      assert.match(fixed, /addresses: \[10\.0\.0\.150\/32\]\n/);
    });
    it('installer-mtu: writes the largest MTU that fits', () => {
      const y = edit(LAB, 'platform: k3s', 'platform: okd-upi\n  networking:\n    clusterNetworkMTU: 1480');
      const a = analyze(y);
      const problem = a.problems.find((p) => p.code === 'installer-mtu')!;
      const fixed = applyEdits(y, quickFixes(a, problem).find((f) => f.preferred)!.edits);
      assert.match(fixed, /clusterNetworkMTU: 1400\n/);
      assert.ok(!analyze(fixed).problems.some((p) => p.code === 'installer-mtu'));
    });
    it('net-cidr-host-bits: writes the network address', () => {
      const { fixed } = fixAndCheck(edit(LAB, 'cidr: 10.1.0.0/24', 'cidr: 10.1.0.7/24'), 'net-cidr-host-bits');
      assert.match(fixed, /cidr: 10\.1\.0\.0\/24\n/);
    });
    it("dns-not-cluster-server: moves the cluster's DNS server to the front, or puts it in place of the first", () => {
      const okd = LAB.replace(/platform: \S+/, 'platform: okd-upi');
      const dnsLine = /dns: \[[^\]\n]*\]/.exec(okd)![0];
      const a = analyze(okd.replace(dnsLine, 'dns: [10.0.0.1, 10.0.0.2]'));
      const p = a.problems.find((x) => x.code === 'dns-not-cluster-server');
      assert.ok(p, a.problems.map((x) => x.code).join(', '));
      const [fix] = quickFixes(a, p);
      assert.equal(fix.title, 'Move 10.0.0.2 to the front');
      const fixed = applyEdits(a.doc.text, fix.edits);
      assert.ok(fixed.includes('dns: [10.0.0.2, 10.0.0.1]'));
      assert.ok(!analyze(fixed).problems.some((x) => x.code === 'dns-not-cluster-server'));
      const b = analyze(okd.replace(dnsLine, 'dns: [10.0.0.1]'));
      const q = b.problems.find((x) => x.code === 'dns-not-cluster-server')!;
      const replaced = applyEdits(b.doc.text, quickFixes(b, q)[0].edits);
      assert.ok(replaced.includes('dns: [10.0.0.2]'));
    });
    it('pool-network-address: steps in past the broadcast address', () => {
      const { fixed } = fixAndCheck(edit(LAB, '[10.0.0.100-10.0.0.200]', '[10.0.0.240/28]'), 'pool-network-address');
      assert.match(fixed, /addresses: \[10\.0\.0\.240-10\.0\.0\.254\]\n/);
    });
  });

  describe('silence a warning or an info', () => {
    const one = LAB.replace(/role: master/g, 'role: worker');
    const warn = (text: string, code: string) => {
      const a = analyze(text);
      const p = a.problems.find((x) => x.code === code);
      assert.ok(p, a.problems.map((x) => x.code).join(', '));
      return { a, p, fixes: quickFixes(a, p) };
    };
    it('offers this line and this file, after the repairs, never preferred; the comment silences it', () => {
      const { a, p, fixes } = warn(edit(LAB, 'ip: 10.0.0.10', 'ip: 10.0.0.60'), 'dhcp-reservation-in-range');
      assert.deepEqual(
        fixes.slice(-2).map((f) => [f.title, f.preferred]),
        [
          [`Silence ${p.code} on this line`, false],
          [`Silence ${p.code} in this file`, false],
        ],
      );
      const line = applyEdits(a.doc.text, fixes[fixes.length - 2].edits);
      assert.match(line, /\n( +)# okd-topology-disable-next-line dhcp-reservation-in-range\n\1ip: 10\.0\.0\.60/);
      assert.ok(
        !analyze(line).problems.some((x) => x.code === 'dhcp-reservation-in-range' || x.code === 'suppress-unused'),
      );
      const file = applyEdits(a.doc.text, fixes[fixes.length - 1].edits);
      assert.ok(file.startsWith('# okd-topology-disable dhcp-reservation-in-range\n'));
      assert.ok(!analyze(file).problems.some((x) => x.code === 'dhcp-reservation-in-range'));
    });
    it('adds to an existing directive instead of stacking another, and keeps CRLF', () => {
      const text = `# okd-topology-disable ha-vip-holders\r\n${one.replace(/\n/g, '\r\n')}`;
      const { a, fixes } = warn(text, 'ha-masters');
      const fixed = applyEdits(a.doc.text, fixes[fixes.length - 1].edits);
      assert.ok(fixed.startsWith('# okd-topology-disable ha-vip-holders, ha-masters\r\n'));
      assert.ok(!analyze(fixed).problems.some((x) => x.code === 'ha-masters' || x.code === 'suppress-unused'));
    });
    it('errors and syntax or schema problems get no silencing fix', () => {
      const a = analyze(edit(LAB, 'ip: 10.0.0.10', 'ip: 10.0.0.3'));
      const p = a.problems.find((x) => x.code === 'ip-duplicate')!;
      assert.ok(!quickFixes(a, p).some((f) => f.title.startsWith('Silence')));
    });
  });

  it('renames a duplicate name to the suggestion', () => {
    const text = edit(LAB, '  - name: server-0', '  - name: hv-0').replace('on: hv-0 }', 'on: svc }');
    const a = analyze(text);
    const p = a.problems.find((x) => x.code === 'name-duplicate')!;
    const fix = quickFixes(a, p)[0];
    assert.match(fix.title, new RegExp(`"${String(p.data?.suggestion)}"`));
    const fixed = applyEdits(text, fix.edits);
    assert.ok(!analyze(fixed).problems.some((x) => x.code === 'name-duplicate'));
    assert.equal(analyze(fixed).topology?.hosts[2].name, p.data?.suggestion);
  });

  it('name-invalid-dns: renames the entity and every reference to a valid label', () => {
    const text = LAB.replace(/hv-0/g, 'HV_0');
    const { fixed, fix } = fixAndCheck(text, 'name-invalid-dns');
    assert.match(fix.title, /"hv-0" everywhere \(2 places\)/);
    assert.equal(fixed, LAB);
    const c = fixAndCheck(edit(LAB, '  name: lab\n', '  name: My_Lab\n'), 'name-invalid-dns');
    assert.match(c.fixed, /\n {2}name: my-lab\n/);
  });

  it('replaces a misspelt enum value and an unknown field with the suggestion', () => {
    const { fixed } = fixAndCheck(edit(LAB, 'role: hypervisor', 'role: hypervisr'), 'schema-enum');
    assert.match(fixed, /role: hypervisor\n/);
    const { fixed: f2 } = fixAndCheck(
      edit(LAB, '    role: hypervisor\n', '    role: hypervisor\n    instalDisk: /dev/vda\n'),
      'schema-unknown-field',
    );
    assert.match(f2, /installDisk: \/dev\/vda/);
  });

  it('offers existing names for an unknown reference, closest first', () => {
    const { fix } = fixAndCheck(
      edit(LAB, '    network: lan\n    ip: 10.0.0.5', '    network: lnn\n    ip: 10.0.0.5'),
      'ref-unknown-network',
    );
    assert.match(fix.title, /"lan"/);
    fixAndCheck(edit(LAB, 'on: hv-0', 'on: hv-1'), 'ref-unknown-host');
  });

  it('fixesInRange returns only problems overlapping the range', () => {
    const text = edit(edit(LAB, 'ip: 10.0.0.10', 'ip: 10.0.0.3'), 'role: hypervisor', 'role: hypervisr');
    const a = analyze(text);
    const at = text.indexOf('ip: 10.0.0.3\n        mac: "52:54:00:aa:00:10"') + 5;
    const got = fixesInRange(a, at, at);
    assert.deepEqual([...new Set(got.map((g) => g.problem.code))], ['ip-duplicate']);
  });

  it('never throws and every fix yields parseable YAML on mutated examples', () => {
    const mutations: [string, string][] = [
      ['ip: 192.168.200.11', 'ip: 192.168.200.10'],
      ['"f8:75:a4:ac:03:00"', '"f8:75:a4:ac:01:00"'],
      ['role: master', 'role: mastr'],
      ['network: okd, ip: 192.168.200.21', 'network: okd, ip: 192.168.200.70'],
    ];
    let applied = 0;
    for (const [find, repl] of mutations) {
      const text = example('okd-upi-lab').replace(find, repl);
      const a = analyze(text);
      for (const p of a.problems) {
        for (const f of quickFixes(a, p)) {
          const out = analyze(applyEdits(text, f.edits));
          assert.ok(out.topology, `"${f.title}" broke the YAML`);
          applied++;
        }
      }
    }
    assert.ok(applied >= 4, `only ${applied} fixes applied`);
  });
});
