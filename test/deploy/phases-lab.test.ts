// Issue 11 "How it is shown", first bullet: the okd-the-hard-way lab (examples/okd-upi-lab: seed 001's 13
// hosts, MACs and addresses) without services.kubeApi, deployed with `okd-topology deploy --host services`
// to the real sshd: exit 0, every services file in place, units enabled and started, the cluster manifests
// listed as pending. Then the later phases the same way: install, post-bootstrap (with its rollback) and
// cluster, each with the command the hosts phase printed.
//
// STAND-INS, named as such (this machine has no systemd, no cluster and no installer, and the services'
// checkers would read this machine's own /etc): `systemctl` keeps unit state in files; `chown` maps the group
// `named` (which the host's bind package would create) to root; the validators and
// reload helpers (named-checkconf, haproxy, dhcpd, chronyd, httpd, firewall-cmd…) only record their calls;
// `dig` answers the one name the DNS check asks with the services address; `oc` records each call and its
// stdin; `openshift-install` records its calls and makes the files the real one makes. Every call is
// recorded in order. TCP checks reach real listeners this test opens on 127.0.0.1.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDeployPlan } from '../../src/core/deploy/plan';
import { deployCommand } from '../../src/cli/deploy';
import { loadDeployInput } from '../../src/cli/deploy-input';
import { fillInstallConfig } from '../../src/cli/install-config';
import { exportAnsible } from '../../src/core/deploy/ansible';
import { runPlaybook, writeExport } from './ansible-run';
import { makeClientKeys, Sshd, type ClientKeys } from './sshd';
import { recordingStandIn, systemctlStandIn } from './standins';

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'okd-upi-lab', 'cluster.okd.yaml');
const SERVICES_IP = '192.168.200.254';
const UNITS = ['chronyd', 'dhcpd', 'firewalld', 'haproxy', 'httpd', 'named', 'registry', 'tftp.socket'];
const INSTALLER = '/home/okd/installer';

/** The lab as the seed starts it: no kubeApi (no cluster yet); the services VM reached through the test's sshd. */
function labText(port: number, edit: (t: string) => string = (t) => t): string {
  const text = readFileSync(EXAMPLE, 'utf8');
  assert.ok(
    text.includes('  kubeApi: { host: services, tool: oc }\n') && text.includes('    ssh: { user: root }\n'),
    'the example changed: update this test',
  );
  return edit(
    text
      .replace('  kubeApi: { host: services, tool: oc }\n', '')
      .replace('    ssh: { user: root }\n', `    ssh: { host: 127.0.0.1, port: ${port}, user: root }\n`),
  );
}

function listen(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const s = createServer((c) => c.destroy());
    // Something else already accepting on the port answers the check just as well.
    s.once('error', () => resolve(undefined));
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}

describe('phases: the okd-the-hard-way lab from an empty services host (real sshd, stand-ins named above)', function () {
  this.timeout(120000);
  let client: ClientKeys;
  let sshd: Sshd;
  let home: string;
  let work: string;
  let bin: string;
  let calls: string;
  let state: string;
  const servers: Server[] = [];
  const saved = {
    HOME: process.env.HOME,
    SSH_AUTH_SOCK: process.env.SSH_AUTH_SOCK,
    OKD_REGISTRY_PASSWORD: process.env.OKD_REGISTRY_PASSWORD,
  };

  before(async () => {
    client = makeClientKeys();
    sshd = new Sshd(client);
    bin = join(sshd.dir, 'bin');
    state = join(sshd.dir, 'units');
    calls = join(sshd.dir, 'calls');
    for (const d of [bin, join(state, 'active'), join(state, 'enabled')]) mkdirSync(d, { recursive: true });
    sshd.binDir = bin;
    await sshd.start();
    home = mkdtempSync(join(tmpdir(), 'okd-phases-home-'));
    work = mkdtempSync(join(tmpdir(), 'okd-phases-'));
    mkdirSync(join(home, '.ssh'), { mode: 0o700 });
    copyFileSync(client.key, join(home, '.ssh', 'id_ed25519'));
    process.env.HOME = home;
    delete process.env.SSH_AUTH_SOCK;
    // The registry's htpasswd (a host step) reads its password from here; the boot loader copies read the
    // host's syslinux files, which under --remote-root live under the root (stub files: their content is not used).
    process.env.OKD_REGISTRY_PASSWORD = 'lab-registry-password';
    mkdirSync(join(sshd.root, 'usr/share/syslinux'), { recursive: true });
    for (const f of ['pxelinux.0', 'ldlinux.c32'])
      writeFileSync(join(sshd.root, 'usr/share/syslinux', f), `stub ${f}\n`);
    // systemctl: failing reloads of haproxy on demand (the post-bootstrap rollback), else the unit-state stand-in.
    systemctlStandIn(join(sshd.dir, 'systemctl-standin'), state, calls);
    writeFileSync(
      join(bin, 'systemctl'),
      `#!/bin/sh\n# Stand-in for systemctl (see systemctl-standin); fails haproxy's reload while ${sshd.dir}/fail-reload exists.\n` +
        `case "$*" in *reload*haproxy*) if [ -e '${sshd.dir}/fail-reload' ]; then echo 'stand-in: haproxy reload failed' >&2; exit 1; fi;; esac\nexec '${sshd.dir}/systemctl-standin' "$@"\n`,
      { mode: 0o755 },
    );
    // Every program the services host's plan needs, as a recording stand-in (haproxy rejects while fail-validate exists).
    const input = await loadDeployInput(writeLab('needs.okd.yaml'));
    assert.ok(!('error' in input), JSON.stringify(input));
    const hp = buildDeployPlan(input.files, input.topology, { hosts: ['services'] }).plan.hosts[0];
    for (const n of hp.packages.needs)
      if (n.program !== 'systemctl') recordingStandIn(join(bin, n.program), calls, n.program);
    recordingStandIn(join(bin, 'dig'), calls, 'dig', SERVICES_IP);
    writeFileSync(
      join(bin, 'haproxy'),
      `#!/bin/sh\n# Stand-in for haproxy -c: records the call; rejects while ${sshd.dir}/fail-validate exists.\nprintf 'haproxy %s\\n' "$*" >> '${calls}'\n[ ! -e '${sshd.dir}/fail-validate' ] || { echo 'stand-in: [ALERT] config rejected' >&2; exit 1; }\n`,
      { mode: 0o755 },
    );
    // The host's bind package would create the named group; this machine has none, so the chown stand-in maps it to root.
    writeFileSync(
      join(bin, 'chown'),
      `#!/bin/sh\n# Stand-in for chown: group named (made by the bind package) becomes root here; records the call.\n` +
        `printf 'chown %s\\n' "$*" >> '${calls}'\nfor a in "$@"; do shift; case "$a" in *:named) set -- "$@" "\${a%:named}:root";; *) set -- "$@" "$a";; esac; done\nexec /bin/chown "$@"\n`,
      { mode: 0o755 },
    );
    for (const p of [6443, 22623, 443, 80, 8080]) {
      const s = await listen(p);
      if (s) servers.push(s);
    }
  });
  after(async () => {
    process.env.HOME = saved.HOME;
    if (saved.SSH_AUTH_SOCK !== undefined) process.env.SSH_AUTH_SOCK = saved.SSH_AUTH_SOCK;
    if (saved.OKD_REGISTRY_PASSWORD === undefined) delete process.env.OKD_REGISTRY_PASSWORD;
    else process.env.OKD_REGISTRY_PASSWORD = saved.OKD_REGISTRY_PASSWORD;
    for (const s of servers) s.close();
    await sshd?.destroy();
    rmSync(home, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  function writeLab(name: string, edit?: (t: string) => string): string {
    const f = join(work, name);
    writeFileSync(f, labText(sshd.port, edit));
    return f;
  }
  const cli = async (args: string[]): Promise<{ code: number; out: string; err: string }> => {
    let out = '';
    let err = '';
    const code = await deployCommand([...args, '--remote-root', sshd.root, '--yes', '--accept-new'], {
      out: (s) => (out += s),
      err: (s) => (err += s),
    });
    return { code, out, err };
  };
  const takeCalls = (): string[] => {
    const lines = existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n').filter(Boolean) : [];
    rmSync(calls, { force: true });
    return lines;
  };
  const r = (p: string): string => join(sshd.root, p);

  it('hosts phase: deploy --host services puts every services file in place, enables and starts the units, lists the cluster manifests as pending', async () => {
    const topo = writeLab('cluster.okd.yaml');
    const res = await cli([topo, '--host', 'services']);
    assert.equal(res.code, 0, res.out + res.err);
    assert.match(res.out, /^Deploy plan, phase hosts: 1 host\(s\), 28 file\(s\)/);
    assert.match(res.out, /services: deployed \(28 files\)/);
    // Every file of the plan, as rendered.
    const input = await loadDeployInput(topo);
    assert.ok(!('error' in input));
    const { plan } = buildDeployPlan(input.files, input.topology, { hosts: ['services'], remoteRoot: sshd.root });
    for (const f of plan.hosts[0].files) {
      if (f.file.symlink) assert.equal(readlinkSync(f.remotePath), f.file.content, f.remotePath);
      else {
        assert.equal(readFileSync(f.remotePath, 'utf8'), f.file.content, f.remotePath);
        assert.equal((statSync(f.remotePath).mode & 0o777).toString(8), f.file.mode.replace(/^0/, ''), f.remotePath);
      }
    }
    for (const mac of ['f8-75-a4-ac-03-00', 'f8-75-a4-ac-01-00', 'f8-75-a4-ac-05-02'])
      assert.ok(lstatSync(r(`/var/lib/tftpboot/pxelinux.cfg/01-${mac}`)).isSymbolicLink());
    // The host steps ran: boot loaders copied into the TFTP root from the host's syslinux folder.
    for (const f of ['pxelinux.0', 'ldlinux.c32'])
      assert.equal(readFileSync(r(`/var/lib/tftpboot/${f}`), 'utf8'), `stub ${f}\n`);
    assert.match(
      readFileSync(r('/etc/dhcp/dhcpd.conf'), 'utf8'),
      /hardware ethernet f8:75:a4:ac:03:00;\s*fixed-address 192\.168\.200\.11;/,
    );
    // Units: enabled for the next boot and started (a fresh host has none running).
    for (const u of UNITS) {
      assert.ok(existsSync(join(state, 'enabled', u)), `${u} enabled`);
      assert.ok(existsSync(join(state, 'active', u)), `${u} started`);
    }
    const c = takeCalls();
    assert.ok(c.includes('systemctl enable named') || c.some((l) => /^systemctl enable .*named/.test(l)), c.join('\n'));
    assert.ok(!c.some((l) => l.startsWith('oc ')), 'no manifest is applied in the hosts phase');
    // The manifests wait for the cluster phase, which says what it needs and how to run it.
    assert.match(res.out, /Later phases \(not run by this deploy\):/);
    assert.match(
      res.out,
      / {2}cluster: 5 cluster manifest\(s\): machineconfigs\/90-infra-chrony\.yaml, .*metallb\/metallb\.yaml\n {6}needs services\.kubeApi \(the host that runs oc\)\n/,
    );
    assert.ok(res.out.includes(`run: okd-topology deploy ${topo} --phase cluster`));
    assert.ok(res.out.includes(`run: okd-topology deploy ${topo} --phase install`));
    assert.ok(res.out.includes(`run: okd-topology deploy ${topo} --phase post-bootstrap`));
  });

  it('install phase without openshift-install: install-config.yaml in place (0600, secrets filled), the result says what to run', async () => {
    const topo = installLab('install.okd.yaml');
    rmSync(r(INSTALLER), { recursive: true, force: true });
    const res = await cli([topo, '--phase', 'install']);
    assert.equal(res.code, 0, res.out + res.err);
    assert.match(res.out, /Deploy plan, phase install: 0 host\(s\)/);
    assert.match(res.out, /otherwise run on services:\n {6}openshift-install create manifests --dir /);
    const ic = r(`${INSTALLER}/install-config.yaml`);
    assert.equal((statSync(ic).mode & 0o777).toString(8), '600');
    assert.match(
      readFileSync(ic, 'utf8'),
      /pullSecret: '\{"auths":\{"mirror\.example:5000":\{"auth":"c2VjcmV0"\}\}\}'/,
    );
    assert.doesNotMatch(res.out + res.err, /c2VjcmV0/, 'the pull secret never reaches the output');
    assert.match(
      res.out,
      /note: openshift-install is not on services's PATH; run there: openshift-install create manifests --dir \S+ && cp cluster-network-03-config\.yml .* && openshift-install create ignition-configs --dir \S+ && cp /,
    );
    assert.ok(!takeCalls().some((l) => l.startsWith('openshift-install')));
  });

  it('install phase with openshift-install (recorded stand-in): the commands in order, the MTU manifest added, the .ign files published', async () => {
    const topo = installLab('install.okd.yaml');
    rmSync(r(INSTALLER), { recursive: true, force: true });
    const dir = r(INSTALLER);
    installerStandIn();
    try {
      writeFileSync(join(sshd.dir, 'leak'), '');
      const leaked = await cli([topo, '--phase', 'install']);
      rmSync(join(sshd.dir, 'leak'));
      assert.equal(leaked.code, 1, leaked.out + leaked.err);
      assert.match(
        leaked.out,
        /services: failed \(1 file\)\n.*openshift-install create manifests --dir \S+ failed \(exit 1: [\s\S]*pullSecret: \*\*\*\)/,
      );
      assert.doesNotMatch(leaked.out + leaked.err, /c2VjcmV0/, 'the secret a failing tool echoes is redacted');
      takeCalls();
      const res = await cli([topo, '--phase', 'install']);
      assert.equal(res.code, 0, res.out + res.err);
      assert.deepEqual(
        takeCalls().filter((l) => l.startsWith('openshift-install')),
        [
          `openshift-install create manifests --dir ${dir} (install-config 600)`,
          `openshift-install create ignition-configs --dir ${dir} (mtu manifest: 1)`,
        ],
      );
      for (const role of ['bootstrap', 'master', 'worker']) {
        const ign = r(`/var/www/html/okd/ignitions/${role}.ign`);
        assert.equal(JSON.parse(readFileSync(ign, 'utf8')).role, role);
        assert.equal((statSync(ign).mode & 0o777).toString(8), '644');
      }
      // The PXE menus point exactly there.
      assert.match(
        readFileSync(r('/var/lib/tftpboot/pxelinux.cfg/master'), 'utf8'),
        /coreos\.inst\.ignition_url=http:\/\/192\.168\.200\.254:8080\/okd\/ignitions\/master\.ign/,
      );
      assert.match(res.out, /services: deployed/);
    } finally {
      rmSync(join(bin, 'openshift-install'));
    }
  });

  it("the Ansible export's install play (--tags install, install-config from -e okd_install_config) runs the same steps", async () => {
    const topo = installLab('install.okd.yaml');
    rmSync(r(INSTALLER), { recursive: true, force: true });
    rmSync(r('/var/www/html/okd/ignitions'), { recursive: true, force: true });
    const input = await loadDeployInput(topo);
    assert.ok(!('error' in input));
    const { plan, errors } = buildDeployPlan(input.files, input.topology, { phase: 'install', remoteRoot: sshd.root });
    assert.deepEqual(errors, []);
    const kh = join(work, 'known_hosts');
    writeFileSync(kh, `${sshd.knownHostsLine()}\n`);
    const exp = exportAnsible([plan], {
      privateKeyFile: client.key,
      sshCommonArgs: `-o UserKnownHostsFile=${kh} -o StrictHostKeyChecking=yes`,
    });
    assert.deepEqual(exp.errors, []);
    const dir = mkdtempSync(join(work, 'ansible-'));
    writeExport(dir, exp.files);
    const filled = await fillInstallConfig(input.files, topo, '--install-config', 'services');
    assert.ok(!('error' in filled));
    const ic = join(work, 'install-config.yaml');
    writeFileSync(ic, filled.content, { mode: 0o600 });
    installerStandIn();
    takeCalls();
    try {
      const run = runPlaybook(dir, home, ['install'], ['-e', `okd_install_config=${ic}`]);
      assert.equal(run.code, 0, run.out);
      assert.doesNotMatch(run.out, /c2VjcmV0/, 'no_log keeps the pull secret out of the output');
      assert.deepEqual(
        takeCalls().filter((l) => l.startsWith('openshift-install')),
        [
          `openshift-install create manifests --dir ${r(INSTALLER)} (install-config 600)`,
          `openshift-install create ignition-configs --dir ${r(INSTALLER)} (mtu manifest: 1)`,
        ],
      );
      for (const role of ['bootstrap', 'master', 'worker'])
        assert.equal(JSON.parse(readFileSync(r(`/var/www/html/okd/ignitions/${role}.ign`), 'utf8')).role, role);
    } finally {
      rmSync(join(bin, 'openshift-install'));
    }
  });

  it('install phase without services.registry.caFile: the CA deploy keeps on the services host fills additionalTrustBundle', async () => {
    const topo = installLab('install-hostca.okd.yaml', false);
    const input = await loadDeployInput(topo);
    assert.ok(!('error' in input));
    const ca = buildDeployPlan(input.files, input.topology, { phase: 'install', remoteRoot: sshd.root }).plan.install!
      .hostTrustBundle!.path;
    rmSync(ca, { force: true });
    const missing = await cli([topo, '--phase', 'install']);
    assert.equal(missing.code, 1, missing.out + missing.err);
    assert.ok(
      missing.out.includes(`install-config.yaml needs the registry CA, and ${ca} is not on services`),
      missing.out,
    );
    // The CA as the registry's host steps make it (this machine's deploy test puts it there itself).
    mkdirSync(join(ca, '..'), { recursive: true });
    copyFileSync(join(home, 'registry-ca.pem'), ca);
    const ok = await cli([topo, '--phase', 'install']);
    assert.equal(ok.code, 0, ok.out + ok.err);
    assert.ok(ok.out.includes(`additionalTrustBundle: the registry CA read from ${ca} on services`));
    const text = readFileSync(r(`${INSTALLER}/install-config.yaml`), 'utf8');
    const pem = readFileSync(join(home, 'registry-ca.pem'), 'utf8').trim();
    assert.ok(text.includes(`additionalTrustBundle: ${JSON.stringify(pem)}`), text);
    assert.doesNotMatch(text, /__OKD_TOPOLOGY_/);
    takeCalls();
  });

  it('post-bootstrap phase: a rejected validate changes nothing; a failed reload restores the bootstrap variant; then the swap', async () => {
    const topo = join(work, 'cluster.okd.yaml');
    const before = readFileSync(r('/etc/haproxy/haproxy.cfg'), 'utf8');
    const variant = readFileSync(r('/etc/haproxy/haproxy-no-bootstrap.cfg'), 'utf8');
    assert.match(before, /192\.168\.200\.10:6443/, 'the hosts phase balances to the bootstrap node');
    assert.doesNotMatch(variant, /192\.168\.200\.10:/);
    takeCalls();

    writeFileSync(join(sshd.dir, 'fail-validate'), '');
    const rejected = await cli([topo, '--phase', 'post-bootstrap']);
    rmSync(join(sshd.dir, 'fail-validate'));
    assert.equal(rejected.code, 1, rejected.out + rejected.err);
    assert.match(rejected.out, /services: failed[\s\S]*config rejected[\s\S]*No file on the host was changed/);
    assert.equal(readFileSync(r('/etc/haproxy/haproxy.cfg'), 'utf8'), before);

    writeFileSync(join(sshd.dir, 'fail-reload'), '');
    const rolled = await cli([topo, '--phase', 'post-bootstrap']);
    rmSync(join(sshd.dir, 'fail-reload'));
    assert.equal(rolled.code, 1, rolled.out + rolled.err);
    assert.match(rolled.out, /services: rolled-back/);
    assert.equal(readFileSync(r('/etc/haproxy/haproxy.cfg'), 'utf8'), before);
    takeCalls();

    const ok = await cli([topo, '--phase', 'post-bootstrap']);
    assert.equal(ok.code, 0, ok.out + ok.err);
    assert.match(ok.out, /^Deploy plan, phase post-bootstrap: 1 host\(s\), 1 file\(s\)/);
    assert.equal(readFileSync(r('/etc/haproxy/haproxy.cfg'), 'utf8'), variant);
    const c = takeCalls();
    assert.ok(
      c.some((l) => /^haproxy -c -f .*\.haproxy\.cfg\.okd-tmp$/.test(l)),
      c.join('\n'),
    );
    assert.ok(c.includes('systemctl reload -- haproxy'), c.join('\n'));
    assert.match(ok.out, / {2}cluster: 5 cluster manifest/, 'the cluster phase is still pending');
  });

  it('cluster phase: with a kubeApi host whose oc is a recorded stand-in, every manifest is dry-run, then applied, MetalLB before its pool; no host file changes', async () => {
    const topo = writeLab('cluster-phase.okd.yaml', (t) =>
      t.replace(
        '  registry: { host: services, port: 5000 }\n',
        '  registry: { host: services, port: 5000 }\n  kubeApi: { host: services, tool: oc }\n',
      ),
    );
    writeFileSync(
      join(bin, 'oc'),
      `#!/bin/sh\n# Stand-in for oc: records the call and the manifest it reads.\nprintf 'oc %s\\n' "$*" >> '${calls}'\ncat >> '${sshd.dir}/oc.stdin'\n`,
      { mode: 0o755 },
    );
    const haproxy = readFileSync(r('/etc/haproxy/haproxy.cfg'), 'utf8');
    takeCalls();
    const res = await cli([topo, '--phase', 'cluster']);
    assert.equal(res.code, 0, res.out + res.err);
    assert.match(res.out, /^Deploy plan, phase cluster: 1 host\(s\), 0 file\(s\)/);
    const kc = r(`${INSTALLER}/auth/kubeconfig`);
    const all = takeCalls().filter((l) => l.startsWith('oc '));
    const applies = all.filter((l) => / apply (--dry-run=server )?-f -$/.test(l));
    const dry = `oc --kubeconfig ${kc} apply --dry-run=server -f -`;
    const apply = `oc --kubeconfig ${kc} apply -f -`;
    // The four chrony MachineConfigs, dry-run then applied; MetalLB installed (the cluster branch's runner); its pool last.
    assert.deepEqual(applies, [dry, dry, dry, dry, apply, apply, apply, apply, dry, apply]);
    const between = all.slice(all.indexOf(apply) + 4, all.lastIndexOf(dry));
    assert.ok(
      between.some((l) => /rollout status/.test(l)),
      `MetalLB is installed before its pool:\n${all.join('\n')}`,
    );
    const sent = readFileSync(join(sshd.dir, 'oc.stdin'), 'utf8');
    assert.match(sent, /kind: MachineConfig[\s\S]*name: 99-master-chrony|kind: MachineConfig/);
    assert.match(sent, /kind: IPAddressPool/);
    assert.equal(
      readFileSync(r('/etc/haproxy/haproxy.cfg'), 'utf8'),
      haproxy,
      'the cluster phase touches no host file',
    );
  });

  /** The openshift-install stand-in (see the header): records each call with what it finds, makes what the real one makes. */
  function installerStandIn(): void {
    writeFileSync(
      join(bin, 'openshift-install'),
      `#!/bin/sh
# Stand-in for openshift-install: records each call (with what it finds), makes what the real one makes.
d=$4
# While ${sshd.dir}/leak exists it fails, echoing the pull secret line (as a tool's error message might).
if [ -e '${sshd.dir}/leak' ]; then grep pullSecret "$d/install-config.yaml" >&2; exit 1; fi
case "$1 $2" in
  'create manifests') printf 'openshift-install %s (install-config %s)\\n' "$*" "$(stat -c %a "$d/install-config.yaml")" >> '${calls}'
    mkdir -p "$d/manifests" "$d/openshift" && rm "$d/install-config.yaml";;
  'create ignition-configs') printf 'openshift-install %s (mtu manifest: %s)\\n' "$*" "$(cat "$d/manifests/cluster-network-03-config.yml" | grep -c mtu)" >> '${calls}'
    for r in bootstrap master worker; do printf '{"ignition":{"version":"3.2.0"},"role":"%s"}' $r > "$d/$r.ign"; done;;
  *) exit 2;;
esac
`,
      { mode: 0o755 },
    );
  }

  /** The lab with what the install phase reads: a pull secret, an SSH key, the registry CA and an MTU. */
  function installLab(name: string, caFile = true): string {
    writeFileSync(join(home, 'pull-secret-cluster.txt'), '{"auths":{"mirror.example:5000":{"auth":"c2VjcmV0"}}}\n');
    if (!existsSync(join(home, '.ssh', 'okd.pub')))
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(home, '.ssh', 'okd')]);
    const ca = join(home, 'registry-ca.pem');
    if (!existsSync(ca)) {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:P-256',
          '-nodes',
          '-keyout',
          join(home, 'ca.key'),
          '-out',
          ca,
          '-days',
          '2',
          '-subj',
          '/CN=test registry CA',
        ],
        { stdio: 'ignore' },
      );
    }
    return writeLab(name, (t) =>
      t
        .replace('    networkType: OVNKubernetes\n', '    networkType: OVNKubernetes\n    clusterNetworkMTU: 1400\n')
        .replace(
          '  registry: { host: services, port: 5000 }\n',
          caFile
            ? `  registry: { host: services, port: 5000, caFile: ${ca} }\n`
            : '  registry: { host: services, port: 5000 }\n',
        ),
    );
  }
});
