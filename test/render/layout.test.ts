// A services host's `os` decides where its files go and which units deploy restarts and checks.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RenderedFile } from '../../src/core/render/manifest';
import { analyze } from '../../src/core/analyze';
import { FIXTURES, renderText } from './helpers';

const DEBIAN = readFileSync(path.join(FIXTURES, 'debian-services.okd.yaml'), 'utf8');
const onSvc = (files: RenderedFile[]) => new Map(files.filter((f) => f.target === 'svc').map((f) => [f.path, f]));
const units = (f: RenderedFile | undefined) => [
  f?.reload?.join(' '),
  ...(f?.health ?? []).filter((h) => h.kind === 'service-active').map((h) => ('unit' in h ? h.unit : '')),
];

describe('render: distribution layouts', () => {
  it('an Ubuntu services host gets the Debian paths, groups, units and validators', () => {
    const r = renderText(DEBIAN);
    assert.deepEqual(r.errors, []);
    const svc = onSvc(r.files);
    assert.deepEqual([...svc.keys()].filter((p) => !p.startsWith('/srv/tftp/')).sort(), [
      '/etc/apache2/apache2.conf',
      '/etc/bind/0.0.10.in-addr.arpa.zone',
      '/etc/bind/named.conf',
      '/etc/bind/pi.home.arpa.zone',
      '/etc/chrony/chrony.conf',
      '/etc/dhcp/dhcpd.conf',
      '/etc/systemd/system/registry.service',
      '/opt/registry/ca/registry.ext',
    ]);
    const named = svc.get('/etc/bind/named.conf')!;
    assert.equal(named.group, 'bind');
    assert.match(named.content, /directory "\/var\/cache\/bind";/);
    assert.match(named.content, /file "\/etc\/bind\/pi\.home\.arpa\.zone";/);
    assert.equal(svc.get('/etc/bind/pi.home.arpa.zone')!.group, 'bind');
    assert.deepEqual(units(svc.get('/etc/dhcp/dhcpd.conf')), ['systemctl restart isc-dhcp-server', 'isc-dhcp-server']);
    assert.deepEqual(units(svc.get('/etc/chrony/chrony.conf')), ['systemctl restart chrony', 'chrony']);
    const web = svc.get('/etc/apache2/apache2.conf')!;
    assert.deepEqual(web.validate, ['apache2ctl', '-t', '-f', '{file}']);
    assert.deepEqual(units(web), ['systemctl reload apache2', 'apache2']);
    assert.match(web.content, /^Listen 8080$/m);
    assert.ok(svc.has('/srv/tftp/pxelinux.cfg/default'), "PXE files under tftpd-hpa's root");
    assert.deepEqual(units(svc.get('/srv/tftp/pxelinux.cfg/default')).slice(1), ['tftpd-hpa']);
    assert.ok(
      ![...svc.keys()].some((p) => p.startsWith('/etc/firewalld/')),
      'no firewalld zone on a distribution that ships ufw',
    );
  });

  it('without `os` (or with a Red Hat family name) the Fedora layout stays', () => {
    for (const os of ['', '    os: rocky\n']) {
      const text = DEBIAN.replace('    os: ubuntu\n', os);
      const svc = onSvc(renderText(text).files);
      assert.ok(svc.has('/etc/named.conf') && svc.has('/var/named/pi.home.arpa.zone'), JSON.stringify([...svc.keys()]));
      assert.match(svc.get('/etc/named.conf')!.content, /directory "\/var\/named";[\s\S]*file "pi\.home\.arpa\.zone";/);
      assert.deepEqual(units(svc.get('/etc/dhcp/dhcpd.conf')), ['systemctl restart dhcpd', 'dhcpd']);
      assert.deepEqual(units(svc.get('/etc/chrony.conf')), ['systemctl restart chronyd', 'chronyd']);
      assert.equal(svc.get('/etc/httpd/conf/httpd.conf')!.validate?.[0], 'httpd');
      assert.ok(svc.has('/var/lib/tftpboot/pxelinux.cfg/default'));
      assert.ok([...svc.keys()].some((p) => p.startsWith('/etc/firewalld/zones/')));
    }
  });

  it('an explicit tftpRoot wins over the distribution default', () => {
    const text = DEBIAN.replace('  pxe: { host: svc,', '  pxe: { host: svc, tftpRoot: /var/lib/tftpboot,');
    assert.notEqual(text, DEBIAN);
    assert.ok(onSvc(renderText(text).files).has('/var/lib/tftpboot/pxelinux.cfg/default'));
  });

  it('an unknown distribution is a schema error that names the choices', () => {
    const text = DEBIAN.replace('os: ubuntu', 'os: arch');
    const p = analyze(text).problems.find((x) => x.code === 'schema-enum');
    assert.ok(p, 'no schema-enum problem');
    assert.equal(
      p.line,
      text.split('\n').findIndex((l) => l.includes('os: arch')),
    ); // 0-based
    assert.match(p.message, /fedora.*debian, ubuntu/);
    assert.equal(renderText(text).refused, true);
  });
});
