// Pure parts of deploy: quoting, command templates, paths, the plan, batch framing, ssh config and known_hosts.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatPlan } from '../../src/core/deploy/format';
import { buildDeployPlan } from '../../src/core/deploy/plan';
import { commandLine, parseCommandTemplate, shQuote } from '../../src/core/deploy/quote';
import { redact } from '../../src/core/deploy/redact';
import { batchScript, parseBatch } from '../../src/core/deploy/script';
import { parseSshConfig, resolveHost } from '../../src/ssh/config';
import { appendKnownHost, checkHostKey, fingerprint, parseKnownHosts } from '../../src/ssh/knownhosts';
import { file, makeTopology } from './fixtures';
import { keygen } from './sshd';

const sh = (script: string): string => execFileSync('sh', ['-c', script], { encoding: 'utf8' });

describe('deploy core', () => {
  it('shQuote survives the real shell for every hostile word', () => {
    const words = ["it's", '$(touch /tmp/x)', '`id`', 'a;b', 'a\nb', '"q"', '\\', ' lead', '*', '', "'", "''\\''"];
    for (const w of words) assert.equal(sh(`printf %s ${shQuote(w)}`), w);
    assert.throws(() => shQuote('a\0b'), /NUL/);
    assert.throws(() => commandLine(['$(id)', 'x']), /not a valid program name/);
  });

  it('command templates from the topology are argv, and shell syntax is refused', () => {
    assert.deepEqual(parseCommandTemplate("named-checkzone 'lab zone' {file}").argv, [
      'named-checkzone',
      'lab zone',
      '{file}',
    ]);
    assert.deepEqual(parseCommandTemplate("sh -c 'a && b'").argv, ['sh', '-c', 'a && b']);
    for (const bad of ['true; rm -rf /', 'a | b', 'a $(b)', 'a `b`', 'a > /etc/x', 'a && b', 'x "$HOME"', "a 'b", '']) {
      assert.ok(parseCommandTemplate(bad).error, bad);
    }
  });

  it('batch framing reports each step and stops at the first failure', () => {
    const out = sh(batchScript(['echo one', 'echo two >&2; false', 'echo never'], 'abc123'));
    const steps = parseBatch(out, 'abc123');
    assert.deepEqual(
      steps.map((s) => [s.index, s.rc, s.output.trim()]),
      [
        [0, 0, 'one'],
        [1, 1, 'two'],
      ],
    );
    const all = parseBatch(sh(batchScript(['false', 'echo x'], 'n1', false)), 'n1');
    assert.deepEqual(
      all.map((s) => s.rc),
      [1, 0],
    );
  });

  it('plans per host: remote root, temp beside target, one reload per service, checks deduplicated', () => {
    const t = makeTopology(
      [
        { name: 'a', port: 2201 },
        { name: 'b', port: 2202 },
      ],
      { kubeApi: { hosts: ['b'] } },
    );
    t.cluster.kubeconfig = '/root/kubeconfig';
    const health = [{ kind: 'service-active' as const, unit: 'named' }];
    const files = [
      file('a', '/etc/named.conf', 'x', {
        validate: ['named-checkconf', '{file}'],
        reload: ['systemctl', 'reload', 'named'],
        health,
      }),
      file('a', '/var/named/z.zone', 'x', { reload: ['systemctl', 'reload', 'named'], health }),
      file('cluster', 'metallb.yaml', 'kind: IPAddressPool', { apply: 'oc', service: 'metallb' }),
      file('cluster', 'install-config.yaml', 'x', { service: 'installer' }),
    ];
    const { plan, errors } = buildDeployPlan(files, t, { remoteRoot: '/stage' });
    assert.deepEqual(errors, []);
    // The hosts phase leaves the manifests to the cluster phase (b has no files of its own, so it is not in this plan).
    assert.deepEqual(
      plan.hosts.map((h) => h.host.name),
      ['a'],
    );
    assert.equal(plan.phase, 'hosts');
    assert.deepEqual(
      plan.pending.map((p) => [p.phase, p.command]),
      [
        ['install', 'okd-topology deploy cluster.okd.yaml --phase install'],
        ['cluster', 'okd-topology deploy cluster.okd.yaml --phase cluster'],
      ],
    );
    const a = plan.hosts[0];
    assert.equal(a.files[0].remotePath, '/stage/etc/named.conf');
    assert.equal(a.files[0].tmpPath, '/stage/etc/.named.conf.okd-tmp');
    assert.deepEqual(a.files[0].validate, ['named-checkconf', '/stage/etc/.named.conf.okd-tmp']);
    assert.equal(a.services.length, 1);
    assert.equal(a.services[0].health.length, 1);
    const text = formatPlan(plan);
    assert.match(text, /a {2}\(root@127\.0\.0\.1:2201\)/);
    assert.match(
      text,
      /Later phases \(not run by this deploy\):\n(.*\n)* {2}cluster: 1 cluster manifest\(s\): metallb\.yaml\n.*needs a running cluster.*\n {6}run: okd-topology deploy cluster\.okd\.yaml --phase cluster/,
    );
    const cluster = buildDeployPlan(files, t, { remoteRoot: '/stage', phase: 'cluster' });
    assert.deepEqual(cluster.errors, []);
    assert.deepEqual(
      cluster.plan.hosts.map((h) => [h.host.name, h.files.length]),
      [['b', 0]],
      'the cluster phase touches no host file',
    );
    assert.deepEqual(
      cluster.plan.hosts[0].applies.map((x) => [x.tool, x.file.path, x.kubeconfig]),
      [['oc', 'metallb.yaml', '/stage/root/kubeconfig']],
    );
    assert.deepEqual(cluster.plan.pending, []);
    assert.match(formatPlan(cluster.plan), /oc apply -f metallb\.yaml .*server-side dry run/);
  });

  it('plan errors: unknown hosts, relative or unnormalised paths, bad modes; cluster files without kubeApi only in the cluster phase', () => {
    const t = makeTopology([{ name: 'a', port: 22 }]);
    const files = [
      file('ghost', '/etc/x', 'x'),
      file('a', 'etc/x', 'x'),
      file('a', '/etc/../x', 'x'),
      file('a', '/etc/y', 'x', { mode: 'rwx' }),
      file('cluster', 'm.yaml', 'x', { apply: 'kubectl' }),
    ];
    const { errors, plan } = buildDeployPlan(files, t, { hosts: ['a', 'zzz'] });
    const all = errors.join('\n');
    assert.match(all, /--host zzz: no such host/);
    assert.match(all, /not an absolute path/);
    assert.match(all, /not normalised/);
    assert.match(all, /not an octal file mode/);
    assert.doesNotMatch(all, /kubeApi/, 'the hosts phase never refuses for a later phase');
    assert.deepEqual(
      plan.pending.map((p) => [p.phase, p.needs[0]]),
      [['cluster', 'services.kubeApi (the host that runs kubectl)']],
    );
    assert.doesNotMatch(all, /ghost/, '--host filters the other hosts out');
    const cluster = buildDeployPlan(files, t, { phase: 'cluster' });
    assert.deepEqual(cluster.errors, [
      "m.yaml: the cluster phase needs services.kubeApi to name the host that runs kubectl (with the cluster's kubeconfig)",
    ]);
  });

  it('a reload override drops the default unit check (the service is not run by that unit)', () => {
    const t = makeTopology([{ name: 'a', port: 22 }], { dns: { reload: 'true' } });
    const { plan } = buildDeployPlan(
      [
        file('a', '/etc/n', 'x', {
          reload: ['true'],
          health: [
            { kind: 'service-active', unit: 'named' },
            { kind: 'tcp', port: 53 },
          ],
        }),
      ],
      t,
    );
    assert.deepEqual(plan.hosts[0].services[0].health, [{ kind: 'tcp', port: 53 }]);
  });

  it('redacts secrets in transcripts', () => {
    const out = redact('auth_pass s3cr3t\n"auth": "dXNlcjpwYXNz"\npassword=hunter2 ok\nkey passphrase-xyz', [
      'passphrase-xyz',
    ]);
    assert.doesNotMatch(out, /s3cr3t|dXNlcjpwYXNz|hunter2|passphrase-xyz/);
    assert.match(out, /ok/);
  });

  it('~/.ssh/config: first value wins, patterns and negation, IdentityFile accumulates, tokens expand', () => {
    const cfg = parseSshConfig(
      [
        'Host bastion',
        '  HostName 192.0.2.1',
        '  User jump',
        'Host *.lab !db.lab',
        '  User ops',
        '  ProxyJump bastion',
        '  IdentityFile ~/.ssh/lab_%r',
        'Host web.lab',
        '  HostName 10.1.0.5',
        '  Port 2222',
        'Match exec "false"',
        '  User never',
        'Host *',
        '  User fallback',
        '  IdentityFile ~/.ssh/id_ed25519',
      ].join('\n'),
    );
    const web = resolveHost(cfg, 'web.lab', '/home/u');
    assert.deepEqual([web.hostname, web.user, web.port, web.proxyJump], ['10.1.0.5', 'ops', 2222, 'bastion']);
    assert.deepEqual(web.identityFiles, ['/home/u/.ssh/lab_ops', '/home/u/.ssh/id_ed25519']);
    const db = resolveHost(cfg, 'db.lab', '/home/u');
    assert.deepEqual([db.hostname, db.user, db.proxyJump], [undefined, 'fallback', undefined]);
  });

  it('known_hosts: plain, hashed (as written by ssh-keygen -H) and [host]:port; changed vs unknown', () => {
    const dir = mkdtempSync(join(tmpdir(), 'okd-kh-'));
    const pub = keygen(join(dir, 'k1')).split(' ');
    const other = keygen(join(dir, 'k2')).split(' ');
    const blob = Buffer.from(pub[1], 'base64');
    const kh = join(dir, 'known_hosts');
    writeFileSync(
      kh,
      `# comment\nplain.example,10.0.0.9 ${pub[0]} ${pub[1]}\n[hashed.example]:2222 ${pub[0]} ${pub[1]}\nchanged.example ${other[0]} ${other[1]}\n`,
    );
    const r = spawnSync('ssh-keygen', ['-H', '-f', kh]);
    assert.equal(r.status, 0, String(r.stderr));
    const hashedText = readFileSync(kh, 'utf8');
    assert.doesNotMatch(hashedText, /hashed\.example/);
    const entries = parseKnownHosts(hashedText);
    assert.equal(checkHostKey(entries, '10.0.0.9', 22, blob).status, 'known');
    assert.equal(checkHostKey(entries, 'hashed.example', 2222, blob).status, 'known');
    assert.equal(checkHostKey(entries, 'hashed.example', 22, blob).status, 'unknown');
    assert.equal(checkHostKey(entries, 'changed.example', 22, blob).status, 'changed');
    appendKnownHost(kh, 'new.example', 2200, blob);
    assert.equal(checkHostKey(parseKnownHosts(readFileSync(kh, 'utf8')), 'new.example', 2200, blob).status, 'known');
    const fp = execFileSync('ssh-keygen', ['-lf', join(dir, 'k1.pub')], { encoding: 'utf8' }).split(' ')[1];
    assert.equal(fingerprint(blob), fp);
  });
});
