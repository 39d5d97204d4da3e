// Secrets filled into install-config.yaml: cluster.sshKeyFile must be one public key line (a private
// key is refused and copied nowhere), the pull secret JSON, and every value goes through the YAML
// emitter, so none can add a key or a document.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { load, loadAll } from 'js-yaml';
import { renderCommand } from '../../src/cli/render';
import { fillSecrets, pullSecretProblem, sshPublicKeyProblem, type SecretRef } from '../../src/core/render/secrets';
import { FIXTURES, tmpDir } from './helpers';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await renderCommand(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const keys = tmpDir('keys');
let made = 0;
function keygen(type: string): { pub: string; priv: string; file: string } {
  const file = path.join(keys, `id_${type}_${made++}`);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', `me@${type}`, '-f', file]);
  return { pub: readFileSync(`${file}.pub`, 'utf8'), priv: readFileSync(file, 'utf8'), file };
}

describe('secrets: SSH public key and pull secret files', function () {
  this.timeout(30000);
  const ed = keygen('ed25519');
  const rsa = keygen('rsa');
  const ecdsa = keygen('ecdsa');

  it('accepts a real public key line of each type, with or without a comment', () => {
    for (const k of [ed, rsa, ecdsa]) assert.equal(sshPublicKeyProblem(k.pub), undefined, k.pub);
    assert.equal(sshPublicKeyProblem(ed.pub.split(' ').slice(0, 2).join(' ')), undefined);
  });

  it('refuses a private key, several lines, authorized_keys options, a wrong type label and injected text', () => {
    for (const k of [ed, rsa, ecdsa])
      assert.deepEqual(sshPublicKeyProblem(k.priv), { privateKey: true, reason: 'it is a private key' });
    const [type, body] = ed.pub.split(' ');
    const cases: [string, RegExp][] = [
      ['', /empty/],
      [`${ed.pub}${rsa.pub}`, /more than one line/],
      [`${ed.pub.trim()}'\nsshKey: 'ssh-rsa AAAA evil`, /more than one line/],
      [`command="id" ${ed.pub}`, /not "TYPE BASE64-KEY \[COMMENT\]"|not a public key type/],
      [`ssh-rsa ${body} x`, /its base64 key is not a ssh-rsa key/],
      [`${type} ${body.slice(0, 20)} x`, /its base64 key is not a ssh-ed25519 key/],
      [`ssh-dsa ${body}`, /"ssh-dsa" is not a public key type/],
      [`${type} ${body} a\u0007bell`, /not "TYPE BASE64-KEY/],
    ];
    for (const [text, why] of cases)
      assert.match(sshPublicKeyProblem(text)?.reason ?? 'accepted', why, JSON.stringify(text));
  });

  it('a pull secret must be JSON with an "auths" object', () => {
    assert.equal(pullSecretProblem('{"auths":{"quay.io":{"auth":"eA=="}}}'), undefined);
    assert.equal(pullSecretProblem(ed.priv), 'it is a private key');
    assert.equal(pullSecretProblem('hello'), 'it is not JSON');
    assert.equal(pullSecretProblem('{"auths":[]}'), 'it has no "auths" object');
  });

  it('every value is one emitted YAML scalar, whatever it holds and however the template quoted the placeholder', () => {
    const refs: SecretRef[] = [
      { placeholder: '__S1__', kind: 'bmcPassword', host: 'a' },
      { placeholder: '__S2__', kind: 'bmcPassword', host: 'b' },
      { placeholder: '__S3__', kind: 'bmcPassword', host: 'c' },
    ];
    const hostile = 'x\'\nextra: injected\n---\nkind: Namespace\n"y\\';
    const filled = fillSecrets('one: \'__S1__\'\ntwo: "__S2__"\nthree: __S3__\n', refs, {
      __S1__: hostile,
      __S2__: hostile,
      __S3__: hostile,
    });
    assert.equal(filled.missing.length, 0);
    assert.equal(loadAll(filled.content).length, 1, filled.content);
    assert.deepEqual(load(filled.content), { one: hostile, two: hostile, three: hostile });
  });
});

describe('render --install-config refuses a private key (nothing written anywhere)', function () {
  this.timeout(30000);

  const setup = (sshKey: string, pull = '{"auths": {"mirror:5000": {"auth": "c2VjcmV0"}}}\n') => {
    const dir = tmpDir('secret-cli');
    cpSync(path.join(FIXTURES, 'ha-services.okd.yaml'), path.join(dir, 'cluster.okd.yaml'));
    writeFileSync(path.join(dir, 'pull-secret.json'), pull);
    writeFileSync(path.join(dir, 'ssh.pub'), sshKey);
    return {
      dir,
      topo: path.join(dir, 'cluster.okd.yaml'),
      out: path.join(dir, 'out'),
      dest: path.join(dir, 'install-config.yaml'),
    };
  };

  it('sshKeyFile holding a private key: exit 1, named as such, no install-config and no output', async () => {
    const k = keygen('ed25519');
    const s = setup(k.priv);
    const r = await cli([s.topo, '--out', s.out, '--install-config', s.dest]);
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /cluster\.sshKeyFile ssh\.pub is a private key; name the public key .*; nothing was written/);
    assert.equal(existsSync(s.dest), false);
    assert.equal(existsSync(s.out), false);
    assert.deepEqual(readdirSync(s.dir).sort(), ['cluster.okd.yaml', 'pull-secret.json', 'ssh.pub']);
  });

  it('sshKeyFile that is not one public key line, or a pull secret that is a private key: refused before writing', async () => {
    const k = keygen('ed25519');
    const two = setup(`${k.pub}${k.pub}`);
    const r = await cli([two.topo, '--out', two.out, '--install-config', two.dest]);
    assert.equal(r.code, 1);
    assert.match(r.err, /cluster\.sshKeyFile ssh\.pub is not an SSH public key: it has more than one line/);
    assert.equal(existsSync(two.dest), false);
    const pull = setup(k.pub, k.priv);
    const p = await cli([pull.topo, '--out', pull.out, '--install-config', pull.dest]);
    assert.equal(p.code, 1);
    assert.match(p.err, /cluster\.pullSecretFile pull-secret\.json is not a pull secret: it is a private key/);
    assert.equal(existsSync(pull.dest), false);
  });

  it('a device or a FIFO as the key file is refused at once, never read', async () => {
    const s = setup('');
    execFileSync('rm', [path.join(s.dir, 'ssh.pub')]);
    execFileSync('mkfifo', [path.join(s.dir, 'ssh.pub')]);
    const fifo = await cli([s.topo, '--out', s.out, '--install-config', s.dest]);
    assert.equal(fifo.code, 1);
    assert.match(fifo.err, /cannot read the SSH key file ssh\.pub \(is a named pipe \(FIFO\), not a regular file\)/);
    writeFileSync(s.topo, readFileSync(s.topo, 'utf8').replace('sshKeyFile: ssh.pub', 'sshKeyFile: /dev/zero'));
    const zero = await cli([s.topo, '--out', s.out, '--install-config', s.dest]);
    assert.equal(zero.code, 1);
    assert.match(zero.err, /cannot read the SSH key file \/dev\/zero \(is a device, not a regular file\)/);
    assert.equal(existsSync(s.dest), false);
  });
});
