// Unit tests for the inspector's field table, client-side format checks and the edits fields produce.
import assert from 'node:assert/strict';
import { checkFormat, isIPv4, isIPv6 } from '../../webview/src/validate';
import {
  clusterFields,
  editFor,
  fieldError,
  fieldsFor,
  type FieldContext,
  type FieldSpec,
} from '../../webview/src/fields';
import { indexView } from '../../webview/src/toFlow';
import { isGraphEdit, type GraphEdit } from '../../src/protocol/messages';
import { exampleYaml, snapshotFromYaml } from './fixtures';

const view = snapshotFromYaml(exampleYaml('k3s-metallb')).view!;
const idx = indexView(view);
const ctx: FieldContext = { networks: ['lan'], hosts: view.hosts.map((h) => h.name), hypervisors: ['hv-0'] };
const spec = (id: string, key: string): FieldSpec => {
  const s = fieldsFor(idx.get(id)!, ctx).find((f) => f.key === key);
  assert.ok(s, `${id} has field ${key}`);
  return s;
};
const edit = (id: string, key: string, value: string | boolean): GraphEdit | undefined => {
  const e = editFor(idx.get(id)!, spec(id, key), value);
  if (e) assert.ok(isGraphEdit(e), `the host accepts ${JSON.stringify(e)}`);
  return e;
};

describe('webview format checks', () => {
  it('accepts and rejects IPv4', () => {
    for (const ok of ['10.0.0.1', '0.0.0.0', '255.255.255.255']) assert.ok(isIPv4(ok), ok);
    for (const bad of ['10.0.0', '10.0.0.256', '01.2.3.4x', '1.2.3.4.5', '']) assert.ok(!isIPv4(bad), bad);
  });
  it('accepts and rejects IPv6', () => {
    for (const ok of ['fd00::1', '::', '::1', 'fe80::1:2:3:4', '2001:db8:0:0:0:0:0:1', '::ffff:10.0.0.1'])
      assert.ok(isIPv6(ok), ok);
    for (const bad of ['fd00:::1', '1::2::3', '12345::', 'g::1', '1:2:3:4:5:6:7:8:9', '10.0.0.1'])
      assert.ok(!isIPv6(bad), bad);
  });
  it('explains each format problem and treats empty as unset', () => {
    assert.equal(checkFormat('ipv4', ''), undefined);
    assert.match(checkFormat('ipv4', '10.0.0.300')!, /IPv4/);
    assert.match(checkFormat('mac', '52:54:00:aa:00')!, /MAC/);
    assert.equal(checkFormat('mac', '52:54:00:AA:00:0f'), undefined);
    assert.match(checkFormat('cidr', '10.0.0.0/33')!, /CIDR/);
    assert.equal(checkFormat('cidr6', 'fd00::/64'), undefined);
    assert.match(checkFormat('name', 'Bad_Name')!, /DNS label/);
    assert.equal(checkFormat('range', '10.0.0.50-10.0.0.99'), undefined);
    assert.match(checkFormat('range', '10.0.0.99-10.0.0.50')!, /range/);
    assert.equal(checkFormat('ranges', '10.0.0.1-10.0.0.2, 10.0.1.0/28'), undefined);
    assert.match(checkFormat('ports', '80, 70000')!, /1-65535/);
  });
});

describe('webview inspector fields', () => {
  it('lists every host field with its document path, including each interface', () => {
    const h = view.hosts.find((x) => x.name === 'server-0')!;
    const specs = fieldsFor(h, ctx);
    const keys = specs.map((s) => s.key);
    for (const k of [
      'name',
      'role',
      'installDisk',
      'ingress',
      'ssh.host',
      'ssh.user',
      'ssh.port',
      'vm.on',
      'vm.cpus',
      'vm.memoryGiB',
      'vm.diskGiB',
      'if0.ip',
      'if0.mac',
      'if0.ip6',
      'if0.name',
      'if0.pxe',
    ]) {
      assert.ok(keys.includes(k), k);
    }
    assert.deepEqual(specs.find((s) => s.key === 'if0.ip')!.path, [...h.path, 'interfaces', 0, 'ip']);
    assert.equal(specs.find((s) => s.key === 'vm.cpus')!.value, '4');
    assert.ok(
      !specs.find((s) => s.key === 'vm.on')!.options!.includes('server-0'),
      'a VM cannot be its own hypervisor',
    );
  });

  it("offers the distribution of a host, shows the file's, and sets or clears it", () => {
    const os = spec('host:svc', 'os');
    assert.equal(os.input, 'select');
    assert.equal(os.value, 'debian', "the k3s example's services host runs Debian");
    assert.deepEqual(os.options, ['', 'fedora', 'centos', 'rhel', 'rocky', 'almalinux', 'debian', 'ubuntu']);
    assert.deepEqual(edit('host:svc', 'os', 'ubuntu'), {
      kind: 'setField',
      path: [...idx.get('host:svc')!.path, 'os'],
      value: 'ubuntu',
    });
    assert.deepEqual(edit('host:svc', 'os', ''), {
      kind: 'setField',
      path: [...idx.get('host:svc')!.path, 'os'],
      value: null,
    });
    assert.equal(spec('host:server-0', 'os').value, '', 'no os written: none selected');
  });

  it('offers BMC fields on okd-ipi nodes before a bmc is written, and writes it where the file has none', () => {
    const h = idx.get('host:server-0')!;
    assert.equal(h.kind === 'host' && h.bmc, undefined, 'the k3s example has no BMCs');
    assert.ok(!fieldsFor(h, ctx).some((s) => s.key === 'bmc.address'), 'not offered for k3s');
    const ipi = fieldsFor(h, { ...ctx, platform: 'okd-ipi' });
    const address = ipi.find((s) => s.key === 'bmc.address')!;
    assert.equal(address.value, '');
    assert.deepEqual(editFor(h, address, 'ipmi://10.0.0.40'), {
      kind: 'setField',
      path: [...h.path, 'bmc', 'address'],
      value: 'ipmi://10.0.0.40',
    });
    assert.ok(
      !fieldsFor(idx.get('host:hv-0')!, { ...ctx, platform: 'okd-ipi' }).some((s) => s.key === 'bmc.address'),
      'a hypervisor is not provisioned by the installer',
    );
  });

  it('lists the services a host runs and sends the whole set as one setServices edit', () => {
    const svc = spec('host:svc', 'services');
    assert.equal(svc.value, 'dhcp, dns, ntp');
    assert.equal(
      fieldError(svc, 'dns, samba'),
      '"samba" is not one of dhcp, dns, loadBalancer, ntp, pxe, http, registry, kubeApi.',
    );
    assert.deepEqual(edit('host:svc', 'services', 'dns, ntp, dns, pxe'), {
      kind: 'setServices',
      host: 'svc',
      services: ['dns', 'ntp', 'pxe'],
    });
    assert.deepEqual(edit('host:svc', 'services', ''), { kind: 'setServices', host: 'svc', services: [] });
    assert.equal(edit('host:svc', 'services', 'dhcp, dns, ntp'), undefined, 'unchanged');
  });

  it('cluster fields edit the cluster block and never rename a node', () => {
    const specs = clusterFields(view.cluster);
    assert.deepEqual(
      specs.map((s) => s.key),
      ['cluster.name', 'cluster.baseDomain', 'cluster.platform', 'cluster.version'],
    );
    const name = specs[0];
    assert.deepEqual(editFor(undefined, name, 'lab2'), { kind: 'setField', path: ['cluster', 'name'], value: 'lab2' });
    assert.equal(editFor(undefined, name, 'Lab_2'), undefined, 'not a DNS label');
    assert.deepEqual(specs[2].options, ['okd-upi', 'okd-ipi', 'k3s', 'kubernetes']);
    assert.deepEqual(editFor(undefined, specs[3], ''), { kind: 'setField', path: ['cluster', 'version'], value: null });
  });

  it('covers networks, VIPs and pools', () => {
    assert.deepEqual(
      fieldsFor(idx.get('network:lan')!, ctx).map((s) => s.key),
      [
        'name',
        'cidr',
        'cidr6',
        'gateway',
        'gateway6',
        'dns',
        'domain',
        'vlan',
        'mtu',
        'bridge',
        'dhcp.range',
        'dhcp.leaseTime',
      ],
    );
    assert.equal(spec('network:lan', 'dhcp.range').value, '10.0.0.50-10.0.0.99');
    assert.equal(spec('vip:api', 'ports').value, '6443');
    assert.equal(spec('vip:api', 'backends.roles').value, 'master');
    assert.equal(spec('pool:default', 'addresses').value, '10.0.0.100-10.0.0.200');
    assert.equal(spec('pool:default', 'autoAssign').value, 'true');
  });

  it('turns a committed value into setField with a typed value at the document path', () => {
    const h = view.hosts.find((x) => x.name === 'agent-0')!;
    assert.deepEqual(edit('host:agent-0', 'if0.ip', ' 10.0.0.77 '), {
      kind: 'setField',
      path: [...h.path, 'interfaces', 0, 'ip'],
      value: '10.0.0.77',
    });
    assert.deepEqual(edit('host:server-0', 'vm.cpus', '8'), {
      kind: 'setField',
      path: [...view.hosts.find((x) => x.name === 'server-0')!.path, 'vm', 'cpus'],
      value: 8,
    });
    assert.deepEqual(edit('vip:api', 'ports', '6443, 22623'), {
      kind: 'setField',
      path: [...idx.get('vip:api')!.path, 'ports'],
      value: [6443, 22623],
    });
    assert.deepEqual(edit('pool:default', 'autoAssign', false), {
      kind: 'setField',
      path: [...idx.get('pool:default')!.path, 'autoAssign'],
      value: false,
    });
    assert.deepEqual(edit('host:agent-0', 'installDisk', '/dev/nvme0n1'), {
      kind: 'setField',
      path: [...h.path, 'installDisk'],
      value: '/dev/nvme0n1',
    });
  });

  it('renames through `rename`, removes emptied optional fields, and ignores unchanged or invalid values', () => {
    assert.deepEqual(edit('host:agent-0', 'name', 'agent-9'), {
      kind: 'rename',
      id: 'host:agent-0',
      newName: 'agent-9',
    });
    assert.deepEqual(edit('network:lan', 'gateway', ''), {
      kind: 'setField',
      path: [...idx.get('network:lan')!.path, 'gateway'],
      value: null,
    });
    assert.equal(edit('host:agent-0', 'if0.ip', '10.0.0.20'), undefined, 'unchanged');
    assert.equal(edit('host:agent-0', 'if0.ip', '10.0.0.999'), undefined, 'invalid');
    assert.equal(edit('host:agent-0', 'name', ''), undefined, 'required');
    assert.equal(edit('pool:default', 'autoAssign', true), undefined, 'unchanged bool');
  });

  it('reports the first bad list item and required fields', () => {
    assert.match(fieldError(spec('vip:api', 'ports'), '443, http')!, /"http"/);
    assert.match(fieldError(spec('vip:api', 'backends.roles'), 'master, chef')!, /"chef" is not one of/);
    assert.match(fieldError(spec('vip:api', 'ip'), '')!, /required/);
    assert.equal(fieldError(spec('network:lan', 'dns'), '10.0.0.2, fd00::2'), undefined);
    assert.match(fieldError(spec('host:server-0', 'vm.cpus'), 'four')!, /number/);
  });
});
