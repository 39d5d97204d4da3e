// The k3s + MetalLB example in a lab of network namespaces: a Debian services host (isc-dhcp-server,
// bind9, chrony) reached over SSH by deploy, servers and agents leasing by DHCP, and the services the
// topology declares answering verify: DHCP, DNS and NTP; the API VIP and the MetalLB pool once a
// stand-in holds the VIP (as keepalived would) and a speaker stand-in answers ARP for the pool.
import assert from 'node:assert/strict';
import { bringUpServices, leaseAll, verifyFromNode } from '../../src/lab/bringup';
import { Lab } from '../../src/lab/lab';
import { announce, startStandin, type LeaseFacts } from '../../src/lab/nodes';
import { formatText } from '../../src/core/verify/format';
import { failed } from '../../src/core/verify/types';
import { deployOutput, example, K3S_EXAMPLE, labCli, requireLab, writeTopology } from './helpers';

describe('lab: the k3s + MetalLB example in network namespaces', function () {
  this.timeout(90000);
  let lab: Lab;
  let file: string;
  let deploy: { code: number; stdout: string; stderr: string };
  let leases: Map<string, LeaseFacts>;
  const k3s = example(K3S_EXAMPLE);

  before(async function () {
    this.timeout(180000);
    requireLab();
    lab = await Lab.create(k3s.topology, { cli: await labCli() });
    file = writeTopology(lab, k3s.text);
    deploy = (await bringUpServices(lab, { file }))[0].result;
    leases = await leaseAll(lab);
  });

  after(async () => {
    await lab?.destroy();
  });

  it('deploy --host svc goes over SSH into the Debian services namespace and succeeds', () => {
    assert.equal(deploy.code, 0, deployOutput(deploy));
    assert.match(deploy.stdout, /svc: deployed/);
    assert.equal(lab.plan.services[0].layout.family, 'debian');
  });

  it('servers and agents lease their reservations', () => {
    assert.deepEqual(Object.fromEntries([...leases].map(([h, l]) => [h, l.ip])), {
      'server-0': '10.0.0.10',
      'server-1': '10.0.0.11',
      'server-2': '10.0.0.12',
      'agent-0': '10.0.0.20',
      'agent-1': '10.0.0.21',
    });
  });

  it('verify: DHCP, DNS and NTP answer; the API VIP and the pool are info while no API server runs', async () => {
    const v = await verifyFromNode(lab, file, { from: 'agent-0' });
    assert.ok(v.report, v.stderr);
    assert.equal(v.code, 0, formatText({ file, checks: v.report.checks.filter(failed) }));
    const ok = (service: string) => v.report!.checks.filter((c) => c.service === service && c.ok).length;
    assert.ok(ok('dns') >= 10 && ok('ntp') === 1, formatText(v.report));
    assert.equal(v.report.checks.filter((c) => c.service === 'dhcp' && c.ok).length, 5);
    const vip = v.report.checks.filter((c) => c.service === 'vip' || c.service === 'pool');
    assert.ok(vip.length >= 2);
    assert.ok(
      vip.filter((c) => !c.ok).every((c) => c.severity === 'info' && /the cluster is not up yet/.test(c.detail)),
      formatText({ file, checks: vip }),
    );
  });

  it('with the VIP held by an API stand-in and a MetalLB speaker stand-in, the VIP and the pool answer', async () => {
    // keepalived stand-in: server-0 holds the API VIP; an API server stand-in listens on 6443.
    await announce(lab, 'server-0', '10.0.0.5');
    await startStandin(lab, 'server-0', 'api');
    await announce(lab, 'agent-0', '10.0.0.100');
    const v = await verifyFromNode(lab, file, { from: 'agent-1' });
    assert.equal(v.code, 0, formatText({ file, checks: (v.report?.checks ?? []).filter(failed) }) + v.stderr);
    const vip = v.report!.checks.filter((c) => c.service === 'vip' || c.service === 'pool');
    assert.ok(
      vip.every((c) => c.ok),
      formatText({ file, checks: vip }),
    );
  });
});
