// Issue 11 item 3: deploy runs the render's host steps on the services host of the okd-the-hard-way lab, against
// the real sshd with the real openssl and htpasswd: the boot loaders land in the TFTP root, the registry gets
// its CA, certificate and htpasswd; a second deploy changes nothing; a missing boot loader fails the host with
// the package to install and removes what the steps created. The registry password never appears in events,
// results or the transcript. The boot loaders are copied from a syslinux folder under the remote root (which
// stands for the whole host), filled from this machine's Debian pxelinux/syslinux-common files.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDeployPlan } from '../../src/core/deploy/plan';
import type { DeployEvent, HostResult } from '../../src/core/deploy/events';
import { loadDeployInput } from '../../src/cli/deploy-input';
import { readStepSecrets, REGISTRY_PASSWORD_ENV } from '../../src/cli/step-secrets';
import { runDeploy } from '../../src/ssh/deploy';
import { systemctlStandIn } from './standins';
import { makeClientKeys, requireTool, Sshd, testRunOptions, type ClientKeys } from './sshd';

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'okd-upi-lab', 'cluster.okd.yaml');
const PASSWORD = 'Pa55-w0rd-never-shown';
const LOADERS = {
  'pxelinux.0': '/usr/lib/PXELINUX/pxelinux.0',
  'ldlinux.c32': '/usr/lib/syslinux/modules/bios/ldlinux.c32',
};

describe('host steps: boot loaders and the registry certificates on the services host (real sshd, real openssl/htpasswd)', function () {
  this.timeout(120000);
  let client: ClientKeys;
  let sshd: Sshd;
  let kh: string;
  let work: string;

  before(async () => {
    for (const [name, from] of Object.entries(LOADERS))
      requireTool(from, name === 'pxelinux.0' ? 'pxelinux' : 'syslinux-common');
    requireTool('/usr/bin/openssl', 'openssl');
    requireTool('/usr/bin/htpasswd', 'apache2-utils');
    client = makeClientKeys();
    sshd = new Sshd(client);
    // STAND-IN, named as such: this machine has no systemd; systemctl keeps unit state in files.
    const bin = join(sshd.dir, 'bin');
    for (const d of [bin, join(sshd.dir, 'units', 'active'), join(sshd.dir, 'units', 'enabled')])
      mkdirSync(d, { recursive: true });
    systemctlStandIn(join(bin, 'systemctl'), join(sshd.dir, 'units'), join(sshd.dir, 'calls'));
    sshd.binDir = bin;
    await sshd.start();
    kh = join(client.dir, 'kh');
    writeFileSync(kh, sshd.knownHostsLine() + '\n');
    work = mkdtempSync(join(tmpdir(), 'okd-hoststeps-'));
  });
  after(async () => {
    await sshd?.destroy();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const r = (p: string): string => join(sshd.root, p);
  const syslinux = (): void => {
    mkdirSync(r('/usr/share/syslinux'), { recursive: true });
    for (const [name, from] of Object.entries(LOADERS)) copyFileSync(from, r(`/usr/share/syslinux/${name}`));
  };

  /** The services host's plan: its host steps and the registry's files (the others are phases-lab.test.ts's; health checks left out), under the remote root. */
  async function deploy(): Promise<{ res: HostResult; events: DeployEvent[]; log: string }> {
    const topo = join(work, 'cluster.okd.yaml');
    writeFileSync(
      topo,
      readFileSync(EXAMPLE, 'utf8').replace(
        '    ssh: { user: root }\n',
        `    ssh: { host: 127.0.0.1, port: ${sshd.port}, user: root }\n`,
      ),
    );
    const input = await loadDeployInput(topo);
    assert.ok(!('error' in input), JSON.stringify(input));
    const { plan, errors } = buildDeployPlan(
      input.files
        .filter((f) => f.target === 'services' && f.path.startsWith('/opt/registry/'))
        .map((f) => ({ ...f, health: [] })),
      input.topology,
      { hosts: ['services'], remoteRoot: sshd.root, steps: input.steps },
    );
    assert.deepEqual(errors, []);
    const secrets = await readStepSecrets(plan, { [REGISTRY_PASSWORD_ENV]: PASSWORD });
    assert.ok(!('error' in secrets));
    const events: DeployEvent[] = [];
    const lines: string[] = [];
    const [res] = await runDeploy(
      plan,
      testRunOptions(client, kh, { stepSecrets: secrets, onEvent: (e) => events.push(e), log: (l) => lines.push(l) }),
    );
    return { res, events, log: lines.join('\n') };
  }
  const noPassword = (d: { res: HostResult; events: DeployEvent[]; log: string }): void => {
    assert.ok(!JSON.stringify(d).includes(PASSWORD), 'the registry password appears in the output');
  };

  it('a missing boot loader fails the host naming the step and the package, and removes what the steps created', async () => {
    const d = await deploy();
    noPassword(d);
    // The registry's files were in place before the steps ran: they are rolled back like any failure.
    assert.equal(d.res.outcome, 'rolled-back', JSON.stringify(d.res));
    assert.match(
      d.res.error!,
      /host step "pxe: boot loader pxelinux\.0 into the TFTP root.*failed.*is not on the host \(the syslinux package ships it\).*install the syslinux package on the host \(dnf install syslinux\)/s,
    );
    assert.ok(!existsSync(r('/var/lib/tftpboot/pxelinux.0')));
    for (const p of ['ca/ca.crt', 'ca/ca.key', 'certs/registry.crt', 'auth/htpasswd'])
      assert.ok(!existsSync(r(`/opt/registry/${p}`)), `${p} was left after the rollback`);
  });

  it('copies the boot loaders into the TFTP root and makes the registry CA, certificate and htpasswd; the password only on stdin', async () => {
    syslinux();
    const d = await deploy();
    noPassword(d);
    assert.equal(d.res.outcome, 'deployed', JSON.stringify(d.res));
    for (const [name, from] of Object.entries(LOADERS))
      assert.deepEqual(readFileSync(r(`/var/lib/tftpboot/${name}`)), readFileSync(from), name);
    assert.ok(d.events.some((e) => e.phase === 'step' && /boot loader pxelinux\.0/.test(e.message)));
    const reg = (p: string): string => r(`/opt/registry/${p}`);
    const ca = readdirCert(reg('ca'));
    const cert = readdirCert(reg('certs'));
    // The certificate verifies against the CA; the htpasswd accepts the password.
    assert.match(execFileSync('openssl', ['verify', '-CAfile', ca, cert], { encoding: 'utf8' }), /OK/);
    const htpasswd = reg('auth/htpasswd');
    const user = readFileSync(htpasswd, 'utf8').split(':')[0];
    execFileSync('htpasswd', ['-vb', htpasswd, user, PASSWORD], { stdio: 'pipe' });
    const before = [ca, cert, htpasswd].map((f) => readFileSync(f, 'utf8'));
    const again = await deploy();
    noPassword(again);
    assert.equal(again.res.outcome, 'unchanged', JSON.stringify(again.res));
    assert.deepEqual(
      [ca, cert, htpasswd].map((f) => readFileSync(f, 'utf8')),
      before,
      'a second deploy regenerated the CA, certificate or htpasswd',
    );
  });
});

/** The one certificate in a folder (*.crt / *.pem that is not a key). */
function readdirCert(dir: string): string {
  const names = readdirSync(dir);
  const crt = names.filter((n) => /\.(crt|pem)$/.test(n) && !/key/.test(n));
  assert.equal(crt.length, 1, `${dir}: ${names.join(', ')}`);
  return join(dir, crt[0]);
}
