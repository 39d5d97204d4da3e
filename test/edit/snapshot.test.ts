// The snapshot view builder: what the graph draws, derived from the model and the problems.
import { strict as assert } from 'node:assert';
import { analyze } from '../../src/core/analyze';
import { buildView, problemViews } from '../../src/core/view/snapshot';
import { nodeAtOffset } from '../../src/core/view/locate';
import { isHostMessage } from '../../src/protocol/messages';
import { COMMENTED, example } from './helpers';

function viewOf(text: string) {
  const a = analyze(text);
  const problems = problemViews(a.topology, a.problems);
  // What the webview receives: postMessage serialises as JSON (undefined fields disappear).
  const view = JSON.parse(JSON.stringify(buildView(a.topology!, problems))) as ReturnType<typeof buildView>;
  return { a, problems, view };
}

describe('snapshot view', () => {
  it('draws the k3s example: networks with usage, hosts with services and VMs, VIP backends, pools, edges', () => {
    const { view, problems } = viewOf(example('k3s-metallb'));
    assert.deepEqual(view.cluster, { name: 'lab', baseDomain: 'home.arpa', platform: 'k3s', version: 'v1.30.4+k3s1' });
    const lan = view.networks[0];
    assert.equal(lan.id, 'network:lan');
    assert.deepEqual(lan.dhcpRanges, [{ start: '10.0.0.50', end: '10.0.0.99', text: '10.0.0.50-10.0.0.99' }]);
    // 254 usable; 50 DHCP + 101 pool + 9 static (gateway, DNS/svc, hv, 3 servers, 2 agents, VIP).
    assert.deepEqual(lan.usage, { used: 160, total: 254, ratio: 160 / 254 });
    const svc = view.hosts.find((h) => h.name === 'svc')!;
    assert.deepEqual(svc.services, ['dhcp', 'dns', 'loadBalancer', 'ntp']);
    const s0 = view.hosts.find((h) => h.name === 'server-0')!;
    assert.equal(s0.vm?.hypervisorId, 'host:hv-0');
    assert.deepEqual(s0.position, { x: 240, y: 120 });
    assert.deepEqual(s0.interfaces, [
      { index: 0, network: 'lan', networkId: 'network:lan', ip: '10.0.0.10', mac: '52:54:00:aa:00:10' },
    ]);
    assert.deepEqual(view.vips[0].backendIds, ['host:server-0', 'host:server-1', 'host:server-2']);
    assert.deepEqual(
      view.pools.map((p) => [p.id, p.size, p.used, p.networkId]),
      [['pool:default', 101, 0, 'network:lan']],
    );
    const kinds = view.edges.reduce<Record<string, number>>((m, e) => ({ ...m, [e.kind]: (m[e.kind] ?? 0) + 1 }), {});
    assert.deepEqual(kinds, { interface: 7, backend: 3, pool: 1 });
    assert.equal(new Set(view.edges.map((e) => e.id)).size, view.edges.length);
    assert.ok(
      isHostMessage({
        type: 'snapshot',
        protocolVersion: 1,
        version: 1,
        reason: 'init',
        view,
        problems,
        fileName: 'x',
        readOnly: false,
      }),
    );
  });

  it('draws each BMC on the network its address belongs to (okd-ipi: every master on bmc; issue 13)', () => {
    const { view, problems } = viewOf(example('okd-ipi'));
    const withBmc = view.hosts
      .filter((h) => h.bmc?.address)
      .map((h) => h.id)
      .sort();
    assert.ok(withBmc.length >= 3);
    const bmc = view.edges.filter((e) => e.kind === 'bmc');
    assert.deepEqual(bmc.map((e) => e.source).sort(), withBmc);
    assert.ok(
      bmc.every((e) => e.target === 'network:bmc' && /^192\.168\.110\./.test(e.label ?? '')),
      JSON.stringify(bmc[0]),
    );
    assert.ok(
      isHostMessage({
        type: 'snapshot',
        protocolVersion: 1,
        version: 1,
        reason: 'init',
        view,
        problems,
        fileName: 'x',
        readOnly: false,
      }),
    );
  });

  it("the webview's guard checks every field of the view", () => {
    const { view, problems } = viewOf(example('k3s-metallb'));
    const msg = (v: unknown) => ({
      type: 'snapshot',
      protocolVersion: 1,
      version: 1,
      reason: 'init',
      view: v,
      problems,
      fileName: 'x',
      readOnly: false,
    });
    assert.ok(isHostMessage(msg(view)));
    const broken: [string, (v: typeof view) => void][] = [
      ['bad role', (v) => void ((v.hosts[0] as { role: string }).role = 'root')],
      ['negative interface index', (v) => void (v.hosts[0].interfaces[0].index = -1)],
      ['non-numeric usage', (v) => void ((v.networks[0].usage as { used: unknown }).used = '160')],
      ['bad edge source', (v) => void (v.edges[0].source = 'nope')],
      ['bad VIP port', (v) => void (v.vips[0].ports as unknown[]).push('80')],
      ['bad pool size', (v) => void ((v.pools[0] as { size: unknown }).size = null)],
      ['bad hypervisor id', (v) => void (v.hosts.find((h) => h.vm)!.vm!.hypervisorId = 'hv-0')],
      ['bad service kind', (v) => void (v.hosts[0].services as string[]).push('ftp')],
      ['bad position', (v) => void (v.hosts[2].position = { x: Number.NaN, y: 0 })],
    ];
    for (const [what, spoil] of broken) {
      const copy = JSON.parse(JSON.stringify(view)) as typeof view;
      spoil(copy);
      assert.equal(isHostMessage(msg(copy)), false, what);
    }
  });

  it('puts problems on the nodes they concern, with the worst severity as status', () => {
    const text = COMMENTED.replace('ip: 10.0.0.20,', 'ip: 10.0.0.10,');
    const { view, problems } = viewOf(text);
    const dup = problems.filter((p) => p.code.includes('duplicate') && p.severity === 'error');
    assert.ok(dup.length > 0, 'duplicate IP reported');
    assert.ok(dup.every((p) => p.nodeId === 'host:master-0' || p.nodeId === 'host:worker-0'));
    assert.equal(view.hosts.find((h) => h.name === 'worker-0')!.status, 'error');
    assert.equal(view.hosts.find((h) => h.name === 'svc')!.status, undefined);
    const masters = problems.find((p) => p.code === 'ha-masters');
    assert.ok(masters);
  });

  it('maps service and layout problems to their host node', () => {
    const text = COMMENTED.replace('dns: { host: svc,', 'dns: { host: svc, bogus: 1,');
    const { problems } = viewOf(text);
    const p = problems.find((x) => x.path[0] === 'services' && x.path[1] === 'dns');
    assert.equal(p?.nodeId, 'host:svc');
  });

  it('keeps ids unique when names repeat (the checks report the duplicate)', () => {
    const text = COMMENTED.replace('- name: worker-0', '- name: master-1');
    const { view, problems } = viewOf(text);
    assert.equal(view.hosts.filter((h) => h.id === 'host:master-1').length, 1);
    assert.ok(problems.some((p) => p.severity === 'error' && p.nodeId === 'host:master-1'));
  });

  it('reads positions from kind:name layout keys before bare names', () => {
    const text = COMMENTED.replace('  svc: { x: 0, y: 0 }', '  svc: { x: 0, y: 0 }\n  "host:svc": { x: 7, y: 8 }');
    assert.deepEqual(viewOf(text).view.hosts[0].position, { x: 7, y: 8 });
  });

  it('finds the node under a text offset (for reveal from the text or a problem)', () => {
    const { a } = viewOf(COMMENTED);
    const t = a.topology!;
    const at = (needle: string) => nodeAtOffset(t, a.doc.root, COMMENTED.indexOf(needle));
    assert.equal(at('eno1'), 'host:hv-0');
    assert.equal(at('- name: hv-0'), 'host:hv-0');
    assert.equal(at('gateway: 10.0.0.1'), 'network:lan');
    assert.equal(at('22623'), 'vip:api');
    assert.equal(at('forwarders'), 'host:svc');
    assert.equal(at('master-0:\n    x'), 'host:master-0');
    assert.equal(at('baseDomain'), undefined);
  });

  it('builds 1,000 hosts quickly enough for live updates', () => {
    const lines = [
      'version: 1',
      'cluster: { name: big, baseDomain: example.com, platform: k3s }',
      'networks:',
      '  - { name: lan, cidr: 10.0.0.0/16 }',
      'hosts:',
    ];
    for (let i = 0; i < 1000; i++)
      lines.push(
        `  - { name: h${i}, role: worker, interfaces: [{ network: lan, ip: 10.0.${i >> 8}.${(i & 255) + 1 > 254 ? 1 : (i & 255) + 1}, mac: "52:54:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}" }] }`,
      );
    const { view } = viewOf(lines.join('\n') + '\n');
    assert.equal(view.hosts.length, 1000);
    assert.equal(view.edges.filter((e) => e.kind === 'interface').length, 1000);
  });
});
