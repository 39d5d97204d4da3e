import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/core/analyze';
import type { Topology } from '../../src/core/model';
import {
  bmcHost,
  factsOf,
  hostAddress,
  ingressHosts,
  machineNetworks,
  networkUsage,
  nextFreeIp,
  ownersOf,
  poolUsage,
  vipBackends,
} from '../../src/core/facts';
import { BASE, edit } from './helpers';

function topo(yaml: string): Topology {
  const t = analyze(yaml).topology;
  assert.ok(t);
  return t;
}
const example = (name: string) =>
  topo(readFileSync(join(__dirname, '../../examples', name, 'cluster.okd.yaml'), 'utf8'));

describe('facts: the address book', () => {
  it('ownersOf: a gateway that is also a host interface has two owners; ranges are reported separately', () => {
    const t = topo(edit(BASE, ['gateway: 10.0.0.1', 'gateway: 10.0.0.10']));
    const o = ownersOf(t, '10.0.0.10');
    assert.deepEqual(
      o.owners.map((x) => x.label),
      ['host server-0 (lan)', 'the gateway of network lan'],
    );
    assert.deepEqual(o.owners[0].path, ['hosts', 1, 'interfaces', 0, 'ip']);
    const r = ownersOf(t, '10.0.0.150');
    assert.deepEqual(r.owners, []);
    assert.deepEqual(
      r.ranges.map((x) => [x.kind, x.name]),
      [['pool', 'default']],
    );
    assert.deepEqual(
      ownersOf(t, '10.0.0.60').ranges.map((x) => x.kind),
      ['dhcp'],
    );
    assert.deepEqual(ownersOf(t, 'not-an-ip'), { owners: [], ranges: [] });
  });

  it('nextFreeIp skips network address, gateway, DNS, hosts, VIPs, DHCP ranges and pools', () => {
    const t = topo(BASE);
    assert.equal(nextFreeIp(t, 'lan'), '10.0.0.3');
    assert.equal(nextFreeIp(t, 'lan', { exclude: new Set(['10.0.0.3', '10.0.0.4']) }), '10.0.0.6');
    // fill .3-.49 except the VIP/hosts: the next free jumps over the DHCP range and the pool
    const many = Array.from({ length: 47 }, (_, i) => `10.0.0.${i + 3}`);
    assert.equal(nextFreeIp(t, 'lan', { exclude: new Set(many) }), '10.0.0.201');
    assert.equal(nextFreeIp(t, 'nope'), undefined);
    assert.equal(nextFreeIp(t, 'lan', { family: 6 }), undefined);
  });

  it('nextFreeIp returns undefined for a full network and never the broadcast address', () => {
    const t = topo(
      edit(
        BASE,
        ['networks:', 'networks:\n  - name: tiny\n    cidr: 10.5.0.0/30'],
        ['hosts:', 'hosts:\n  - name: a\n    role: services\n    interfaces:\n      - { network: tiny, ip: 10.5.0.1 }'],
      ),
    );
    assert.equal(nextFreeIp(t, 'tiny'), '10.5.0.2');
    assert.equal(nextFreeIp(t, 'tiny', { exclude: new Set(['10.5.0.2']) }), undefined);
  });

  it('nextFreeIp for IPv6 and a dual-stack example', () => {
    const t = example('okd-ipi');
    assert.equal(nextFreeIp(t, 'baremetal'), '192.168.111.3');
    assert.equal(nextFreeIp(t, 'baremetal', { family: 6 }), 'fd2e:6f44:5dd8:c956::3');
  });

  it('networkUsage counts are disjoint and add up to the subnet size', () => {
    const u = networkUsage(topo(BASE), 'lan')!;
    assert.deepEqual(u, { size: 256, used: 6, free: 97, dynamic: 50, pooled: 101, reserved: 2 });
    assert.equal(u.used + u.free + u.dynamic + u.pooled + u.reserved, u.size);
    const v6 = networkUsage(example('okd-ipi'), 'baremetal', 6)!;
    assert.equal(v6.size, 2 ** 64);
    assert.ok(Number.isFinite(v6.free) && v6.free > 1e19);
    assert.equal(networkUsage(topo(BASE), 'nope'), undefined);
  });

  it('poolUsage counts addresses taken inside the pool', () => {
    const t = topo(edit(BASE, ['ip: 10.0.0.12,', 'ip: 10.0.0.150,']));
    assert.deepEqual(poolUsage(t, 'default'), { size: 101, used: 1, free: 100 });
    assert.equal(poolUsage(t, 'nope'), undefined);
  });

  it('machineNetworks: explicit wins, else derived from node networks (both families)', () => {
    assert.deepEqual(
      machineNetworks(topo(BASE)).map((m) => m.text),
      ['10.0.0.0/24'],
    );
    assert.deepEqual(
      machineNetworks(example('okd-ipi')).map((m) => [m.text, m.network]),
      [
        ['192.168.111.0/24', 'baremetal'],
        ['fd2e:6f44:5dd8:c956::/64', 'baremetal'],
      ],
    );
    const t = topo(edit(BASE, ['platform: k3s', 'platform: k3s\n  networking:\n    machineNetwork: [10.0.0.0/16]']));
    assert.deepEqual(
      machineNetworks(t).map((m) => [m.text, m.explicit]),
      [['10.0.0.0/16', true]],
    );
  });

  it('vipBackends, ingressHosts, hostAddress', () => {
    const t = example('okd-upi-lab');
    assert.deepEqual(
      ingressHosts(t).map((h) => h.name),
      ['infra-0', 'infra-1', 'infra-2'],
    );
    const k = example('k3s-metallb');
    assert.deepEqual(
      ingressHosts(k).map((h) => h.name),
      ['agent-0', 'agent-1'],
    );
    assert.deepEqual(
      vipBackends(k, k.vips[0]).map((h) => h.name),
      ['server-0', 'server-1', 'server-2'],
    );
    const mixed = topo(
      edit(BASE, ['backends: { roles: [master] }', 'backends: { roles: [master], hosts: [svc, server-0, ghost] }']),
    );
    assert.deepEqual(
      vipBackends(mixed, mixed.vips[0]).map((h) => h.name),
      ['server-0', 'server-1', 'server-2', 'svc'],
    );
    const none = topo(edit(BASE, ['    backends: { roles: [master] }\n', '']));
    assert.deepEqual(
      vipBackends(none, none.vips[0]).map((h) => h.name),
      ['server-0', 'server-1', 'server-2'],
    );
    assert.equal(hostAddress(k.hosts[0]), '10.0.0.2');
    assert.equal(hostAddress(k.hosts[0], 'other'), undefined);
  });

  it('is cached per topology object', () => {
    const t = topo(BASE);
    assert.equal(factsOf(t), factsOf(t));
  });
});

describe('facts: BMC addresses', () => {
  it('the address inside bmc.address is owned, counted and collides like an interface', () => {
    assert.equal(bmcHost('redfish-virtualmedia://192.168.110.20/redfish/v1/Systems/1'), '192.168.110.20');
    assert.equal(bmcHost('ipmi://[fd00::5]:623'), 'fd00::5');
    assert.equal(bmcHost('ipmi://10.1.1.1:623'), '10.1.1.1');
    assert.equal(bmcHost('idrac://bmc.example.com'), undefined);
    const t = example('okd-ipi');
    assert.deepEqual(
      ownersOf(t, '192.168.110.20').owners.map((o) => o.label),
      ['the BMC of host master-0'],
    );
    assert.equal(networkUsage(t, 'bmc')!.used, 6);
    assert.equal(nextFreeIp(t, 'bmc', { exclude: new Set(['192.168.110.2']) }), '192.168.110.3');
  });
});
