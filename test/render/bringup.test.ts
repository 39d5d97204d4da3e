// The services host's bring-up files, checked by the real tools: grub-script-check reads every GRUB
// config, systemd-analyze verifies the registry unit (with the real podman it runs), dhcpd -t reads the
// option-93 branch, and the registry's certificate steps run with the real openssl and htpasswd.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';
import { stepUnderRoot } from '../../src/core/deploy/plan-steps';
import { fillSecrets } from '../../src/core/render/index';
import type { CommandStep, HostStep, RenderedFile } from '../../src/core/render/manifest';
import { exampleFile, FIXTURES, renderFile, renderText, requireBinary, run, tmpDir as newTmpDir } from './helpers';

// Every temp folder these tests make is removed at the end, failed or not.
const made: string[] = [];
const tmpDir = (tag: string): string => {
  const d = newTmpDir(tag);
  made.push(d);
  return d;
};
after(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

const UEFI = path.join(FIXTURES, 'uefi-bringup.okd.yaml');
const DEBIAN = path.join(FIXTURES, 'debian-services.okd.yaml');
const LAB = exampleFile('okd-upi-lab');

function writeTo(dir: string, f: RenderedFile, name = path.basename(f.path)): string {
  const p = path.join(dir, name);
  writeFileSync(p, f.content);
  return p;
}

describe('render: UEFI network boot', function () {
  this.timeout(30000);

  it('grub-script-check accepts every rendered GRUB config (Red Hat and Debian flavours)', () => {
    const bin = requireBinary('grub-script-check');
    let checked = 0;
    for (const file of [UEFI, DEBIAN]) {
      const dir = tmpDir('grub');
      for (const f of renderFile(file).files.filter((x) => /\/grub\.cfg(-01-[0-9a-f-]+)?$/.test(x.path))) {
        const r = run([bin, writeTo(dir, f)]);
        assert.equal(r.code, 0, `${f.path} rejected by grub-script-check:\n${r.out}\n${f.content}`);
        checked++;
      }
    }
    assert.equal(checked, 5 + 2, 'the fixtures have 4 + 1 UEFI hosts and one default grub.cfg each');
  });

  it('grub-script-check is a real check: it rejects a broken copy', () => {
    const f = renderFile(UEFI).files.find((x) => x.path.endsWith('grub.cfg-01-52-54-00-30-00-10'))!;
    const r = run([
      requireBinary('grub-script-check'),
      writeTo(tmpDir('grub'), { ...f, content: f.content.replace(/\n}\n$/, '\n') }),
    ]);
    assert.notEqual(r.code, 0);
  });

  it('each UEFI host gets grub.cfg-01-<mac> with the kernel arguments of its pxelinux menu', () => {
    const files = renderFile(UEFI).files;
    const menu = (mac: string) => {
      const entry = files.find((f) => f.path === `/srv/tftpboot/pxelinux.cfg/01-${mac}`)!;
      const f = entry.symlink ? files.find((x) => x.path === `/srv/tftpboot/pxelinux.cfg/${entry.content}`)! : entry;
      const append = /APPEND (.*)/.exec(f.content)![1].split(' ');
      return {
        kernel: /KERNEL (.*)/.exec(f.content)![1],
        initrd: append[0].replace(/^initrd=/, ''),
        args: append.slice(1),
      };
    };
    const grub = files.filter((f) => f.path.includes('/grub.cfg-01-'));
    assert.deepEqual(grub.map((f) => f.path.slice(-17)).sort(), [
      '52-54-00-30-00-09',
      '52-54-00-30-00-10',
      '52-54-00-30-00-11',
      '52-54-00-30-00-30',
    ]);
    for (const f of grub) {
      const m = menu(f.path.slice(-17));
      const linux = /^\s*linuxefi \(http,([^)]+)\)(\S+) (.*)$/m.exec(f.content)!;
      assert.equal(`http://${linux[1]}${linux[2]}`, m.kernel);
      assert.deepEqual(linux[3].split(' '), m.args, f.path);
      const initrd = /^\s*initrdefi \(http,([^)]+)\)(\S+)$/m.exec(f.content)!;
      assert.equal(`http://${initrd[1]}${initrd[2]}`, m.initrd);
    }
    // The VM keeps the serial console; bare metal boots without it (and so has a menu of its own, not the role's).
    assert.ok(grub.find((f) => f.path.endsWith('00-09'))!.content.includes('console=ttyS0,115200n8'));
    assert.ok(!grub.find((f) => f.path.endsWith('00-10'))!.content.includes('console='));
  });

  it('Debian keeps the configs under grub/ and loads with linux/initrd', () => {
    const f = renderFile(DEBIAN).files.find((x) => x.path.includes('grub.cfg-01-'))!;
    assert.equal(f.path, '/srv/tftp/grub/grub.cfg-01-52-54-00-aa-00-20');
    assert.match(
      f.content,
      /^ {2}linux \(http,10\.0\.0\.2:8080\)\/okd\/kernel\/\S+ .* console=ttyS0,115200n8 nomodeset$/m,
    );
    assert.match(f.content, /^ {2}initrd \(http,10\.0\.0\.2:8080\)/m);
  });

  it('dhcpd -t accepts the option-93 branch and the unknown-clients pool, and rejects a broken branch', () => {
    const f = renderFile(UEFI).files.find((x) => x.path === '/etc/dhcp/dhcpd.conf')!;
    assert.match(f.content, /option architecture-type code 93 = unsigned integer 16;/);
    assert.match(
      f.content,
      /if option architecture-type = 00:07 or option architecture-type = 00:09 \{\n\s+filename "shimx64\.efi";\n\s+\} else \{\n\s+filename "pxelinux\.0";/,
    );
    assert.match(f.content, /pool \{\n\s+deny unknown-clients;\n\s+range 10\.30\.0\.200 10\.30\.0\.220;\n\s+\}/);
    const dir = tmpDir('dhcp');
    const bin = requireBinary('dhcpd');
    const ok = run([bin, '-t', '-cf', writeTo(dir, f)]);
    assert.equal(ok.code, 0, ok.out);
    const bad = run([
      bin,
      '-t',
      '-cf',
      writeTo(
        dir,
        { ...f, content: f.content.replace('option architecture-type = 00:09', 'option architecture-typo = 00:09') },
        'bad.conf',
      ),
    ]);
    assert.notEqual(bad.code, 0);
  });

  it('BIOS-only labs keep the plain filename, and unknownClients: allow keeps bare ranges', () => {
    const f = renderFile(LAB).files.find((x) => x.path === '/etc/dhcp/dhcpd.conf')!;
    assert.ok(!f.content.includes('architecture-type') && !f.content.includes('unknown-clients'));
    assert.match(f.content, /filename "pxelinux\.0";\n\s+range 192\.168\.200\.60 192\.168\.200\.90;/);
  });
});

describe('render: the registry', function () {
  this.timeout(60000);

  it('systemd-analyze verify accepts registry.service (with the podman it runs)', () => {
    const bin = requireBinary('systemd-analyze');
    requireBinary('podman');
    for (const file of [LAB, DEBIAN, UEFI]) {
      const f = renderFile(file).files.find((x) => x.path === '/etc/systemd/system/registry.service')!;
      assert.equal(f.systemdUnit, true);
      assert.deepEqual(f.reload, ['systemctl', 'restart', 'registry']);
      assert.deepEqual(f.health, [{ kind: 'service-active', unit: 'registry' }]);
      const r = run([bin, 'verify', writeTo(tmpDir('unit'), f)]);
      assert.equal(r.code, 0, r.out);
      assert.equal(r.out.trim(), '', `systemd-analyze warned about ${file}:\n${r.out}`);
    }
  });

  it('systemd-analyze is a real check: it rejects a unit whose program does not exist', () => {
    const f = renderFile(LAB).files.find((x) => x.path === '/etc/systemd/system/registry.service')!;
    const r = run([
      requireBinary('systemd-analyze'),
      'verify',
      writeTo(tmpDir('unit'), {
        ...f,
        content: f.content.replace('ExecStart=/usr/bin/podman', 'ExecStart=/usr/bin/no-such-podman'),
      }),
    ]);
    assert.notEqual(r.code, 0);
  });

  it('the unit publishes the registry port and mounts the folders of services.registry.dir', () => {
    const text = readFileSync(LAB, 'utf8').replace(
      'registry: { host: services, port: 5000 }',
      'registry: { host: services, port: 5443, dir: /srv/mirror, image: "quay.io/example/registry:2.8" }',
    );
    const f = renderText(text).files.find((x) => x.path === '/etc/systemd/system/registry.service')!;
    assert.match(f.content, /--publish 5443:5000/);
    assert.match(f.content, /--volume \/srv\/mirror\/certs:\/certs:Z/);
    assert.match(f.content, /^ {2}quay\.io\/example\/registry:2\.8$/m);
  });

  it('install-config mirrors to <host fqdn>:<port>/<repository> and takes the CA as additionalTrustBundle', () => {
    const text = readFileSync(LAB, 'utf8').replace(
      'registry: { host: services, port: 5000 }',
      'registry: { host: services, port: 5000, repository: mirror/okd }',
    );
    const f = renderText(text).files.find((x) => x.path === 'install-config.yaml')!;
    const ref = f.secrets!.find((s) => s.kind === 'trustBundle')!;
    assert.deepEqual({ host: ref.host, path: ref.path }, { host: 'services', path: '/opt/registry/ca/ca.crt' });
    const pem = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n';
    const filled = fillSecrets(f.content, [ref], { [ref.placeholder]: pem });
    const doc = load(filled.content) as {
      additionalTrustBundle: string;
      imageDigestSources: { source: string; mirrors: string[] }[];
    };
    assert.equal(doc.additionalTrustBundle, pem.trim());
    assert.deepEqual(
      doc.imageDigestSources.map((m) => m.mirrors),
      [['services.okd.example.com:5000/mirror/okd'], ['services.okd.example.com:5000/mirror/okd']],
    );
  });

  it('openssl and htpasswd make a CA, a certificate for the host and the htpasswd from the steps as rendered (twice: the second run changes nothing)', () => {
    const r = renderFile(LAB);
    const root = tmpDir('registry-steps');
    const ext = r.files.find((f) => f.path === '/opt/registry/ca/registry.ext')!;
    mkdirSync(path.join(root, 'opt/registry/ca'), { recursive: true });
    writeFileSync(path.join(root, ext.path), ext.content);
    const steps = r.steps.filter((s) => s.service === 'registry');
    const runAll = () => steps.map((s) => runStep(stepUnderRoot(s, root), root, 'correct horse'));
    const first = runAll();
    assert.deepEqual(first.filter((x) => x === 'ran').length, 7, JSON.stringify(first));
    const ca = path.join(root, 'opt/registry/ca/ca.crt');
    const cert = path.join(root, 'opt/registry/certs/registry.crt');
    const caBytes = readFileSync(ca, 'utf8');
    const verify = run(['openssl', 'verify', '-CAfile', ca, cert]);
    assert.equal(verify.code, 0, verify.out);
    const san = run(['openssl', 'x509', '-in', cert, '-noout', '-ext', 'subjectAltName']);
    assert.match(san.out, /DNS:services\.okd\.example\.com, IP Address:192\.168\.200\.254/);
    assert.equal(statSync(path.join(root, 'opt/registry/ca')).mode & 0o777, 0o700);
    assert.equal(
      statSync(path.join(root, 'opt/registry/certs/registry.key')).mode & 0o077,
      0,
      'the key is readable by its owner only',
    );
    const htpasswd = path.join(root, 'opt/registry/auth/htpasswd');
    assert.equal(run(['htpasswd', '-vb', htpasswd, 'okd', 'correct horse']).code, 0);
    assert.notEqual(run(['htpasswd', '-vb', htpasswd, 'okd', 'wrong']).code, 0);
    assert.ok(!readFileSync(htpasswd, 'utf8').includes('correct horse'));
    // The trust-store copy ran (under the root); update-ca-trust is a system step and is not run here.
    assert.equal(
      readFileSync(path.join(root, 'etc/pki/ca-trust/source/anchors/okd-topology-registry-services.crt'), 'utf8'),
      caBytes,
    );
    const second = runAll();
    assert.deepEqual(
      second.filter((x) => x === 'ran').length,
      3,
      `only the folders and the trust copy run again: ${JSON.stringify(second)}`,
    );
    assert.equal(readFileSync(ca, 'utf8'), caBytes, 'an existing CA is never replaced');
  });

  it('a given certificate and key are uploaded instead of generated; the CA file fills the trust bundle', () => {
    const r = renderFile(UEFI);
    const reg = r.steps.filter((s) => s.service === 'registry');
    assert.deepEqual(
      reg.filter((s) => s.kind === 'upload').map((s) => s.kind === 'upload' && [s.local, s.to, s.mode]),
      [
        ['ca.crt', '/opt/registry/ca/ca.crt', '0644'],
        ['svc.edge.example.org.crt', '/opt/registry/certs/registry.crt', '0644'],
        ['svc.edge.example.org.key', '/opt/registry/certs/registry.key', '0600'],
      ],
    );
    assert.ok(!reg.some((s) => s.kind === 'command' && s.argv[0] === 'openssl'));
    assert.ok(!r.files.some((f) => f.path.endsWith('registry.ext')));
    const ic = r.files.find((f) => f.path === 'install-config.yaml')!;
    assert.deepEqual(
      ic.secrets!.find((s) => s.kind === 'trustBundle'),
      { placeholder: '__OKD_TOPOLOGY_TRUST_BUNDLE__', kind: 'trustBundle', file: 'ca.crt' },
    );
  });
});

/** A minimal executor of command and copy steps for the test (SELinux and system steps are not run here). */
function runStep(st: HostStep, root: string, password: string): 'ran' | 'skipped' {
  if (st.kind === 'copy') {
    assert.ok(st.to.startsWith(root), `copy target ${st.to} escaped the test root`);
    mkdirSync(path.dirname(st.to), { recursive: true });
    copyFileSync(st.from, st.to);
    return 'ran';
  }
  assert.equal(st.kind, 'command');
  const c = st as CommandStep;
  if (c.system || c.when) return 'skipped';
  // Every absolute path the command names must have been placed under the root (or it would write to /opt here).
  c.argv.forEach((a, i) => {
    if (a.startsWith('/') && c.argv[i - 1] !== '-subj')
      assert.ok(a.startsWith(root), `${c.title}: ${a} is not under the test root`);
  });
  if (c.creates) {
    assert.ok(c.creates.startsWith(root));
    try {
      statSync(c.creates);
      return 'skipped';
    } catch {
      // not there yet: run
    }
  }
  const r = spawn(c.argv, c.stdin ? `${password}\n` : undefined);
  assert.equal(r.code, 0, `${c.title}: ${c.argv.join(' ')}\n${r.out}`);
  return 'ran';
}

function spawn(argv: string[], input?: string): { code: number; out: string } {
  const r = spawnSync(argv[0], argv.slice(1), { input, encoding: 'utf8', timeout: 60000 });
  return { code: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}
