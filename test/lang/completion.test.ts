import { strict as assert } from 'node:assert';
import { analyze } from '../../src/core/analyze';
import { applyCompletion, complete, type Completion } from '../../src/core/lang/completion';
import { normaliseMac, isMulticastMac } from '../../src/core/ip';
import { LAB, cursor, edit, example } from './util';

function at(marked: string): { text: string; items: Completion[] } {
  const { text, offset } = cursor(marked);
  return { text, items: complete(text, offset) };
}
const labels = (items: Completion[]) => items.map((i) => i.label);
function pick(items: Completion[], label: string): Completion {
  const it = items.find((i) => i.label === label);
  assert.ok(it, `no completion "${label}" in ${JSON.stringify(labels(items))}`);
  return it;
}

describe('lang/completion', () => {
  it('an empty file offers the whole skeleton, which checks without errors (issue 13)', () => {
    for (const text of ['', '\n\n  \n']) {
      const items = complete(text, text.length);
      assert.deepEqual(labels(items), ['OKD topology skeleton']);
      const done = applyCompletion(text, items[0]);
      const a = analyze(done);
      assert.ok(a.topology, done);
      assert.deepEqual(
        a.problems.filter((p) => p.severity === 'error').map((p) => `${p.code}: ${p.message}`),
        [],
      );
      assert.match(done, /^# One file for the cluster/);
      assert.match(done, /platform: k3s\n/);
    }
  });

  describe('addresses and MACs', () => {
    it('offers the next free IP of the interface network for `ip:` (block)', () => {
      const { text, items } = at(edit(LAB, '        ip: 10.0.0.3', '        ip: |'));
      const ip = items.find((i) => i.kind === 'address');
      // .1 gateway, .2 svc (and DNS), .3 is being edited (now empty), so .3 is free again.
      assert.equal(ip?.label, '10.0.0.3');
      assert.match(ip!.detail!, /lan/);
      const after = analyze(applyCompletion(text, ip!));
      assert.equal(after.topology?.hosts[1].interfaces[0].ip, '10.0.0.3');
      assert.deepEqual(
        after.problems.filter((p) => p.code.startsWith('ip-') || p.code.startsWith('yaml')),
        [],
      );
    });

    it('skips taken addresses, the VIP, DHCP range and pool', () => {
      const doc = edit(
        LAB,
        '      - { network: storage, ip: 10.1.0.10, mac: "52:54:00:bb:00:10" }\n',
        '      - { network: storage, ip: 10.1.0.10, mac: "52:54:00:bb:00:10" }\n      - network: lan\n        ip: |\n',
      );
      const { items } = at(doc);
      assert.equal(items.find((i) => i.kind === 'address')?.label, '10.0.0.4');
      const full = LAB.replace('10.0.0.50-10.0.0.99', '10.0.0.4-10.0.0.99').replace(
        'ip: 10.0.0.5\n',
        'ip: 10.0.0.100\n',
      );
      const { items: items2 } = at(edit(full, '        ip: 10.0.0.10', '        ip: |'));
      // .4-.99 DHCP, .100-.200 pool and VIP: the first free one is .201.
      assert.equal(items2.find((i) => i.kind === 'address')?.label, '10.0.0.201');
    });

    it('uses the network of a flow interface, even when the flow map is unclosed', () => {
      const { items } = at(
        edit(
          LAB,
          '      - { network: storage, ip: 10.1.0.10, mac: "52:54:00:bb:00:10" }',
          '      - { network: storage, ip: |',
        ),
      );
      assert.equal(items.find((i) => i.kind === 'address')?.label, '10.1.0.1');
    });

    it('offers the next free IPv6 address for `ip6:` on a dual-stack network (keeps the quote)', () => {
      const ipi = example('okd-ipi');
      const { items } = at(edit(ipi, 'ip6: "fd2e:6f44:5dd8:c956::14"', 'ip6: "|'));
      const six = items.find((i) => i.kind === 'address');
      assert.ok(six, labels(items).join());
      assert.match(six.label, /^fd2e:6f44:5dd8:c956::[0-9a-f]+$/);
      assert.equal(six.insertText, `"${six.label}"`);
      const owners = ipi.match(new RegExp(`"${six.label}"`, 'g'));
      assert.equal(owners, null, 'not used elsewhere in the file');
    });

    it('offers a free address for a VIP too', () => {
      const { items } = at(edit(LAB, '    ip: 10.0.0.5\n', '    ip: |\n'));
      assert.equal(items.find((i) => i.kind === 'address')?.label, '10.0.0.4');
    });

    it('generates a locally administered, unicast, unused MAC for `mac: ` with nothing after it', () => {
      const { text, items } = at(edit(LAB, '        mac: "52:54:00:aa:00:10"', '        mac: |'));
      const m = items.find((i) => i.kind === 'mac');
      assert.ok(m);
      const mac = normaliseMac(m.label);
      assert.ok(mac, m.label);
      assert.equal(parseInt(mac.slice(0, 2), 16) & 2, 2, 'locally administered bit');
      assert.equal(isMulticastMac(mac), false);
      assert.ok(!LAB.includes(mac));
      const after = analyze(applyCompletion(text, m));
      assert.equal(after.topology?.hosts[2].interfaces[0].mac, mac);
      assert.deepEqual(
        after.problems.filter((p) => p.code.startsWith('mac-') || p.code.startsWith('yaml')),
        [],
      );
    });

    it('keeps an opening quote the user typed', () => {
      const { items } = at(edit(LAB, '        mac: "52:54:00:aa:00:10"', '        mac: "|'));
      const m = items.find((i) => i.kind === 'mac')!;
      assert.match(m.insertText, /^"52:54:00:[0-9a-f:]{8}"$/);
    });

    it('adds the missing space when invoked right after the colon', () => {
      const { text, items } = at(edit(LAB, '        mac: "52:54:00:aa:00:10"', '        mac:|'));
      const m = items.find((i) => i.kind === 'mac')!;
      assert.match(applyCompletion(text, m), /\n {8}mac: "52:54:00:/);
    });

    it('suggests the largest unused block for a pool entry and a DHCP range', () => {
      const pool = at(edit(LAB, 'addresses: [10.0.0.100-10.0.0.200]', 'addresses: [10.0.0.100-10.0.0.200, |]'));
      assert.deepEqual(labels(pool.items), ['10.0.0.201-10.0.0.254']);
      const dhcp = at(edit(LAB, '    cidr: 10.1.0.0/24\n', '    cidr: 10.1.0.0/24\n    dhcp:\n      range: |\n'));
      assert.deepEqual(labels(dhcp.items), ['10.1.0.11-10.1.0.254']);
    });

    it('DNS servers: the DNS service host; gateways: a hypervisor; machine networks: the node networks', () => {
      assert.deepEqual(labels(at(edit(LAB, 'dns: [10.0.0.2]', 'dns: [|]')).items), ['10.0.0.2']);
      assert.ok(labels(at(edit(LAB, 'gateway: 10.0.0.1', 'gateway: |')).items).includes('10.0.0.3'));
      const mn = at(edit(LAB, '  platform: k3s\n', '  platform: k3s\n  networking:\n    machineNetwork: [|]\n'));
      assert.deepEqual(labels(mn.items), ['10.0.0.0/24', '10.1.0.0/24']);
    });

    it('suggests the first address as gateway', () => {
      const { items } = at(edit(LAB, '    cidr: 10.1.0.0/24\n', '    cidr: 10.1.0.0/24\n    gateway: |\n'));
      assert.ok(labels(items).includes('10.1.0.1'));
    });
  });

  describe('keys', () => {
    it('offers the schema keys not yet present, with docs, on a half-typed key (buffer does not parse)', () => {
      const { text, items } = at(edit(LAB, '        mac: "52:54:00:aa:00:03"', '        ma|'));
      assert.equal(analyze(text).topology, null, 'fixture should not parse');
      assert.ok(labels(items).includes('mac'));
      assert.ok(!labels(items).includes('network') && !labels(items).includes('ip'), 'present keys are not offered');
      const mac = pick(items, 'mac');
      assert.match(mac.documentation ?? '', /MAC address/);
      assert.equal(mac.insertText, 'mac: ');
      assert.equal(text.slice(mac.start, mac.end), 'ma');
    });

    it('required keys sort first and enum keys get a choice snippet', () => {
      const { items } = at(edit(LAB, 'vips:\n', 'vips:\n  - |\n'));
      const name = pick(items, 'name');
      const purpose = pick(items, 'purpose');
      assert.ok(name.sortText! < purpose.sortText!);
      assert.match(purpose.insertText, /^purpose: \$\{1\|api,api-int,ingress,custom\|\}$/);
    });

    it('object and list keys insert a block under the key (relative indentation)', () => {
      const { text, items } = at(edit(LAB, '    role: hypervisor\n', '    role: hypervisor\n    |\n'));
      const ssh = pick(items, 'ssh');
      assert.equal(ssh.snippet, true);
      const applied = applyCompletion(text, ssh);
      assert.match(applied, /\n {4}ssh:\n {6}\n/);
      assert.ok(!labels(items).includes('interfaces'), 'present already');
      const fresh = at(edit(LAB, 'vips:\n', '  - name: new\n    |\nvips:\n'));
      assert.match(applyCompletion(fresh.text, pick(fresh.items, 'interfaces')), /\n {4}interfaces:\n {6}- \n/);
    });

    it('inside an existing key only the key is replaced (no second colon)', () => {
      const { text, items } = at(edit(LAB, '    role: hypervisor', '    ro|le: hypervisor'));
      const role = pick(items, 'role');
      assert.equal(applyCompletion(text, role), LAB);
    });

    it('top-level keys', () => {
      const { items } = at('version: 1\n|');
      assert.deepEqual(labels(items).sort(), ['cluster', 'hosts', 'layout', 'networks', 'pools', 'services', 'vips']);
    });

    it('layout keys are entity names without a position yet', () => {
      const { items } = at(edit(LAB, 'layout:\n', 'layout:\n  |\n'));
      const l = labels(items);
      assert.ok(
        l.includes('svc') && l.includes('hv-0') && l.includes('storage') && l.includes('api') && l.includes('default'),
      );
      assert.ok(!l.includes('server-0') && !l.includes('lan'), 'already placed');
    });

    it('flow mapping keys', () => {
      const { items } = at(
        edit(
          LAB,
          '{ network: lan, ip: 10.0.0.2, mac: "52:54:00:aa:00:02" }',
          '{ network: lan, ip: 10.0.0.2, mac: "52:54:00:aa:00:02", | }',
        ),
      );
      assert.deepEqual(labels(items).sort(), ['ip6', 'name', 'pxe']);
      assert.equal(pick(items, 'name').insertText, 'name: ');
    });
  });

  describe('values', () => {
    it('enum values of role', () => {
      const { items } = at(edit(LAB, '    role: hypervisor', '    role: |'));
      assert.deepEqual(labels(items), ['bootstrap', 'master', 'worker', 'infra', 'storage', 'services', 'hypervisor']);
    });

    it('enum values of the bring-up fields: firmware and unknownClients', () => {
      const fw = at(edit(LAB, '    role: hypervisor', '    role: hypervisor\n    firmware: |'));
      assert.deepEqual(labels(fw.items), ['bios', 'uefi']);
      const dhcp = at(edit(LAB, 'services:\n', 'services:\n  dhcp:\n    host: svc\n    unknownClients: |\n'));
      assert.deepEqual(labels(dhcp.items), ['allow', 'deny']);
    });

    it('schema examples for versions, none that look like addresses', () => {
      const v = at(edit(LAB, '  platform: k3s\n', '  platform: k3s\n  version: |\n'));
      assert.ok(labels(v.items).includes('v1.30.4+k3s1'), labels(v.items).join());
      const ip = at(edit(LAB, '        ip: 10.0.0.3', '        ip: |'));
      assert.ok(!labels(ip.items).includes('192.168.200.10'));
    });

    it('booleans', () => {
      const { items } = at(
        edit(LAB, '      - { network: lan, ip: 10.0.0.2,', '      - { pxe: |, network: lan, ip: 10.0.0.2,'),
      );
      assert.deepEqual(labels(items), ['true', 'false']);
    });

    it('network names where a network is expected (interfaces, VIPs, pools)', () => {
      for (const [find, repl] of [
        ['      - network: lan\n        ip: 10.0.0.3', '      - network: |\n        ip: 10.0.0.3'],
        ['    network: lan\n    ip: 10.0.0.5', '    network: |\n    ip: 10.0.0.5'],
        ['    network: lan\n    addresses', '    network: l|\n    addresses'],
      ]) {
        const { items } = at(edit(LAB, find, repl));
        assert.deepEqual(labels(items), ['lan', 'storage'], find);
        assert.equal(items[0].kind, 'reference');
      }
    });

    it('host names for vm.on (hypervisors first), backends, holders and services', () => {
      const on = at(edit(LAB, 'on: hv-0 }', 'on: | }')).items;
      assert.deepEqual(labels(on).sort(), ['hv-0', 'server-0', 'svc']);
      assert.equal([...on].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1))[0].label, 'hv-0');
      assert.ok(labels(at(edit(LAB, 'hosts: [server-0] }', 'hosts: [server-0, |] }')).items).includes('svc'));
      assert.ok(labels(at(edit(LAB, '      - svc\n', '      - svc\n      - |\n')).items).includes('hv-0'));
      assert.ok(labels(at(edit(LAB, '  dns:\n    host: svc', '  dns:\n    host: |')).items).includes('server-0'));
      assert.ok(labels(at(edit(LAB, 'dhcp: { host: svc }', 'dhcp: { host: | }')).items).includes('svc'));
    });

    it('role names in backends.roles', () => {
      const { items } = at(edit(LAB, 'roles: [master]', 'roles: [master, |]'));
      assert.ok(labels(items).includes('worker'));
    });

    it('names come from the rest of the file while the current line is broken', () => {
      const { text, items } = at(edit(LAB, '        ip: 10.0.0.3\n', '        ip: 10.0.0.3\n      - { network: |\n'));
      assert.equal(analyze(text).topology, null, 'fixture should not parse');
      assert.deepEqual(labels(items), ['lan', 'storage']);
    });
  });

  it('large broken files use the last topology that parsed instead of re-analysing', () => {
    const pad = '# ' + 'x'.repeat(120) + '\n';
    const big = pad.repeat(1000) + edit(LAB, '        ip: 10.0.0.3\n', '        ip: 10.0.0.3\n      - { network: |\n');
    const { text, offset } = cursor(big);
    const good = analyze(LAB.replace(/storage/g, 'backup')).topology;
    assert.deepEqual(labels(complete(text, offset, analyze(text), { lastGood: good })), ['lan', 'backup']);
    assert.deepEqual(labels(complete(text, offset, analyze(text))), ['lan', 'storage'], 'without it: re-analysis');
  });

  describe('new list entries', () => {
    it('a new host entry with its required fields', () => {
      const { text, items } = at(edit(LAB, 'vips:\n', '  |\nvips:\n'));
      const it = items.find((i) => i.label.startsWith('- new host') && !i.label.includes('network'))!;
      assert.ok(it);
      const applied = applyCompletion(text, it);
      const a = analyze(applied);
      assert.ok(a.topology, 'result parses');
      assert.equal(a.topology.hosts.length, 4);
      assert.equal(a.topology.hosts[3].role, 'bootstrap');
    });

    it('a complete new host: interface on a network with the next free IP and a fresh MAC, no new problems', () => {
      const { text, items } = at(edit(LAB, 'vips:\n', '  |\nvips:\n'));
      const it = pick(items, '- new host on the network');
      const applied = applyCompletion(text, it);
      const a = analyze(applied);
      const h = a.topology!.hosts[3];
      assert.equal(h.name, 'host-3');
      assert.equal(h.role, 'worker');
      assert.deepEqual([h.interfaces[0].network, h.interfaces[0].ip], ['lan', '10.0.0.4']);
      assert.ok(h.interfaces[0].mac && !LAB.includes(h.interfaces[0].mac));
      const serious = (x: typeof a) => x.problems.filter((p) => p.severity !== 'info').map((p) => p.code);
      assert.deepEqual(serious(a), serious(analyze(LAB)));
    });

    it('a new interface entry offers the defined networks as a choice', () => {
      const { text, items } = at(
        edit(LAB, '        mac: "52:54:00:aa:00:03"\n', '        mac: "52:54:00:aa:00:03"\n      |\n'),
      );
      const it = pick(items, '- new interface');
      assert.equal(it.insertText, '- network: ${1|lan,storage|}');
      assert.equal(analyze(applyCompletion(text, it)).topology?.hosts[1].interfaces[1].network, 'lan');
    });

    it('a new scalar list entry offers names with the dash', () => {
      const { items } = at(edit(LAB, '      - svc\n', '      - svc\n      |\n'));
      const hv = pick(items, 'hv-0');
      assert.equal(hv.insertText, '- hv-0');
    });
  });

  it('without schema items (Red Hat YAML present) keys and enums are left out, names and addresses stay', () => {
    const { text, offset } = cursor(edit(LAB, '    role: hypervisor', '    role: |'));
    assert.deepEqual(complete(text, offset, undefined, { schemaItems: false }), []);
    const ip = cursor(edit(LAB, '        ip: 10.0.0.3', '        ip: |'));
    assert.deepEqual(labels(complete(ip.text, ip.offset, undefined, { schemaItems: false })), ['10.0.0.3']);
    const key = cursor(edit(LAB, '    role: hypervisor\n', '    role: hypervisor\n    |\n'));
    assert.deepEqual(complete(key.text, key.offset, undefined, { schemaItems: false }), []);
  });

  it('nothing inside comments', () => {
    assert.deepEqual(at(edit(LAB, '    role: hypervisor', '    role: hypervisor  # the ma|chine')).items, []);
    assert.deepEqual(at(edit(LAB, 'vips:\n', '  # ne|\nvips:\n')).items, []);
  });

  it('never throws at any offset of the examples or on broken text', () => {
    for (const text of [
      example('k3s-metallb'),
      example('okd-upi-lab'),
      example('okd-ipi'),
      LAB.slice(0, 700),
      '{',
      '- - -\n  ]',
      '',
    ]) {
      for (let off = 0; off <= text.length; off += 13) complete(text, off);
    }
  });
});
