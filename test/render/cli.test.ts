// `okd-topology render`: output layout, MANIFEST.json, atomic replacement, exit codes, overrides,
// and --install-config writing the secrets only where the user asked.
import assert from 'node:assert/strict';
import { load } from 'js-yaml';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderCommand } from '../../src/cli/render';
import { readBack } from '../../src/node/render-output';
import type { Manifest } from '../../src/core/render/manifest';
import { exampleFile, FIXTURES, ROOT, run, tmpDir } from './helpers';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await renderCommand(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

function tree(dir: string, base = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const rel = base ? `${base}/${name}` : name;
    const full = path.join(dir, name);
    if (statSync(full, { throwIfNoEntry: false })?.isDirectory() && !readBack(dir, name)?.length)
      Object.assign(out, tree(full, rel));
    else out[rel] = readBack(dir, name) ?? '';
  }
  return out;
}

describe('render CLI', function () {
  this.timeout(30000);

  it('writes DIR/<host>/<path>, DIR/cluster/<file> and a MANIFEST.json identical to the golden files', async () => {
    const out = path.join(tmpDir('cli'), 'out');
    const r = await cli([exampleFile('okd-upi-lab'), '--out', out]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(
      r.err,
      /rendered 37 files for 2 host\(s\) into \S+ \(and 15 host steps for deploy, listed in MANIFEST\.json\)/,
    );
    assert.deepEqual(tree(out), tree(path.join(__dirname, 'golden', 'okd-upi-lab')));
    const m = JSON.parse(readFileSync(path.join(out, 'MANIFEST.json'), 'utf8')) as Manifest;
    assert.equal(m.source, 'cluster.okd.yaml');
    assert.equal(m.cluster, 'okd');
    const dhcp = m.files.find((f) => f.local === 'services/etc/dhcp/dhcpd.conf')!;
    assert.equal(
      dhcp.sha256,
      createHash('sha256')
        .update(readFileSync(path.join(out, dhcp.local)))
        .digest('hex'),
    );
    assert.deepEqual(dhcp.validate, ['dhcpd', '-t', '-cf', '{file}']);
    assert.equal(statSync(path.join(out, 'cluster/install-config.yaml')).mode & 0o777, 0o600);
  });

  it('re-rendering replaces the folder atomically with the same bytes and leaves no temp folders', async () => {
    const parent = tmpDir('cli-atomic');
    const out = path.join(parent, 'out');
    assert.equal((await cli([exampleFile('k3s-metallb'), '--out', out])).code, 0);
    const first = tree(out);
    assert.equal((await cli([exampleFile('k3s-metallb'), '--out', out])).code, 0);
    assert.deepEqual(tree(out), first);
    assert.deepEqual(readdirSync(parent), ['out']);
  });

  it('refuses to replace a folder it did not write', async () => {
    const out = tmpDir('cli-foreign');
    writeFileSync(path.join(out, 'precious.txt'), 'keep me');
    const r = await cli([exampleFile('k3s-metallb'), '--out', out]);
    assert.equal(r.code, 2);
    assert.match(r.err, /no MANIFEST\.json; refusing/);
    assert.deepEqual(readdirSync(out), ['precious.txt']);
  });

  it('exit 1 and nothing written for a topology with errors; --force renders anyway', async () => {
    const dir = tmpDir('cli-errors');
    const file = path.join(dir, 'cluster.okd.yaml');
    writeFileSync(
      file,
      readFileSync(exampleFile('okd-upi-lab'), 'utf8').replace('ip: 192.168.200.12,', 'ip: 192.168.200.11,'),
    );
    const out = path.join(dir, 'out');
    const r = await cli([file, '--out', out]);
    assert.equal(r.code, 1);
    assert.match(r.out, /cluster\.okd\.yaml:\d+:\d+: error /);
    assert.equal(existsSync(out), false);
    const forced = await cli([file, '--out', out, '--force']);
    assert.ok(existsSync(path.join(out, 'MANIFEST.json')), forced.err);
  });

  it('a hostile host name cannot make --force write outside the output folder', async () => {
    const dir = tmpDir('cli-hostile');
    const file = path.join(dir, 'cluster.okd.yaml');
    writeFileSync(
      file,
      readFileSync(exampleFile('k3s-metallb'), 'utf8')
        .replace('- name: svc\n', '- name: "../../escape"\n')
        .replace(/host: svc\b/g, 'host: "../../escape"'),
    );
    const out = path.join(dir, 'a', 'b', 'out');
    const r = await cli([file, '--out', out, '--force']);
    // The name is not a DNS label: a value of the wrong type, which --force does not override.
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /error name-invalid-dns: hosts\[\d+\]\.name/);
    assert.match(r.err, /--force overrides only semantic errors/);
    assert.equal(existsSync(path.join(dir, 'a', 'escape')), false);
    assert.equal(existsSync(out), false);
  });

  it('usage errors and unreadable files exit 2', async () => {
    assert.equal((await cli([exampleFile('k3s-metallb')])).code, 2);
    assert.equal((await cli(['--bogus'])).code, 2);
    assert.equal((await cli(['/nonexistent/cluster.okd.yaml', '--out', tmpDir('x')])).code, 2);
    assert.equal(
      (await cli([exampleFile('k3s-metallb'), '--out', tmpDir('y'), '--templates', '/nonexistent'])).code,
      2,
    );
  });

  it('uses .okd/templates next to the topology; a broken override names its file and line and keeps the old output', async () => {
    const dir = tmpDir('cli-override');
    cpSync(exampleFile('k3s-metallb'), path.join(dir, 'cluster.okd.yaml'));
    const tdir = path.join(dir, '.okd', 'templates');
    mkdirSync(tdir, { recursive: true });
    writeFileSync(
      path.join(tdir, 'chrony-server.conf.liquid'),
      '# site chrony for {{ cluster.name }}\n{% for a in ntp.allow %}allow {{ a }}\n{% endfor %}\n',
    );
    const out = path.join(dir, 'out');
    const ok = await cli([path.join(dir, 'cluster.okd.yaml'), '--out', out]);
    assert.equal(ok.code, 0, ok.out + ok.err);
    assert.match(ok.err, /templates overridden: chrony-server\.conf\.liquid/);
    assert.equal(
      readFileSync(path.join(out, 'svc/etc/chrony/chrony.conf'), 'utf8'),
      '# site chrony for lab\nallow 10.0.0.0/24\n',
    );
    writeFileSync(path.join(tdir, 'chrony-server.conf.liquid'), 'line one\n{% if ntp %}\nnever closed\n');
    const bad = await cli([path.join(dir, 'cluster.okd.yaml'), '--out', out]);
    assert.equal(bad.code, 1);
    assert.ok(bad.out.includes(`${path.join(tdir, 'chrony-server.conf.liquid')}:2:1: error template:`), bad.out);
    assert.equal(
      readFileSync(path.join(out, 'svc/etc/chrony/chrony.conf'), 'utf8'),
      '# site chrony for lab\nallow 10.0.0.0/24\n',
    );
  });

  it('--install-config puts the registry CA (services.registry.caFile) in additionalTrustBundle; without it, says where deploy keeps it', async () => {
    const dir = tmpDir('cli-trust');
    try {
      await trustBundleCase(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  async function trustBundleCase(dir: string): Promise<void> {
    cpSync(path.join(FIXTURES, 'uefi-bringup.okd.yaml'), path.join(dir, 'cluster.okd.yaml'));
    writeFileSync(path.join(dir, 'pull-secret.json'), '{"auths": {}}\n');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'test@lab', '-f', path.join(dir, 'ssh')]);
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=test CA',
        '-keyout',
        path.join(dir, 'ca.key'),
        '-out',
        path.join(dir, 'ca.crt'),
      ],
      { stdio: 'ignore' },
    );
    const dest = path.join(dir, 'install-config.yaml');
    const r = await cli([path.join(dir, 'cluster.okd.yaml'), '--out', path.join(dir, 'out'), '--install-config', dest]);
    assert.equal(r.code, 0, r.out + r.err);
    const doc = load(readFileSync(dest, 'utf8')) as { additionalTrustBundle: string };
    assert.equal(doc.additionalTrustBundle, readFileSync(path.join(dir, 'ca.crt'), 'utf8').trim());
    // A private key named as the CA is refused before anything is written.
    cpSync(path.join(dir, 'ca.key'), path.join(dir, 'ca.crt'));
    const bad = await cli([
      path.join(dir, 'cluster.okd.yaml'),
      '--out',
      path.join(dir, 'out2'),
      '--install-config',
      path.join(dir, 'x.yaml'),
    ]);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /services\.registry\.caFile ca\.crt is not a CA certificate: it holds a private key/);
    // The lab's CA is made on the services host by deploy: the message says where.
    const lab = readFileSync(exampleFile('okd-upi-lab'), 'utf8')
      .replace('~/pull-secret-cluster.txt', path.join(dir, 'pull-secret.json'))
      .replace('~/.ssh/okd.pub', path.join(dir, 'ssh.pub'));
    writeFileSync(path.join(dir, 'lab.okd.yaml'), lab);
    const gen = await cli([
      path.join(dir, 'lab.okd.yaml'),
      '--out',
      path.join(dir, 'out3'),
      '--install-config',
      path.join(dir, 'y.yaml'),
    ]);
    assert.equal(gen.code, 1);
    assert.match(
      gen.err,
      /the registry CA, which deploy keeps on services at \/opt\/registry\/ca\/ca\.crt \(copy it here and set services\.registry\.caFile\)/,
    );
  }

  it('--install-config fills the pull secret and SSH key from their files into the chosen path only (0600)', async () => {
    const dir = tmpDir('cli-secrets');
    cpSync(path.join(FIXTURES, 'ha-services.okd.yaml'), path.join(dir, 'cluster.okd.yaml'));
    writeFileSync(path.join(dir, 'pull-secret.json'), '{"auths": {"mirror:5000": {"auth": "c2VjcmV0"}}}\n');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'test@lab', '-f', path.join(dir, 'ssh')]);
    const pub = readFileSync(path.join(dir, 'ssh.pub'), 'utf8').trim();
    const dest = path.join(dir, 'install', 'install-config.yaml');
    mkdirSync(path.dirname(dest));
    const out = path.join(dir, 'out');
    const r = await cli([path.join(dir, 'cluster.okd.yaml'), '--out', out, '--install-config', dest]);
    assert.equal(r.code, 0, r.out + r.err);
    const text = readFileSync(dest, 'utf8');
    assert.match(text, /^pullSecret: '\{"auths":\{"mirror:5000":\{"auth":"c2VjcmV0"\}\}\}'$/m);
    assert.ok(text.includes(`\nsshKey: '${pub}'\n`), text);
    assert.equal(statSync(dest).mode & 0o777, 0o600);
    for (const [, content] of Object.entries(tree(out)))
      assert.ok(!content.includes('c2VjcmV0'), 'the secret leaked into the output folder');
    const missing = await cli([
      exampleFile('okd-upi-lab'),
      '--out',
      path.join(dir, 'o2'),
      '--install-config',
      path.join(dir, 'x.yaml'),
    ]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /cannot read the pull secret file ~\/pull-secret-cluster\.txt/);
  });

  it('is wired into the okd-topology binary', () => {
    const out = path.join(tmpDir('cli-main'), 'out');
    const r = run([
      process.execPath,
      path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      path.join(ROOT, 'src/cli/main.ts'),
      'render',
      exampleFile('okd-ipi'),
      '--out',
      out,
    ]);
    assert.equal(r.code, 0, r.out);
    assert.ok(existsSync(path.join(out, 'infra-svc/etc/named.conf')));
  });
});
