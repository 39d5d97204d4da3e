// What verify concludes from what it reads over SSH, with the recorded HAProxy runtime state and dhcpd
// leases/log of the lab (fixtures/recorded.json), and how "the cluster is not up yet" settles VIPs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../src/core/analyze';
import { evaluate, settle } from '../../src/core/verify/evaluate';
import { deriveProbes } from '../../src/core/verify/derive';
import type {
  Check,
  DhcpLeasesProbe,
  LbBackendsProbe,
  Observation,
  Probe,
  VipProbe,
} from '../../src/core/verify/types';
import { failed } from '../../src/core/verify/types';
import { REC } from './recorded';

const upi = analyze(readFileSync('examples/okd-upi-lab/cluster.okd.yaml', 'utf8')).topology!;
const probes = deriveProbes(upi);
const lb = probes.find((p): p is LbBackendsProbe => p.kind === 'lb-backends')!;
const dhcp = probes.find((p): p is DhcpLeasesProbe => p.kind === 'dhcp-leases')!;

const uptime = Number(/Uptime_sec: (\d+)/.exec(REC.haproxy.info)![1]);
const lbSeen = (
  extra: Partial<Extract<Observation, { kind: 'lb-backends' }>> = {},
): Extract<Observation, { kind: 'lb-backends' }> => ({
  kind: 'lb-backends',
  ...REC.haproxy,
  now: 10_000,
  configMtime: 10_000 - uptime - 5,
  ...extra,
});
const byTarget = (checks: Check[], re: RegExp): Check => {
  const c = checks.find((x) => re.test(x.target));
  assert.ok(c, `no check matching ${re}: ${checks.map((x) => x.target).join('; ')}`);
  return c;
};

describe('verify: HAProxy runtime state (recorded show stat / show servers state / show info)', () => {
  it('a backend server UP with its address as the topology says passes, per host', () => {
    const checks = evaluate(lb, lbSeen());
    const m0 = byTarget(checks, /^backend api server master-0 /);
    assert.equal(m0.ok, true, m0.detail);
    assert.match(m0.observed, /^UP/);
    assert.deepEqual(m0.hosts, ['services', 'master-0']);
    assert.equal(m0.api, true);
  });

  it("a DOWN server fails with HAProxy's last check result", () => {
    const m1 = byTarget(evaluate(lb, lbSeen()), /^backend api server master-1 /);
    assert.equal(m1.ok, false);
    assert.equal(m1.observed, 'DOWN (L4CON)');
    assert.match(
      m1.detail,
      /HAProxy on services reports master-1 DOWN \(last check: L4CON\): nothing healthy answers on 192\.168\.200\.12:6443/,
    );
    assert.equal(m1.clusterBound, true);
  });

  it("a server sent to another address than the topology's is named (a reload that did not take)", () => {
    const moved = upi.hosts.find((h) => h.name === 'master-0')!;
    const t = {
      ...upi,
      hosts: upi.hosts.map((h) =>
        h === moved ? { ...h, interfaces: [{ ...h.interfaces[0], ip: '192.168.200.14' }] } : h,
      ),
    };
    const p = deriveProbes(t).find((x): x is LbBackendsProbe => x.kind === 'lb-backends')!;
    const c = byTarget(evaluate(p, lbSeen()), /^backend api server master-0 /);
    assert.equal(c.ok, false);
    assert.equal(c.observed, 'sends to 192.168.200.11:6443');
    assert.match(
      c.detail,
      /the topology says 192\.168\.200\.14:6443 \(not deployed yet, or the last reload did not take\)/,
    );
  });

  it('HAProxy running an older configuration than haproxy.cfg fails; a fresh one passes', () => {
    const fresh = byTarget(evaluate(lb, lbSeen()), /^running configuration/);
    assert.equal(fresh.ok, true);
    const stale = byTarget(evaluate(lb, lbSeen({ configMtime: 10_000 - 3 })), /^running configuration/);
    assert.equal(stale.ok, false);
    assert.match(
      stale.detail,
      /HAProxy runs a configuration older than \/etc\/haproxy\/haproxy\.cfg: the last reload did not take/,
    );
  });

  it('a stats socket that cannot be read is one failure naming the socket', () => {
    const [c] = evaluate(lb, {
      kind: 'lb-backends',
      error: 'cannot open /var/lib/haproxy/stats (No such file or directory)',
    });
    assert.equal(c.ok, false);
    assert.equal(c.target, 'stats socket /var/lib/haproxy/stats on services');
    assert.match(c.reproduce, /^ssh root@services 'echo "show stat" \| socat stdio \/var\/lib\/haproxy\/stats'$/);
  });
});

describe('verify: DHCP leases and DHCPACK lines (recorded from dhcpd)', () => {
  const checks = evaluate(dhcp, { kind: 'dhcp-leases', leases: REC.leases, journal: REC.journal });

  it('a reserved MAC acknowledged with its reservation passes (fixed addresses are only in the log)', () => {
    const c = byTarget(checks, /\(master-0\)/);
    assert.equal(c.ok, true, c.detail);
    assert.match(c.observed, /^192\.168\.200\.11 \(DHCPACK \d{4}-\d\d-\d\dT/);
  });

  it('a reserved MAC that was given another address fails with what it got', () => {
    const journal = REC.journal.replace(
      /DHCPACK on 192\.168\.200\.21 to f8:75:a4:ac:02:00/,
      'DHCPACK on 192.168.200.65 to f8:75:a4:ac:02:00',
    );
    const c = byTarget(evaluate(dhcp, { kind: 'dhcp-leases', leases: REC.leases, journal }), /\(compute-0\)/);
    assert.equal(c.ok, false);
    assert.equal(c.observed, '192.168.200.65');
    assert.match(
      c.detail,
      /compute-0 \(f8:75:a4:ac:02:00\) was given 192\.168\.200\.65 at .*, not its reservation 192\.168\.200\.21/,
    );
  });

  it('a dynamic lease held by a reserved MAC fails: the running dhcpd does not know the reservation', () => {
    const leases = REC.leases.replace('f8:75:a4:ac:05:99', 'f8:75:a4:ac:05:02');
    const journal = REC.journal
      .split('\n')
      .filter((l) => !/f8:75:a4:ac:05:02/.test(l))
      .join('\n');
    const c = byTarget(evaluate(dhcp, { kind: 'dhcp-leases', leases, journal }), /\(storage-2\)/);
    assert.equal(c.ok, false);
    assert.equal(c.observed, '192.168.200.60 (dynamic lease)');
    assert.match(c.detail, /the running dhcpd does not know the reservation/);
  });

  it('a reservation nobody asked for is info, not a failure', () => {
    const c = byTarget(checks, /\(okd-hv\)/);
    assert.equal(c.ok, false);
    assert.equal(c.severity, 'info');
    assert.equal(failed(c), false);
    assert.match(c.detail, /has not asked for an address yet/);
  });
});

describe('verify: VIPs and pools before the cluster is up', () => {
  const vip: VipProbe = {
    kind: 'vip',
    id: 'vip',
    server: 'api',
    service: 'vip',
    hosts: ['server-0'],
    address: '10.0.0.5',
    ports: [6443],
    network: 'lan',
    cidr: '10.0.0.0/24',
    what: 'VIP api (api)',
    purpose: 'api',
  };
  const pool: VipProbe = {
    ...vip,
    id: 'pool',
    service: 'pool',
    ports: [],
    address: '10.0.0.100',
    what: 'first address of MetalLB pool default',
    purpose: undefined,
  };
  const down = (p: Probe, o: Observation): Check[] => evaluate(p, o);

  it('with no API answering, VIP and pool failures become info saying so', () => {
    const checks = settle([
      ...down(vip, { kind: 'vip', ports: [{ port: 6443, connected: false, error: 'timed out' }] }),
      ...down(pool, { kind: 'vip', arp: 'silent' }),
    ]);
    assert.ok(checks.every((c) => c.severity === 'info' && /the cluster is not up yet/.test(c.detail)));
  });

  it('once the API VIP answers, a silent pool address is info: no LoadBalancer service may hold it yet', () => {
    const checks = settle([
      ...down(vip, { kind: 'vip', ports: [{ port: 6443, connected: true }] }),
      ...down(pool, { kind: 'vip', arp: 'silent' }),
    ]);
    const p = checks.find((c) => c.service === 'pool')!;
    assert.equal(p.ok, false);
    assert.equal(p.severity, 'info');
    assert.match(p.detail, /^no machine answers ARP for 10\.0\.0\.100: no LoadBalancer service holds it yet/);
    assert.ok(checks.every((c) => !failed(c)));
  });

  it('a pool address that answers while the API is known to be down is held by another machine: a failure', () => {
    const checks = settle([
      ...down(vip, { kind: 'vip', ports: [{ port: 6443, connected: false, error: 'refused' }] }),
      ...down(pool, { kind: 'vip', arp: 'answered' }),
    ]);
    const p = checks.find((c) => c.service === 'pool')!;
    assert.ok(failed(p));
    assert.match(
      p.detail,
      /^10\.0\.0\.100 answers ARP while the cluster is not up: another machine holds an address of pool /,
    );
    assert.ok(p.reproduce?.includes('arping'), p.reproduce);
    // Once the API answers, the same answer is MetalLB's: fine.
    const up = settle([
      ...down(vip, { kind: 'vip', ports: [{ port: 6443, connected: true }] }),
      ...down(pool, { kind: 'vip', arp: 'answered' }),
    ]);
    assert.ok(up.every((c) => c.ok));
    // With no API probe at all, nothing says the cluster is down: an answer is not called a collision.
    assert.ok(settle(down(pool, { kind: 'vip', arp: 'answered' })).every((c) => c.ok));
  });
});
