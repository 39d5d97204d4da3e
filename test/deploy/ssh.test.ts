// Deploy against real OpenSSH servers on 127.0.0.1 (started by the tests, --remote-root in a temp dir).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDeployPlan } from '../../src/core/deploy/plan';
import type { DeployEvent } from '../../src/core/deploy/events';
import type { RenderedFile } from '../../src/core/render/manifest';
import { runDeploy, type DeployRunOptions } from '../../src/ssh/deploy';
import { fetchRemoteFiles } from '../../src/ssh/fetch';
import { file, makeTopology } from './fixtures';
import { keygen, makeClientKeys, requireTool, Sshd, testRunOptions, type ClientKeys } from './sshd';

describe('deploy over SSH (real sshd)', function () {
  this.timeout(30000);
  let client: ClientKeys;
  let sshd: Sshd;
  let kh: string;

  before(async () => {
    client = makeClientKeys();
    sshd = await new Sshd(client).start();
  });
  after(async () => {
    await sshd?.destroy();
  });
  beforeEach(() => {
    kh = join(client.dir, `known_hosts-${Math.random().toString(36).slice(2)}`);
    writeFileSync(kh, sshd.knownHostsLine() + '\n');
  });

  const opts = (extra: Partial<DeployRunOptions> = {}): DeployRunOptions => testRunOptions(client, kh, extra);
  const r = (p: string): string => join(sshd.root, p);
  const topo = (services = {}) => makeTopology([{ name: 'svc', port: sshd.port }], services);
  const plan = (files: RenderedFile[], services = {}) => {
    const res = buildDeployPlan(files, topo(services), { remoteRoot: sshd.root });
    assert.deepEqual(res.errors, []);
    return res.plan;
  };
  const seed = (p: string, content: string, mode = 0o640): void => {
    mkdirSync(join(r(p), '..'), { recursive: true });
    writeFileSync(r(p), content, { mode });
    execFileSync('chmod', [mode.toString(8), r(p)]);
  };
  /** Every file under the root with its bytes and mode: the host state a rollback must restore exactly. */
  const snapshot = (backups = true): Record<string, string> => {
    const out: Record<string, string> = {};
    const walk = (d: string): void => {
      for (const n of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, n.name);
        if (n.isDirectory()) walk(p);
        else if (!backups && n.name.endsWith('.okd-bak')) continue;
        else if (n.isSymbolicLink()) out[p.slice(sshd.root.length)] = `link ${readlinkSync(p)}`;
        else out[p.slice(sshd.root.length)] = `${(statSync(p).mode & 0o7777).toString(8)} ${readFileSync(p, 'base64')}`;
      }
    };
    walk(sshd.root);
    return out;
  };
  const marker = (name: string) => r(`/var/${name}-${Math.random().toString(36).slice(2)}`);

  it('happy path: uploads, validates, backs up, renames, reloads once per service, checks health; then nothing to do', async () => {
    seed('/etc/named/zone.db', 'old zone\n', 0o600);
    const reloaded = marker('reloaded');
    const files = [
      file('svc', '/etc/named/zone.db', '$ORIGIN example.com.\nzone new\n', {
        validate: ['grep', '-q', 'zone new', '{file}'],
        reload: ['touch', reloaded],
        health: [
          { kind: 'tcp', port: sshd.port },
          { kind: 'dns', name: 'localhost', expect: '127.0.0.1' },
        ],
      }),
      file('svc', '/etc/named/new/named.conf', 'options {};\n', {
        mode: '0640',
        validate: ['test', '-s', '{file}'],
        reload: ['touch', reloaded],
      }),
      file('svc', '/var/lib/tftpboot/pxelinux.cfg/01-aa-bb', 'master', { service: 'pxe', symlink: true }),
    ];
    const events: DeployEvent[] = [];
    const [res] = await runDeploy(plan(files), opts({ onEvent: (e) => events.push(e) }));
    assert.equal(res.outcome, 'deployed', res.error);
    assert.equal(readFileSync(r('/etc/named/zone.db'), 'utf8'), '$ORIGIN example.com.\nzone new\n');
    assert.equal(statSync(r('/etc/named/zone.db')).mode & 0o777, 0o644);
    assert.equal(readFileSync(r('/etc/named/zone.db.okd-bak'), 'utf8'), 'old zone\n');
    assert.equal(statSync(r('/etc/named/new/named.conf')).mode & 0o777, 0o640);
    assert.ok(existsSync(reloaded));
    assert.equal(
      execFileSync('readlink', [r('/var/lib/tftpboot/pxelinux.cfg/01-aa-bb')])
        .toString()
        .trim(),
      'master',
    );
    assert.equal(events.filter((e) => e.phase === 'reload').length, 1, 'two dns files share one reload');
    assert.deepEqual(
      events
        .filter((e) => e.phase === 'health')
        .map((e) => e.message)
        .sort(),
      ['localhost resolves to 127.0.0.1', `port ${sshd.port} accepts connections`],
    );
    assert.ok(!readdirSync(r('/etc/named')).some((n) => n.includes('okd-tmp')), 'no temp files left');

    const [again] = await runDeploy(plan(files), opts());
    assert.equal(again.outcome, 'unchanged');
  });

  it('refuses an unknown host key unless accepted, then records it hashed (OpenSSH finds it)', async () => {
    writeFileSync(kh, '');
    const files = [file('svc', '/etc/unknown-key.conf', 'x\n')];
    const seen: string[] = [];
    const [refused] = await runDeploy(
      plan(files),
      opts({ onUnknownHost: async (i) => (seen.push(i.fingerprint), false) }),
    );
    assert.equal(refused.outcome, 'failed');
    const fp = execFileSync('ssh-keygen', ['-lf', `${sshd.hostKey}.pub`])
      .toString()
      .split(' ')[1];
    assert.deepEqual(seen, [fp], 'the prompt shows the same SHA256 fingerprint as ssh-keygen -l');
    assert.match(refused.error!, /not known/);
    assert.ok(refused.error!.includes(fp));
    assert.ok(!existsSync(r('/etc/unknown-key.conf')));
    assert.equal(readFileSync(kh, 'utf8'), '');

    const [accepted] = await runDeploy(plan(files), opts({ onUnknownHost: async () => true }));
    assert.equal(accepted.outcome, 'deployed', accepted.error);
    assert.match(readFileSync(kh, 'utf8'), /^\|1\|/);
    const found = execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${sshd.port}`, '-f', kh]).toString();
    assert.match(found, /ssh-ed25519/);
  });

  it('stops hard on a changed host key: nothing is sent, the message says how to proceed', async () => {
    const other = keygen(join(client.dir, `other-${Date.now()}`));
    writeFileSync(kh, `[127.0.0.1]:${sshd.port} ${other.split(' ').slice(0, 2).join(' ')}\n`);
    let asked = false;
    const reloaded = marker('changed');
    const files = [file('svc', '/etc/changed.conf', 'x\n', { reload: ['touch', reloaded] })];
    const [res] = await runDeploy(plan(files), opts({ onUnknownHost: async () => (asked = true) }));
    assert.equal(res.outcome, 'failed');
    assert.equal(asked, false, 'a changed key is never offered for acceptance');
    assert.match(res.error!, /HOST KEY CHANGED/);
    assert.ok(res.error!.includes(`ssh-keygen -R '[127.0.0.1]:${sshd.port}'`));
    assert.ok(!existsSync(r('/etc/changed.conf')) && !existsSync(reloaded));
  });

  it('reports a wrong client key as an authentication error', async () => {
    const wrong = join(client.dir, `wrong-${Date.now()}`);
    keygen(wrong);
    const [res] = await runDeploy(plan([file('svc', '/etc/auth.conf', 'x')]), opts({ identityFiles: [wrong] }));
    assert.equal(res.outcome, 'failed');
    assert.match(res.error!, /authentication failed: the server accepted none of .*wrong-/);
    assert.match(res.error!, /authorized_keys/);
  });

  it('a validator failure changes nothing on the host', async () => {
    seed('/etc/dhcp/dhcpd.conf', 'old dhcp\n', 0o644);
    seed('/etc/haproxy/haproxy.cfg', 'old lb\n', 0o600);
    const before = snapshot();
    const files = [
      file('svc', '/etc/dhcp/dhcpd.conf', 'new dhcp\n', { service: 'dhcp', validate: ['true', '{file}'] }),
      file('svc', '/etc/haproxy/haproxy.cfg', 'new lb\n', {
        service: 'loadBalancer',
        validate: ['grep', '-q', 'no such line', '{file}'],
      }),
    ];
    const [res] = await runDeploy(plan(files), opts());
    assert.equal(res.outcome, 'failed');
    assert.match(res.error!, /validation of .*haproxy\.cfg failed: grep -q 'no such line'/);
    assert.match(res.error!, /No file on the host was changed/);
    assert.deepEqual(snapshot(), before);
  });

  for (const failure of ['reload', 'health'] as const) {
    it(`a ${failure} failure after the swap rolls every file back byte-identically and reloads again`, async () => {
      seed('/etc/chrony/chrony.conf', 'server a\n', 0o644);
      seed('/etc/named.conf', 'named old\n', 0o640);
      const before = snapshot(false);
      const reloads = marker('reloads');
      const files = [
        file('svc', '/etc/named.conf', 'named new\n', { reload: ['sh', '-c', `echo x >> ${reloads}`] }),
        file('svc', '/etc/chrony/chrony.conf', 'server b\n', {
          service: 'ntp',
          // Like a daemon that refuses the new config on restart: fails until the old file is back.
          reload: failure === 'reload' ? ['grep', '-q', 'server a', r('/etc/chrony/chrony.conf')] : ['true'],
          health: failure === 'health' ? [{ kind: 'tcp', port: 1, address: '127.0.0.1' }] : [],
        }),
        file('svc', '/etc/brand-new.conf', 'new\n', { service: 'ntp' }),
      ];
      const [res] = await runDeploy(plan(files), opts());
      assert.equal(res.outcome, 'rolled-back', res.error);
      assert.match(
        res.error!,
        failure === 'reload'
          ? /reloading ntp \(grep -q 'server a' .*\) failed/
          : /health check failed: port 1 on 127.0.0.1/,
      );
      const after = snapshot(false);
      delete after[reloads.slice(sshd.root.length)];
      assert.deepEqual(after, before);
      assert.equal(
        readFileSync(reloads, 'utf8'),
        'x\nx\n',
        'dns reloaded for the new files and again after the restore',
      );
    });
  }

  it('a connection cut mid-upload changes no file, says which temp file is left, and the next deploy removes it', async () => {
    seed('/etc/big.conf', 'original\n', 0o644);
    const before = readFileSync(r('/etc/big.conf'));
    const tmp = r('/etc/.big.conf.okd-tmp');
    const big = 'y'.repeat(40 * 1024 * 1024);
    let killed = 0;
    // Cut once the upload has begun writing its temp file on the host (long before it is complete).
    const watch = setInterval(() => {
      if (!killed && existsSync(tmp) && statSync(tmp).size > 0) killed = sshd.killSessions();
    }, 2);
    const [res] = await runDeploy(plan([file('svc', '/etc/big.conf', big, { reload: ['true'] })]), opts()).finally(() =>
      clearInterval(watch),
    );
    assert.ok(killed > 0, 'the session processes were killed');
    assert.equal(res.outcome, 'failed', res.error);
    assert.match(res.error!, /connection lost/i);
    assert.ok(
      res.error!.includes(
        `No file on the host was changed, but the connection was lost before the temporary uploads could be removed: ${tmp} is left on the host. ` +
          'The next deploy to this host removes it',
      ),
      res.error,
    );
    assert.deepEqual(readFileSync(r('/etc/big.conf')), before);
    assert.ok(existsSync(tmp), 'the message tells the truth: the temp file is there');

    const [again] = await runDeploy(plan([file('svc', '/etc/big.conf', 'small\n', { reload: ['true'] })]), opts());
    assert.equal(again.outcome, 'deployed', again.error);
    assert.ok(
      again.notes?.some((n) => n.includes(`removed 1 temporary upload(s) it left: ${tmp}`)),
      JSON.stringify(again.notes),
    );
    assert.ok(!existsSync(tmp));
    assert.ok(
      !existsSync(r('/var/lib/okd-topology/deploy-journal.svc')),
      'the journal is gone once the host is consistent',
    );
    assert.equal(readFileSync(r('/etc/big.conf'), 'utf8'), 'small\n');
  });

  it('cancel before the swap leaves the host untouched; cancel after it rolls back', async () => {
    seed('/etc/cancel.conf', 'keep me\n', 0o644);
    const before = snapshot(false);
    for (const at of ['upload', 'in-flight'] as const) {
      const ac = new AbortController();
      const events: DeployEvent[] = [];
      const files = [
        file('svc', '/etc/cancel.conf', `changed at ${at}\n`, { validate: ['true'], reload: ['sleep', '0.8'] }),
      ];
      const [res] = await runDeploy(
        plan(files),
        opts({
          signal: ac.signal,
          onEvent: (e) => {
            events.push(e);
            // 'upload': before anything is swapped; 'in-flight': while the swap/reload batch runs on the host.
            if (at === 'upload' && e.phase === 'upload') ac.abort();
            if (at === 'in-flight' && e.phase === 'reload') setTimeout(() => ac.abort(), 300);
          },
        }),
      );
      assert.equal(res.outcome, 'cancelled', `${at}: ${res.error}`);
      assert.deepEqual(snapshot(false), before, `cancel at ${at}`);
      assert.equal(
        events.some((e) => e.phase === 'rollback'),
        at === 'in-flight',
        `rollback only once files were swapped (${at})`,
      );
    }
  });

  it('runs the real daemon check on the host: haproxy -c accepts a good config and stops a broken one', async () => {
    requireTool('/usr/sbin/haproxy', 'haproxy');
    const good =
      'defaults\n  mode tcp\n  timeout connect 5s\n  timeout client 1m\n  timeout server 1m\nlisten api\n  bind 127.0.0.1:16443\n  server m0 192.0.2.10:6443 check\n';
    const lb = (content: string) => [
      file('svc', '/etc/haproxy/haproxy.cfg', content, {
        service: 'loadBalancer',
        validate: ['haproxy', '-c', '-f', '{file}'],
        reload: ['true'],
      }),
    ];
    const [ok] = await runDeploy(plan(lb(good)), opts());
    assert.equal(ok.outcome, 'deployed', ok.error);
    const [bad] = await runDeploy(plan(lb(good.replace('listen api', 'listen api\n  bogus-directive 1'))), opts());
    assert.equal(bad.outcome, 'failed');
    assert.match(bad.error!, /validation of \/etc\/haproxy\/haproxy\.cfg failed: haproxy -c -f .*bogus-directive/s);
    assert.equal(readFileSync(r('/etc/haproxy/haproxy.cfg'), 'utf8'), good);
  });

  it('keeps secrets out of errors and the transcript when a validator echoes the file', async () => {
    const lines: string[] = [];
    const conf = 'vrrp_instance VI_1 {\n  authentication {\n    auth_pass Sup3rS3cret\n  }\n}\n';
    const [res] = await runDeploy(
      plan([
        file('svc', '/etc/keepalived/keepalived.conf', conf, {
          service: 'keepalived',
          validate: ['sh', '-c', 'cat "$1"; exit 1', 'check', '{file}'],
        }),
      ]),
      opts({ log: (l) => lines.push(l) }),
    );
    assert.equal(res.outcome, 'failed');
    assert.match(res.error!, /auth_pass \*\*\*/);
    assert.ok(![res.error!, ...lines].some((l) => l.includes('Sup3rS3cret')), 'the secret never appears');
  });

  it('fetches the current remote copies for "Diff with Remote" (missing files as undefined)', async () => {
    seed('/etc/fetch/present.conf', 'remote text\n');
    const p = plan([file('svc', '/etc/fetch/present.conf', 'local\n'), file('svc', '/etc/fetch/absent.conf', 'x')]);
    const got = await fetchRemoteFiles(p.hosts[0], p.hosts[0].files, opts());
    assert.deepEqual(got, ['remote text\n', undefined]);
  });

  it('never executes hostile names, paths or contents', async () => {
    const pwned = `/tmp/okd-pwned-${process.pid}-${Date.now()}`;
    const hostile = `/etc/$(touch ${pwned})/a;touch ${pwned};'"\`touch ${pwned}\`.conf`;
    const files = [
      file('svc', hostile, `$(touch ${pwned})\n\`touch ${pwned}\`\n`, {
        validate: ['test', '-n', `$(touch ${pwned})`],
        reload: ['echo', `'; touch ${pwned}; '`],
        health: [{ kind: 'service-active', unit: `x;touch${pwned}` }],
      }),
    ];
    // The unit name is refused by the plan, before anything connects.
    const bad = buildDeployPlan(files, topo(), { remoteRoot: sshd.root });
    assert.ok(bad.errors.some((e) => e.includes('not a valid systemd unit name')));
    const [res] = await runDeploy(plan([{ ...files[0], health: [] }]), opts());
    assert.equal(res.outcome, 'deployed', res.error);
    assert.equal(readFileSync(r(hostile), 'utf8'), `$(touch ${pwned})\n\`touch ${pwned}\`\n`);
    assert.ok(!existsSync(pwned), 'no command from a value was executed');

    const nl = buildDeployPlan([file('svc', '/etc/a\ntouch /tmp/x', 'x')], topo(), { remoteRoot: sshd.root });
    assert.match(nl.errors.join('\n'), /control character/);
    const override = buildDeployPlan(
      [file('svc', '/etc/ok.conf', 'x')],
      topo({ dns: { validate: `named-checkconf {file}; touch ${pwned}` } }),
    );
    assert.match(override.errors.join('\n'), /services\.dns\.validate: shell syntax ";"/);
    const host = buildDeployPlan(
      [file('svc', '/etc/ok.conf', 'x')],
      makeTopology([{ name: 'svc', port: 22, sshHost: `$(touch ${pwned})` }]),
    );
    assert.match(host.errors.join('\n'), /not a valid host name/);
    assert.ok(!existsSync(pwned));
  });
});

describe('cluster manifests (real sshd, fake oc on the host)', function () {
  this.timeout(30000);
  let client: ClientKeys;
  let sshd: Sshd;
  let kh: string;
  before(async () => {
    client = makeClientKeys();
    sshd = new Sshd(client);
    sshd.binDir = join(sshd.dir, 'bin');
    mkdirSync(sshd.binDir, { recursive: true });
    // Records each call and its stdin; a manifest containing "reject-me" fails like a server-side validation error.
    writeFileSync(
      join(sshd.binDir, 'oc'),
      `#!/bin/sh\nin=$(cat)\nprintf '%s\\n' "$*" >> ${sshd.dir}/oc.calls\nprintf '%s\\n---\\n' "$in" >> ${sshd.dir}/oc.stdin\ncase "$in" in *reject-me*) echo 'admission webhook denied' >&2; exit 1;; esac\n`,
      { mode: 0o755 },
    );
    await sshd.start();
    kh = join(client.dir, 'kh');
    writeFileSync(kh, sshd.knownHostsLine() + '\n');
  });
  after(async () => {
    await sshd?.destroy();
  });

  // The hosts phase puts named.conf in place; the manifests wait for the cluster phase.
  const deployManifests = async (content: string) => {
    const topo = makeTopology([{ name: 'svc', port: sshd.port }], { kubeApi: { hosts: ['svc'] } });
    topo.cluster.kubeconfig = '/auth/kubeconfig';
    const files = [
      file('svc', '/etc/named.conf', `named ${content}\n`, { reload: ['true'] }),
      file('cluster', 'metallb-pool.yaml', content, { apply: 'oc', service: 'metallb' }),
    ];
    const hosts = buildDeployPlan(files, topo, { remoteRoot: sshd.root });
    assert.deepEqual(hosts.errors, []);
    assert.deepEqual(hosts.plan.hosts[0].applies, []);
    assert.equal((await runDeploy(hosts.plan, testRunOptions(client, kh)))[0].outcome, 'deployed');
    const { plan, errors } = buildDeployPlan(files, topo, { remoteRoot: sshd.root, phase: 'cluster' });
    assert.deepEqual(errors, []);
    return (await runDeploy(plan, testRunOptions(client, kh)))[0];
  };

  it('the cluster phase dry-runs on the server, then applies from the kube API host', async () => {
    const res = await deployManifests('kind: IPAddressPool\n');
    assert.equal(res.outcome, 'deployed', res.error);
    assert.deepEqual(readFileSync(join(sshd.dir, 'oc.calls'), 'utf8').trim().split('\n'), [
      `--kubeconfig ${sshd.root}/auth/kubeconfig apply --dry-run=server -f -`,
      `--kubeconfig ${sshd.root}/auth/kubeconfig apply -f -`,
    ]);
    assert.match(
      readFileSync(join(sshd.dir, 'oc.stdin'), 'utf8'),
      /^kind: IPAddressPool\n---\nkind: IPAddressPool\n---\n$/,
    );
  });

  it("a manifest the server rejects fails the cluster phase and leaves the hosts' files as deployed", async () => {
    const res = await deployManifests('reject-me\n');
    assert.equal(res.outcome, 'failed');
    assert.match(res.error!, /oc apply --dry-run=server of metallb-pool\.yaml failed .*admission webhook denied/);
    assert.equal(
      readFileSync(join(sshd.root, 'etc/named.conf'), 'utf8'),
      'named reject-me\n\n',
      'the hosts phase deployed it; the cluster phase does not roll it back',
    );
  });
});
