// Pure parts of units, packages, the journal, rollback reports and connection errors.
import assert from 'node:assert/strict';
import { confirmation, failureSummary } from '../../src/core/deploy/confirm';
import { formatPlan } from '../../src/core/deploy/format';
import { Ledger, parseJournal, type JournalHeader } from '../../src/core/deploy/journal';
import { packageSet } from '../../src/core/deploy/packages';
import { buildDeployPlan } from '../../src/core/deploy/plan';
import { rollbackResult } from '../../src/core/deploy/undo';
import { activationOf, activationCommand, describeActivation } from '../../src/core/deploy/units';
import { explainConnectError } from '../../src/ssh/errors';
import { file, makeTopology } from './fixtures';

describe('deploy units, packages, journal and reports', () => {
  it('a systemctl reload becomes units to enable/start or reload; any other reload runs as written after the health units are up', () => {
    assert.deepEqual(
      activationOf({
        reload: ['systemctl', 'restart', 'dhcpd', 'dhcpd6'],
        health: [{ kind: 'service-active', unit: 'dhcpd' }],
      }),
      { units: ['dhcpd', 'dhcpd6'], verb: 'restart', command: undefined },
    );
    assert.deepEqual(
      activationOf({ reload: ['firewall-cmd', '--reload'], health: [{ kind: 'service-active', unit: 'firewalld' }] }),
      { units: ['firewalld'], verb: undefined, command: ['firewall-cmd', '--reload'] },
    );
    assert.deepEqual(activationOf({ health: [{ kind: 'service-active', unit: 'tftp.socket' }] }), {
      units: ['tftp.socket'],
      verb: undefined,
      command: undefined,
    });
    // Not a unit list (an option, or a verb deploy does not know): kept as a plain command.
    assert.deepEqual(activationOf({ reload: ['systemctl', '--user', 'reload', 'x'], health: [] }).command, [
      'systemctl',
      '--user',
      'reload',
      'x',
    ]);
    const a = activationOf({ reload: ['systemctl', 'reload', 'named'], health: [] });
    assert.equal(
      describeActivation(a),
      'systemctl reload named (each unit enabled for boot, and started instead when not running)',
    );
    assert.equal(activationCommand(a), 'systemctl reload named');
  });

  it('packages per distribution, from the programs deploy runs there', () => {
    const cmds = {
      validators: [
        ['named-checkconf', 'f'],
        ['apache2ctl', '-t'],
      ],
      activations: [activationOf({ reload: ['systemctl', 'reload', 'named'], health: [] })],
      health: [{ kind: 'dns' as const, name: 'api.x', expect: '10.0.0.1', server: '10.0.0.2' }],
    };
    assert.deepEqual(packageSet(cmds, 'debian'), {
      manager: 'apt',
      needs: [
        { program: 'named-checkconf', package: 'bind9-utils' },
        { program: 'apache2ctl', package: 'apache2' },
        { program: 'named', package: 'bind9' },
        { program: 'dig', package: 'bind9-dnsutils' },
      ],
    });
    assert.deepEqual(
      packageSet({ validators: [['true']], activations: [], health: [] }, 'redhat'),
      { manager: 'dnf', needs: [] },
      'unknown programs are not guessed',
    );
  });

  it('the plan shows the address really connected and the packages', () => {
    const t = makeTopology([{ name: 'svc', port: 22, sshHost: 'lab-svc' }]);
    const { plan } = buildDeployPlan(
      [
        file('svc', '/etc/named.conf', 'x', {
          validate: ['named-checkconf', '{file}'],
          reload: ['systemctl', 'reload', 'named'],
        }),
      ],
      t,
    );
    const text = formatPlan(plan, {
      resolve: () => ({ user: 'admin', host: '192.0.2.7', port: 2222, proxyJump: 'bastion' }),
    });
    assert.match(
      text,
      /^svc {2}\(admin@192\.0\.2\.7:2222, "lab-svc" in ~\/\.ssh\/config, through ProxyJump bastion\)$/m,
    );
    assert.match(
      text,
      /^ {2}packages: bind \(checked first; if one is missing the host stops before anything changes, unless you allow installing it with dnf\)$/m,
    );
    assert.match(text, /^ {2}reload dns: systemctl reload named \(each unit enabled for boot/m);
    assert.match(
      formatPlan(plan, { installPackages: true }),
      /packages: bind \(missing ones are installed with dnf first\)/,
    );
  });

  it('a journal cut mid-line is read up to its last whole record; garbage is refused', () => {
    const header: JournalHeader = {
      v: 1,
      at: 't',
      files: [{ remotePath: '/a', backupPath: '/a.okd-bak', tmpPath: '/.a.okd-tmp', existed: true }],
      services: [],
    };
    const j = parseJournal(`${JSON.stringify(header)}\n{"swapped":0}\n{"reloaded":"dns"}\n{"undo`);
    assert.ok(!('error' in j));
    if ('error' in j) return;
    assert.deepEqual(j.ledger.toRestore(), [0]);
    assert.deepEqual(j.ledger.reloaded, ['dns']);
    assert.ok('error' in parseJournal('not json\n'));
    const l = new Ledger();
    l.absorb('some output\nokd-journal {"swapped":1}\nokd-journal {"swapped":0}\nokd-journal {"undone":1}\n');
    assert.deepEqual(l.toRestore(), [0]);
  });

  it('host-step records: made and replaced paths in order, undone ones skipped; a record that is not ours is ignored', () => {
    const header: JournalHeader = {
      v: 1,
      at: 't',
      files: [],
      services: [],
      refresh: [{ title: 'trust', argv: ['update-ca-trust', 'extract'] }],
    };
    const lines = [
      '{"stepCreated":"/d"}',
      '{"stepReplaced":"/d/f"}',
      '{"stepCreated":7}',
      '{"stepCreated":"/g"}',
      '{"stepCommand":{"title":"label","undo":"rm -rf /"}}',
      '{"stepCommand":{"title":"label port 6443","undo":["semanage","port","-d","-t","http_port_t","-p","tcp","6443"]}}',
    ];
    const j = parseJournal([JSON.stringify(header), ...lines, '{"stepUndone":2}'].join('\n'));
    assert.ok(!('error' in j));
    if ('error' in j) return;
    assert.deepEqual(j.ledger.stepChanges, [
      { path: '/d', replaced: false },
      { path: '/d/f', replaced: true },
      { path: '/g', replaced: false },
      { title: 'label port 6443', undo: ['semanage', 'port', '-d', '-t', 'http_port_t', '-p', 'tcp', '6443'] },
    ]);
    assert.deepEqual(j.ledger.stepsToUndo(), [3, 1, 0], 'latest first, the undone one left out');
    assert.ok(j.ledger.changedAnything());
    assert.ok(new Ledger().changedAnything() === false);
    const bad = { ...header, refresh: [{ title: 'x', argv: 'rm -rf /' }] };
    assert.ok('error' in parseJournal(JSON.stringify(bad)), 'a refresh command that is not argv');
  });

  it('a rerun after the rollback that failed is named, with what to do', () => {
    const u = {
      restored: ['/a'],
      unrestored: [],
      services: [],
      refreshed: [{ title: 'trust', ok: false, detail: 'exit 1' }],
    };
    const res = rollbackResult('x failed', false, u, '/j');
    assert.equal(res.outcome, 'rolled-back');
    assert.equal(
      res.error,
      'x failed. Every file on the host was restored, but "trust" (exit 1) failed when run again; run it on the host.',
    );
  });

  it('rollback reports: files restored is never "incomplete"; what is left is named', () => {
    const base = { restored: ['/a'], unrestored: [], services: [] };
    assert.deepEqual(rollbackResult('x failed', false, base, '/j'), {
      outcome: 'rolled-back',
      error: 'x failed. Every file on the host was restored and the services reloaded.',
    });
    const svc = rollbackResult(
      'x failed',
      false,
      { ...base, services: [{ service: 'ntp', ok: false, detail: 'did not finish within 1 s and was stopped' }] },
      '/j',
    );
    assert.equal(svc.outcome, 'rolled-back');
    assert.doesNotMatch(svc.error!, /INCOMPLETE/);
    assert.match(
      svc.error!,
      /Every file on the host was restored, but ntp did not take the restored files back \(ntp: did not finish within 1 s/,
    );
    const lost = rollbackResult(
      'x failed',
      false,
      { ...base, unrestored: [{ path: '/b', detail: 'not run' }], lost: 'connection lost' },
      '/j',
    );
    assert.equal(lost.outcome, 'inconsistent');
    assert.match(
      lost.error!,
      /ROLLBACK INCOMPLETE: connection lost; files to restore: \/b\. .*the next deploy to this host finishes the rollback first \(its journal is \/j\)/,
    );
  });

  it('connection errors say what to check', () => {
    assert.match(
      explainConnectError({ message: 'connect ECONNREFUSED', code: 'ECONNREFUSED' }, 2222, 20000),
      /nothing accepts connections on port 2222 .*is sshd running/,
    );
    assert.match(
      explainConnectError({ message: 'Connection lost before handshake' }, 22, 20000),
      /closed before SSH began .*port 22 may not be an SSH server.*MaxStartups/,
    );
    assert.match(
      explainConnectError({ message: 'Timed out while waiting for handshake' }, 22, 20000),
      /no SSH answer within 20 s .*firewall drop port 22/,
    );
    assert.match(explainConnectError({ message: 'x', code: 'ENOTFOUND' }, 22, 20000), /does not resolve/);
    assert.match(explainConnectError({ message: 'x', code: 'EHOSTUNREACH' }, 22, 20000), /no route to the host/);
  });

  it('the editor confirmation stays short at any size, and a failure names every failed host', () => {
    const t = makeTopology(Array.from({ length: 40 }, (_, i) => ({ name: `h${i}`, port: 22 })));
    const { plan } = buildDeployPlan(
      t.hosts.map((h) => file(h.name, '/etc/x.conf', 'x')),
      t,
    );
    const c = confirmation(plan, (x) => ({ user: 'root', host: `10.0.0.${x.name.slice(1)}`, port: 22 }));
    assert.equal(c.message, 'Deploy 40 file(s) to 40 host(s) (hosts phase)?');
    assert.ok(c.detail.split('\n').length <= 10, c.detail);
    assert.match(c.detail, /^h0: root@10\.0\.0\.0:22, "127\.0\.0\.1" in ~\/\.ssh\/config$/m);
    assert.match(c.detail, /… and 34 more/);
    assert.match(c.detail, /Enter does not deploy/);
    const s = failureSummary([
      { host: 'a', outcome: 'deployed', changed: [], ms: 1 },
      {
        host: 'b',
        outcome: 'failed',
        changed: [],
        error: 'root@b:22: cannot connect: connection refused: nothing accepts connections on port 22 there',
        ms: 1,
      },
      { host: 'c', outcome: 'rolled-back', changed: [], error: `${'x'.repeat(300)}\nmore`, ms: 1 },
    ]);
    assert.match(
      s,
      /^Deploy: 2 of 3 host\(s\) not deployed: b \(failed: root@b:22: cannot connect: connection refused.*\); c \(rolled-back: x{159}…\)$/,
    );
  });
});
