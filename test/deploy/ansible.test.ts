// The Ansible export run by Debian's ansible-playbook against a real sshd: same results as deploy,
// including the restore on failure, and no Jinja evaluation of topology values.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ansibleValidate, exportAnsible } from '../../src/core/deploy/ansible';
import { buildDeployPlan } from '../../src/core/deploy/plan';
import type { HostStep, RenderedFile } from '../../src/core/render/manifest';
import { file, makeTopology } from './fixtures';
import { requireTool, startTrustedSshd, type ClientKeys, type Sshd } from './sshd';
import { runPlaybook, writeExport } from './ansible-run';

describe('Ansible export', function () {
  this.timeout(120000);
  let client: ClientKeys;
  let sshd: Sshd;
  let home: string;

  before(async () => {
    requireTool('/usr/bin/ansible-playbook', 'ansible');
    ({ client, sshd } = await startTrustedSshd());
    home = mkdtempSync(join(tmpdir(), 'okd-ansible-home-'));
  });
  after(async () => {
    await sshd?.destroy();
  });

  const exportTo = (files: RenderedFile[], steps: HostStep[] = []): string => {
    const { plan, errors } = buildDeployPlan(files, makeTopology([{ name: 'svc', port: sshd.port }]), {
      remoteRoot: sshd.root,
      steps,
    });
    assert.deepEqual(errors, []);
    const exp = exportAnsible(plan, {
      source: 'cluster.okd.yaml',
      privateKeyFile: client.key,
      sshCommonArgs: `-o UserKnownHostsFile=${join(client.dir, 'known_hosts')} -o StrictHostKeyChecking=yes`,
    });
    assert.deepEqual(exp.errors, []);
    const dir = mkdtempSync(join(tmpdir(), 'okd-ansible-'));
    writeExport(dir, exp.files);
    return dir;
  };
  const r = (p: string): string => join(sshd.root, p);

  it('quotes validate commands for shlex with %s for the file and %% for a literal percent', () => {
    assert.equal(ansibleValidate(['haproxy', '-c', '-f', '{file}']), 'haproxy -c -f %s');
    assert.equal(
      ansibleValidate(['sh', '-c', 'grep \'50%\' "$1"', 'x', '--file={file}']),
      `sh -c 'grep '\\''50%%'\\'' "$1"' x --file=%s`,
    );
  });

  it('deploys, validates, backs up, reloads and checks like deploy does; a second run changes nothing', () => {
    mkdirSync(r('/etc/named'), { recursive: true });
    writeFileSync(r('/etc/named/zone.db'), 'old\n');
    const reloaded = r('/var/ansible-reloaded');
    const dir = exportTo([
      file('svc', '/etc/named/zone.db', 'zone new\n', {
        validate: ['grep', '-q', 'zone new', '{file}'],
        reload: ['touch', reloaded],
        health: [{ kind: 'tcp', port: sshd.port, address: '127.0.0.1' }],
      }),
      file('svc', '/etc/new/named.conf', 'options {};\n', { mode: '0640' }),
      file('svc', '/var/lib/tftpboot/pxelinux.cfg/01-aa', 'master', { service: 'pxe', symlink: true }),
    ]);
    const run = runPlaybook(dir, home);
    assert.equal(run.code, 0, run.out);
    assert.equal(readFileSync(r('/etc/named/zone.db'), 'utf8'), 'zone new\n');
    assert.equal(statSync(r('/etc/new/named.conf')).mode & 0o777, 0o640);
    assert.equal(readlinkSync(r('/var/lib/tftpboot/pxelinux.cfg/01-aa')), 'master');
    assert.ok(existsSync(reloaded));
    const again = runPlaybook(dir, home);
    assert.equal(again.code, 0, again.out);
    assert.match(again.out, /changed=0/);
  });

  it('restores every file of the host when a later step fails, and never evaluates Jinja in values', () => {
    mkdirSync(r('/etc/ab'), { recursive: true });
    writeFileSync(r('/etc/ab/a.conf'), 'a old\n');
    const pwned = `/tmp/okd-ansible-pwned-${process.pid}`;
    const jinja = `{{ lookup('pipe', 'touch ${pwned}') }}`;
    const dir = exportTo([
      file('svc', '/etc/ab/a.conf', `a new ${jinja}\n`),
      file('svc', `/etc/ab/${jinja}.conf`, 'b\n'),
      file('svc', '/etc/ab/c.conf', 'c\n', { service: 'ntp', validate: ['grep', '-q', 'missing', '{file}'] }),
    ]);
    const run = runPlaybook(dir, home);
    assert.notEqual(run.code, 0);
    assert.match(run.out, /every file of the host was restored/);
    assert.equal(readFileSync(r('/etc/ab/a.conf'), 'utf8'), 'a old\n');
    assert.ok(!existsSync(r(`/etc/ab/${jinja}.conf`)), 'the new file was removed again');
    assert.ok(!existsSync(r('/etc/ab/c.conf')));
    assert.ok(!existsSync(pwned), 'no Jinja from a value was evaluated');
    execFileSync('true');
  });

  it('a later failure also puts back what host steps replaced, removes what they made, and runs the trust store update again', () => {
    mkdirSync(r('/usr/share/ld'), { recursive: true });
    mkdirSync(r('/srv/tftp'), { recursive: true });
    writeFileSync(r('/usr/share/ld/loader.0'), 'loader v2\n');
    writeFileSync(r('/usr/share/ld/extra.c32'), 'module\n');
    writeFileSync(r('/srv/tftp/loader.0'), 'loader v1 (the host had it)\n');
    const log = r('/var/ansible-trust.log');
    const base = { target: 'svc', service: 'pxe' };
    const dir = exportTo(
      [file('svc', '/etc/st/a.conf', 'a\n', { service: 'pxe' })],
      [
        {
          kind: 'copy',
          ...base,
          title: 'loader',
          from: '/usr/share/ld/loader.0',
          to: '/srv/tftp/loader.0',
          mode: '0644',
        },
        {
          kind: 'copy',
          ...base,
          title: 'module',
          from: '/usr/share/ld/extra.c32',
          to: '/srv/tftp/extra.c32',
          mode: '0644',
        },
        {
          kind: 'command',
          ...base,
          title: 'trust',
          argv: ['sh', '-c', 'mkdir -p "$(dirname "$1")" && echo run >> "$1"', 'trust', '/var/ansible-trust.log'],
          paths: ['/var/ansible-trust.log'],
          rerunOnUndo: true,
        },
        { kind: 'command', ...base, title: 'fails', argv: ['sh', '-c', 'exit 3'] },
      ],
    );
    const run = runPlaybook(dir, home);
    assert.notEqual(run.code, 0);
    assert.match(run.out, /every file of the host was restored/);
    assert.equal(readFileSync(r('/srv/tftp/loader.0'), 'utf8'), 'loader v1 (the host had it)\n');
    assert.ok(!existsSync(r('/srv/tftp/extra.c32')), 'the file a step made was removed');
    assert.ok(!existsSync(r('/etc/st/a.conf')));
    assert.equal(readFileSync(log, 'utf8'), 'run\nrun\n', 'the trust store update ran again after the restore');
  });

  it('the rescue takes back what a command step itself added (its undo), not what its fallback changed', () => {
    const log = r('/var/ansible-labels.log');
    mkdirSync(r('/var'), { recursive: true });
    writeFileSync(log, '');
    const base = { target: 'svc', service: 'loadBalancer' };
    const label = (port: string, first: 'adds' | 'fails'): HostStep => ({
      kind: 'command',
      ...base,
      title: `label port ${port}`,
      argv: ['sh', '-c', first === 'adds' ? `echo "add ${port}" >> "$1"` : 'exit 1', 'add', '/var/ansible-labels.log'],
      orElse: ['sh', '-c', `echo "modify ${port}" >> "$1"`, 'modify', '/var/ansible-labels.log'],
      undo: ['sh', '-c', `echo "delete ${port}" >> "$1"`, 'delete', '/var/ansible-labels.log'],
      paths: ['/var/ansible-labels.log'],
    });
    const dir = exportTo(
      [file('svc', '/etc/lb/lb.conf', 'x\n', { service: 'loadBalancer' })],
      [label('6443', 'adds'), label('22623', 'fails'), { kind: 'command', ...base, title: 'fails', argv: ['false'] }],
    );
    const run = runPlaybook(dir, home);
    assert.notEqual(run.code, 0);
    assert.equal(readFileSync(log, 'utf8'), 'add 6443\nmodify 22623\ndelete 6443\n', run.out);
  });
});
