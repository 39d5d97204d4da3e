// Unit tests for the pure snapshot -> React Flow mapping, on snapshots built by the real core.
import assert from 'node:assert/strict';
import { toFlow, indexView, type GraphNode } from '../../webview/src/toFlow';
import { chipRows, hostHeight, HOST_W, NET_W, NET_H, POOL_H, VIP_W, VIP_H } from '../../webview/src/geometry';
import { ariaLabel, matches } from '../../webview/src/describe';
import { positionsOf, targetHypervisor, targetNetwork } from '../../webview/src/select';
import type { HostView, TopologyView } from '../../src/protocol/messages';
import { bigYaml, exampleYaml, snapshotFromYaml } from './fixtures';

function k3s() {
  const s = snapshotFromYaml(exampleYaml('k3s-metallb'));
  assert.ok(s.view, 'the k3s example must parse');
  return { view: s.view, problems: s.problems };
}
const byId = (nodes: GraphNode[]) => new Map(nodes.map((n) => [n.id, n]));

describe('webview toFlow', () => {
  it('makes one node per host, network, VIP and pool with stable ids and test ids', () => {
    const { view, problems } = k3s();
    const { nodes } = toFlow(view, problems);
    const ids = nodes.map((n) => n.id).sort();
    const expected = [
      ...view.hosts.map((h) => `host:${h.name}`),
      ...view.networks.map((n) => `network:${n.name}`),
      ...view.vips.map((v) => `vip:${v.name}`),
      ...view.pools.map((p) => `pool:${p.name}`),
    ].sort();
    assert.deepEqual(ids, expected);
    for (const n of nodes) assert.equal((n.domAttributes as Record<string, string>)['data-testid'], `node-${n.id}`);
    assert.equal(byId(nodes).get('network:lan')!.type, 'network');
    assert.equal(byId(nodes).get('vip:api')!.type, 'vip');
    assert.equal(byId(nodes).get('pool:default')!.type, 'pool');
  });

  it('groups VMs inside their hypervisor and lists parents before children', () => {
    const { view, problems } = k3s();
    const { nodes } = toFlow(view, problems);
    const m = byId(nodes);
    assert.equal(m.get('host:hv-0')!.type, 'hypervisor');
    for (const vm of ['server-0', 'server-1', 'server-2']) {
      const n = m.get(`host:${vm}`)!;
      assert.equal(n.parentId, 'host:hv-0');
      assert.equal(n.extent, 'parent');
      assert.ok(nodes.indexOf(n) > nodes.indexOf(m.get('host:hv-0')!), 'child after parent');
      // Inside the container, below the hypervisor's own card.
      const hv = m.get('host:hv-0')!;
      assert.ok(n.position.x >= 0 && n.position.x + HOST_W <= hv.width!, `${vm} fits horizontally`);
      assert.ok(n.position.y >= hostHeight(hv.data.view as HostView), `${vm} is below the hypervisor card`);
      assert.ok(n.position.y + hostHeight(n.data.view as HostView) <= hv.height!, `${vm} fits vertically`);
    }
    assert.equal(m.get('host:agent-0')!.parentId, undefined);
  });

  it('labels nodes for screen readers', () => {
    const { view, problems } = k3s();
    const m = byId(toFlow(view, problems).nodes);
    assert.equal(m.get('host:agent-0')!.ariaLabel, 'host agent-0, worker, 10.0.0.20');
    assert.equal(m.get('host:server-0')!.ariaLabel, 'host server-0, master VM on hv-0, 10.0.0.10');
    assert.match(m.get('network:lan')!.ariaLabel!, /^network lan, 10\.0\.0\.0\/24, \d+ of \d+ addresses used/);
    assert.equal(m.get('vip:api')!.ariaLabel, 'vip api, api, 10.0.0.5, ports 6443');
  });

  it('draws interface, backend, pool and VIP-on-network edges between existing nodes with the right handles', () => {
    const { view, problems } = k3s();
    const { edges } = toFlow(view, problems);
    const iface = edges.find((e) => e.source === 'host:agent-0' && e.target === 'network:lan')!;
    assert.ok(iface, 'interface edge');
    assert.equal(iface.sourceHandle, 'net');
    assert.equal(iface.targetHandle, 'hosts');
    const backends = edges
      .filter((e) => e.source === 'vip:api' && e.data?.kind === 'backend')
      .map((e) => e.target)
      .sort();
    assert.deepEqual(backends, ['host:server-0', 'host:server-1', 'host:server-2']);
    assert.ok(edges.some((e) => e.id === 'vipnet:vip:api' && e.target === 'network:lan'));
    assert.ok(edges.some((e) => e.source === 'pool:default' && e.target === 'network:lan' && e.targetHandle === 'top'));
    assert.equal(new Set(edges.map((e) => e.id)).size, edges.length, 'edge ids are unique');
  });

  it('uses layout positions and converts a VM position to one relative to its hypervisor', () => {
    const text = exampleYaml('k3s-metallb').replace(
      'layout:\n  server-0: { x: 240, y: 120 }',
      'layout:\n  agent-0: { x: 1000, y: 900 }\n  hv-0: { x: 100, y: 500 }\n  server-1: { x: 400, y: 800 }',
    );
    const s = snapshotFromYaml(text);
    const m = byId(toFlow(s.view!, s.problems).nodes);
    assert.deepEqual(m.get('host:agent-0')!.position, { x: 1000, y: 900 });
    assert.deepEqual(m.get('host:hv-0')!.position, { x: 100, y: 500 });
    assert.deepEqual(m.get('host:server-1')!.position, { x: 300, y: 300 });
  });

  it('gives every node its content size and places unplaced ones in non-overlapping columns, about 16:10 (1,000 hosts)', () => {
    const s = snapshotFromYaml(bigYaml(1000));
    const { nodes } = toFlow(s.view!, s.problems);
    assert.equal(nodes.length, 1000 + 4 + 2 + 1);
    for (const n of nodes) {
      const want =
        n.type === 'network'
          ? [NET_W, NET_H]
          : n.type === 'vip'
            ? [VIP_W, VIP_H]
            : n.type === 'pool'
              ? [VIP_W, POOL_H]
              : [HOST_W, hostHeight(n.data.view as HostView)];
      assert.deepEqual([n.width, n.height], want, n.id);
    }
    const { edges } = toFlow(s.view!, s.problems);
    assert.ok(
      edges.filter((e) => e.source === 'vip:ingress' && e.data?.kind === 'backend').every((e) => e.data?.bulk),
      'ingress has ~997 backends: drawn only when selected',
    );
    assert.ok(
      edges.filter((e) => e.source === 'vip:api' && e.data?.kind === 'backend').every((e) => !e.data?.bulk),
      'api has 3',
    );
    const boxes = nodes
      .filter((n) => !n.parentId)
      .map((n) => ({ id: n.id, x: n.position.x, y: n.position.y, w: n.width!, h: n.height! }));
    const wide = Math.max(...boxes.map((b) => b.x + b.w)) - Math.min(...boxes.map((b) => b.x));
    const high = Math.max(...boxes.map((b) => b.y + b.h)) - Math.min(...boxes.map((b) => b.y));
    assert.ok(wide / high > 0.8 && wide / high < 3.5, `aspect ${wide}x${high}`);
    // Sweep by x to keep this O(n log n)-ish.
    boxes.sort((a, b) => a.x - b.x);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length && boxes[j].x < boxes[i].x + boxes[i].w; j++) {
        const a = boxes[i],
          b = boxes[j];
        const overlap = a.y < b.y + b.h && b.y < a.y + a.h;
        assert.ok(!overlap, `${a.id} overlaps ${b.id}`);
      }
    }
  });

  it('attaches problems to their nodes with the worst severity', () => {
    const text = exampleYaml('k3s-metallb').replace('ip: 10.0.0.21,', 'ip: 10.0.0.20,');
    const s = snapshotFromYaml(text);
    const m = byId(toFlow(s.view!, s.problems).nodes);
    const a1 = m.get('host:agent-1')!;
    assert.ok(a1.data.problems.length > 0, 'duplicate IP reported on agent-1');
    assert.equal(a1.data.severity, 'error');
    assert.match(a1.ariaLabel!, /\d+ problems?$/);
    assert.equal(m.get('host:svc')!.data.severity, undefined);
  });

  it('dims nodes that do not match the search, keeps selection and locks editing', () => {
    const { view, problems } = k3s();
    const { nodes } = toFlow(view, problems, { query: 'master', selected: new Set(['host:agent-1']), locked: true });
    const m = byId(nodes);
    assert.equal(m.get('host:server-0')!.className, undefined);
    assert.equal(m.get('host:agent-0')!.className, 'okd-dim');
    assert.equal(m.get('host:agent-1')!.selected, true);
    assert.equal(m.get('host:agent-0')!.selected, false);
    assert.ok(nodes.every((n) => n.draggable === false && n.connectable === false));
  });

  it('indexes views by id', () => {
    const { view } = k3s();
    const idx = indexView(view);
    assert.equal(idx.get('host:svc')?.kind, 'host');
    assert.equal(idx.get('network:lan')?.kind, 'network');
    assert.equal(indexView(null).size, 0);
  });
});

describe('webview node geometry', () => {
  it('grows hosts with interfaces and wrapped service chips', () => {
    assert.equal(chipRows([]), 0);
    assert.equal(chipRows(['dhcp', 'dns']), 1);
    assert.equal(chipRows(['dhcp', 'dns', 'loadBalancer', 'ntp', 'pxe', 'http', 'registry', 'kubeApi']), 2);
    const base = {
      kind: 'host',
      id: 'host:a',
      name: 'a',
      path: [],
      role: 'worker',
      services: [],
    } as unknown as HostView;
    const one = hostHeight({ ...base, interfaces: [{ index: 0, network: 'n' }] });
    assert.equal(hostHeight({ ...base, interfaces: [] }), one, 'an empty host keeps one row');
    assert.equal(
      hostHeight({
        ...base,
        interfaces: [
          { index: 0, network: 'n' },
          { index: 1, network: 'm' },
        ],
      }),
      one + 34,
    );
    assert.equal(hostHeight({ ...base, interfaces: [{ index: 0, network: 'n' }], services: ['dns'] }), one + 23);
    assert.equal(
      hostHeight({ ...base, interfaces: [{ index: 0, network: 'n', ip: '10.0.0.1', ip6: 'fd00::1' }] }),
      one + 16,
      'dual stack: a line for the IPv6 address',
    );
  });
});

describe('webview search and labels', () => {
  const { view } = k3s();
  const idx = indexView(view);
  it('matches by name, IP, MAC, role, CIDR and kind; all terms must match', () => {
    assert.ok(matches(idx.get('host:agent-0')!, 'agent'));
    assert.ok(matches(idx.get('host:agent-0')!, '10.0.0.20'));
    assert.ok(matches(idx.get('host:agent-0')!, '52:54:00:AA:00:20'));
    assert.ok(matches(idx.get('host:agent-0')!, 'role:worker'));
    assert.ok(matches(idx.get('network:lan')!, '10.0.0.0/24'));
    assert.ok(matches(idx.get('vip:api')!, 'vip'));
    assert.ok(!matches(idx.get('host:agent-0')!, 'worker master'));
    assert.ok(!matches(idx.get('host:svc')!, '10.0.0.20'));
    assert.ok(matches(idx.get('host:svc')!, '  '));
  });
  it('mentions problems in the label', () => {
    const p = {
      code: 'x',
      severity: 'error' as const,
      message: 'm',
      path: [],
      line: 0,
      column: 0,
      endLine: 0,
      endColumn: 0,
    };
    assert.equal(ariaLabel(idx.get('host:agent-0')!, [p, p]), 'host agent-0, worker, 10.0.0.20, 2 problems');
  });
});

describe('webview command helpers', () => {
  const { view } = k3s();
  it("adds to the selected network, a selected host's network, or the first one", () => {
    const two: TopologyView = {
      ...view,
      networks: [...view.networks, { ...view.networks[0], id: 'network:bmc', name: 'bmc' }],
    };
    assert.equal(targetNetwork(two, ['network:bmc']), 'bmc');
    assert.equal(targetNetwork(two, ['host:agent-0']), 'lan');
    assert.equal(targetNetwork(two, []), 'lan');
    assert.equal(targetNetwork({ ...view, networks: [] }, []), undefined);
  });
  it('puts a new VM on the selected hypervisor or the one of a selected VM', () => {
    assert.equal(targetHypervisor(view, ['host:server-1']), 'hv-0');
    assert.equal(targetHypervisor(view, ['host:hv-0']), 'hv-0');
    assert.equal(targetHypervisor(view, []), 'hv-0');
  });
  it('moving a container also writes its children, in absolute coordinates', () => {
    const { nodes } = toFlow(view, []);
    const abs: Record<string, { x: number; y: number }> = {
      'host:hv-0': { x: 10.4, y: 20.6 },
      'host:server-0': { x: 22, y: 200 },
      'host:server-1': { x: 250, y: 200 },
      'host:server-2': { x: 480, y: 200 },
    };
    const lookup = (id: string) => (abs[id] ? ({ internals: { positionAbsolute: abs[id] } } as never) : undefined);
    const pos = positionsOf(['host:hv-0'], lookup, nodes);
    assert.deepEqual(pos.map((p) => p.id).sort(), ['host:hv-0', 'host:server-0', 'host:server-1', 'host:server-2']);
    assert.deepEqual(
      pos.find((p) => p.id === 'host:hv-0'),
      { id: 'host:hv-0', x: 10, y: 21 },
    );
  });
});
