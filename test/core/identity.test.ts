import assert from 'node:assert/strict';
import { BASE, edit, expectAt, expectClean, expectNone, relatedAt, okdUpi } from './helpers';
import { normaliseMac } from '../../src/core/ip';

const OKD = okdUpi();

describe('checks: MACs and names', () => {
  it('the OKD variant of the base fixture is clean', () => expectClean(OKD));

  it('mac-invalid, mac-multicast, mac-duplicate (at both hosts, each naming the other)', () => {
    expectAt(edit(BASE, ['52:54:00:aa:00:11', '52:54:00:aa:00:1g']), 'mac-invalid', '"52:54:00:aa:00:1g"');
    expectAt(edit(BASE, ['52:54:00:aa:00:11', '01:00:5e:00:00:11']), 'mac-multicast', '"01:00:5e:00:00:11"');
    const y = edit(BASE, ['52:54:00:aa:00:11', '52-54-00-AA-00-10']);
    const p = expectAt(y, 'mac-duplicate', '"52-54-00-AA-00-10"', { count: 2 });
    assert.match(p.message, /already used by host server-0/);
    relatedAt(p, y, '"52:54:00:aa:00:10"');
    const q = expectAt(y, 'mac-duplicate', '"52:54:00:aa:00:10"', { count: 2 });
    assert.match(q.message, /also used by host server-1/);
    relatedAt(q, y, '"52-54-00-AA-00-10"');
  });

  it('mac-missing: PXE interface without a MAC, and OKD nodes without any MAC', () => {
    expectAt(
      edit(BASE, [', mac: "52:54:00:aa:00:11" }', ', pxe: true }']),
      'mac-missing',
      'network: lan, ip: 10.0.0.11',
      { severity: 'error' },
    );
    const y = edit(OKD, [', mac: "52:54:00:aa:00:11" }', ' }']);
    const p = expectAt(y, 'mac-missing', 'network: lan, ip: 10.0.0.11', { severity: 'warning' });
    assert.equal(p.data?.host, 'server-1');
    expectNone(edit(BASE, [', mac: "52:54:00:aa:00:11" }', ' }']), 'mac-missing');
  });

  it('name-duplicate: hosts, networks, VIPs and pools, with a suggested new name', () => {
    const y = edit(BASE, ['name: server-1', 'name: server-0']);
    const p = expectAt(y, 'name-duplicate', 'server-0', { nth: 1 });
    relatedAt(p, y, 'server-0');
    assert.deepEqual(p.data, { kind: 'host', name: 'server-0', suggestion: 'server-0-2' });
    const v = `${BASE.replace('pools:', '  - name: api\n    network: lan\n    ip: 10.0.0.6\npools:')}`;
    expectAt(v, 'name-duplicate', 'api\n    network: lan\n    ip: 10.0.0.6');
  });

  it('name-invalid-dns: upper case, underscore, too long; domains', () => {
    expectAt(edit(BASE, ['name: server-1', 'name: Server_1']), 'name-invalid-dns', 'Server_1');
    expectAt(edit(BASE, ['name: server-1', `name: ${'a'.repeat(64)}`]), 'name-invalid-dns', 'a'.repeat(64));
    expectAt(edit(BASE, ['baseDomain: home.arpa', 'baseDomain: home..arpa']), 'name-invalid-dns', 'home..arpa');
    expectAt(edit(BASE, ['name: lab', 'name: my_lab']), 'name-invalid-dns', 'my_lab');
  });
});

describe('checks: references', () => {
  it('ref-unknown-network with a suggestion', () => {
    const p = expectAt(
      edit(BASE, ['network: lan, ip: 10.0.0.11', 'network: lam, ip: 10.0.0.11']),
      'ref-unknown-network',
      'lam',
    );
    assert.match(p.message, /did you mean lan\?/);
    expectAt(
      edit(BASE, ['    network: lan\n    ip: 10.0.0.5', '    network: wan\n    ip: 10.0.0.5']),
      'ref-unknown-network',
      'wan',
    );
  });

  it('ref-unknown-host: services, VIP backends and holders', () => {
    expectAt(edit(BASE, ['dns: { host: svc }', 'dns: { host: svx }']), 'ref-unknown-host', 'svx');
    expectAt(
      edit(BASE, ['backends: { roles: [master] }', 'backends: { hosts: [server-0, server-9] }']),
      'ref-unknown-host',
      'server-9',
    );
    expectAt(
      edit(BASE, ['backends: { roles: [master] }', 'backends: { roles: [master] }\n    holders: [svc, ghost]']),
      'ref-unknown-host',
      'ghost',
    );
  });

  it('ref-holder-network: a holder must be attached to the VIP network', () => {
    const y = edit(
      BASE,
      ['backends: { roles: [master] }', 'backends: { roles: [master] }\n    holders: [svc, hv]'],
      [
        'hosts:',
        'hosts:\n  - name: hv\n    role: hypervisor\n    interfaces:\n      - { network: mgmt, ip: 10.1.0.2 }',
      ],
      ['networks:', 'networks:\n  - name: mgmt\n    cidr: 10.1.0.0/24'],
    );
    expectAt(y, 'ref-holder-network', 'hv]');
  });

  it('vip-holder-interface-name: keepalived pairs need the NIC name, single holders do not', () => {
    const pair = edit(
      BASE,
      ['backends: { roles: [master] }', 'backends: { roles: [master] }\n    holders: [server-0, server-1]'],
      ['{ network: lan, ip: 10.0.0.10', '{ name: enp1s0, network: lan, ip: 10.0.0.10'],
    );
    const p = expectAt(pair, 'vip-holder-interface-name', 'network: lan, ip: 10.0.0.11');
    assert.match(p.message, /server-1 holds VIP api/);
    expectNone(
      edit(BASE, ['backends: { roles: [master] }', 'backends: { roles: [master] }\n    holders: [server-0]']),
      'vip-holder-interface-name',
    );
  });

  it('ref-vm-host: vm.on must name a hypervisor', () => {
    const y = edit(BASE, [
      '    role: master\n    interfaces:\n      - { network: lan, ip: 10.0.0.11',
      '    role: master\n    vm: { on: svc }\n    interfaces:\n      - { network: lan, ip: 10.0.0.11',
    ]);
    const p = expectAt(y, 'ref-vm-host', 'svc }');
    assert.match(p.message, /role is services, not hypervisor/);
    // A misspelt role is one error (schema-enum), not also an error on every VM placed there.
    const typo = edit(y, ['role: services', 'role: hypervisr']);
    expectAt(typo, 'schema-enum', 'hypervisr');
    expectNone(typo, 'ref-vm-host');
    expectAt(
      edit(BASE, [
        '    role: master\n    interfaces:\n      - { network: lan, ip: 10.0.0.11',
        '    role: master\n    vm: { on: nohost }\n    interfaces:\n      - { network: lan, ip: 10.0.0.11',
      ]),
      'ref-unknown-host',
      'nohost',
    );
  });

  it('ref-unknown-role-backends: a role nobody has', () => {
    expectAt(
      edit(BASE, ['backends: { roles: [master] }', 'backends: { roles: [master, infra] }']),
      'ref-unknown-role-backends',
      'infra',
      { severity: 'warning' },
    );
  });
});

describe('checks: deploy target and keepalived holders', () => {
  it("ref-ssh-host: ssh.host is another host's address", () => {
    const y = edit(BASE, [
      '      - { network: lan, ip: 10.0.0.2, mac: "52:54:00:aa:00:02" }',
      '      - { network: lan, ip: 10.0.0.2, mac: "52:54:00:aa:00:02" }\n    ssh: { host: 10.0.0.10, user: root }',
    ]);
    const p = expectAt(y, 'ref-ssh-host', '10.0.0.10, user', { severity: 'warning' });
    assert.match(p.message, /host server-0 \(lan\)/);
    relatedAt(p, y, '10.0.0.10, mac');
    expectNone(
      edit(BASE, [
        '      - { network: lan, ip: 10.0.0.2, mac: "52:54:00:aa:00:02" }',
        '      - { network: lan, ip: 10.0.0.2, mac: "52:54:00:aa:00:02" }\n    ssh: { host: 10.0.0.2 }',
      ]),
      'ref-ssh-host',
    );
  });

  it('ha-vip-holders: a single keepalived holder', () => {
    const y = edit(BASE, ['backends: { roles: [master] }', 'backends: { roles: [master] }\n    holders: [svc]']);
    expectAt(y, 'ha-vip-holders', 'svc]', { severity: 'info' });
    expectNone(
      edit(BASE, ['backends: { roles: [master] }', 'backends: { roles: [master] }\n    holders: [svc, server-0]']),
      'ha-vip-holders',
    );
  });

  it('normaliseMac: lower-case colon form as written, other spellings rewritten, the rest refused', () => {
    const mac = '52:54:00:aa:bb:cc';
    for (const written of [mac, '52:54:00:AA:BB:CC', '52-54-00-aa-bb-cc', ` ${mac} `, '5254.00aa.bbcc', '525400AABBCC'])
      assert.equal(normaliseMac(written), mac, written);
    for (const bad of [
      '52:54:00:aa:bb:cg',
      '52:54:00:aa:bb:c',
      '52:54:00:aa:bb:cc:dd',
      '52:54-00:aa:bb:cc',
      '5254.00aa:bbcc',
      '525400aabbc',
      '',
    ])
      assert.equal(normaliseMac(bad), undefined, JSON.stringify(bad));
  });
});
