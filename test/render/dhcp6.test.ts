// DHCPv6: IPv6 dynamic ranges go to dhcpd6.conf (checked by the real dhcpd -6), never into the
// IPv4 dhcpd.conf, and deploy restarts the units that run each on the host's distribution.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RenderedFile } from '../../src/core/render/manifest';
import { EXAMPLES, exampleFile, FIXTURES, renderFile, renderText, requireBinary, run, tmpDir } from './helpers';

const TEXT = readFileSync(path.join(FIXTURES, 'dhcp6.okd.yaml'), 'utf8');
const svcFile = (files: RenderedFile[], p: string) => files.find((f) => f.target === 'svc' && f.path === p);

function dhcpd(conf: string, v6: boolean): { code: number; out: string } {
  const file = path.join(tmpDir('dhcp6'), v6 ? 'dhcpd6.conf' : 'dhcpd.conf');
  writeFileSync(file, conf);
  return run([requireBinary('dhcpd'), ...(v6 ? ['-6'] : []), '-t', '-cf', file]);
}

describe('render: DHCPv6', () => {
  const r = renderText(TEXT);
  const v4 = svcFile(r.files, '/etc/dhcp/dhcpd.conf')!;
  const v6 = svcFile(r.files, '/etc/dhcp/dhcpd6.conf')!;

  it('puts IPv6 ranges and reservations in dhcpd6.conf and keeps dhcpd.conf IPv4 only', () => {
    assert.deepEqual(r.errors, []);
    assert.ok(v4 && v6, 'both files rendered');
    assert.ok(!/fd00:|subnet6|v6only/.test(v4.content), 'no IPv6 in dhcpd.conf');
    assert.match(v4.content, /range 10\.0\.0\.50 10\.0\.0\.99;/);
    assert.match(
      v6.content,
      /subnet6 fd00:1::\/64 \{\n {2}range6 fd00:1::1000 fd00:1::1fff;\n {2}option dhcp6\.name-servers fd00:1::2;\n\}/,
    );
    assert.match(v6.content, /subnet6 fd00:2::\/64 \{\n {2}range6 fd00:2::100 fd00:2::1ff;/);
    // One reservation per interface with a MAC and an IPv6 address; server-2 has none on lan.
    const hosts = [
      ...v6.content.matchAll(/host (\S+) \{\n {2}hardware ethernet (\S+);\n {2}fixed-address6 (\S+);/g),
    ].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    assert.deepEqual(hosts, [
      'svc-if0-v6 52:54:00:00:00:02 fd00:1::2',
      'server-0-if0-v6 52:54:00:00:00:10 fd00:1::10',
      'server-1-if0-v6 52:54:00:00:00:11 fd00:1::11',
      'svc-if1-v6 52:54:00:00:01:02 fd00:2::2',
      'server-2-if1-v6 52:54:00:00:01:12 fd00:2::12',
    ]);
  });

  it('the real dhcpd accepts both files, and dhcpd -6 rejects a broken dhcpd6.conf', () => {
    assert.deepEqual(v6.validate, ['dhcpd', '-6', '-t', '-cf', '{file}']);
    const ok6 = dhcpd(v6.content, true);
    assert.equal(ok6.code, 0, ok6.out);
    const ok4 = dhcpd(v4.content, false);
    assert.equal(ok4.code, 0, ok4.out);
    assert.notEqual(dhcpd(v6.content.replace('range6', 'range'), true).code, 0, 'an IPv4 range statement in subnet6');
    assert.notEqual(dhcpd(v6.content.replace('fixed-address6', 'fixed-address'), true).code, 0);
  });

  it('deploy restarts every dhcpd unit of the distribution, once for both files', () => {
    const units = (text: string) =>
      renderText(text)
        .files.filter((f) => f.target === 'svc' && f.path.startsWith('/etc/dhcp/'))
        .map((f) => [f.path, f.reload?.join(' '), (f.health ?? []).map((h) => ('unit' in h ? h.unit : '')).join(',')]);
    assert.deepEqual(units(TEXT), [
      [
        '/etc/dhcp/dhcpd.conf',
        'systemctl restart isc-dhcp-server isc-dhcp-server6',
        'isc-dhcp-server,isc-dhcp-server6',
      ],
      [
        '/etc/dhcp/dhcpd6.conf',
        'systemctl restart isc-dhcp-server isc-dhcp-server6',
        'isc-dhcp-server,isc-dhcp-server6',
      ],
    ]);
    assert.deepEqual(
      units(TEXT.replace('os: ubuntu', 'os: debian')).map((u) => u[1]),
      ['systemctl restart isc-dhcp-server', 'systemctl restart isc-dhcp-server'],
    );
    assert.deepEqual(
      units(TEXT.replace('    os: ubuntu\n', '')).map((u) => u[1]),
      ['systemctl restart dhcpd dhcpd6', 'systemctl restart dhcpd dhcpd6'],
    );
  });

  it('opens 547/udp in the firewalld zone, and renders no dhcpd6.conf without IPv6 ranges', () => {
    const fedora = renderText(TEXT.replace('    os: ubuntu\n', ''));
    const zone = svcFile(fedora.files, '/etc/firewalld/zones/okd-topology.xml')!;
    assert.match(zone.content, /<port protocol="udp" port="547"\/><!-- dhcp \(IPv6\) -->/);
    assert.match(zone.content, /<port protocol="udp" port="67"\/>/);
    for (const e of EXAMPLES)
      assert.ok(!renderFile(exampleFile(e)).files.some((f) => f.path.endsWith('dhcpd6.conf')), e);
  });
});
