// Nothing lost to host steps: a file a step replaced (a boot loader of another version, a certificate the
// host already had) is put back byte for byte when the deploy fails later, what steps made goes, and the
// commands that rebuild state from such files (the trust store) run again. An interrupted deploy leaves the
// same record in the host's journal, and the next deploy undoes it first. Real sshd; the steps are small
// programs standing for the boot loader copies, certificate uploads and openssl/update-ca-trust commands.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDeployPlan } from '../../src/core/deploy/plan';
import type { DeployEvent } from '../../src/core/deploy/events';
import type { HostStep, RenderedFile } from '../../src/core/render/manifest';
import { runDeploy } from '../../src/ssh/deploy';
import { file, makeTopology } from './fixtures';
import { startTrustedSshd, testRunOptions, type ClientKeys, type Sshd } from './sshd';

describe('host steps: what they replaced or made is undone on rollback and after an interruption (real sshd)', function () {
  this.timeout(60000);
  let client: ClientKeys;
  let sshd: Sshd;
  let kh: string;
  let local: string;

  before(async () => {
    ({ client, sshd, knownHosts: kh } = await startTrustedSshd());
    local = mkdtempSync(join(tmpdir(), 'okd-stepundo-'));
  });
  after(async () => {
    await sshd?.destroy();
    if (local) rmSync(local, { recursive: true, force: true });
  });

  const r = (p: string): string => join(sshd.root, p);
  const journal = (): string => r('/var/lib/okd-topology/deploy-journal.svc');
  const put = (p: string, content: string, mode = 0o644): void => {
    mkdirSync(join(r(p), '..'), { recursive: true });
    writeFileSync(r(p), content, { mode });
  };
  const read = (p: string): string => readFileSync(r(p), 'utf8');
  const base = { target: 'svc', service: 'pxe' };
  const sh = (title: string, script: string, paths: string[], extra: Partial<HostStep> = {}): HostStep =>
    ({ kind: 'command', ...base, title, argv: ['sh', '-c', script, title, ...paths], paths, ...extra }) as HostStep;

  /** The steps of a services host, in the order render gives them; `last` ends the list (a failure, a hang). */
  function steps(last: HostStep[] = []): HostStep[] {
    return [
      {
        kind: 'copy',
        ...base,
        title: 'boot loader',
        from: '/usr/share/loaders/loader.0',
        to: '/tftp/loader.0',
        mode: '0644',
      },
      {
        kind: 'copy',
        ...base,
        title: 'boot module',
        from: '/usr/share/loaders/extra.c32',
        to: '/tftp/efi/extra.c32',
        mode: '0644',
      },
      { kind: 'upload', ...base, title: 'key', local: join(local, 'key.pem'), to: '/etc/reg/key.pem', mode: '0600' },
      sh('make a file', 'echo made > "$1"', ['/var/made.txt']),
      sh('rebuild the trust store', 'echo run >> "$1"', ['/var/refresh.log'], { rerunOnUndo: true }),
      ...last,
    ];
  }
  const fails = sh('a step that fails', 'echo "no such thing" >&2; exit 3', []);

  function deploy(st: HostStep[], files: RenderedFile[], events: DeployEvent[] = []) {
    const { plan, errors } = buildDeployPlan(files, makeTopology([{ name: 'svc', port: sshd.port }]), {
      remoteRoot: sshd.root,
      steps: st,
    });
    assert.deepEqual(errors, []);
    return runDeploy(plan, testRunOptions(client, kh, { onEvent: (e) => events.push(e) })).then(([res]) => res);
  }

  /** The host before each test: older loader and key, the new ones ready to copy and upload, no backups. */
  function host(): void {
    for (const d of ['tftp', 'etc', 'var', 'usr']) rmSync(r(d), { recursive: true, force: true });
    put('/usr/share/loaders/loader.0', 'loader v2\n');
    put('/usr/share/loaders/extra.c32', 'module\n');
    put('/tftp/loader.0', 'loader v1 (the host had it)\n');
    put('/etc/reg/key.pem', 'the key the host had\n', 0o640);
    put('/var/refresh.log', '');
    put('/etc/x.conf', 'old\n');
    writeFileSync(join(local, 'key.pem'), 'a new key\n');
  }
  const conf = [file('svc', '/etc/x.conf', 'new\n', { validate: ['true'] })];

  it('a failure after the steps puts back every file they replaced, removes what they made, and rebuilds the trust store', async () => {
    host();
    const events: DeployEvent[] = [];
    const res = await deploy(steps([fails]), conf, events);
    assert.equal(res.outcome, 'rolled-back', res.error);
    assert.match(res.error!, /host step "pxe: a step that fails" failed \(exit 3: no such thing\)/);
    assert.equal(read('/tftp/loader.0'), 'loader v1 (the host had it)\n');
    assert.equal(read('/etc/reg/key.pem'), 'the key the host had\n');
    assert.equal(statSync(r('/etc/reg/key.pem')).mode & 0o777, 0o640, 'the old mode came back too');
    for (const gone of [
      '/tftp/loader.0.okd-bak',
      '/etc/reg/key.pem.okd-bak',
      '/tftp/efi',
      '/var/made.txt',
      '/tftp/loader.0.okd-step-tmp',
    ])
      assert.ok(!existsSync(r(gone)), `${gone} is left after the rollback`);
    assert.equal(read('/var/refresh.log'), 'run\nrun\n', 'the trust store was rebuilt once the anchors were put back');
    assert.equal(read('/etc/x.conf'), 'old\n');
    assert.ok(!existsSync(journal()));
    const said = events.filter((e) => e.phase === 'rollback').map((e) => e.message);
    assert.ok(said.includes(`restoring ${r('/tftp/loader.0')} (replaced by a host step)`), said.join('\n'));
    assert.ok(said.includes(`removing ${r('/tftp/efi')} (made by a host step)`), said.join('\n'));
  });

  it('a deploy that succeeds keeps what a step replaced beside it as *.okd-bak, and a rerun replaces nothing', async () => {
    host();
    const res = await deploy(steps(), conf);
    assert.equal(res.outcome, 'deployed', res.error);
    assert.equal(read('/tftp/loader.0'), 'loader v2\n');
    assert.equal(read('/tftp/loader.0.okd-bak'), 'loader v1 (the host had it)\n');
    assert.equal(read('/etc/reg/key.pem'), 'a new key\n');
    assert.equal(statSync(r('/etc/reg/key.pem')).mode & 0o777, 0o600);
    assert.equal(read('/etc/reg/key.pem.okd-bak'), 'the key the host had\n');
    assert.equal(read('/tftp/efi/extra.c32'), 'module\n');
    assert.ok(!existsSync(journal()), 'a finished deploy leaves no journal');
    const again = await deploy(steps(), conf);
    assert.equal(again.outcome, 'unchanged', again.error);
    assert.equal(read('/tftp/loader.0.okd-bak'), 'loader v1 (the host had it)\n', 'an unchanged copy keeps the backup');
  });

  it('the connection lost during a step: the journal holds what the steps changed, and the next deploy undoes it first', async () => {
    host();
    const started = r('/var/started');
    const hang = sh('a step that hangs', `touch "$1"; sleep 30 # okd-stepundo-${process.pid}`, ['/var/started']);
    let killed = 0;
    const watch = setInterval(() => {
      if (!killed && existsSync(started)) killed = sshd.killSessions();
    }, 10);
    const first = await deploy(steps([hang]), conf).finally(() => clearInterval(watch));
    assert.ok(killed > 0, 'the sessions were killed');
    assert.equal(first.outcome, 'inconsistent', `${first.error}\n${first.notes?.join('\n')}`);
    assert.equal(read('/tftp/loader.0'), 'loader v2\n', 'the step had replaced it');
    const recorded = read(journal().slice(sshd.root.length));
    assert.match(recorded, /"stepReplaced":"[^"]*\/tftp\/loader\.0"/);
    assert.match(recorded, /"stepCreated":"[^"]*\/var\/made\.txt"/);
    try {
      execFileSync('pkill', ['-f', `okd-stepundo-${process.pid}`]);
    } catch {
      // already gone with its session
    }

    const events: DeployEvent[] = [];
    const again = await deploy(steps([fails]), conf, events);
    // The recovery undid the interrupted deploy; then this one failed too and rolled itself back.
    assert.ok(events.some((e) => e.phase === 'recover'));
    const note = again.notes?.find((n) => n.includes('was interrupted')) ?? '';
    for (const p of ['/tftp/loader.0', '/etc/reg/key.pem', '/tftp/efi', '/var/made.txt', '/etc/x.conf'])
      assert.ok(note.includes(r(p)), `the note names ${p}: ${note}`);
    assert.match(note, /ran "rebuild the trust store" again/);
    assert.equal(again.outcome, 'rolled-back', again.error);
    assert.equal(read('/tftp/loader.0'), 'loader v1 (the host had it)\n');
    assert.equal(read('/etc/reg/key.pem'), 'the key the host had\n');
    for (const gone of ['/tftp/efi', '/var/made.txt', '/tftp/loader.0.okd-bak'])
      assert.ok(!existsSync(r(gone)), `${gone} is left`);
    assert.ok(!existsSync(journal()));

    const ok = await deploy(steps(), conf);
    assert.equal(ok.outcome, 'deployed', ok.error);
    assert.equal(read('/tftp/loader.0.okd-bak'), 'loader v1 (the host had it)\n');
  });

  it('what a command step added is taken back by its undo on rollback; a change made by its fallback is left alone', async () => {
    host();
    const log = '/var/labels.log';
    put(log, '');
    const label = (port: string, first: 'adds' | 'fails'): HostStep =>
      sh(`label port ${port}`, first === 'adds' ? `echo "add ${port}" >> "$1"` : 'exit 1', [log], {
        orElse: ['sh', '-c', `echo "modify ${port}" >> "$1"`, 'modify', log],
        undo: ['sh', '-c', `echo "delete ${port}" >> "$1"`, 'delete', log],
      });
    const events: DeployEvent[] = [];
    const res = await deploy([label('6443', 'adds'), label('22623', 'fails'), fails], conf, events);
    assert.equal(res.outcome, 'rolled-back', res.error);
    // 6443 was added by the step itself: taken back. 22623 already had a label, changed by the fallback: kept.
    assert.equal(read(log), 'add 6443\nmodify 22623\ndelete 6443\n');
    assert.ok(
      events.some((e) => e.phase === 'rollback' && e.message.startsWith('taking back "label port 6443"')),
      JSON.stringify(events.filter((e) => e.phase === 'rollback')),
    );
    assert.ok(!existsSync(journal()));
  });
});
