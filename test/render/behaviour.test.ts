// renderAll's contract: deterministic, zone serials that move only with zone content, refusal on
// topology errors, clear template errors naming file and line, a sandbox, per-service overrides.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderAll } from '../../src/core/render/index';
import { checkConsistency } from '../../src/core/render/consistency';
import { buildRenderView } from '../../src/core/render/view';
import type { RenderedFile } from '../../src/core/render/manifest';
import { builtinTemplates, exampleFile, FIXTURES, renderText, topologyOf } from './helpers';

const UPI = readFileSync(exampleFile('okd-upi-lab'), 'utf8');
const HA = readFileSync(path.join(FIXTURES, 'ha-services.okd.yaml'), 'utf8');
const byPath = (files: RenderedFile[], p: string, target = 'services') =>
  files.find((f) => f.target === target && f.path === p)!;
const serialOf = (s: string) => Number(/SOA\s+\S+\s+\S+\s*\(\s*(\d+)/.exec(s)![1]);

describe('render: determinism and zone serials', () => {
  it('the same input renders byte-identical output, twice and from a fresh parse', () => {
    const a = renderText(UPI);
    const b = renderText(UPI);
    assert.deepEqual(a, b);
    assert.equal(JSON.stringify(a.files), JSON.stringify(b.files));
  });

  it('a zone keeps its serial while unchanged and gets serial+1 when its records change', () => {
    const first = renderText(UPI).files;
    const prev = (files: RenderedFile[]) => (target: string, p: string) =>
      files.find((f) => f.target === target && f.path === p)?.content;
    const again = renderText(UPI, { previous: prev(first) }).files;
    assert.deepEqual(again, first, 'unchanged topology: identical output, serials included');
    // A change outside DNS (NTP upstream) leaves the zones alone.
    const ntp = renderText(UPI.replace('1.fedora.pool.ntp.org', '2.fedora.pool.ntp.org'), {
      previous: prev(first),
    }).files;
    assert.equal(serialOf(byPath(ntp, '/var/named/okd.example.com.zone').content), 1);
    // A new host changes the forward and reverse zones: both serials move, once.
    const added = UPI.replace(
      '  - name: storage-2\n',
      '  - name: storage-3\n    role: storage\n    interfaces:\n      - { network: okd, ip: 192.168.200.44, mac: "f8:75:a4:ac:05:03" }\n  - name: storage-2\n',
    );
    const next = renderText(added, { previous: prev(first) }).files;
    assert.equal(serialOf(byPath(next, '/var/named/okd.example.com.zone').content), 2);
    assert.equal(serialOf(byPath(next, '/var/named/200.168.192.in-addr.arpa.zone').content), 2);
    assert.match(byPath(next, '/var/named/okd.example.com.zone').content, /^storage-3 +IN A +192\.168\.200\.44$/m);
    // Rendering the new state again against itself is stable at 2.
    const stable = renderText(added, { previous: prev(next) }).files;
    assert.equal(serialOf(byPath(stable, '/var/named/okd.example.com.zone').content), 2);
    // A previous serial from a hand-written zone (date style) is continued, not reset.
    const handmade = renderText(UPI, {
      previous: (t, p) => (p.endsWith('.zone') ? '@ IN SOA ns1. h. ( 2024031001 ; x\n' : undefined),
    }).files;
    assert.equal(serialOf(byPath(handmade, '/var/named/okd.example.com.zone').content), 2024031002);
  });
});

describe('render: refusal and errors', () => {
  const broken = UPI.replace('ip: 192.168.200.12,', 'ip: 192.168.200.11,');

  it('refuses a topology with errors, naming them, unless forced', () => {
    const r = renderText(broken);
    assert.equal(r.refused, true);
    assert.deepEqual(r.files, []);
    assert.match(r.errors[0].message, /1 error|error\(s\)/);
    assert.match(r.errors[0].message, /192\.168\.200\.11/);
    const forced = renderText(broken, { force: true });
    assert.equal(forced.refused, false);
    assert.ok(forced.files.length > 20);
  });

  it('a broken user template is reported with its file and line, and nothing from it is rendered', () => {
    const templates = {
      ...builtinTemplates(),
      'chrony-server.conf.liquid': 'ok\n{% for a in ntp.allow %}\nallow {{ a }}\n',
    };
    const r = renderText(
      UPI,
      {
        templatePath: (n) =>
          n === 'chrony-server.conf.liquid' ? '.okd/templates/chrony-server.conf.liquid' : `templates/${n}`,
      },
      templates,
    );
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0].template, '.okd/templates/chrony-server.conf.liquid');
    assert.equal(r.errors[0].line, 2);
    assert.match(r.errors[0].message, /not closed/);
    assert.ok(!r.files.some((f) => f.path === '/etc/chrony.conf'));
  });

  it('an undefined variable or filter fails with its line instead of printing nothing', () => {
    const templates = {
      ...builtinTemplates(),
      'dhcpd.conf.liquid': 'a\nb\n{{ dhcp.subnets[0].nosuchfield.x }}\n',
      'named.conf.liquid': '{{ 1 | nosuchfilter }}',
    };
    const r = renderText(UPI, {}, templates);
    const dhcp = r.errors.find((e) => e.template === 'templates/dhcpd.conf.liquid')!;
    assert.equal(dhcp.line, 3);
    assert.match(dhcp.message, /undefined variable/);
    assert.match(
      r.errors.find((e) => e.template === 'templates/named.conf.liquid')!.message,
      /undefined filter: nosuchfilter/,
    );
  });

  it('templates are sandboxed: no prototypes, no file system, no runaway loops', () => {
    const probe = (body: string) => renderText(UPI, {}, { ...builtinTemplates(), 'pxelinux-default.liquid': body });
    const proto = probe('{{ cluster.name.constructor }}{{ meta.__proto__ }}');
    assert.ok(
      proto.errors.length === 1 ||
        !byPath(proto.files, '/var/lib/tftpboot/pxelinux.cfg/default').content.includes('function'),
    );
    const fsRead = probe("{% include '/etc/passwd' %}");
    assert.equal(fsRead.errors.length, 1);
    assert.ok(!JSON.stringify(fsRead).includes('root:x:0'));
    const loop = probe('{% for i in (1..100000000) %}{% for j in (1..100000000) %}x{% endfor %}{% endfor %}');
    assert.equal(loop.errors.length, 1);
    assert.match(loop.errors[0].message, /runaway loop/);
  });
});

describe('render: commands and overrides', () => {
  it('defaults: daemon check modes and systemd units; health checks for deploy', () => {
    const files = renderText(UPI).files;
    assert.deepEqual(byPath(files, '/etc/dhcp/dhcpd.conf').validate, ['dhcpd', '-t', '-cf', '{file}']);
    assert.deepEqual(byPath(files, '/var/named/okd.example.com.zone').validate, [
      'named-checkzone',
      'okd.example.com',
      '{file}',
    ]);
    assert.deepEqual(byPath(files, '/etc/named.conf').health?.[1], {
      kind: 'dns',
      name: 'api.okd.example.com',
      expect: '192.168.200.254',
      server: '192.168.200.254',
    });
    assert.deepEqual(
      byPath(files, '/etc/haproxy/haproxy.cfg')
        .health?.filter((h) => h.kind === 'tcp')
        .map((h) => h.kind === 'tcp' && h.port),
      [6443, 22623, 443, 80],
    );
    assert.equal(byPath(files, '/var/lib/tftpboot/pxelinux.cfg/01-f8-75-a4-ac-03-00').symlink, true);
    assert.equal(byPath(files, '/var/lib/tftpboot/pxelinux.cfg/01-f8-75-a4-ac-03-00').content, 'master');
  });

  it('topology overrides: validate replaces the main file check only, reload every file of the service', () => {
    const text = UPI.replace(
      '  dns:\n    host: services\n',
      '  dns:\n    host: services\n    validate: named-checkconf -t /var/named/chroot {file}\n    reload: rndc  reload\n',
    );
    const files = renderText(text).files;
    assert.deepEqual(byPath(files, '/etc/named.conf').validate, [
      'named-checkconf',
      '-t',
      '/var/named/chroot',
      '{file}',
    ]);
    assert.deepEqual(byPath(files, '/etc/named.conf').reload, ['rndc', 'reload']);
    assert.deepEqual(byPath(files, '/var/named/okd.example.com.zone').validate, [
      'named-checkzone',
      'okd.example.com',
      '{file}',
    ]);
    assert.deepEqual(byPath(files, '/var/named/okd.example.com.zone').reload, ['rndc', 'reload']);
  });

  it('the variant without bootstrap drops it from the API backends only', () => {
    const files = renderText(UPI).files;
    const live = byPath(files, '/etc/haproxy/haproxy.cfg').content;
    const after = byPath(files, '/etc/haproxy/haproxy-no-bootstrap.cfg').content;
    assert.match(live, /server bootstrap 192\.168\.200\.10:6443/);
    assert.match(live, /server bootstrap 192\.168\.200\.10:22623/);
    assert.ok(!after.includes('bootstrap 192.168.200.10'));
    const off = renderText(UPI.replace('stats: { port: 9000 }', 'stats: { port: 9000 }\n    bootstrap: false')).files;
    assert.ok(!byPath(off, '/etc/haproxy/haproxy.cfg').content.includes('server bootstrap'));
    assert.equal(
      off.find((f) => f.path.endsWith('no-bootstrap.cfg')),
      undefined,
    );
  });

  it('keepalived: VRRP ids from the cluster name (okd -> 67 / 162), priority by holder order', () => {
    const files = renderText(HA).files;
    const a = byPath(files, '/etc/keepalived/keepalived.conf', 'svc-a').content;
    const b = byPath(files, '/etc/keepalived/keepalived.conf', 'svc-b').content;
    assert.match(a, /vrrp_instance OKD_API \{[^}]*virtual_router_id 67\s+priority 100/);
    assert.match(b, /vrrp_instance OKD_API \{[^}]*virtual_router_id 67\s+priority 90/);
    assert.match(a, /vrrp_instance OKD_INGRESS \{[^}]*virtual_router_id 162/);
    assert.ok(!files.some((f) => f.path.includes('keepalived') && !['svc-a', 'svc-b'].includes(f.target)));
  });

  it('firewalld opens exactly the ports in use on each host', () => {
    const files = renderText(HA).files;
    const ports = (t: string) =>
      [
        ...byPath(files, '/etc/firewalld/zones/okd-topology.xml', t).content.matchAll(/protocol="(\w+)" port="(\d+)"/g),
      ].map((m) => `${m[2]}/${m[1]}`);
    assert.deepEqual(ports('svc-a'), [
      '53/tcp',
      '53/udp',
      '67/udp',
      '69/udp',
      '80/tcp',
      '123/udp',
      '443/tcp',
      '6443/tcp',
      '8080/tcp',
      '9000/tcp',
      '22623/tcp',
    ]);
    assert.deepEqual(ports('svc-b'), [
      '53/tcp',
      '53/udp',
      '80/tcp',
      '123/udp',
      '443/tcp',
      '6443/tcp',
      '9000/tcp',
      '22623/tcp',
    ]);
    assert.match(byPath(files, '/etc/firewalld/zones/okd-topology.xml', 'svc-b').content, /<protocol value="vrrp"\/>/);
  });
});

describe('render: consistency of the rendered set', () => {
  it('the examples are consistent', () => {
    for (const text of [UPI, HA]) assert.deepEqual(renderText(text).problems, []);
  });

  it('reports a reservation without PTR, a backend that does not resolve, a PXE MAC without reservation, a VIP in the DHCP range', () => {
    const view = buildRenderView(topologyOf(HA));
    const rev = view.dns!.zones.find((z) => z.name === '0.20.10.in-addr.arpa')!;
    rev.records = rev.records.filter((r) => r.name !== '20');
    const fwd = view.dns!.zones[0];
    fwd.records = fwd.records.filter((r) => r.name !== 'master-1');
    view.dhcp!.subnets[0].reservations = view.dhcp!.subnets[0].reservations.filter((r) => r.host !== 'worker-1');
    view.dhcp!.subnets[0].ranges.push({ start: '10.20.0.4', end: '10.20.0.7' });
    const codes = checkConsistency(view)
      .map((p) => p.code)
      .sort();
    // master-1 in two backends (6443, 22623); api and ingress IPv4 VIPs inside 10.20.0.4-7.
    assert.deepEqual(codes, [
      'render-backend-unresolved',
      'render-backend-unresolved',
      'render-in-dhcp-range',
      'render-in-dhcp-range',
      'render-pxe-no-reservation',
      'render-reservation-dns',
      'render-reservation-dns',
    ]);
  });

  it('warns about a VIP nobody holds outside IPI (a k3s API VIP without holders), not about IPI VIPs', () => {
    const k3sText = readFileSync(exampleFile('k3s-metallb'), 'utf8');
    assert.deepEqual(renderText(k3sText).problems, [], 'the example lists keepalived holders');
    const unheld = k3sText.replace(/\n\s*holders: \[[^\]]*\][^\n]*/, '');
    assert.notEqual(unheld, k3sText);
    const k3s = renderText(unheld).problems;
    assert.deepEqual(
      k3s.map((p) => [p.code, p.severity, p.path.join('.')]),
      [['render-vip-unheld', 'warning', 'vips.0.ip']],
    );
    assert.deepEqual(renderText(readFileSync(exampleFile('okd-ipi'), 'utf8')).problems, []);
  });

  it('a PXE node on a network DHCP does not serve is reported by renderAll', () => {
    const text = UPI.replace('networks:\n', 'networks:\n  - name: other\n    cidr: 10.99.0.0/24\n').replace(
      '{ name: enp1s0, network: okd, ip: 192.168.200.43, mac: "f8:75:a4:ac:05:02" }',
      '{ name: enp1s0, network: other, ip: 10.99.0.43, mac: "f8:75:a4:ac:05:02" }',
    );
    const r = renderAll(topologyOf(text), builtinTemplates(), { force: true });
    assert.ok(
      r.problems.some((p) => p.code === 'render-pxe-no-reservation' && p.message.includes('storage-2')),
      JSON.stringify(r.problems),
    );
  });
});
