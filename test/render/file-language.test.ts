// The language a rendered file is previewed in (issue 13: dhcpd.conf opened as "Properties").
import assert from 'node:assert/strict';
import { BUILT_IN, languageCandidates, languageFor } from '../../src/core/render/file-language';
import { EXAMPLES, exampleFile, renderFile } from './helpers';

const VS_CODE = new Set<string>([...BUILT_IN, 'properties', 'markdown']);

describe('render: the language of a rendered file', () => {
  it('by file name, with what plain VS Code has', () => {
    const cases: [string, string][] = [
      ['install-config.yaml', 'yaml'],
      ['metallb/metallb.yaml', 'yaml'],
      ['/etc/rancher/k3s/config.yaml', 'yaml'],
      ['/etc/firewalld/zones/okd-topology.xml', 'xml'],
      ['/etc/okd-topology/libvirt/create-vms.sh', 'shellscript'],
      ['/etc/systemd/system/registry.service', 'ini'],
      ['/opt/registry/ca/registry.ext', 'ini'],
      ['x/config.json', 'json'],
      ['/var/lib/tftpboot/uefi/grub.cfg', 'shellscript'],
      ['/var/lib/tftpboot/uefi/grub.cfg-01-52-54-00-aa-00-01', 'shellscript'],
      ['/etc/dhcp/dhcpd.conf', 'plaintext'],
      ['/etc/haproxy/haproxy.cfg', 'plaintext'],
      ['/etc/haproxy/haproxy-no-bootstrap.cfg', 'plaintext'],
      ['/var/named/okd.example.com.zone', 'plaintext'],
      ['/etc/named.conf', 'plaintext'],
      ['/var/lib/tftpboot/pxelinux.cfg/default', 'plaintext'],
    ];
    assert.deepEqual(
      cases.map(([p]) => [p, languageFor(p, VS_CODE)]),
      cases,
    );
  });

  it('a language an installed extension registers wins over the fallback', () => {
    assert.equal(languageFor('/etc/haproxy/haproxy.cfg', new Set([...VS_CODE, 'haproxy'])), 'haproxy');
    assert.equal(languageFor('/var/named/lab.zone', new Set([...VS_CODE, 'dns-zone-file'])), 'dns-zone-file');
    assert.equal(
      languageFor('/etc/systemd/system/registry.service', new Set([...VS_CODE, 'systemd-unit-file'])),
      'systemd-unit-file',
    );
  });

  it('every file the examples render ends in a built-in language, never Properties', () => {
    for (const ex of EXAMPLES) {
      for (const f of renderFile(exampleFile(ex)).files) {
        const ids = languageCandidates(f.path);
        assert.ok((BUILT_IN as readonly string[]).includes(ids[ids.length - 1]), `${ex} ${f.path}: ${ids.join(', ')}`);
        assert.notEqual(languageFor(f.path, VS_CODE), 'properties');
      }
    }
  });
});
