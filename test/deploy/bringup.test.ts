// First deploy on a fresh host (issue 11, "What to build" 2), against the real sshd: units that are not
// running are enabled and started, running ones reloaded, nothing is left disabled for the next boot; the
// packages the host's programs need are installed (with consent) before any file is validated, and
// without consent a host that lacks them stops before anything changes.
//
// STAND-INS, named as such: this test machine has no systemd and must not install packages, so the host's
// PATH holds recorded stand-ins for `systemctl` (unit state kept in files), `dnf` and `apt-get` (each
// "installs" a package by putting stubs of its programs on the PATH). Every call is recorded in order.
// The host's PATH holds only the base tools deploy's scripts use (no /usr/bin, no /usr/sbin), so this
// machine's own daemons and checkers do not count as installed.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostOs } from '../../src/core/model';
import { buildDeployPlan } from '../../src/core/deploy/plan';
import type { RenderedFile } from '../../src/core/render/manifest';
import { runDeploy, type DeployRunOptions } from '../../src/ssh/deploy';
import { file, makeTopology } from './fixtures';
import { makeClientKeys, Sshd, testRunOptions, type ClientKeys } from './sshd';
import { systemctlStandIn } from './standins';

/** Package → the programs the stand-in package managers put on the PATH for it. */
const PACKAGE_PROGRAMS: Record<string, string[]> = {
  bind: ['named', 'named-checkconf', 'named-checkzone'],
  haproxy: ['haproxy'],
  'tftp-server': ['in.tftpd'],
  'isc-dhcp-server': ['dhcpd'],
};

/** The base tools of a fresh host: what deploy's own scripts run. */
const BASE_TOOLS = [
  'sh',
  'cat',
  'stat',
  'sha256sum',
  'readlink',
  'tr',
  'mkdir',
  'ln',
  'cp',
  'mv',
  'rm',
  'chmod',
  'chown',
  'env',
  'basename',
  'touch',
  'kill',
  'true',
  'mktemp',
];

function baseTools(dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const t of BASE_TOOLS) {
    const from = ['/usr/bin', '/bin'].map((d) => join(d, t)).find(existsSync);
    if (!from) throw new Error(`${t} is not installed on this machine`);
    symlinkSync(from, join(dir, t));
  }
  return dir;
}

function standIns(dir: string): { calls: string; state: string; bin: string; installed: string } {
  const state = join(dir, 'units');
  const bin = join(dir, 'standins');
  const installed = join(dir, 'installed');
  const calls = join(dir, 'calls');
  for (const d of [join(state, 'active'), join(state, 'enabled'), bin, installed]) mkdirSync(d, { recursive: true });
  systemctlStandIn(join(bin, 'systemctl'), state, calls);
  const install = Object.entries(PACKAGE_PROGRAMS)
    .map(
      ([pkg, progs]) =>
        `    ${pkg}) for p in ${progs.join(' ')}; do printf '#!/bin/sh\\nprintf "%%s %%s\\\\n" "$(basename "$0")" "$*" >> ${calls}\\n' > '${installed}'/$p; chmod 755 '${installed}'/$p; done;;`,
    )
    .join('\n');
  const manager = (name: string, log: string) => `#!/bin/sh
# Stand-in for ${name}: records the call and "installs" each package as stubs of its programs.
printf '%s\\n' "${log}" >> '${calls}'
for a in "$@"; do
  case "$a" in
${install}
  esac
done
`;
  writeFileSync(join(bin, 'dnf'), manager('dnf', 'dnf $*'), { mode: 0o755 });
  writeFileSync(join(bin, 'apt-get'), manager('apt-get', 'DEBIAN_FRONTEND=$DEBIAN_FRONTEND apt-get $*'), {
    mode: 0o755,
  });
  return { calls, state, bin, installed };
}

describe('first deploy on a fresh host: units and packages (real sshd, stand-in systemctl/dnf/apt-get)', function () {
  this.timeout(60000);
  let client: ClientKeys;
  let sshd: Sshd;
  let kh: string;
  let s: ReturnType<typeof standIns>;

  before(async () => {
    client = makeClientKeys();
    sshd = new Sshd(client);
    s = standIns(sshd.dir);
    sshd.path = `${s.bin}:${s.installed}:${baseTools(join(sshd.dir, 'base'))}`;
    await sshd.start();
    kh = join(client.dir, 'kh');
    writeFileSync(kh, sshd.knownHostsLine() + '\n');
  });
  after(async () => sshd?.destroy());
  beforeEach(() => {
    // A fresh host: no unit enabled or running, no package installed, nothing deployed.
    for (const d of [join(s.state, 'active'), join(s.state, 'enabled'), s.installed])
      for (const n of readdirSync(d)) rmSync(join(d, n));
    rmSync(sshd.root, { recursive: true, force: true });
    mkdirSync(sshd.root);
    rmSync(s.calls, { force: true });
  });

  const calls = (): string[] => (existsSync(s.calls) ? readFileSync(s.calls, 'utf8').trim().split('\n') : []);
  const opts = (extra: Partial<DeployRunOptions> = {}): DeployRunOptions => testRunOptions(client, kh, extra);
  const r = (p: string): string => join(sshd.root, p);
  const plan = (files: RenderedFile[], os: HostOs = 'fedora') => {
    const topo = makeTopology([{ name: 'svc', port: sshd.port }]);
    topo.hosts[0].os = os;
    const res = buildDeployPlan(files, topo, { remoteRoot: sshd.root });
    assert.deepEqual(res.errors, []);
    return res.plan;
  };
  const services = (v: string): RenderedFile[] => [
    file('svc', '/etc/named.conf', `options { }; # ${v}\n`, {
      validate: ['named-checkconf', '{file}'],
      reload: ['systemctl', 'reload', 'named'],
      health: [{ kind: 'service-active', unit: 'named' }],
    }),
    file('svc', '/etc/haproxy/haproxy.cfg', `global # ${v}\n`, {
      service: 'loadBalancer',
      validate: ['haproxy', '-c', '-f', '{file}'],
      reload: ['systemctl', 'reload', 'haproxy'],
      health: [{ kind: 'service-active', unit: 'haproxy' }],
    }),
    file('svc', '/var/lib/tftpboot/pxelinux.cfg/default', `menu # ${v}\n`, {
      service: 'pxe',
      health: [{ kind: 'service-active', unit: 'tftp.socket' }],
    }),
  ];
  const tmp = (p: string): string => r(p.replace(/\/([^/]+)$/, '/.$1.okd-tmp'));

  it('lists the packages in the plan; without consent, says exactly which are missing and stops before changing anything', async () => {
    const p = plan(services('v1'));
    assert.deepEqual(p.hosts[0].packages, {
      manager: 'dnf',
      needs: [
        { program: 'named-checkconf', package: 'bind' },
        { program: 'haproxy', package: 'haproxy' },
        { program: 'named', package: 'bind' },
        { program: 'in.tftpd', package: 'tftp-server' },
      ],
    });
    const [res] = await runDeploy(p, opts());
    assert.equal(res.outcome, 'failed');
    assert.equal(
      res.error,
      'missing packages: bind (named-checkconf, named not found), haproxy (haproxy not found), tftp-server (in.tftpd not found). ' +
        'Install them (dnf install bind haproxy tftp-server), or let deploy install them (CLI: --install-packages; editor: "Deploy and Install Packages"). ' +
        'No file on the host was changed.',
    );
    assert.deepEqual(calls(), [], 'no package manager, no systemctl, no validator ran');
    assert.ok(!existsSync(r('/etc/named.conf')) && !existsSync(r('/var/lib/okd-topology/deploy-journal.svc')));
  });

  it('with consent: installs first, validates with the installed programs, enables and starts every unit; then reloads the running ones', async () => {
    const [res] = await runDeploy(plan(services('v1')), opts({ installPackages: true }));
    assert.equal(res.outcome, 'deployed', res.error);
    assert.deepEqual(res.notes, ['installed bind, haproxy, tftp-server with dnf']);
    assert.deepEqual(calls(), [
      'dnf install -y -- bind haproxy tftp-server',
      `named-checkconf ${tmp('/etc/named.conf')}`,
      `haproxy -c -f ${tmp('/etc/haproxy/haproxy.cfg')}`,
      'systemctl is-enabled --quiet -- named',
      'systemctl enable --quiet -- named',
      'systemctl is-active --quiet -- named',
      'systemctl start -- named',
      'systemctl is-enabled --quiet -- haproxy',
      'systemctl enable --quiet -- haproxy',
      'systemctl is-active --quiet -- haproxy',
      'systemctl start -- haproxy',
      'systemctl is-enabled --quiet -- tftp.socket',
      'systemctl enable --quiet -- tftp.socket',
      'systemctl is-active --quiet -- tftp.socket',
      'systemctl start -- tftp.socket',
      'systemctl is-active --quiet -- named',
      'systemctl is-active --quiet -- haproxy',
      'systemctl is-active --quiet -- tftp.socket',
    ]);
    assert.deepEqual(
      readdirSync(join(s.state, 'enabled')).sort(),
      ['haproxy', 'named', 'tftp.socket'],
      'every unit starts at the next boot',
    );

    // Someone disabled haproxy (it still runs): the next deploy enables it again and reloads what runs.
    rmSync(join(s.state, 'enabled', 'haproxy'));
    rmSync(s.calls);
    const [again] = await runDeploy(plan(services('v2')), opts());
    assert.equal(again.outcome, 'deployed', again.error);
    assert.deepEqual(
      calls().filter((c) => c.startsWith('systemctl')),
      [
        'systemctl is-enabled --quiet -- named',
        'systemctl is-active --quiet -- named',
        'systemctl reload -- named',
        'systemctl is-enabled --quiet -- haproxy',
        'systemctl enable --quiet -- haproxy',
        'systemctl is-active --quiet -- haproxy',
        'systemctl reload -- haproxy',
        'systemctl is-enabled --quiet -- tftp.socket',
        'systemctl is-active --quiet -- tftp.socket',
        'systemctl is-active --quiet -- named',
        'systemctl is-active --quiet -- haproxy',
        'systemctl is-active --quiet -- tftp.socket',
      ],
    );
    assert.ok(!calls().some((c) => c.startsWith('dnf')), 'nothing left to install');
  });

  it('a rollback on a fresh host stops and disables again the units deploy started, and removes its new files', async () => {
    for (const p of ['named', 'named-checkconf', 'named-checkzone'])
      writeFileSync(join(s.installed, p), '#!/bin/sh\n', { mode: 0o755 });
    const files = [
      file('svc', '/etc/named.conf', 'options { };\n', {
        validate: ['named-checkconf', '{file}'],
        reload: ['systemctl', 'reload', 'named'],
        health: [
          { kind: 'service-active', unit: 'named' },
          { kind: 'tcp', port: 1, address: '127.0.0.1' },
        ],
      }),
    ];
    const [res] = await runDeploy(plan(files), opts());
    assert.equal(res.outcome, 'rolled-back', res.error);
    assert.deepEqual(calls(), [
      'systemctl is-enabled --quiet -- named',
      'systemctl enable --quiet -- named',
      'systemctl is-active --quiet -- named',
      'systemctl start -- named',
      'systemctl is-active --quiet -- named',
      'systemctl stop -- named',
      'systemctl disable --quiet -- named',
    ]);
    assert.deepEqual(readdirSync(join(s.state, 'active')), []);
    assert.deepEqual(readdirSync(join(s.state, 'enabled')), []);
    assert.ok(!existsSync(r('/etc/named.conf')));
  });

  it('Debian: apt-get with fresh package lists, non-interactive, and the Debian package names', async () => {
    const files = [
      file('svc', '/etc/dhcp/dhcpd.conf', 'subnet 10.0.0.0 netmask 255.0.0.0 { }\n', {
        service: 'dhcp',
        validate: ['dhcpd', '-t', '-cf', '{file}'],
        reload: ['systemctl', 'restart', 'isc-dhcp-server'],
        health: [{ kind: 'service-active', unit: 'isc-dhcp-server' }],
      }),
    ];
    const p = plan(files, 'debian');
    assert.deepEqual(p.hosts[0].packages, {
      manager: 'apt',
      needs: [{ program: 'dhcpd', package: 'isc-dhcp-server' }],
    });
    const [res] = await runDeploy(p, opts({ installPackages: true }));
    assert.equal(res.outcome, 'deployed', res.error);
    assert.deepEqual(calls().slice(0, 3), [
      'DEBIAN_FRONTEND= apt-get -q update',
      'DEBIAN_FRONTEND=noninteractive apt-get -q -y install --no-install-recommends -- isc-dhcp-server',
      `dhcpd -t -cf ${tmp('/etc/dhcp/dhcpd.conf')}`,
    ]);
    assert.ok(calls().includes('systemctl start -- isc-dhcp-server'));
  });
});
