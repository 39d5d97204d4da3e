// Zone SOA serials across deploys: the CLI renders in memory, reads each zone as it is on the host and
// renders it again from that copy, so the serial grows past the host's (secondaries and caches ignore a
// zone whose serial does not), and a zone that only differs by serial is left alone. Real sshd, real
// named-checkzone as the zones' validator (named.conf's is overridden: its zone folder is not here); systemctl/firewall-cmd are stand-ins on the host's PATH.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployCommand } from '../../src/cli/deploy';
import { loadDeployInput } from '../../src/cli/deploy-input';
import { buildManifest, writeOutput } from '../../src/node/render-output';
import type { RenderedFile } from '../../src/core/render/manifest';
import { buildDeployPlan } from '../../src/core/deploy/plan';
import { zoneRefresh } from '../../src/core/deploy/zones';
import { makeTopology } from './fixtures';
import { makeClientKeys, requireTool, Sshd, type ClientKeys } from './sshd';

const ZONE = '/var/named/lab.example.com.zone';
const REV = '/var/named/50.168.192.in-addr.arpa.zone';

function topologyYaml(port: number, extraHost = ''): string {
  return `version: 1
cluster:
  name: lab
  baseDomain: example.com
  platform: k3s
networks:
  - name: lab
    cidr: 192.168.50.0/24
hosts:
  - name: svc
    role: services
    interfaces:
      - { network: lab, ip: 192.168.50.5, mac: "52:54:00:00:00:05" }
    ssh: { host: 127.0.0.1, port: ${port}, user: root }
${extraHost}services:
  dns:
    host: svc
    reload: "true"
    validate: "true"
`;
}

const serialOf = (zone: string): number => Number(/\bSOA\s+\S+\s+\S+\s*\(?\s*(\d+)/.exec(zone)?.[1]);
const withSerial = (zone: string, n: number): string => zone.replace(/^(\s*)\d+( ; serial)/m, `$1${n}$2`);

describe('deploy: zone serials continue from the host (CLI, real sshd)', function () {
  this.timeout(60000);
  let client: ClientKeys;
  let sshd: Sshd;
  let work: string;
  let createdGroup = false;
  const saved = { HOME: process.env.HOME, SSH_AUTH_SOCK: process.env.SSH_AUTH_SOCK };

  before(async () => {
    requireTool('/usr/bin/named-checkzone', 'bind9-utils');
    assert.equal(process.getuid?.(), 0, 'deploy chowns named.conf to root:named: run this test as root (CI does)');
    // The rendered named.conf belongs to group named, as on a BIND host.
    if (spawnSync('getent', ['group', 'named']).status !== 0) {
      assert.equal(spawnSync('groupadd', ['--system', 'named']).status, 0, 'groupadd named');
      createdGroup = true;
    }
    client = makeClientKeys();
    sshd = new Sshd(client);
    sshd.binDir = join(sshd.dir, 'fakebin');
    mkdirSync(sshd.binDir);
    for (const b of ['systemctl', 'firewall-cmd']) {
      writeFileSync(join(sshd.binDir, b), '#!/bin/sh\nexit 0\n');
      chmodSync(join(sshd.binDir, b), 0o755);
    }
    await sshd.start();
    const home = mkdtempSync(join(tmpdir(), 'okd-home-'));
    mkdirSync(join(home, '.ssh'), { mode: 0o700 });
    copyFileSync(client.key, join(home, '.ssh', 'id_ed25519'));
    writeFileSync(join(home, '.ssh', 'known_hosts'), `${sshd.knownHostsLine()}\n`);
    work = mkdtempSync(join(tmpdir(), 'okd-zones-'));
    process.env.HOME = home;
    delete process.env.SSH_AUTH_SOCK;
  });
  after(async () => {
    process.env.HOME = saved.HOME;
    if (saved.SSH_AUTH_SOCK !== undefined) process.env.SSH_AUTH_SOCK = saved.SSH_AUTH_SOCK;
    await sshd?.destroy();
    if (createdGroup) spawnSync('groupdel', ['named']);
  });

  const deploy = async (topo: string, root: string, extra: string[] = []): Promise<{ code: number; out: string }> => {
    let out = '';
    const code = await deployCommand([topo, '--remote-root', root, '--yes', ...extra], {
      out: (s) => (out += s),
      err: (s) => (out += s),
    });
    return { code, out };
  };
  const rendered = async (topo: string, path: string): Promise<string> => {
    const r = await loadDeployInput(topo);
    if ('error' in r) throw new Error(r.error);
    return r.files.find((f) => f.path === path)!.content;
  };
  /** A zone as BIND hosts keep it: 0640 root:named. */
  const seed = (root: string, path: string, text: string): void => {
    mkdirSync(join(root, '/var/named'), { recursive: true });
    writeFileSync(join(root, path), text, { mode: 0o640 });
    execFileSync('chown', ['root:named', join(root, path)]);
  };

  it('a changed zone gets a serial above the one on the host; a new zone starts at 1', async () => {
    const topo = join(work, 'cluster.okd.yaml');
    writeFileSync(topo, topologyYaml(sshd.port));
    const root = join(sshd.root, 'a');
    // The host serves an older version of the zone (one record less) at a date-style serial.
    const old = withSerial(await rendered(topo, ZONE), 2024061507).replace(/^svc .*\n/m, '');
    seed(root, ZONE, old);
    assert.equal(
      serialOf(await rendered(topo, ZONE)),
      1,
      'rendered without the host copy, the serial would restart at 1',
    );

    const r = await deploy(topo, root);
    assert.equal(r.code, 0, r.out);
    const now = readFileSync(join(root, ZONE), 'utf8');
    assert.equal(serialOf(now), 2024061508, now);
    assert.match(now, /^svc\s+IN A\s+192\.168\.50\.5$/m);
    assert.equal(readFileSync(join(root, `${ZONE}.okd-bak`), 'utf8'), old);
    assert.equal(serialOf(readFileSync(join(root, REV), 'utf8')), 1);

    // Deployed again unchanged: nothing to do, the serial stays.
    const again = await deploy(topo, root);
    assert.equal(again.code, 0, again.out);
    assert.match(again.out, /svc: unchanged/);
    assert.equal(serialOf(readFileSync(join(root, ZONE), 'utf8')), 2024061508);

    // The topology changes (a new host): the zone changes, and its serial moves on from the host's.
    writeFileSync(
      topo,
      topologyYaml(
        sshd.port,
        '  - name: extra\n    role: worker\n    interfaces:\n      - { network: lab, ip: 192.168.50.9, mac: "52:54:00:00:00:09" }\n',
      ),
    );
    const more = await deploy(topo, root, ['--host', 'svc']);
    assert.equal(more.code, 0, more.out);
    const after = readFileSync(join(root, ZONE), 'utf8');
    assert.match(after, /^extra\s+IN A\s+192\.168\.50\.9$/m);
    assert.equal(serialOf(after), 2024061509);
  });

  it("--rendered: a zone whose serial does not grow past the host's is refused, one whose serial does is deployed", async () => {
    const topo = join(work, 'rendered.okd.yaml');
    writeFileSync(topo, topologyYaml(sshd.port));
    const root = join(sshd.root, 'c');
    const onHost = withSerial(await rendered(topo, ZONE), 10).replace(/^svc .*\n/m, '');
    seed(root, ZONE, onHost);
    const zoneText = await rendered(topo, ZONE);
    const folder = (serial: number): string => {
      const dir = join(work, `out-${serial}`);
      const zone: RenderedFile = {
        target: 'svc',
        path: ZONE,
        content: withSerial(zoneText, serial),
        mode: '0640',
        service: 'dns',
        owner: 'root',
        group: 'named',
        validate: ['true'],
        reload: ['true'],
      };
      assert.equal(writeOutput(dir, [zone], buildManifest([zone], 'rendered.okd.yaml', 'lab')), undefined);
      return dir;
    };
    const low = await deploy(topo, root, ['--rendered', folder(10)]);
    assert.equal(low.code, 1, low.out);
    assert.match(
      low.out,
      /lab\.example\.com\.zone: its SOA serial 10 does not grow past 10, the serial of the zone on the host/,
    );
    assert.equal(readFileSync(join(root, ZONE), 'utf8'), onHost);
    const high = await deploy(topo, root, ['--rendered', folder(11)]);
    assert.equal(high.code, 0, high.out);
    assert.equal(serialOf(readFileSync(join(root, ZONE), 'utf8')), 11);
  });

  it('a zone that differs from the host copy only by its serial is left as it is', async () => {
    const topo = join(work, 'same.okd.yaml');
    writeFileSync(topo, topologyYaml(sshd.port));
    const root = join(sshd.root, 'b');
    const onHost = withSerial(await rendered(topo, ZONE), 77);
    seed(root, ZONE, onHost);
    const dry = await deploy(topo, root, ['--dry-run']);
    assert.equal(dry.code, 0, dry.out);
    const wouldChange = /svc: would change\n((?: {2}.*\n)*)/.exec(dry.out)?.[1] ?? '';
    assert.match(wouldChange, /etc\/named\.conf/);
    assert.doesNotMatch(wouldChange, /lab\.example\.com\.zone/, 'the dry run does not list the zone as changing');
    const r = await deploy(topo, root);
    assert.equal(r.code, 0, r.out);
    assert.equal(readFileSync(join(root, ZONE), 'utf8'), onHost);
    assert.ok(!existsSync(join(root, `${ZONE}.okd-bak`)), 'not swapped, so no backup');
  });
});

describe('zoneRefresh (pure)', () => {
  it('learns the zones from the first render and renders them again from the host copies, others from the fallback', () => {
    const calls: string[] = [];
    // A stand-in renderer: zones ask `previous` and take its serial + 1; other files do not ask.
    const renderWith = (previous: (t: string, p: string) => string | undefined) =>
      ['/z/a.zone', '/z/b.zone', '/etc/x.conf'].map((path) => {
        if (!path.endsWith('.zone')) return { target: 'svc', path, content: 'x', mode: '0644', service: 'dns' };
        const prev = previous('svc', path);
        calls.push(`${path}:${prev ?? '-'}`);
        return {
          target: 'svc',
          path,
          content: `serial ${prev ? Number(prev.split(' ')[1]) + 1 : 1}`,
          mode: '0644',
          service: 'dns',
        };
      });
    const r = zoneRefresh(renderWith, (_t, p) => (p === '/z/b.zone' ? 'serial 40' : undefined));
    assert.ok(!('error' in r));
    assert.deepEqual(
      r.files.map((f) => f.content),
      ['serial 1', 'serial 41', 'x'],
    );
    const hp = buildDeployPlan(r.files, makeTopology([{ name: 'svc', port: 22 }])).plan.hosts[0];
    assert.deepEqual(
      hp.files.map((f) => r.refresh.wants(f)),
      [true, true, false],
    );
    const fresh = r.refresh.render(
      hp,
      new Map([
        [hp.files[0], 'serial 2024010101'],
        [hp.files[1], undefined],
      ]),
    );
    assert.deepEqual([...fresh.values()], ['serial 2024010102', 'serial 41']);
    assert.deepEqual(calls.slice(-2), ['/z/a.zone:serial 2024010101', '/z/b.zone:serial 40']);
  });
});
