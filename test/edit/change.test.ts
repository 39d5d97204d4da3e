// Golden tests: delete, rename, disconnect, setField and layout edits change only the affected
// ranges (comments, quoting, styles and blank lines elsewhere stay byte-identical).
import { strict as assert } from 'node:assert';
import { deleteScope } from '../../src/core/edit/refs';
import { applied, COMMENTED, example, run } from './helpers';

describe('graph edits: delete', () => {
  it('deletes a host: its lines and its entries in VIP backend lists, nothing else', () => {
    const r = applied(COMMENTED, { kind: 'delete', ids: ['host:master-1'] }, ['ha-masters']);
    assert.deepEqual(r.changes, [
      [
        '  - name: master-1\n    role: master\n    vm:\n      cpus: 4\n      memoryGiB: 16\n      on: hv-0\n    interfaces:\n' +
          '      - { network: lan, ip: 10.0.0.11, mac: "52:54:00:aa:00:11" }\n      - { network: storage, ip: 10.0.1.11, mac: "52:54:00:bb:00:11" }\n',
        '',
      ],
      ['        - master-1\n', ''],
    ]);
    assert.deepEqual(r.after.topology!.vips[0].backends.hosts, ['master-0']);
  });

  it('deletes a host from flow lists and layout; single-valued references stay for the checks to flag', () => {
    const r = applied(COMMENTED, { kind: 'delete', ids: ['host:svc'] }, ['ref-unknown-host', 'ha-upi-dns']);
    assert.deepEqual(r.changes, [
      [
        '  - name: svc\n    role: services\n    interfaces:\n      - { network: lan, ip: 10.0.0.2, mac: "52:54:00:aa:00:02" }\n',
        '',
      ],
      ['[svc]', '[]'],
      ['[svc, hv-0]', '[hv-0]'],
      ['  svc: { x: 0, y: 0 }\n', ''],
    ]);
    // The comment above the deleted host is the user's text: it stays.
    assert.ok(r.newText.includes('hosts:\n  # the services box\n\n  - name: hv-0'));
    const unknown = r.after.problems.filter((p) => p.code === 'ref-unknown-host');
    assert.deepEqual(
      unknown.map((p) => p.path.join('.')),
      ['services.dns.host'],
    );
  });

  it('deletes a network together with the interfaces on it (the edges go with the node)', () => {
    const r = applied(COMMENTED, { kind: 'delete', ids: ['network:storage'] });
    assert.deepEqual(r.changes, [
      ['- name: storage   # second network\n  cidr: 10.0.1.0/24\n', ''],
      ['      - { network: storage, ip: 10.0.1.11, mac: "52:54:00:bb:00:11" }\n', ''],
    ]);
  });

  it('deletes a network with the VIPs and pools on it: nothing is left pointing at it (issue 13)', () => {
    const r = run(example('k3s-metallb'), { kind: 'delete', ids: ['network:lan'] });
    assert.equal(r.outcome, 'applied', r.message);
    const t = r.after.topology!;
    assert.deepEqual([t.networks.length, t.vips.length, t.pools.length], [0, 0, 0]);
    assert.ok(t.hosts.every((h) => h.interfaces.length === 0));
    assert.deepEqual(
      r.after.problems.filter((p) => p.code.startsWith('ref-unknown')).map((p) => p.message),
      [],
    );
    assert.deepEqual(
      deleteScope(r.before.topology!, ['network:lan']).map((n) => `${n.kind}:${n.name}`),
      ['network:lan', 'vip:api', 'pool:default'],
    );
  });

  it('deletes several nodes at once without overlapping edits; the last item leaves `[]`', () => {
    const r = applied(COMMENTED, { kind: 'delete', ids: ['vip:api', 'host:master-0', 'host:master-0'] }, [
      'ha-masters',
    ]);
    assert.equal(r.changes.length, 3);
    assert.equal(r.changes[1][1], ' []');
    assert.ok(r.newText.includes('\nvips: []\n\npools: []   # none yet\n'));
    assert.ok(r.newText.endsWith('layout:\n  svc: { x: 0, y: 0 }\n# trailing comment at the end of the file\n'));
  });

  it('drops references inside items that are deleted too (a backend of a deleted VIP)', () => {
    const r = applied(COMMENTED, { kind: 'delete', ids: ['host:master-1', 'vip:api'] }, ['ha-masters']);
    assert.equal(r.changes.length, 2);
    assert.ok(r.newText.includes('\nvips: []\n'));
  });

  it('is a no-op for nodes that no longer exist', () => {
    assert.equal(run(COMMENTED, { kind: 'delete', ids: ['host:ghost'] }).outcome, 'noop');
  });

  it('handles a last item or key without a final line break', () => {
    const text = COMMENTED.replace(/\n# positions[\s\S]*$/, '')
      .replace(/\n+$/, '')
      .replace('hv-0]', 'hv-0]\nextra:\n  - a\n  - b');
    const r = applied(text, { kind: 'setField', path: ['extra'], value: null });
    assert.deepEqual(r.changes, [['\nextra:\n  - a\n  - b', '']]);
    const small =
      'version: 1\ncluster: { name: c, baseDomain: example.com, platform: k3s }\nhosts:\n  - name: a\n    role: worker\n  - name: b\n    role: worker';
    const d = applied(small, { kind: 'delete', ids: ['host:b'] });
    assert.equal(d.newText, small.slice(0, small.indexOf('\n  - name: b')));
  });
});

describe('graph edits: rename', () => {
  it('renames a host and every reference, keeping quotes', () => {
    const r = applied(COMMENTED, { kind: 'rename', id: 'host:master-0', newName: 'master-a' });
    assert.deepEqual(r.changes, [
      ['"master-0"', '"master-a"'],
      ['master-0', 'master-a'],
      ['master-0', 'master-a'],
    ]);
    assert.ok(r.newText.includes('  master-a:\n    x: 100'));
    assert.deepEqual(r.after.topology!.vips[0].backends.hosts, ['master-a', 'master-1']);
  });

  it('renames a network in interfaces, VIPs and pools', () => {
    const r = applied(COMMENTED, { kind: 'rename', id: 'network:lan', newName: 'lan2' });
    assert.equal(r.changes.length, 7);
    assert.ok(r.changes.every(([o, n]) => o === 'lan' && n === 'lan2'));
    const t = r.after.topology!;
    assert.ok(t.hosts.every((h) => h.interfaces.every((i) => i.network !== 'lan')));
    assert.equal(t.vips[0].network, 'lan2');
  });

  it('renames hypervisors in vm.on and services in services.*.host(s)', () => {
    const r = applied(COMMENTED, { kind: 'rename', id: 'host:hv-0', newName: 'hv-a' });
    assert.deepEqual(
      r.after.topology!.hosts.filter((h) => h.vm).map((h) => h.vm!.on),
      ['hv-a', 'hv-a'],
    );
    assert.deepEqual(r.after.topology!.services.loadBalancer!.hosts, ['svc', 'hv-a']);
    const s = applied(COMMENTED, { kind: 'rename', id: 'host:svc', newName: 'services-1' });
    assert.deepEqual(s.after.topology!.services.dns!.hosts, ['services-1']);
    assert.deepEqual(s.after.topology!.vips[0].holders, ['services-1']);
    assert.deepEqual(s.after.topology!.layout['services-1'], { x: 0, y: 0 });
  });

  it('refuses a name that exists or is not a safe YAML word', () => {
    assert.equal(run(COMMENTED, { kind: 'rename', id: 'host:svc', newName: 'hv-0' }).outcome, 'error');
    assert.equal(run(COMMENTED, { kind: 'rename', id: 'host:svc', newName: 'a #b' }).outcome, 'error');
    assert.equal(run(COMMENTED, { kind: 'rename', id: 'host:svc', newName: 'svc' }).outcome, 'noop');
  });

  it('quotes a new name that would read as a number or boolean', () => {
    const r = applied(COMMENTED, { kind: 'rename', id: 'network:storage', newName: 'true' }, ['ref-unknown-network']);
    assert.equal(r.changes[0][1], '"true"');
    assert.equal(r.after.topology!.networks[1].name, 'true');
  });
});

describe('graph edits: disconnect and setField', () => {
  it('disconnects by removing the interface line', () => {
    const r = applied(COMMENTED, { kind: 'disconnect', host: 'master-1', network: 'storage' });
    assert.deepEqual(r.changes, [['      - { network: storage, ip: 10.0.1.11, mac: "52:54:00:bb:00:11" }\n', '']]);
    assert.equal(run(COMMENTED, { kind: 'disconnect', host: 'worker-0', network: 'storage' }).outcome, 'noop');
  });

  it('replaces a scalar in place, keeping its quote style', () => {
    const r = applied(COMMENTED, { kind: 'setField', path: ['cluster', 'baseDomain'], value: 'example.org' });
    assert.deepEqual(r.changes, [["'example.com'", "'example.org'"]]);
    const m = applied(COMMENTED, {
      kind: 'setField',
      path: ['hosts', 4, 'interfaces', 0, 'mac'],
      value: '52:54:00:aa:00:99',
    });
    assert.deepEqual(m.changes, [['"52:54:00:aa:00:20"', '"52:54:00:aa:00:99"']]);
  });

  it('inserts into a flow mapping inside its braces', () => {
    const r = applied(COMMENTED, { kind: 'setField', path: ['hosts', 2, 'vm', 'diskGiB'], value: 100 });
    assert.deepEqual(r.changes, [['', ', diskGiB: 100']]);
    assert.ok(r.newText.includes('vm: { cpus: 4, memoryGiB: 16, on: hv-0, diskGiB: 100 }'));
  });

  it('creates missing block mappings at the surrounding indentation', () => {
    const r = applied(COMMENTED, { kind: 'setField', path: ['hosts', 0, 'ssh', 'user'], value: 'root' });
    assert.deepEqual(r.changes, [['', '\n    ssh:\n      user: root']]);
    assert.equal(r.after.topology!.hosts[0].ssh?.user, 'root');
  });

  it('removes a key with null, and quotes strings that would change type', () => {
    const r = applied(COMMENTED, { kind: 'setField', path: ['hosts', 3, 'vm', 'on'], value: null });
    assert.deepEqual(r.changes, [['      on: hv-0\n', '']]);
    const q = applied(COMMENTED, { kind: 'setField', path: ['hosts', 0, 'ssh', 'user'], value: 'yes' });
    assert.deepEqual(q.changes, [['', '\n    ssh:\n      user: "yes"']]);
    assert.equal(run(COMMENTED, { kind: 'setField', path: ['hosts', 0, 'bmc'], value: null }).outcome, 'noop');
  });

  it('replaces lists in their own style', () => {
    const f = applied(COMMENTED, { kind: 'setField', path: ['vips', 0, 'ports'], value: [6443] });
    assert.deepEqual(f.changes, [['[6443, 22623]', '[6443]']]);
    const b = applied(COMMENTED, { kind: 'setField', path: ['vips', 0, 'backends', 'hosts'], value: ['master-1'] });
    assert.deepEqual(b.changes, [['        - master-0\n        - master-1', '        - master-1']]);
  });

  it('routes a name change to rename so references follow', () => {
    const r = applied(COMMENTED, { kind: 'setField', path: ['hosts', 2, 'name'], value: 'm0' });
    assert.equal(r.changes.length, 3);
    assert.deepEqual(r.created, ['host:m0']);
  });

  it('refuses to overwrite a mapping or list with a scalar, and unchanged values are no-ops', () => {
    const r = run(COMMENTED, { kind: 'setField', path: ['hosts', 4, 'interfaces'], value: 'x' });
    assert.equal(r.outcome, 'error');
    assert.match(r.message!, /is a list/);
    assert.equal(run(COMMENTED, { kind: 'setField', path: ['hosts', 2, 'vm', 'cpus'], value: 4 }).outcome, 'noop');
    assert.equal(run(COMMENTED, { kind: 'setField', path: ['hosts', 99, 'role'], value: 'worker' }).outcome, 'error');
  });
});

describe('graph edits: layout', () => {
  it('updates flow and block entries in place and appends new ones; unknown ids are ignored', () => {
    const r = applied(COMMENTED, {
      kind: 'move',
      positions: [
        { id: 'host:svc', x: 10, y: 0 },
        { id: 'host:master-0', x: 150, y: 200 },
        { id: 'network:lan', x: -3, y: 4 },
        { id: 'host:nope', x: 1, y: 1 },
      ],
    });
    assert.deepEqual(r.changes, [
      ['0', '10'],
      ['100', '150'],
      ['', '\n  lan: { x: -3, y: 4 }'],
    ]);
    assert.ok(r.newText.includes('  svc: { x: 10, y: 0 }\n'));
    assert.equal(run(COMMENTED, { kind: 'move', positions: [{ id: 'host:svc', x: 0, y: 0 }] }).outcome, 'noop');
  });

  it('auto layout removes the whole layout section in one edit, and is a no-op without one (issue 13)', () => {
    const r = applied(COMMENTED, { kind: 'autoLayout' });
    assert.equal(r.changes.length, 1);
    assert.ok(!/^layout:/m.test(r.newText) && !/\{ x: -?\d+, y: -?\d+ \}/.test(r.newText), 'no layout line is left');
    assert.deepEqual(r.after.topology!.layout, {});
    assert.ok(
      r.newText.startsWith(COMMENTED.slice(0, COMMENTED.indexOf('layout:'))),
      'everything before it is untouched',
    );
    assert.equal(run(r.newText, { kind: 'autoLayout' }).outcome, 'noop');
  });

  it('creates the layout section at the end when the file has none', () => {
    const text = example('okd-upi-lab');
    const r = applied(text, {
      kind: 'move',
      positions: [
        { id: 'host:master-0', x: 1, y: 2 },
        { id: 'network:okd', x: 3, y: 4 },
      ],
    });
    assert.deepEqual(r.changes, [['', '\nlayout:\n  master-0: { x: 1, y: 2 }\n  okd: { x: 3, y: 4 }']]);
    assert.ok(r.newText.startsWith(text.trimEnd()));
  });

  it('keys a node by kind:name when another kind shares its name', () => {
    const text = COMMENTED.replace(
      'pools: []   # none yet',
      'pools:\n  - { name: api, network: lan, addresses: [10.0.0.200-10.0.0.210] }',
    );
    const r = applied(text, {
      kind: 'move',
      positions: [
        { id: 'pool:api', x: 1, y: 1 },
        { id: 'vip:api', x: 2, y: 2 },
      ],
    });
    assert.deepEqual(
      r.changes.map((c) => c[1]),
      ['\n  "pool:api": { x: 1, y: 1 }\n  "vip:api": { x: 2, y: 2 }'],
    );
    assert.deepEqual(r.after.topology!.layout['vip:api'], { x: 2, y: 2 });
  });
});

describe('graph edits: block scalars', () => {
  const text = [
    'version: 1',
    'cluster: { name: c, baseDomain: example.com, platform: k3s }',
    'hosts:',
    '  - name: a',
    '    role: worker',
    '  - name: b',
    '    role: worker',
    '    installDisk: |',
    '      /dev/sda',
    '',
    '  - name: c',
    '    role: worker',
    'services:',
    '  dns:',
    '    host: a',
    '    validate: |',
    '      named-checkconf {file}',
    '      true',
    '',
    '  ntp: { host: a }',
    '',
  ].join('\n');

  it('inserts after a literal block, not after the blank line it swallows', () => {
    const r = applied(text, { kind: 'setField', path: ['services', 'dns', 'reload'], value: 'rndc reload' });
    assert.ok(r.newText.includes('      true\n    reload: "rndc reload"\n\n  ntp:'));
    assert.equal(r.after.topology!.services.dns!.reload, 'rndc reload');
    assert.equal(r.after.topology!.services.dns!.validate, 'named-checkconf {file}\ntrue\n');
  });

  it('replaces a literal block with a plain value, header and all', () => {
    const r = applied(text, { kind: 'setField', path: ['hosts', 1, 'installDisk'], value: '/dev/vda' });
    assert.deepEqual(r.changes, [[': |\n      /dev/sda'.slice(1), ' /dev/vda']]);
    assert.ok(r.newText.includes('    installDisk: /dev/vda\n\n  - name: c'));
  });

  it('removes a key or a list item that ends in a literal block, keeping what follows', () => {
    const k = applied(text, { kind: 'setField', path: ['services', 'dns', 'validate'], value: null });
    assert.deepEqual(k.changes, [['    validate: |\n      named-checkconf {file}\n      true\n', '']]);
    const d = applied(text, { kind: 'delete', ids: ['host:b'] });
    assert.deepEqual(d.changes, [['  - name: b\n    role: worker\n    installDisk: |\n      /dev/sda\n', '']]);
    assert.deepEqual(
      d.after.topology!.hosts.map((h) => h.name),
      ['a', 'c'],
    );
  });
});
