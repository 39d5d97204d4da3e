// What a topology becomes in the lab (no root needed): a namespace per host with its MACs, services
// hosts with static addresses, nodes that lease, the operator's seat, and paths kept inside the
// services namespace's own copies.
import assert from 'node:assert/strict';
import { OPERATOR, planLab, PlanError } from '../../src/lab/plan';
import { insideOverlay } from '../../src/lab/services';
import { findUnit, unitsFor } from '../../src/lab/units';
import { layoutOf } from '../../src/core/render/layout';
import { example, K3S_EXAMPLE, upiVariant } from './helpers';

describe('lab: plan', () => {
  it("the UPI lab: services static on .254, nodes leasing with the seed's MACs, the hypervisor as the operator's seat", () => {
    const p = planLab(upiVariant().topology, 'abc123');
    const host = (n: string) => p.hosts.find((h) => h.name === n)!;
    assert.equal(host('services').kind, 'services');
    assert.deepEqual(
      host('services').ifaces.map((i) => [i.name, i.mac, i.cidr]),
      [['enp1s0', 'f8:75:a4:ac:00:fe', '192.168.200.254/24']],
    );
    assert.equal(host('master-0').kind, 'node');
    assert.deepEqual(
      host('master-0').ifaces.map((i) => [i.mac, i.cidr, i.ip]),
      [['f8:75:a4:ac:03:00', undefined, '192.168.200.11']],
    );
    assert.equal(p.operator, 'okd-hv');
    assert.equal(p.hosts.length, 15);
    assert.ok(p.hosts.every((h) => h.ns.startsWith('okdlab-abc123-')));
    assert.deepEqual(
      p.services.map((s) => [s.host, s.address, s.tftpRoot, s.layout.family]),
      [['services', '192.168.200.254', '/var/lib/tftpboot', 'redhat']],
    );
  });

  it('--host keeps those nodes plus the services hosts and hypervisors', () => {
    const p = planLab(upiVariant().topology, 'x1', ['master-0']);
    assert.deepEqual(p.hosts.map((h) => h.name).sort(), ['master-0', 'okd-hv', 'services']);
    assert.throws(() => planLab(upiVariant().topology, 'x1', ['nosuch']), PlanError);
  });

  it('without a hypervisor on the services network the operator takes the gateway address', () => {
    const k3s = example(K3S_EXAMPLE, (t) =>
      t
        .replace(
          / {2}- name: hv-0\n {4}role: hypervisor\n {4}interfaces:\n {6}- \{ network: lan, ip: 10\.0\.0\.3, mac: "52:54:00:aa:00:03" \}\n/,
          '',
        )
        .replace(/, on: hv-0 \}/g, ' }'),
    );
    const p = planLab(k3s.topology, 'x2');
    assert.equal(p.operator, OPERATOR);
    assert.deepEqual(p.hosts.find((h) => h.name === OPERATOR)!.ifaces[0].cidr, '10.0.0.1/24');
  });

  it("refuses a TFTP or HTTP root outside the services namespace's own folders", () => {
    const t = upiVariant((x) => x.replace('tftpRoot: /var/lib/tftpboot', 'tftpRoot: /tmp/tftp')).topology;
    assert.throws(
      () => planLab(t, 'x3'),
      /services\.pxe\.tftpRoot "\/tmp\/tftp" is outside the folders a lab services host has its own copy of/,
    );
    assert.equal(insideOverlay('/var/lib/tftpboot'), true);
    assert.equal(insideOverlay('/srv/tftp'), true);
    assert.equal(insideOverlay('/tmp/x'), false);
    assert.equal(insideOverlay('/var/../tmp'), false);
  });

  it("units follow the host's distribution, with their ExecReload", () => {
    const fedora = unitsFor({ layout: layoutOf(undefined), tftpRoot: '/var/lib/tftpboot' });
    assert.equal(findUnit(fedora, 'tftp.socket')?.argv.join(' '), 'in.tftpd -L -a 0.0.0.0:69 -s /var/lib/tftpboot');
    assert.deepEqual(findUnit(fedora, 'haproxy.service')?.reload, {
      check: ['haproxy', '-c', '-q', '-f', '/etc/haproxy/haproxy.cfg'],
      signal: 'SIGUSR2',
    });
    assert.equal(findUnit(fedora, 'named')?.argv.includes('/etc/named.conf'), true);
    const debian = unitsFor({ layout: layoutOf({ os: 'debian' } as never), tftpRoot: '/srv/tftp' });
    assert.equal(findUnit(debian, 'isc-dhcp-server')?.argv.includes('/var/lib/dhcp/dhcpd.leases'), true);
    assert.equal(findUnit(debian, 'bind9')?.name, 'named');
    assert.equal(findUnit(debian, 'chronyd')?.name, 'chrony');
    assert.equal(findUnit(debian, 'nosuch'), undefined);
  });
});
