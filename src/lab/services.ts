// A services host of the lab: a network namespace plus a private mount namespace whose /etc, /var,
// /usr, /srv, /opt and /root are overlays on this machine's (writes land in the lab's folder; this
// machine's files are never touched) and whose /run is a fresh tmpfs. Inside run the service runner
// (the systemd stand-in), sshd for deploy, and the real daemons the runner starts.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { OsLayout } from '../core/render/layout';
import { processStart, type RunnerConfig } from './runner';
import { clientScript, shimScript } from './shims';
import { inNetns, LabError, waitFor } from './sys';
import { unitsFor } from './units';

export const OVERLAID = ['etc', 'var', 'usr', 'srv', 'opt', 'root', 'home'];

/** Is `p` inside the services namespace's own copies (an overlaid folder or its /run)? Anything else is this machine's. */
export function insideOverlay(p: string): boolean {
  const top = /^\/([^/]+)\/[^\0]*$/.exec(p)?.[1];
  return !!top && (OVERLAID.includes(top) || top === 'run') && !p.split('/').includes('..');
}

/** Mounts the overlays and /run, then execs the runner. Values arrive as arguments, never in the text. */
const INIT = `#!/bin/sh
set -eu
L="$1"; shift
for d in ${OVERLAID.join(' ')}; do
  [ -d "/$d" ] || continue
  mount -t overlay "okdlab-$d" -o "lowerdir=/$d,upperdir=$L/upper/$d,workdir=$L/work/$d" "/$d"
done
mount -t tmpfs -o mode=0755 okdlab-run /run
mkdir -p /run/lock /run/sshd
exec "$@"
`;

/** Fedora's users for the daemons whose files deploy chowns (named.conf is root:named, httpd runs as apache). */
const FEDORA_USERS = [
  { name: 'named', home: '/var/named' },
  { name: 'dhcpd', home: '/' },
  { name: 'apache', home: '/usr/share/httpd' },
  { name: 'chrony', home: '/var/lib/chrony' },
];

/** Fedora's httpd package layout, served by Debian's apache2 binary and modules (a distribution stand-in). */
const HTTPD_MODULES = ['mpm_event', 'authz_core', 'authz_host', 'dir', 'mime', 'autoindex', 'alias']
  .map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`)
  .join('\n');

export interface ServicesSpec {
  host: string;
  ns: string;
  /** The lab folder of this host (created here). */
  dir: string;
  layout: OsLayout;
  tftpRoot: string;
  httpRoot?: string;
  address: string;
  /** The operator's public key, authorized for root. */
  authorizedKey: string;
  /** argv that runs okd-topology (the runner is one of its internal commands). */
  cli: string[];
}

function addUsers(upperEtc: string): void {
  const passwd = readFileSync('/etc/passwd', 'utf8');
  const group = readFileSync('/etc/group', 'utf8');
  const has = (text: string, name: string): boolean => text.split('\n').some((l) => l.startsWith(`${name}:`));
  const used = new Set(
    [...passwd.split('\n'), ...group.split('\n')].map((l) => Number(l.split(':')[2])).filter(Number.isFinite),
  );
  let next = 980;
  let p = passwd.endsWith('\n') ? passwd : `${passwd}\n`;
  let g = group.endsWith('\n') ? group : `${group}\n`;
  for (const u of FEDORA_USERS) {
    if (has(p, u.name)) continue;
    while (used.has(next)) next--;
    used.add(next);
    if (!has(g, u.name)) g += `${u.name}:x:${next}:\n`;
    p += `${u.name}:x:${next}:${next}:${u.name} (lab):${u.home}:/usr/sbin/nologin\n`;
  }
  writeFileSync(join(upperEtc, 'passwd'), p, { mode: 0o644 });
  writeFileSync(join(upperEtc, 'group'), g, { mode: 0o644 });
}

function fedoraStandIns(upper: string): void {
  // syslinux as Fedora packages it (/usr/share/syslinux), from Debian's pxelinux and syslinux-common.
  const sys = join(upper, 'usr/share/syslinux');
  mkdirSync(sys, { recursive: true });
  copyFileSync('/usr/lib/PXELINUX/pxelinux.0', join(sys, 'pxelinux.0'));
  for (const f of readdirSync('/usr/lib/syslinux/modules/bios'))
    copyFileSync(join('/usr/lib/syslinux/modules/bios', f), join(sys, f));
  const httpd = join(upper, 'etc/httpd');
  mkdirSync(join(httpd, 'conf.modules.d'), { recursive: true });
  mkdirSync(join(httpd, 'conf.d'), { recursive: true });
  writeFileSync(
    join(httpd, 'conf.modules.d/00-lab.conf'),
    `# Lab stand-in for Fedora's httpd modules: Debian's apache2 modules.\n${HTTPD_MODULES}\n`,
  );
  mkdirSync(join(upper, 'var/log/httpd'), { recursive: true });
  symlinkSync('../../var/log/httpd', join(httpd, 'logs'));
  writeFileSync(
    join(upper, 'usr/local/sbin/httpd'),
    '#!/bin/sh\n# Lab stand-in for Fedora\'s httpd binary: Debian\'s apache2.\nexec /usr/sbin/apache2 "$@"\n',
    { mode: 0o755 },
  );
  // Deploy's registry step trusts the registry's CA with Fedora's update-ca-trust; nothing in the lab reads
  // the trust store, so the stand-in only checks it was asked as Fedora would be.
  writeFileSync(
    join(upper, 'usr/local/sbin/update-ca-trust'),
    '#!/bin/sh\n# Lab stand-in for Fedora\'s update-ca-trust (the lab uses no trust store).\n[ "$1" = extract ] || { echo "update-ca-trust stand-in: only extract is known" >&2; exit 2; }\nexit 0\n',
    { mode: 0o755 },
  );
}

function runnerConfig(s: ServicesSpec): RunnerConfig {
  const debian = s.layout.family === 'debian';
  const named = debian ? 'bind' : 'named';
  const chrony = '_chrony';
  const dirs: RunnerConfig['prepare']['dirs'] = [
    { path: '/run/haproxy', owner: 'haproxy', mode: '2775' },
    { path: '/run/named', owner: named, mode: '0775' },
    { path: '/run/chrony', owner: chrony, mode: '0750' },
    { path: '/var/lib/haproxy', owner: 'root', mode: '0755' },
    { path: s.layout.dhcpLeases.replace(/\/[^/]+$/, ''), owner: 'root', mode: '0755' },
    { path: s.layout.bindDirectory, owner: named, mode: '0770' },
    { path: '/var/lib/chrony', owner: chrony, mode: '0750' },
    { path: s.tftpRoot, owner: 'root', mode: '0755' },
    ...(s.httpRoot ? [{ path: s.httpRoot, owner: 'root', mode: '0755' }] : []),
  ];
  const files = [{ path: s.layout.dhcpLeases, owner: 'root', mode: '0644', content: '' }];
  return {
    host: s.host,
    units: unitsFor({ layout: s.layout, tftpRoot: s.tftpRoot }),
    sshdConfig: join(s.dir, 'sshd_config'),
    owner: { pid: process.pid, start: processStart(process.pid) ?? '' },
    prepare: { dirs, files },
  };
}

function sshdConfig(s: ServicesSpec): string {
  return (
    [
      `ListenAddress ${s.address}:22`,
      `HostKey ${join(s.dir, 'ssh_host_ed25519_key')}`,
      'PidFile none',
      `AuthorizedKeysFile ${join(s.dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'AllowTcpForwarding yes',
      'AllowStreamLocalForwarding yes',
      'MaxStartups 50',
      'LogLevel ERROR',
      'Subsystem sftp internal-sftp',
    ].join('\n') + '\n'
  );
}

export interface ServicesHandle {
  host: string;
  ns: string;
  dir: string;
  proc: ChildProcess;
  hostPub: string;
}

/** Prepares the host's folder and starts its namespace; resolves once sshd and the runner are up. */
export async function startServices(s: ServicesSpec, keygen: (file: string) => string): Promise<ServicesHandle> {
  for (const d of OVERLAID) {
    mkdirSync(join(s.dir, 'upper', d), { recursive: true });
    mkdirSync(join(s.dir, 'work', d), { recursive: true });
  }
  mkdirSync(join(s.dir, 'logs'), { recursive: true });
  const upper = join(s.dir, 'upper');
  mkdirSync(join(upper, 'usr/local/sbin'), { recursive: true });
  addUsers(join(upper, 'etc'));
  if (s.layout.family !== 'debian') fedoraStandIns(upper);
  const client = join(s.dir, 'lab-client.js');
  writeFileSync(client, clientScript());
  const sock = join(s.dir, 'runner.sock');
  for (const tool of ['systemctl', 'journalctl', 'firewall-cmd']) {
    writeFileSync(join(upper, 'usr/local/sbin', tool), shimScript(tool, process.execPath, client, sock), {
      mode: 0o755,
    });
  }
  const hostPub = keygen(join(s.dir, 'ssh_host_ed25519_key'));
  writeFileSync(join(s.dir, 'authorized_keys'), `${s.authorizedKey}\n`);
  writeFileSync(join(s.dir, 'sshd_config'), sshdConfig(s));
  writeFileSync(join(s.dir, 'runner.json'), JSON.stringify(runnerConfig(s), null, 2));
  const init = join(s.dir, 'init.sh');
  writeFileSync(init, INIT);
  chmodSync(init, 0o755);
  const out = openSync(join(s.dir, 'runner.log'), 'a');
  const proc = spawn(
    'ip',
    inNetns(s.ns, [
      'unshare',
      '--mount',
      '--propagation',
      'private',
      '--',
      '/bin/sh',
      init,
      s.dir,
      ...s.cli,
      '__lab-runner',
      s.dir,
    ]).slice(1),
    {
      stdio: ['ignore', out, out],
      cwd: '/',
    },
  );
  const ready = join(s.dir, 'runner.ready');
  await waitFor(`the services namespace of ${s.host} did not start (see ${join(s.dir, 'runner.log')})`, 30000, () => {
    if (proc.exitCode !== null)
      throw new LabError(
        `the services namespace of ${s.host} exited (status ${proc.exitCode}): ${tailOf(join(s.dir, 'runner.log'))}`,
      );
    return existsSync(ready) ? true : undefined;
  });
  return { host: s.host, ns: s.ns, dir: s.dir, proc, hostPub };
}

function tailOf(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-5).join(' | ');
  } catch {
    return '(no log)';
  }
}
