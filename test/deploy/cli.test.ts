// The deploy CLI end to end against a real sshd: HOME points at a temp dir, so ~/.ssh/config,
// known_hosts and the default key are the test's own.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, copyFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployCommand, parseDeployArgs } from '../../src/cli/deploy';
import { exportAnsibleCommand } from '../../src/cli/export-ansible';
import { buildManifest, writeOutput } from '../../src/node/render-output';
import type { RenderedFile } from '../../src/core/render/manifest';
import { makeClientKeys, Sshd, type ClientKeys } from './sshd';

function topologyYaml(port: number, extra = ''): string {
  return `version: 1
cluster:
  name: lab
  baseDomain: example.com
  platform: k3s
networks:
  - name: lab
    cidr: 192.168.50.0/24
    dhcp: { range: 192.168.50.100-192.168.50.150 }
hosts:
  - name: svc
    role: services
    interfaces:
      - { network: lab, ip: 192.168.50.5, mac: "52:54:00:00:00:05" }
    ssh: { host: 127.0.0.1, port: ${port}, user: root }
services:
  dns:
    host: svc
    reload: "true"
${extra}`;
}

describe('okd-topology deploy (CLI)', function () {
  this.timeout(60000);
  let client: ClientKeys;
  let sshd: Sshd;
  let home: string;
  let work: string;
  const saved = { HOME: process.env.HOME, SSH_AUTH_SOCK: process.env.SSH_AUTH_SOCK };

  before(async () => {
    client = makeClientKeys();
    sshd = await new Sshd(client).start();
    home = mkdtempSync(join(tmpdir(), 'okd-home-'));
    mkdirSync(join(home, '.ssh'), { mode: 0o700 });
    copyFileSync(client.key, join(home, '.ssh', 'id_ed25519'));
    work = mkdtempSync(join(tmpdir(), 'okd-work-'));
    process.env.HOME = home;
    delete process.env.SSH_AUTH_SOCK;
  });
  after(async () => {
    process.env.HOME = saved.HOME;
    if (saved.SSH_AUTH_SOCK !== undefined) process.env.SSH_AUTH_SOCK = saved.SSH_AUTH_SOCK;
    await sshd?.destroy();
  });

  const cli = async (args: string[]): Promise<{ code: number; out: string; err: string }> => {
    let out = '';
    let err = '';
    const code = await deployCommand(args, { out: (s) => (out += s), err: (s) => (err += s) });
    return { code, out, err };
  };
  const rendered = (files: RenderedFile[]): string => {
    const dir = join(work, `out-${Math.random().toString(36).slice(2)}`);
    assert.equal(writeOutput(dir, files, buildManifest(files, 'cluster.okd.yaml', 'lab')), undefined);
    return dir;
  };

  it('refuses an unknown host without --accept-new, deploys with it, then finds nothing to do', async () => {
    const topo = join(work, 'cluster.okd.yaml');
    writeFileSync(topo, topologyYaml(sshd.port));
    const dir = rendered([
      {
        target: 'svc',
        path: '/etc/named.conf',
        content: 'options { };\n',
        mode: '0640',
        service: 'dns',
        validate: ['grep', '-q', 'options', '{file}'],
        reload: ['true'],
      },
    ]);
    const base = [topo, '--rendered', dir, '--remote-root', sshd.root, '--yes'];

    const refused = await cli(base);
    assert.equal(refused.code, 1);
    assert.match(refused.out, /svc: failed\n.*host key is not known .*--accept-new/);
    assert.ok(!existsSync(join(sshd.root, 'etc/named.conf')));

    const ok = await cli([...base, '--accept-new']);
    assert.equal(ok.code, 0, ok.out + ok.err);
    assert.match(ok.out, /Deploy plan, phase hosts: 1 host\(s\), 1 file\(s\)/);
    assert.match(ok.err, /accepting new host key for 127\.0\.0\.1:\d+: ssh-ed25519 SHA256:/);
    assert.equal(readFileSync(join(sshd.root, 'etc/named.conf'), 'utf8'), 'options { };\n');
    assert.match(readFileSync(join(home, '.ssh', 'known_hosts'), 'utf8'), /^\|1\|/);

    const again = await cli(base);
    assert.equal(again.code, 0);
    assert.match(again.out, /svc: unchanged/);
  });

  it('--dry-run renders the topology and lists what would change without touching the host', async () => {
    const topo = join(work, 'dry.okd.yaml');
    writeFileSync(topo, topologyYaml(sshd.port));
    const r = await cli([topo, '--dry-run', '--remote-root', join(sshd.root, 'dry')]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /svc: would change\n(.*\n)*.*\/dry\/etc\/named\.conf/);
    assert.match(r.out, /named-checkzone/);
    assert.ok(!existsSync(join(sshd.root, 'dry')));
  });

  it('needs --yes when not on a terminal, and stops on plan errors', async () => {
    const topo = join(work, 'c.okd.yaml');
    writeFileSync(topo, topologyYaml(sshd.port));
    const dir = rendered([{ target: 'svc', path: '/etc/x.conf', content: 'x', mode: '0644', service: 'dns' }]);
    const noYes = await cli([topo, '--rendered', dir]);
    assert.equal(noYes.code, 2);
    assert.match(noYes.err, /pass --yes/);
    const badHost = await cli([topo, '--rendered', dir, '--host', 'nope', '--yes']);
    assert.equal(badHost.code, 2);
    assert.match(badHost.err, /--host nope: no such host/);
    const hostile = join(work, 'h.okd.yaml');
    writeFileSync(
      hostile,
      topologyYaml(sshd.port).replace('reload: "true"', 'reload: "true; touch /tmp/okd-pwned-cli"'),
    );
    const inj = await cli([hostile, '--rendered', dir, '--yes']);
    // Caught as a topology error, at its line, before any plan is made.
    assert.equal(inj.code, 1);
    assert.match(inj.err, /h\.okd\.yaml:\d+:\d+: service-command-invalid: services\.dns\.reload: shell syntax ";"/);
    assert.ok(!existsSync('/tmp/okd-pwned-cli'));
  });

  it('--command-timeout and --install-packages reach the run; bad values are usage errors', () => {
    const a = parseDeployArgs(['t.okd.yaml', '--command-timeout', '30', '--install-packages']);
    assert.ok(typeof a !== 'string');
    assert.equal(a.commandTimeoutMs, 30000);
    assert.equal(a.installPackages, true);
    assert.equal((parseDeployArgs(['t.okd.yaml']) as { commandTimeoutMs: number }).commandTimeoutMs, 120000);
    assert.equal(
      parseDeployArgs(['t.okd.yaml', '--command-timeout=0']),
      '--command-timeout must be a positive whole number, not "0"',
    );
    assert.equal(parseDeployArgs(['t.okd.yaml', '--install-packages=yes']), '--install-packages takes no value');
  });

  it('refuses a rendered folder whose files changed after rendering', async () => {
    const topo = join(work, 'd.okd.yaml');
    writeFileSync(topo, topologyYaml(sshd.port));
    const dir = rendered([{ target: 'svc', path: '/etc/y.conf', content: 'y', mode: '0644', service: 'dns' }]);
    writeFileSync(join(dir, 'svc/etc/y.conf'), 'tampered');
    const r = await cli([topo, '--rendered', dir, '--yes']);
    assert.equal(r.code, 2);
    assert.match(r.err, /changed since it was rendered/);
  });
});

describe('okd-topology export-ansible (CLI)', () => {
  it('writes inventory.yml, site.yml and the files; refuses a foreign non-empty folder', async () => {
    const work = mkdtempSync(join(tmpdir(), 'okd-export-'));
    const topo = join(work, 'cluster.okd.yaml');
    writeFileSync(topo, topologyYaml(2222));
    let err = '';
    const io = { out: () => undefined, err: (s: string) => (err += s) };
    const out = join(work, 'ansible');
    assert.equal(await exportAnsibleCommand([topo, '--out', out], io), 0, err);
    assert.match(
      readFileSync(join(out, 'inventory.yml'), 'utf8'),
      /"svc":\n {6}ansible_host: !unsafe "127\.0\.0\.1"\n {6}ansible_port: 2222/,
    );
    const site = readFileSync(join(out, 'site.yml'), 'utf8');
    assert.match(site, /validate: !unsafe "named-checkconf %s"/);
    assert.match(site, /rescue:/);
    assert.ok(existsSync(join(out, 'files/svc/etc/named.conf')));
    const foreign = join(work, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'notes.txt'), 'mine');
    assert.equal(await exportAnsibleCommand([topo, '--out', foreign], io), 2);
    assert.match(
      err,
      /is not empty and has no EXPORT-MANIFEST\.json; refusing to replace a folder okd-topology did not write/,
    );
  });
});
