// Deploy tells the truth after interruptions (issue 10 §4), against the real sshd: the host's journal makes
// the next run finish what an interrupted one owed; a hung reload is reported as what happened; a key
// locked by a passphrase with no agent is named with the reason and the fix.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDeployPlan } from '../../src/core/deploy/plan';
import type { DeployEvent } from '../../src/core/deploy/events';
import type { RenderedFile } from '../../src/core/render/manifest';
import { runDeploy, type DeployRunOptions } from '../../src/ssh/deploy';
import { file, makeTopology } from './fixtures';
import { keygen, startTrustedSshd, testRunOptions, type ClientKeys, type Sshd } from './sshd';

/** Whether a process with `marker` in its command line runs on this machine (the test host). */
function alive(marker: string): boolean {
  try {
    execFileSync('pgrep', ['-f', marker], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, ok: () => boolean, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('deploy after interruptions (real sshd)', function () {
  this.timeout(60000);
  let client: ClientKeys;
  let sshd: Sshd;
  let kh: string;

  before(async () => {
    ({ client, sshd, knownHosts: kh } = await startTrustedSshd());
  });
  after(async () => sshd?.destroy());

  const opts = (extra: Partial<DeployRunOptions> = {}): DeployRunOptions => testRunOptions(client, kh, extra);
  const r = (p: string): string => join(sshd.root, p);
  const journal = (): string => r('/var/lib/okd-topology/deploy-journal.svc');
  const plan = (files: RenderedFile[]) => {
    const res = buildDeployPlan(files, makeTopology([{ name: 'svc', port: sshd.port }]), { remoteRoot: sshd.root });
    assert.deepEqual(res.errors, []);
    return res.plan;
  };
  const seed = (p: string, content: string): void => {
    mkdirSync(join(r(p), '..'), { recursive: true });
    writeFileSync(r(p), content, { mode: 0o644 });
  };
  /**
   * A reload that logs the config it sees (one line per reload) and, while `hang` exists, marks `started`
   * and then hangs: a daemon stuck in its reload.
   */
  const reload = (name: string) => {
    const dir = r(`/var/${name}`);
    mkdirSync(dir, { recursive: true });
    const paths = {
      log: join(dir, 'log'),
      hang: join(dir, 'hang'),
      started: join(dir, 'started'),
      conf: r(`/etc/${name}.conf`),
    };
    const argv = [
      'sh',
      '-c',
      'cat "$2" >> "$1"; if [ -e "$3" ]; then touch "$4"; sleep 30; fi',
      'reload',
      paths.log,
      paths.conf,
      paths.hang,
      paths.started,
      `okd-hang-${name}-${process.pid}`,
    ];
    return {
      ...paths,
      argv,
      marker: `okd-hang-${name}-${process.pid}`,
      seen: () => (existsSync(paths.log) ? readFileSync(paths.log, 'utf8') : ''),
    };
  };

  it('sshd killed during the reload: reported as inconsistent, and the next run undoes it, reloads, and deploys again', async () => {
    const rl = reload('killed');
    seed('/etc/killed.conf', 'old\n');
    writeFileSync(rl.hang, '');
    const files = [file('svc', '/etc/killed.conf', 'new\n', { validate: ['true'], reload: rl.argv })];
    let killed = 0;
    const watch = setInterval(() => {
      if (!killed && existsSync(rl.started)) killed = sshd.killSessions();
    }, 10);
    const [first] = await runDeploy(plan(files), opts()).finally(() => clearInterval(watch));
    assert.ok(killed > 0);
    assert.equal(first.outcome, 'inconsistent', first.error);
    assert.match(first.error!, /connection was lost while the files were validated and put in place/);
    assert.ok(
      first.error!.includes(
        `journal ${journal()} records each step: the next deploy to this host undoes what this one changed, then deploys again`,
      ),
      first.error,
    );
    assert.equal(rl.seen(), 'new\n', 'the reload had begun with the new file');
    assert.ok(existsSync(journal()), 'the host remembers the reload it is owed');

    // The same deploy again (sshd's listener is still up): not "unchanged", and the service does reload.
    execFileSync('rm', ['-f', rl.hang]);
    const events: DeployEvent[] = [];
    const [again] = await runDeploy(plan(files), opts({ onEvent: (e) => events.push(e) }));
    assert.equal(again.outcome, 'deployed', again.error);
    assert.deepEqual(again.changed, [r('/etc/killed.conf')]);
    assert.ok(
      events.some((e) => e.phase === 'recover'),
      'the journal was found',
    );
    assert.ok(
      again.notes?.some((n) =>
        /was interrupted; before anything else this run restored .*killed\.conf; reloaded dns with the restored files/.test(
          n,
        ),
      ),
      JSON.stringify(again.notes),
    );
    // Reloads in order: the interrupted one (new), the restore's (old), this deploy's (new).
    assert.equal(rl.seen(), 'new\nold\nnew\n');
    assert.equal(readFileSync(r('/etc/killed.conf'), 'utf8'), 'new\n');
    assert.equal(readFileSync(r('/etc/killed.conf.okd-bak'), 'utf8'), 'old\n');
    assert.ok(!existsSync(journal()));

    const [third] = await runDeploy(plan(files), opts());
    assert.equal(third.outcome, 'unchanged', 'once the host is consistent, a rerun has nothing to do');
  });

  it('a reload that hangs is stopped and rolled back, reported as what happened, and not awaited twice at the full timeout', async () => {
    const rl = reload('hung');
    seed('/etc/hung.conf', 'old\n');
    writeFileSync(rl.hang, '');
    const files = [file('svc', '/etc/hung.conf', 'new\n', { validate: ['true'], reload: rl.argv })];
    const lines: string[] = [];
    const [res] = await runDeploy(plan(files), opts({ commandTimeoutMs: 2000, log: (l) => lines.push(l) }));
    assert.equal(res.outcome, 'rolled-back', res.error);
    assert.doesNotMatch(res.error!, /ROLLBACK INCOMPLETE/);
    assert.match(
      res.error!,
      /^reloading dns \(sh -c .*\) did not finish within 2 s \(the command timeout\) and was stopped\. /,
    );
    // The retry with the restored file gets a quarter of the timeout (at least 1 s), not the full 2 s again.
    assert.match(
      res.error!,
      /Every file on the host was restored, but dns did not take the restored files back \(dns: did not finish within 1 s and was stopped\)\. /,
    );
    assert.match(res.error!, /Check dns on the host; the next deploy to this host reloads it again first\.$/);
    assert.equal(readFileSync(r('/etc/hung.conf'), 'utf8'), 'old\n', 'every file was restored');
    assert.equal(rl.seen(), 'new\nold\n', 'the retry ran with the restored file');
    assert.equal(lines.filter((l) => /timed out after 2000 ms/.test(l)).length, 1, lines.join('\n'));
    assert.equal(lines.filter((l) => /timed out after 1000 ms/.test(l)).length, 1, lines.join('\n'));
    await until('the hung reloads are killed on the host', () => !alive(rl.marker));

    // The service still owes a reload: the next run gives it one before it deploys.
    execFileSync('rm', ['-f', rl.hang]);
    const [again] = await runDeploy(plan(files), opts());
    assert.equal(again.outcome, 'deployed', again.error);
    assert.ok(
      again.notes?.some((n) => /reloaded dns with the restored files/.test(n)),
      JSON.stringify(again.notes),
    );
    assert.equal(rl.seen(), 'new\nold\nold\nnew\n');
    assert.ok(!existsSync(journal()));
  });

  it('two topology hosts on one machine keep separate journals: neither undoes the other', async () => {
    const topo = makeTopology([
      { name: 'a', port: sshd.port },
      { name: 'b', port: sshd.port },
    ]);
    const p = buildDeployPlan([file('a', '/etc/two/a.conf', 'a\n'), file('b', '/etc/two/b.conf', 'b\n')], topo, {
      remoteRoot: sshd.root,
    }).plan;
    // b's deploy was interrupted earlier; its journal must wait for b.
    const bJournal = r('/var/lib/okd-topology/deploy-journal.b');
    mkdirSync(join(bJournal, '..'), { recursive: true });
    const header = {
      v: 1,
      at: 'earlier',
      files: [
        {
          remotePath: r('/etc/two/b.conf'),
          backupPath: r('/etc/two/b.conf.okd-bak'),
          tmpPath: r('/etc/two/.b.conf.okd-tmp'),
          existed: false,
        },
      ],
      services: [],
    };
    writeFileSync(bJournal, `${JSON.stringify(header)}\n`);
    const onlyA = buildDeployPlan([file('a', '/etc/two/a.conf', 'a\n')], topo, {
      remoteRoot: sshd.root,
      hosts: ['a'],
    }).plan;
    const [a] = await runDeploy(onlyA, opts());
    assert.equal(a.outcome, 'deployed', a.error);
    assert.equal(a.notes, undefined);
    assert.ok(existsSync(bJournal), "a left b's journal alone");
    const both = await runDeploy(p, opts({ concurrency: 2 }));
    assert.deepEqual(
      both.map((x) => x.outcome),
      ['unchanged', 'deployed'],
    );
    assert.match(both[1].notes?.[0] ?? '', /a deploy started earlier was interrupted/);
    assert.ok(!existsSync(bJournal));
  });

  it('a passphrase-protected key with no agent: names the key, says why, and what to do', async () => {
    const enc = join(client.dir, `locked-${Date.now()}`);
    const pub = keygen(enc, 'ed25519', 'secret words');
    writeFileSync(join(sshd.dir, 'authorized_keys'), `${client.pub}\n${pub}\n`);
    // No agent in this environment, as in a CI job or a cron'd deploy.
    const saved = process.env.SSH_AUTH_SOCK;
    delete process.env.SSH_AUTH_SOCK;
    const [res] = await runDeploy(
      plan([file('svc', '/etc/locked.conf', 'x\n')]),
      opts({ identityFiles: [enc], agent: undefined, passphrase: async () => undefined }),
    ).finally(() => {
      if (saved !== undefined) process.env.SSH_AUTH_SOCK = saved;
    });
    assert.equal(res.outcome, 'failed');
    assert.ok(
      res.error!.includes(
        `authentication failed: ${enc} is protected by a passphrase, and none was given; no ssh-agent is running (SSH_AUTH_SOCK is not set)`,
      ),
      res.error,
    );
    assert.ok(res.error!.includes(`ssh-add ${enc}`), res.error);
    assert.doesNotMatch(res.error!, /no key was available/);
    assert.ok(!existsSync(r('/etc/locked.conf')));
  });
});
