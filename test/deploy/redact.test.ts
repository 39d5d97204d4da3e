// Secret masking in transcripts and errors: config syntax is masked, prose around secret words is kept.
import assert from 'node:assert/strict';
import { redact } from '../../src/core/deploy/redact';

describe('deploy redaction', () => {
  const masked: [string, string][] = [
    ['keepalived', '    auth_pass s3cr3tPW'],
    ['BIND key', 'key "rndc-key" { algorithm hmac-sha256; secret "c2VjcmV0a2V5Zm9yYmluZA=="; };'],
    ['dhcpd key', 'key ddns { algorithm hmac-md5; secret pRP5FapFoJ95JEL06sv4PQ==; }'],
    ['INI key = value', 'bind_password = hunter2x'],
    ['YAML key: value', '  password: "two words"'],
    ['YAML camelCase', 'pullSecret: \'{"auths":{"mirror:5000":{"auth":"dXNlcjpwYXNz"}}}\''],
    ['JSON auth', '{"auths": {"quay.io": {"auth": "dXNlcjpwYXNz", "email": "a@b"}}}'],
    ['env file', 'API_TOKEN=abcdef123456'],
    ['HAProxy userlist', 'user admin password $6$salt$hashhashhash'],
    ['HAProxy insecure', 'user admin insecure-password plainpw1'],
    ['HAProxy stats', 'stats auth admin:statspw1'],
    ['flag with space', 'oc login --password hunter2x --server x'],
    ['flag with =', 'ipmitool --password=hunter2x'],
    ['URL credentials', 'fetching https://deploy:hunter2x@mirror.lab:5000/v2/'],
    ['Bearer', 'Authorization: Bearer abc.def-ghi_jkl'],
    ['bare Bearer', 'sent Bearer sha256~AbCdEfGhIjKlMnOp'],
    ['JWT', 'token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJl'],
    ['PEM', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----'],
    ['PEM cut short', '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA'],
    ['SNMP', 'rocommunity s3cr3tc 10.0.0.0/8'],
  ];
  const secrets =
    /s3cr3tPW|c2VjcmV0a2V5|pRP5FapFoJ95|hunter2x|two words|dXNlcjpwYXNz|abcdef123456|hashhashhash|plainpw1|statspw1|abc\.def|AbCdEfGh|eyJzdWIi|b3BlbnNzaC1r|MIIEowIBAAKCAQEA|s3cr3tc/;

  for (const [what, line] of masked) {
    it(`masks ${what}`, () => {
      const out = redact(line);
      assert.doesNotMatch(out, secrets, out);
      assert.match(out, /\*\*\*|redacted/, out);
    });
  }

  it('keeps the rest of a masked line', () => {
    assert.equal(
      redact('oc login --password hunter2x --server https://api.lab:6443'),
      'oc login --password *** --server https://api.lab:6443',
    );
    assert.equal(redact('https://deploy:hunter2x@mirror.lab:5000/v2/'), 'https://deploy:***@mirror.lab:5000/v2/');
    assert.equal(redact('  password: x1 # comment'), '  password: *** # comment');
  });

  it('masks secrets given by value (a key passphrase) wherever they appear', () => {
    assert.equal(redact('bad line: xyz-passphrase-9 here', ['xyz-passphrase-9']), 'bad line: *** here');
  });

  const prose = [
    'the sudo password is required',
    'sudo: a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper',
    'sudo: a password is required',
    'root@svc is not root, and its sudo would prompt (deploy never answers prompts); allow this user NOPASSWD sudo, or connect as root',
    "Enter passphrase for key '/root/.ssh/id_ed25519':",
    '~/.ssh/id_rsa: wrong passphrase',
    'the token expired, log in again',
    'no secret configured for zone lab.example.com',
    'PasswordAuthentication no',
    'zone lab.example.com/IN: loaded serial 2024010101',
    'Configuration file is valid',
    'Bearer token required',
    'https://mirror.lab:5000/v2/ returned 401',
    'user admin is not in the userlist',
  ];
  for (const p of prose) {
    it(`keeps prose: ${p.slice(0, 50)}`, () => assert.equal(redact(p), p));
  }
});
