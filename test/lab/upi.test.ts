// The okd-the-hard-way UPI lab (seed 001's MACs and addresses, examples/okd-upi-lab) in a lab of
// network namespaces: real dhcpd, named, HAProxy, chronyd, in.tftpd and Apache on the services host,
// reached over SSH by okd-topology deploy; nodes lease by DHCP with their MACs and fetch their boot
// files with the real tftp-hpa client and curl; node stand-ins (named as such) answer where the
// cluster would. Needs root and the Debian packages of scripts/setup.d/lab.sh.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bringUpServices, leaseAll, operatorFiles, startStandins, verifyFromNode } from '../../src/lab/bringup';
import { Lab } from '../../src/lab/lab';
import { lease, type LeaseFacts } from '../../src/lab/nodes';
import { formatText } from '../../src/core/verify/format';
import { failed, type VerifyReport } from '../../src/core/verify/types';
import { deployOutput, inNode, labCli, mainPid, requireLab, upiVariant, waitUp, writeTopology } from './helpers';

const SERVICES = '192.168.200.254';
const DOMAIN = 'okd.example.com';

describe('lab: the okd-the-hard-way UPI lab in network namespaces', function () {
  this.timeout(120000);
  let lab: Lab;
  let file: string;
  let leases: Map<string, LeaseFacts>;
  let firstDeploy: { code: number; stdout: string; stderr: string };
  const upi = upiVariant();

  before(async function () {
    this.timeout(240000);
    requireLab();
    lab = await Lab.create(upi.topology, { cli: await labCli() });
    file = writeTopology(lab, upi.text);
    // The fresh services host comes up by `okd-topology deploy --host services` alone (units enabled and started).
    const deploys = await bringUpServices(lab, { file });
    firstDeploy = deploys[0].result;
    // Without a deployed services host every later step fails for a reason that hides this one.
    assert.equal(firstDeploy.code, 0, deployOutput(firstDeploy));
    await operatorFiles(lab, upi.topology);
    leases = await leaseAll(lab);
    await startStandins(lab, upi.topology);
    await waitUp(lab, 'services', [
      { backend: 'api', server: 'master-0' },
      { backend: 'machine-config', server: 'master-0' },
      { backend: 'ingress-https', server: 'infra-0' },
      { backend: 'ingress-http', server: 'infra-0' },
    ]);
  });

  after(async () => {
    await lab?.destroy();
  });

  it('deploy --host services brings the fresh services host up over SSH into its namespace', async () => {
    assert.equal(firstDeploy.code, 0, deployOutput(firstDeploy));
    assert.match(firstDeploy.stdout, /services: deployed/);
    for (const unit of ['dhcpd', 'named', 'haproxy', 'chronyd', 'httpd', 'tftp.socket']) {
      const r = await lab.inServices('services', ['/usr/local/sbin/systemctl', 'is-enabled', unit]);
      assert.equal(r.stdout.trim(), 'enabled', `${unit}: ${r.stdout}${r.stderr}`);
    }
  });

  it('bootstrap, master-0 and compute-0 lease their reservations, with the PXE boot file and next server', () => {
    const want: Record<string, string> = {
      bootstrap: '192.168.200.10',
      'master-0': '192.168.200.11',
      'compute-0': '192.168.200.21',
    };
    for (const [host, ip] of Object.entries(want)) {
      const l = leases.get(host)!;
      assert.equal(l.ip, ip, host);
      assert.equal(l.hostName, host);
      assert.equal(l.filename, 'pxelinux.0');
      assert.equal(l.nextServer, SERVICES);
      assert.equal(l.dns, SERVICES);
    }
  });

  it("each fetches pxelinux.0, ldlinux.c32 and its role's menu over TFTP (tftp-hpa client)", async () => {
    const roles: Record<string, string> = { bootstrap: 'bootstrap', 'master-0': 'master', 'compute-0': 'worker' };
    for (const [host, role] of Object.entries(roles)) {
      const l = leases.get(host)!;
      const mac = lab.host(host).ifaces[0].mac.replace(/:/g, '-');
      const dir = join(lab.dir, 'nodes', lab.host(host).ns);
      await inNode(lab, host, [
        'tftp',
        l.nextServer!,
        '-m',
        'binary',
        '-c',
        'get',
        l.filename!,
        join(dir, 'pxelinux.0'),
      ]);
      await inNode(lab, host, [
        'tftp',
        l.nextServer!,
        '-m',
        'binary',
        '-c',
        'get',
        'ldlinux.c32',
        join(dir, 'ldlinux.c32'),
      ]);
      await inNode(lab, host, [
        'tftp',
        l.nextServer!,
        '-m',
        'binary',
        '-c',
        'get',
        `pxelinux.cfg/01-${mac}`,
        join(dir, 'menu'),
      ]);
      assert.ok(
        readFileSync(join(dir, 'pxelinux.0')).equals(readFileSync('/usr/lib/PXELINUX/pxelinux.0')),
        `${host}: pxelinux.0`,
      );
      assert.ok(
        readFileSync(join(dir, 'ldlinux.c32')).equals(readFileSync('/usr/lib/syslinux/modules/bios/ldlinux.c32')),
        `${host}: ldlinux.c32`,
      );
      const menu = readFileSync(join(dir, 'menu'), 'utf8');
      assert.match(
        menu,
        new RegExp(`coreos\\.inst\\.ignition_url=http://${SERVICES}:8080/okd/ignitions/${role}\\.ign`),
        `${host}: ${menu}`,
      );
      assert.match(menu, /KERNEL http:\/\/192\.168\.200\.254:8080\/okd\/kernel\/fedora-coreos-live-kernel-x86_64/);
    }
  });

  it('the kernel and ignition URLs of the menus answer over HTTP', async () => {
    for (const path of [
      'okd/kernel/fedora-coreos-live-kernel-x86_64',
      'okd/ignitions/bootstrap.ign',
      'okd/ignitions/master.ign',
      'okd/ignitions/worker.ign',
    ]) {
      const body = await inNode(lab, 'compute-0', ['curl', '-sS', '--fail', `http://${SERVICES}:8080/${path}`]);
      assert.match(body, /okd-topology lab stand-in for http:/, path);
    }
  });

  it('API (6443) and machine-config (22623) reach a master stand-in over TLS through HAProxy; ingress reaches a router stand-in', async () => {
    const apiInt = (await inNode(lab, 'compute-0', ['dig', '+short', `@${SERVICES}`, `api-int.${DOMAIN}`, 'A'])).trim();
    assert.equal(apiInt, SERVICES);
    const via = (name: string, port: number): string[] => ['--resolve', `${name}:${port}:${apiInt}`];
    const api = await lab.exec('compute-0', [
      'curl',
      '-sSkv',
      ...via(`api-int.${DOMAIN}`, 6443),
      `https://api-int.${DOMAIN}:6443/version`,
    ]);
    assert.equal(api.code, 0, api.stderr);
    assert.match(api.stdout, /v1\.28\.0-lab-stand-in/);
    // TLS passes through HAProxy: the certificate is the stand-in's own.
    assert.match(api.stderr, /subject: CN=okd-topology-lab-stand-in/);
    const mcs = await inNode(lab, 'compute-0', [
      'curl',
      '-sSk',
      ...via(`api-int.${DOMAIN}`, 22623),
      `https://api-int.${DOMAIN}:22623/config/master`,
    ]);
    assert.deepEqual(JSON.parse(mcs), { ignition: { version: '3.2.0' } });
    const apps = `console.apps.${DOMAIN}`;
    assert.match(
      await inNode(lab, 'compute-0', ['curl', '-sSk', ...via(apps, 443), `https://${apps}/`]),
      /router stand-in/,
    );
    assert.match(
      await inNode(lab, 'compute-0', ['curl', '-sS', ...via(apps, 80), `http://${apps}/`]),
      /router stand-in/,
    );
  });

  it("verify from a node's namespace passes, with every kind of probe", async () => {
    await waitUp(
      lab,
      'services',
      ['master-0', 'master-1', 'master-2', 'bootstrap'].map((server) => ({ backend: 'api', server })),
    );
    const v = await verifyFromNode(lab, file, { from: 'compute-0', tries: 3 });
    assert.ok(v.report, v.stderr);
    const bad = v.report.checks.filter(failed);
    assert.equal(v.code, 0, formatText({ file, checks: bad }));
    const kinds = new Set(v.report.checks.filter((c) => c.ok).map((c) => c.kind));
    assert.deepEqual([...kinds].sort(), ['dhcp-leases', 'dns', 'http', 'lb-backends', 'ntp', 'tcp', 'tftp', 'vip']);
  });

  it('verify --dhcp-discover from a node: the real dhcpd offers each reserved MAC its address, boot file and next server', async () => {
    const r = await lab.cli(
      ['verify', file, '--format', 'json', '--dhcp-discover', '--host', 'master-0', '--host', 'bootstrap'],
      { from: 'compute-0' },
    );
    const report = JSON.parse(r.stdout) as VerifyReport;
    const offers = report.checks
      .filter((c) => c.kind === 'dhcp-offer')
      .map((c) => ({ target: c.target, ok: c.ok, observed: c.observed, detail: c.detail }));
    assert.deepEqual(
      offers.sort((x, y) => x.target.localeCompare(y.target)),
      [
        {
          target: 'DHCPDISCOVER for bootstrap (f8:75:a4:ac:01:00) on okd',
          ok: true,
          observed: `192.168.200.10 from ${SERVICES}`,
          detail: '',
        },
        {
          target: 'DHCPDISCOVER for master-0 (f8:75:a4:ac:03:00) on okd',
          ok: true,
          observed: `192.168.200.11 from ${SERVICES}`,
          detail: '',
        },
      ],
    );
  });

  it('a change: master-0 moves to 192.168.200.14, deploy again; it leases the new address and DNS answers it, DNS and HAProxy only reloaded', async () => {
    const moved = upiVariant((x) => x.replace('ip: 192.168.200.11,', 'ip: 192.168.200.14,'));
    file = writeTopology(lab, moved.text);
    const before = {
      named: await mainPid(lab, 'services', 'named'),
      haproxy: await mainPid(lab, 'services', 'haproxy'),
    };
    const d = await lab.cli(['deploy', file, '--host', 'services', '--yes']);
    assert.equal(d.code, 0, deployOutput(d));
    assert.match(d.stdout, /services: deployed/);
    // No outage beyond a reload: named and HAProxy kept their main process (reloaded, not restarted).
    assert.deepEqual(
      { named: await mainPid(lab, 'services', 'named'), haproxy: await mainPid(lab, 'services', 'haproxy') },
      before,
    );
    const l = await lease(lab, 'master-0');
    assert.equal(l.ip, '192.168.200.14');
    assert.equal(
      (await inNode(lab, 'compute-0', ['dig', '+short', `@${SERVICES}`, `master-0.${DOMAIN}`, 'A'])).trim(),
      '192.168.200.14',
    );
    assert.equal(
      (await inNode(lab, 'compute-0', ['dig', '+short', `@${SERVICES}`, '-x', '192.168.200.14'])).trim(),
      `master-0.${DOMAIN}.`,
    );
    await waitUp(lab, 'services', [
      { backend: 'api', server: 'master-0' },
      { backend: 'machine-config', server: 'master-0' },
    ]);
    const v = await verifyFromNode(lab, file, { from: 'compute-0', tries: 3 });
    assert.equal(v.code, 0, formatText({ file, checks: (v.report?.checks ?? []).filter(failed) }) + v.stderr);
  });

  it('a failure: named stopped, verify fails and names DNS', async () => {
    const stop = await lab.inServices('services', ['/usr/local/sbin/systemctl', 'stop', 'named']);
    assert.equal(stop.code, 0, stop.stderr);
    try {
      const v = await verifyFromNode(lab, file, { from: 'compute-0', timeoutMs: 1000 });
      assert.equal(v.code, 1);
      const bad = v.report!.checks.filter(failed);
      assert.ok(bad.length > 0);
      assert.deepEqual([...new Set(bad.map((c) => c.service))], ['dns']);
      assert.match(formatText(v.report!), /^services · DNS \(\d+ failed\)$/m);
    } finally {
      await lab.inServices('services', ['/usr/local/sbin/systemctl', 'start', 'named']);
    }
  });

  it('a failure: a haproxy.cfg the daemon refuses at start is rolled back, and the host still serves', async () => {
    // A template override binding the API frontend to an address this host does not have: `haproxy -c`
    // accepts it, the daemon cannot bind it. HAProxy then keeps its old workers, and deploy must notice.
    const builtin = readFileSync(join(__dirname, '..', '..', 'templates', 'haproxy.cfg.liquid'), 'utf8');
    const override = builtin.split('{{ fe.bind }}').join('{{ fe.bind | replace: "*:6443", "192.168.200.250:6443" }}');
    assert.notEqual(override, builtin);
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(lab.dir, '.okd', 'templates'), { recursive: true });
    writeFileSync(join(lab.dir, '.okd', 'templates', 'haproxy.cfg.liquid'), override);
    const live = (await lab.inServices('services', ['cat', '/etc/haproxy/haproxy.cfg'])).stdout;
    try {
      const d = await lab.cli(['deploy', file, '--host', 'services', '--yes']);
      assert.equal(d.code, 1, deployOutput(d));
      assert.match(d.stdout, /services: rolled-back/, deployOutput(d));
      // Depending on when deploy looks, HAProxy is refusing connections while it tries the new workers
      // (its listeners are paused), or serving from the old workers it kept: either way it is caught.
      assert.match(
        d.stdout,
        /health check failed: (port 6443 accepts connections|HAProxy runs the new \/etc\/haproxy\/haproxy\.cfg)/,
        deployOutput(d),
      );
      assert.equal((await lab.inServices('services', ['cat', '/etc/haproxy/haproxy.cfg'])).stdout, live);
      await waitUp(lab, 'services', [
        { backend: 'api', server: 'master-0' },
        { backend: 'ingress-https', server: 'infra-0' },
      ]);
      const v = await verifyFromNode(lab, file, { from: 'compute-0', tries: 3 });
      assert.equal(v.code, 0, formatText({ file, checks: (v.report?.checks ?? []).filter(failed) }) + v.stderr);
    } finally {
      const { rmSync } = await import('node:fs');
      rmSync(join(lab.dir, '.okd'), { recursive: true, force: true });
    }
  });
});
