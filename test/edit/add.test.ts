// Golden tests: graph actions that create things yield one minimal insertion in the file's own
// style (indentation, `- ` style, flow/block of siblings, MAC quoting), and the re-parsed model
// shows the new item with a free address and a fresh MAC.
import { strict as assert } from 'node:assert';
import { applied, COMMENTED, example, run } from './helpers';
import { normaliseMac } from '../../src/core/ip';

describe('graph edits: add', () => {
  it('adds a worker after the last host, continuing its name, IP and NIC style', () => {
    const r = applied(COMMENTED, { kind: 'addHost', role: 'worker' });
    assert.deepEqual(r.changes, [
      [
        '',
        '\n  - name: worker-1\n    role: worker\n    interfaces:\n      - { network: lan, ip: 10.0.0.21, mac: "52:54:00:00:05:05" }',
      ],
    ]);
    // Inserted right after worker-0's interface line, before the blank line and `vips:`.
    assert.ok(r.newText.includes('mac: "52:54:00:aa:00:20" }\n  - name: worker-1\n'));
    assert.ok(r.newText.includes('"52:54:00:00:05:05" }\n\nvips:'));
    const h = r.after.topology!.hosts.find((x) => x.name === 'worker-1')!;
    assert.equal(h.role, 'worker');
    assert.deepEqual(
      h.interfaces.map((i) => [i.network, i.ip]),
      [['lan', '10.0.0.21']],
    );
    assert.equal(r.created?.[0], 'host:worker-1');
  });

  it('adds a VM with the sizes and block style of its role-mate and the same hypervisor', () => {
    const r = applied(COMMENTED, { kind: 'addHost', role: 'master', vm: {} }, ['ha-masters']);
    assert.deepEqual(r.changes, [
      [
        '',
        '\n  - name: master-2\n    role: master\n    vm:\n      cpus: 4\n      memoryGiB: 16\n      diskGiB: 120\n      on: hv-0\n    interfaces:\n' +
          '      - { network: lan, ip: 10.0.0.12, mac: "52:54:00:00:05:05" }',
      ],
    ]);
    assert.equal(r.after.topology!.hosts.find((h) => h.name === 'master-2')!.vm?.on, 'hv-0');
    // Three masters now: the HA warning of the original file is gone.
    assert.ok(!r.after.problems.some((p) => p.code === 'ha-masters'));
  });

  it("writes the position of a new node into layout in the siblings' flow style, as one edit set", () => {
    const r = applied(COMMENTED, { kind: 'addHost', role: 'worker', position: { x: 5.4, y: 6 } });
    assert.equal(r.changes.length, 2);
    assert.deepEqual(r.changes[1], ['', '\n  worker-1: { x: 5, y: 6 }']);
    assert.ok(
      r.newText.endsWith('    y: 200\n  worker-1: { x: 5, y: 6 }\n# trailing comment at the end of the file\n'),
    );
    assert.deepEqual(r.after.topology!.layout['worker-1'], { x: 5, y: 6 });
  });

  it('never reuses a MAC or an address, even across many adds', () => {
    let text = COMMENTED;
    for (let i = 0; i < 5; i++) text = applied(text, { kind: 'addHost', role: 'worker', name: `w${i}` }).newText;
    const t = run(text, { kind: 'move', positions: [] } as never).before.topology!;
    const macs = t.hosts.flatMap((h) => h.interfaces.map((x) => normaliseMac(x.mac)));
    const ips = t.hosts.flatMap((h) => h.interfaces.map((x) => x.ip));
    assert.equal(new Set(macs).size, macs.length);
    assert.equal(new Set(ips).size, ips.length);
    assert.deepEqual(ips.slice(-5), ['10.0.0.21', '10.0.0.22', '10.0.0.23', '10.0.0.24', '10.0.0.25']);
  });

  it('adds a network with the next free /24 in the compact `- ` style of that list', () => {
    const r = applied(COMMENTED, { kind: 'addNetwork' });
    assert.deepEqual(r.changes, [['', '\n- name: net\n  cidr: 10.0.2.0/24\n  gateway: 10.0.2.1']]);
    assert.ok(r.newText.includes('  cidr: 10.0.1.0/24\n- name: net\n'));
  });

  it('skips /24s that overlap the pod or service networks', () => {
    const text = COMMENTED.replace(
      'networking: { networkType: OVNKubernetes }',
      'networking: { serviceNetwork: [10.0.2.0/23] }',
    );
    const r = applied(text, { kind: 'addNetwork', name: 'extra' });
    assert.equal(r.after.topology!.networks.find((n) => n.name === 'extra')!.cidr, '10.0.4.0/24');
  });

  it('does not let a new node adopt dangling references or orphaned addresses', () => {
    // A VIP left on a deleted network "net" at 10.0.2.5: the new network is neither "net" nor 10.0.2.0/24.
    const orphan = COMMENTED.replace(
      '\nvips:\n',
      '\nvips:\n  - { name: old, network: net, ip: 10.0.2.5, purpose: custom }\n',
    );
    const r = run(orphan, { kind: 'addNetwork' });
    assert.equal(r.outcome, 'applied');
    const n = r.after.topology!.networks.at(-1)!;
    assert.deepEqual([n.name, n.cidr], ['net-2', '10.0.3.0/24']);
    // A VM's role-mate sits on a hypervisor that is gone: the new VM goes on the only existing one.
    const gone = COMMENTED.replace('      on: hv-0\n', '      on: hv-9\n');
    const vm = run(gone, { kind: 'addHost', role: 'master', vm: {} });
    assert.equal(vm.after.topology!.hosts.at(-1)!.vm?.on, 'hv-0');
  });

  it('rejects a duplicate or unsafe name and a malformed CIDR without touching the text', () => {
    assert.equal(run(COMMENTED, { kind: 'addNetwork', name: 'lan' }).outcome, 'error');
    assert.equal(run(COMMENTED, { kind: 'addHost', role: 'worker', name: 'a: b' }).outcome, 'error');
    const bad = run(COMMENTED, { kind: 'addNetwork', cidr: '10.0.9.1/24' });
    assert.equal(bad.outcome, 'error');
    assert.match(bad.message!, /not a network address/);
    assert.equal(bad.edits.length, 0);
  });

  it("adds a VIP with the next free address and the purpose's ports", () => {
    const r = applied(COMMENTED, { kind: 'addVip', network: 'lan', purpose: 'ingress' });
    assert.deepEqual(r.changes, [
      ['', '\n  - name: ingress\n    network: lan\n    ip: 10.0.0.4\n    purpose: ingress\n    ports: [80, 443]'],
    ]);
    assert.ok(r.newText.includes('        - master-1\n  - name: ingress\n'));
  });

  it('adds a pool into an empty `[]`, turning it into a block list and keeping its comment', () => {
    // The first pool raises the question which MetalLB renders it (the file names no metallbVersion).
    const r = applied(COMMENTED, { kind: 'addPool', network: 'lan' }, ['metallb-version-missing']);
    assert.deepEqual(r.changes, [
      [
        ' []   # none yet',
        '   # none yet\n  - name: pool\n    network: lan\n    addresses: [10.0.0.239-10.0.0.254]\n    protocol: layer2',
      ],
    ]);
    const p = r.after.topology!.pools[0];
    assert.deepEqual([p.name, p.network, p.addresses[0].text], ['pool', 'lan', '10.0.0.239-10.0.0.254']);
  });

  it('writes a one-line item into a list of one-line items', () => {
    const flow =
      'version: 1\ncluster: { name: c, baseDomain: example.com, platform: k3s }\nnetworks:\n  - { name: lan, cidr: 10.1.0.0/24 }\n';
    const n = applied(flow, { kind: 'addNetwork' });
    assert.deepEqual(n.changes, [['', '\n  - { name: net, cidr: 10.1.1.0/24, gateway: 10.1.1.1 }']]);
  });

  it('creates a missing top-level list at the end of the document', () => {
    const text =
      'version: 1\ncluster: { name: c, baseDomain: example.com, platform: k3s }\nnetworks:\n  - { name: lan, cidr: 10.1.0.0/24 }\n';
    const r = applied(text, { kind: 'addHost', role: 'master' }, ['ha-masters']);
    assert.deepEqual(r.changes, [
      [
        '',
        '\nhosts:\n  - name: master-0\n    role: master\n    interfaces:\n      - { network: lan, ip: 10.1.0.1, mac: "52:54:00:00:00:00" }',
      ],
    ]);
  });

  it('connects a host in a block list: a new interface line with the next IP for its role', () => {
    const r = applied(COMMENTED, { kind: 'connect', host: 'worker-0', network: 'storage' });
    assert.deepEqual(r.changes, [['', '\n      - { network: storage, ip: 10.0.1.1, mac: "52:54:00:00:05:05" }']]);
  });

  it('connects a host whose interfaces are a flow list by inserting inside the brackets', () => {
    const r = applied(COMMENTED, { kind: 'connect', host: 'master-0', network: 'storage' });
    assert.deepEqual(r.changes, [['', ', { network: storage, ip: 10.0.1.12, mac: "52:54:00:00:05:05" }']]);
    assert.ok(
      r.newText.includes(
        'mac: "52:54:00:aa:00:10" }, { network: storage, ip: 10.0.1.12, mac: "52:54:00:00:05:05" }]\n',
      ),
    );
  });

  it('treats connecting an already connected host as a no-op', () => {
    const r = run(COMMENTED, { kind: 'connect', host: 'worker-0', network: 'lan' });
    assert.equal(r.outcome, 'noop');
  });

  it("gives dual-stack hosts and VIPs an IPv6 address next to their role-mates' too", () => {
    // The new node still needs its BMC, and says so (the inspector offers the fields).
    const r = applied(example('okd-ipi'), { kind: 'addHost', role: 'worker' }, ['installer-bmc-missing']);
    assert.ok(
      r.after.problems.some((p) => p.code === 'installer-bmc-missing' && /Host worker-\d+ has no bmc/.test(p.message)),
    );
    assert.match(
      r.changes[0][1],
      /- \{ network: baremetal, ip: 192\.168\.111\.32, ip6: "fd2e:6f44:5dd8:c956::20", mac: "52:54:00:[0-9a-f:]+" \}$/,
    );
    const v = applied(example('okd-ipi'), { kind: 'addVip', network: 'baremetal' });
    const vip = v.after.topology!.vips.find((x) => x.name === 'vip')!;
    assert.deepEqual([vip.ip, vip.ip6], ['192.168.111.3', 'fd2e:6f44:5dd8:c956::3']);
  });

  it('writes MACs plain when the file does', () => {
    const text = example('okd-upi-lab').replace(/mac: "([0-9a-f:]+)"/g, 'mac: $1');
    const r = applied(text, { kind: 'addHost', role: 'worker' });
    assert.match(r.changes[0][1], /mac: 52:54:00:[0-9a-f:]+ \}$/);
    assert.match(r.changes[0][1], /ip: 192\.168\.200\.24,/);
    assert.match(r.changes[0][1], /- name: compute-3\n/);
  });

  it('does not edit a file whose YAML is broken', () => {
    const r = run(COMMENTED.replace('role: worker', 'role: [worker'), { kind: 'addHost', role: 'worker' });
    assert.equal(r.outcome, 'error');
    assert.match(r.message!, /syntax error/);
    assert.equal(r.newText, r.text);
  });
});
