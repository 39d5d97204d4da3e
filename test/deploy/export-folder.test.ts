// export-ansible --out follows render's ownership rules with its own EXPORT-MANIFEST.json: it replaces
// only a folder it wrote, refuses foreign files and hand edits by name, and never writes through a
// symbolic link inside the folder.
import assert from 'node:assert/strict';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { exportAnsibleCommand } from '../../src/cli/export-ansible';

const topology = `version: 1
cluster: { name: lab, baseDomain: example.com, platform: k3s }
networks:
  - { name: lab, cidr: 192.168.50.0/24 }
hosts:
  - name: svc
    role: services
    interfaces:
      - { network: lab, ip: 192.168.50.5, mac: "52:54:00:00:00:05" }
    ssh: { host: 127.0.0.1, port: 2222, user: root }
services:
  dns: { host: svc, reload: "true" }
`;

describe('export-ansible --out: only a folder it wrote is replaced', () => {
  const work = mkdtempSync(join(tmpdir(), 'okd-export-own-'));
  const topo = join(work, 'cluster.okd.yaml');
  writeFileSync(topo, topology);
  const run = async (args: string[]) => {
    let err = '';
    const code = await exportAnsibleCommand([topo, ...args], { out: () => undefined, err: (s) => (err += s) });
    return { code, err };
  };

  it('lists every file with its sha256 in EXPORT-MANIFEST.json and replaces its own folder', async () => {
    const out = join(work, 'a');
    assert.equal((await run(['--out', out])).code, 0);
    const m = JSON.parse(readFileSync(join(out, 'EXPORT-MANIFEST.json'), 'utf8')) as {
      generator: string;
      files: { local: string; sha256: string }[];
    };
    assert.equal(m.generator, 'okd-topology export-ansible');
    assert.deepEqual(m.files.map((f) => f.local).slice(0, 2), ['inventory.yml', 'site.yml']);
    for (const f of m.files)
      assert.equal(
        f.sha256,
        createHash('sha256')
          .update(readFileSync(join(out, f.local)))
          .digest('hex'),
      );
    assert.equal((await run(['--out', out])).code, 0);
  });

  it('refuses a foreign file, and an older export without a manifest, naming what it found', async () => {
    const out = join(work, 'b');
    assert.equal((await run(['--out', out])).code, 0);
    writeFileSync(join(out, 'group_vars.yml'), 'mine: 1\n');
    const r = await run(['--out', out]);
    assert.equal(r.code, 2);
    assert.match(r.err, /holds files okd-topology did not write[^]*\n {2}group_vars\.yml\n/);
    assert.equal(readFileSync(join(out, 'group_vars.yml'), 'utf8'), 'mine: 1\n');
    const old = join(work, 'old');
    mkdirSync(old);
    writeFileSync(join(old, 'site.yml'), '# my own playbook\n');
    const o = await run(['--out', old]);
    assert.equal(o.code, 2);
    assert.match(o.err, /has no EXPORT-MANIFEST\.json[^]*\n {2}site\.yml/);
    assert.equal(readFileSync(join(old, 'site.yml'), 'utf8'), '# my own playbook\n');
  });

  it('a hand-edited site.yml is refused by name; --overwrite-edited replaces it', async () => {
    const out = join(work, 'c');
    assert.equal((await run(['--out', out])).code, 0);
    writeFileSync(join(out, 'site.yml'), `${readFileSync(join(out, 'site.yml'), 'utf8')}# tuned\n`);
    const r = await run(['--out', out]);
    assert.equal(r.code, 2);
    assert.match(r.err, /changed since okd-topology wrote them; refusing to overwrite the edits:\n {2}site\.yml\n/);
    assert.match(readFileSync(join(out, 'site.yml'), 'utf8'), /# tuned/);
    assert.equal((await run(['--out', out, '--overwrite-edited'])).code, 0);
    assert.doesNotMatch(readFileSync(join(out, 'site.yml'), 'utf8'), /# tuned/);
  });

  it('never writes through a symbolic link inside the folder', async () => {
    const out = join(work, 'd');
    assert.equal((await run(['--out', out])).code, 0);
    const elsewhere = join(work, 'elsewhere');
    mkdirSync(join(elsewhere, 'etc'), { recursive: true });
    writeFileSync(join(elsewhere, 'etc', 'named.conf'), 'the real one\n');
    rmSync(join(out, 'files', 'svc'), { recursive: true });
    symlinkSync(elsewhere, join(out, 'files', 'svc'));
    const r = await run(['--out', out]);
    assert.equal(r.code, 2);
    assert.match(r.err, /\n {2}files\/svc\n/);
    assert.equal(readFileSync(join(elsewhere, 'etc', 'named.conf'), 'utf8'), 'the real one\n');
    assert.equal(lstatSync(join(out, 'files', 'svc')).isSymbolicLink(), true);
    assert.equal(existsSync(join(elsewhere, 'etc', 'named.conf')), true);
  });
});
