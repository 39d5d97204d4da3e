// deploy --rendered DIR uploads only what render wrote into DIR: every file needs its sha256 from
// MANIFEST.json, and real paths must stay inside DIR (a symlinked host folder or file is refused even
// when its bytes match). Against the real sshd: the refusals must leave the host untouched.
import assert from 'node:assert/strict';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployCommand } from '../../src/cli/deploy';
import { buildManifest, writeRenderOutput } from '../../src/node/render-output';
import type { RenderedFile } from '../../src/core/render/manifest';
import { makeClientKeys, Sshd, type ClientKeys } from './sshd';

const topology = (port: number): string => `version: 1
cluster: { name: lab, baseDomain: example.com, platform: k3s }
networks:
  - { name: lab, cidr: 192.168.50.0/24 }
hosts:
  - name: svc
    role: services
    interfaces:
      - { network: lab, ip: 192.168.50.5, mac: "52:54:00:00:00:05" }
    ssh: { host: 127.0.0.1, port: ${port}, user: root }
services:
  dns: { host: svc, reload: "true" }
`;

describe('deploy --rendered: only files inside DIR, each with its sha256', function () {
  this.timeout(60000);
  let client: ClientKeys;
  let sshd: Sshd;
  let work: string;
  let topo: string;
  const saved = { HOME: process.env.HOME, SSH_AUTH_SOCK: process.env.SSH_AUTH_SOCK };

  before(async () => {
    client = makeClientKeys();
    sshd = await new Sshd(client).start();
    const home = mkdtempSync(join(tmpdir(), 'okd-home-'));
    mkdirSync(join(home, '.ssh'), { mode: 0o700 });
    copyFileSync(client.key, join(home, '.ssh', 'id_ed25519'));
    process.env.HOME = home;
    delete process.env.SSH_AUTH_SOCK;
    work = mkdtempSync(join(tmpdir(), 'okd-rendered-'));
    topo = join(work, 'cluster.okd.yaml');
    writeFileSync(topo, topology(sshd.port));
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
  const FILE: RenderedFile = {
    target: 'svc',
    path: '/etc/okd-test/app.conf',
    content: 'setting = 1\n',
    mode: '0644',
    service: 'dns',
    reload: ['true'],
  };
  let n = 0;
  const rendered = (files: RenderedFile[] = [FILE]): string => {
    const dir = join(work, `out-${n++}`);
    const r = writeRenderOutput(dir, files, buildManifest(files, 'cluster.okd.yaml', 'lab'));
    assert.ok(r.ok, r.ok ? '' : r.message);
    return dir;
  };
  const deploy = (dir: string) => cli([topo, '--rendered', dir, '--remote-root', sshd.root, '--yes', '--accept-new']);
  const uploaded = () => join(sshd.root, 'etc/okd-test/app.conf');

  it('a host folder that is a symbolic link out of DIR is refused, even with matching bytes; nothing reaches the host', async () => {
    const dir = rendered();
    const elsewhere = join(work, 'elsewhere');
    cpSync(join(dir, 'svc'), join(elsewhere, 'svc'), { recursive: true });
    rmSync(join(dir, 'svc'), { recursive: true });
    symlinkSync(join(elsewhere, 'svc'), join(dir, 'svc'));
    const r = await deploy(dir);
    assert.equal(r.code, 2, r.out + r.err);
    assert.match(
      r.err,
      /svc\/etc\/okd-test\/app\.conf: its folder resolves to .*elsewhere\/svc\/etc\/okd-test, outside the rendered folder; refusing to read it/,
    );
    assert.equal(existsSync(uploaded()), false);
  });

  it('a listed file replaced by a symbolic link (to a key, say) is refused', async () => {
    const dir = rendered();
    const key = join(work, 'id_ed25519');
    writeFileSync(key, FILE.content);
    rmSync(join(dir, 'svc/etc/okd-test/app.conf'));
    symlinkSync(key, join(dir, 'svc/etc/okd-test/app.conf'));
    const r = await deploy(dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /app\.conf: is a symbolic link, but MANIFEST\.json lists a file; refusing to follow it/);
    assert.equal(existsSync(uploaded()), false);
  });

  it('a manifest entry without sha256, or whose local path is not target/path, is refused', async () => {
    const dir = rendered();
    const mf = join(dir, 'MANIFEST.json');
    const m = JSON.parse(readFileSync(mf, 'utf8'));
    delete m.files[0].sha256;
    writeFileSync(mf, JSON.stringify(m));
    const noHash = await deploy(dir);
    assert.equal(noHash.code, 2);
    assert.match(
      noHash.err,
      /MANIFEST\.json: files\[0\] \(svc\/etc\/okd-test\/app\.conf\) has no sha256; render again/,
    );
    const dir2 = rendered();
    const m2 = JSON.parse(readFileSync(join(dir2, 'MANIFEST.json'), 'utf8'));
    m2.files[0].path = '/root/.ssh/authorized_keys';
    writeFileSync(join(dir2, 'MANIFEST.json'), JSON.stringify(m2));
    const moved = await deploy(dir2);
    assert.equal(moved.code, 2);
    assert.match(moved.err, /files\[0\]\.local "svc\/etc\/okd-test\/app\.conf" is not svc\/<path>/);
    assert.equal(existsSync(join(sshd.root, 'root/.ssh/authorized_keys')), false);
    assert.equal(existsSync(uploaded()), false);
  });

  it('the folder as render wrote it deploys, also through a symbolic link to DIR itself', async () => {
    const dir = rendered();
    symlinkSync(dir, join(work, 'latest'));
    const r = await deploy(join(work, 'latest'));
    assert.equal(r.code, 0, r.out + r.err);
    assert.equal(readFileSync(uploaded(), 'utf8'), FILE.content);
  });
});
