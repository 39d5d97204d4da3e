// Host steps and defaults of the services host's bring-up: the boot loaders deploy copies from the host's
// packages (the Debian paths proven against the installed packages), SELinux labels as argv, the
// packages the steps need, NTP's default upstream, kernel arguments and the k3s firewall ports.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { biosBootFiles, uefiBootFiles } from '../../src/core/render/boot';
import { stepPackageNeeds } from '../../src/core/deploy/plan-steps';
import type { CommandStep, HostStep } from '../../src/core/render/manifest';
import { exampleFile, FIXTURES, renderFile, renderText, run } from './helpers';

const UEFI = path.join(FIXTURES, 'uefi-bringup.okd.yaml');
const DEBIAN = path.join(FIXTURES, 'debian-services.okd.yaml');
const LAB = exampleFile('okd-upi-lab');
const commands = (steps: HostStep[]) => steps.filter((s): s is CommandStep => s.kind === 'command');

describe('render: PXE boot loaders copied from the host', () => {
  it("the lab copies pxelinux.0 and ldlinux.c32 from Fedora's syslinux into the TFTP root", () => {
    const copies = renderFile(LAB).steps.filter((s) => s.kind === 'copy' && s.service === 'pxe');
    assert.deepEqual(
      copies.map((s) => s.kind === 'copy' && [s.target, s.from, s.to, s.mode, s.package]),
      [
        ['services', '/usr/share/syslinux/pxelinux.0', '/var/lib/tftpboot/pxelinux.0', '0644', 'syslinux'],
        ['services', '/usr/share/syslinux/ldlinux.c32', '/var/lib/tftpboot/ldlinux.c32', '0644', 'syslinux'],
      ],
    );
  });

  it("Debian's paths are the ones its installed pxelinux and syslinux-common packages own", () => {
    for (const f of biosBootFiles('debian', true)) {
      assert.ok(existsSync(f.from), `${f.from} is missing: install ${f.package} (scripts/setup.d/bringup.sh)`);
      const r = run(['dpkg', '-S', f.from]);
      assert.equal(r.code, 0, r.out);
      assert.equal(r.out.trim(), `${f.package}: ${f.from}`);
    }
  });

  it('a UEFI host adds shim and GRUB, per distribution', () => {
    const deb = renderFile(DEBIAN)
      .steps.filter((s) => s.kind === 'copy' && s.service === 'pxe')
      .map((s) => s.kind === 'copy' && s.to);
    assert.deepEqual(deb, [
      '/srv/tftp/pxelinux.0',
      '/srv/tftp/lpxelinux.0',
      '/srv/tftp/ldlinux.c32',
      '/srv/tftp/shimx64.efi',
      '/srv/tftp/grubx64.efi',
    ]);
    assert.deepEqual(
      uefiBootFiles('debian').map((f) => f.package),
      ['shim-signed', 'grub-efi-amd64-signed'],
    );
    assert.deepEqual(
      uefiBootFiles('rhel').map((f) => f.from),
      ['/boot/efi/EFI/redhat/shimx64.efi', '/boot/efi/EFI/redhat/grubx64.efi'],
    );
    assert.deepEqual(
      uefiBootFiles(undefined).map((f) => f.package),
      ['shim-x64', 'grub2-efi-x64'],
    );
    assert.ok(
      !renderFile(LAB).steps.some((s) => s.kind === 'copy' && s.to.endsWith('.efi')),
      'BIOS-only labs copy no EFI loader',
    );
  });
});

describe('render: bare metal booting BIOS', () => {
  it('gets lpxelinux.0 (HTTP kernels without iPXE) in its reservation, and deploy copies it; VMs keep pxelinux.0', () => {
    const r = renderFile(UEFI);
    const dhcp = r.files.find((f) => f.path === '/etc/dhcp/dhcpd.conf')!.content;
    const block = (host: string) => new RegExp(`host ${host}-if0 \\{[^}]*\\}`).exec(dhcp)![0];
    assert.match(block('worker-0'), /filename "lpxelinux\.0";/);
    for (const h of ['master-2', 'master-0', 'bootstrap'])
      assert.ok(!block(h).includes('filename'), `${h}: a VM or a UEFI host has no boot file of its own`);
    assert.ok(
      r.steps.some(
        (s) =>
          s.kind === 'copy' && s.from === '/usr/share/syslinux/lpxelinux.0' && s.to === '/srv/tftpboot/lpxelinux.0',
      ),
    );
  });
});

describe('render: SELinux on Red Hat hosts', () => {
  it("HAProxy's ports get http_port_t (add, else modify) only where the policy has no label; the TFTP and HTTP roots are restored", () => {
    const cmds = commands(renderFile(LAB).steps).filter((s) => s.when === 'selinux-enforcing');
    const ports = cmds.filter((s) => s.argv[1] === 'port');
    assert.deepEqual(
      ports.map((s) => s.argv),
      [1936, 6443, 22623].map((p) => ['semanage', 'port', '-a', '-t', 'http_port_t', '-p', 'tcp', String(p)]),
    );
    assert.deepEqual(
      ports.map((s) => s.orElse?.[2]),
      ['-m', '-m', '-m'],
    );
    assert.ok(ports.every((s) => s.system === true && s.service === 'loadBalancer'));
    assert.deepEqual(
      cmds.filter((s) => s.argv[0] === 'restorecon').map((s) => [s.service, s.argv]),
      [
        ['pxe', ['restorecon', '-RF', '/var/lib/tftpboot']],
        ['http', ['restorecon', '-RF', '/var/www/html']],
      ],
    );
    // After the boot loaders are copied, so they get the TFTP root's context.
    const steps = renderFile(LAB).steps;
    const last = (pred: (s: HostStep) => boolean) => steps.map(pred).lastIndexOf(true);
    assert.ok(
      last((s) => s.kind === 'copy') < steps.findIndex((s) => s.kind === 'command' && s.argv[0] === 'restorecon'),
    );
  });

  it('folders off their standard place get a file-context rule first; a non-standard HTTP port its label', () => {
    const cmds = commands(renderFile(UEFI).steps).filter((s) => s.when === 'selinux-enforcing');
    assert.deepEqual(
      cmds.filter((s) => s.argv[1] === 'fcontext').map((s) => s.argv),
      [
        ['semanage', 'fcontext', '-a', '-t', 'tftpdir_t', '/srv/tftpboot(/.*)?'],
        ['semanage', 'fcontext', '-a', '-t', 'httpd_sys_content_t', '/srv/www(/.*)?'],
      ],
    );
    assert.ok(
      cmds.some((s) => s.service === 'http' && s.argv.join(' ') === 'semanage port -a -t http_port_t -p tcp 8081'),
    );
    assert.ok(
      cmds.some((s) => s.argv.join(' ') === 'semanage port -a -t http_port_t -p tcp 9100'),
      'the stats port',
    );
    assert.ok(!cmds.some((s) => s.argv.at(-1) === '443' || s.argv.at(-1) === '80'));
  });

  it('Debian and Ubuntu hosts get no SELinux step', () => {
    assert.deepEqual(
      commands(renderFile(DEBIAN).steps).filter(
        (s) => s.when || s.argv[0] === 'semanage' || s.argv[0] === 'restorecon',
      ),
      [],
    );
  });
});

describe('render: packages the steps need', () => {
  it("the lab's Fedora services host: syslinux for the boot loaders, and the package of every program a step runs", () => {
    const needs = stepPackageNeeds(renderFile(LAB).steps.filter((s) => s.target === 'services'));
    assert.deepEqual(needs, [
      { file: '/usr/share/syslinux/pxelinux.0', package: 'syslinux' },
      { file: '/usr/share/syslinux/ldlinux.c32', package: 'syslinux' },
      { program: 'openssl', package: 'openssl' },
      { program: 'htpasswd', package: 'httpd-tools' },
      { program: 'update-ca-trust', package: 'ca-certificates' },
    ]);
    // SELinux tools run only on an enforcing host, where they are installed: no hard package need.
    assert.ok(!needs.some((n) => 'program' in n && ['semanage', 'restorecon'].includes(n.program ?? '')));
  });

  it('an Ubuntu host gets the Debian names (and no SELinux tools)', () => {
    const needs = stepPackageNeeds(renderFile(DEBIAN).steps.filter((s) => s.target === 'svc'));
    assert.deepEqual(
      needs.map((n) => n.package),
      [
        'pxelinux',
        'pxelinux',
        'syslinux-common',
        'shim-signed',
        'grub-efi-amd64-signed',
        'openssl',
        'apache2-utils',
        'ca-certificates',
      ],
    );
    assert.deepEqual(
      needs.filter((n) => 'program' in n).map((n) => 'program' in n && n.program),
      ['openssl', 'htpasswd', 'update-ca-certificates'],
    );
  });
});

describe('render: NTP upstream, kernel arguments, k3s firewall', () => {
  const chrony = (text: string, p = '/etc/chrony.conf') => renderText(text).files.find((f) => f.path === p)!.content;

  it("without upstream the NTP server follows its distribution's pool; an empty list serves local time only", () => {
    const lab = readFileSync(LAB, 'utf8');
    const none = lab.replace('    upstream: [0.fedora.pool.ntp.org, 1.fedora.pool.ntp.org]\n', '');
    assert.notEqual(none, lab);
    assert.match(chrony(none), /^pool 2\.fedora\.pool\.ntp\.org iburst$/m);
    assert.match(
      chrony(none.replace('    role: services\n', '    role: services\n    os: rocky\n')),
      /^pool 2\.rocky\.pool\.ntp\.org iburst$/m,
    );
    const deb = readFileSync(DEBIAN, 'utf8').replace(
      'ntp: { host: svc, upstream: [pool.ntp.org] }',
      'ntp: { host: svc }',
    );
    assert.match(chrony(deb, '/etc/chrony/chrony.conf'), /^pool ntp\.ubuntu\.com iburst$/m);
    const empty = lab.replace('upstream: [0.fedora.pool.ntp.org, 1.fedora.pool.ntp.org]', 'upstream: []');
    assert.ok(!/^pool /m.test(chrony(empty)));
    assert.match(chrony(empty), /^local stratum 10$/m);
  });

  it('kernelArgs written in the file apply to every node; a bad item stops render (even with --force)', () => {
    const withArgs = (args: string) =>
      readFileSync(LAB, 'utf8').replace(
        '    tftpRoot: /var/lib/tftpboot\n',
        `    tftpRoot: /var/lib/tftpboot\n    kernelArgs: ${args}\n`,
      );
    const r = renderText(withArgs('[nomodeset, rd.neednet=1]'));
    const master = r.files.find((f) => f.path === '/var/lib/tftpboot/pxelinux.cfg/master')!.content;
    assert.match(master, / ip=dhcp nomodeset rd\.neednet=1\n/);
    const bad = renderText(withArgs('[nomodeset, "rd.break x"]'), { force: true });
    assert.deepEqual(bad.files, []);
    assert.match(bad.errors[0]?.message ?? '', /services\.pxe\.kernelArgs\[1\]/);
  });

  it('k3s servers open the API, kubelet, flannel VXLAN and embedded etcd; one server needs no etcd peers', () => {
    const zone = (text: string, host: string) =>
      renderText(text).files.find((f) => f.target === host && f.path.startsWith('/etc/firewalld/'))?.content ?? '';
    const k3s = readFileSync(exampleFile('k3s-metallb'), 'utf8');
    const z = zone(k3s, 'server-0');
    for (const p of [
      'protocol="tcp" port="6443"',
      'protocol="tcp" port="10250"',
      'protocol="udp" port="8472"',
      'protocol="tcp" port="2379-2380"',
    ])
      assert.ok(z.includes(p), `${p} in\n${z}`);
    // One server left (the others become agents): no etcd peers; an agent holding the VIP opens no API port.
    const single = k3s.replace(/(- name: server-[12]\n\s+)role: master/g, '$1role: worker');
    assert.notEqual(single, k3s);
    assert.ok(!zone(single, 'server-0').includes('2379'));
    const agent = zone(single, 'server-1');
    assert.ok(agent.includes('port="10250"') && agent.includes('port="8472"') && !agent.includes('port="6443"'), agent);
  });
});

describe('render: hostile values in the bring-up fields never reach a file or a command', () => {
  it('with --force, values that break their type stop render: no file, no step, each value named', () => {
    const evil = [
      '  pxe: { host: services, kernelArgs: ["x\\nLABEL evil"] }',
      '  ntp: { host: services, upstream: ["pool.ntp.org\\nallow all"] }',
      '  registry: { host: services, port: 5000, dir: "/opt/x\\n[Service]", image: "evil\\nExecStartPre=/bin/sh", user: "a b:c", repository: "../../x" }',
    ];
    const text = readFileSync(LAB, 'utf8')
      .replace(/^ {2}pxe:\n {4}host: services\n {4}tftpRoot: \/var\/lib\/tftpboot\n/m, `${evil[0]}\n`)
      .replace(/^ {2}ntp:\n {4}host: services\n {4}upstream: .*\n/m, `${evil[1]}\n`)
      .replace('  registry: { host: services, port: 5000 }', evil[2]);
    for (const e of evil) assert.ok(text.includes(e), `fixture edit failed for ${e}`);
    const r = renderText(text, { force: true });
    assert.deepEqual(r.files, []);
    assert.deepEqual(r.steps, []);
    const message = r.errors.map((e) => e.message).join('\n');
    for (const field of [
      'services.ntp.upstream[0]',
      'services.pxe.kernelArgs[0]',
      'services.registry.dir',
      'services.registry.image',
      'services.registry.user',
    ]) {
      assert.ok(message.includes(field), `${field} named in ${message}`);
    }
    // Fixed values render again, with the registry's defaults where the file says nothing.
    const fixed = renderText(readFileSync(LAB, 'utf8'));
    assert.ok(
      fixed.files.some(
        (f) => f.path === '/etc/systemd/system/registry.service' && f.content.includes('--volume /opt/registry/data:'),
      ),
    );
  });
});
