// Which probes a topology yields (the seed's UPI lab and the k3s example), that only addresses the
// topology names are probed, `--host` narrowing, the text and JSON output, and the CLI's exit codes.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../src/core/analyze';
import { deriveProbes, ptrAddress } from '../../src/core/verify/derive';
import { formatJson, formatText, statusByHost } from '../../src/core/verify/format';
import type { Check, DnsProbe, Probe, TftpProbe } from '../../src/core/verify/types';
import { verifyCommand } from '../../src/cli/verify';

const load = (f: string) => analyze(readFileSync(f, 'utf8')).topology!;
const upi = load('examples/okd-upi-lab/cluster.okd.yaml');
const k3s = load('examples/k3s-metallb/cluster.okd.yaml');
const dns = (ps: Probe[], type: string, name: string) =>
  ps.find((p): p is DnsProbe => p.kind === 'dns' && p.type === type && p.name === name);

describe('verify: probes from the topology', () => {
  const ps = deriveProbes(upi);

  it("DNS at the network's server: every host, api, api-int, a name under *.apps, and PTR of static addresses", () => {
    assert.deepEqual(dns(ps, 'A', 'master-0.okd.example.com')?.expected, ['192.168.200.11']);
    assert.deepEqual(dns(ps, 'A', 'api.okd.example.com')?.expected, ['192.168.200.254']);
    assert.deepEqual(dns(ps, 'A', 'api-int.okd.example.com')?.expected, ['192.168.200.254']);
    assert.deepEqual(dns(ps, 'A', 'okd-topology-verify.apps.okd.example.com')?.expected, ['192.168.200.254']);
    assert.deepEqual(dns(ps, 'PTR', '192.168.200.11')?.expected, ['master-0.okd.example.com']);
    assert.ok(ps.filter((p) => p.kind === 'dns').every((p) => (p as DnsProbe).address === '192.168.200.254'));
    assert.deepEqual(dns(ps, 'A', 'master-0.okd.example.com')?.hosts, ['services', 'master-0']);
  });

  it('TFTP: the role menu of every host with a MAC, and pxelinux.0 and ldlinux.c32', () => {
    const tftp = ps.filter((p): p is TftpProbe => p.kind === 'tftp');
    const m0 = tftp.find((p) => p.file === 'pxelinux.cfg/01-f8-75-a4-ac-03-00')!;
    assert.equal(m0.expect.kind, 'menu');
    assert.equal(m0.expect.kind === 'menu' && m0.expect.role, 'master');
    assert.equal(
      m0.expect.kind === 'menu' && m0.expect.ignition,
      'http://192.168.200.254:8080/okd/ignitions/master.ign',
    );
    const boot = tftp.find((p) => p.file === 'pxelinux.cfg/01-f8-75-a4-ac-01-00')!;
    assert.equal(boot.expect.kind === 'menu' && boot.expect.role, 'bootstrap');
    assert.deepEqual(
      tftp.filter((p) => p.expect.kind === 'loader').map((p) => p.file),
      ['pxelinux.0', 'ldlinux.c32'],
    );
    assert.equal(tftp.filter((p) => p.expect.kind === 'menu').length, 13);
  });

  it('HTTP: every URL a menu names, once', () => {
    const urls = ps.filter((p) => p.kind === 'http').map((p) => (p as { url: string }).url);
    assert.equal(urls.length, 6);
    assert.ok(urls.includes('http://192.168.200.254:8080/okd/ignitions/bootstrap.ign'));
  });

  it('load balancer: each frontend port, and the backend servers to read over SSH', () => {
    assert.deepEqual(
      ps.filter((p) => p.kind === 'tcp').map((p) => (p as { port: number }).port),
      [6443, 22623, 443, 80],
    );
    const lb = ps.find((p) => p.kind === 'lb-backends');
    assert.ok(lb && lb.kind === 'lb-backends');
    assert.equal(lb.socket, '/var/lib/haproxy/stats');
    assert.deepEqual(
      lb.backends.find((b) => b.name === 'ingress-https')?.servers.map((s) => s.name),
      ['infra-0', 'infra-1', 'infra-2'],
    );
  });

  it('NTP, DHCP reservations (read over SSH) and the first address of each pool', () => {
    assert.deepEqual(
      ps.filter((p) => p.kind === 'ntp').map((p) => (p as { address: string }).address),
      ['192.168.200.254'],
    );
    const d = ps.find((p) => p.kind === 'dhcp-leases');
    assert.ok(d && d.kind === 'dhcp-leases');
    assert.equal(d.leasesFile, '/var/lib/dhcpd/dhcpd.leases');
    assert.ok(
      d.reservations.some((r) => r.host === 'master-0' && r.mac === 'f8:75:a4:ac:03:00' && r.ip === '192.168.200.11'),
    );
    const pool = ps.find((p) => p.kind === 'vip' && p.service === 'pool');
    assert.equal(pool?.kind === 'vip' && pool.address, '192.168.200.101');
  });

  it('a BGP pool is not probed by ARP (routers announce it; nothing here would answer)', () => {
    const text = readFileSync('examples/okd-upi-lab/cluster.okd.yaml', 'utf8').replace(
      'protocol: layer2',
      'protocol: bgp',
    );
    assert.notEqual(text, readFileSync('examples/okd-upi-lab/cluster.okd.yaml', 'utf8'));
    const bgp = deriveProbes(analyze(text).topology!);
    assert.equal(bgp.filter((p) => p.kind === 'vip' && p.service === 'pool').length, 0);
    assert.equal(bgp.length, ps.length - 1, 'every other probe stays');
  });

  it('Debian hosts read their own leases file and stats socket; VIPs with ports are probed on them', () => {
    const k = deriveProbes(k3s);
    const d = k.find((p) => p.kind === 'dhcp-leases');
    assert.equal(d?.kind === 'dhcp-leases' && d.leasesFile, '/var/lib/dhcp/dhcpd.leases');
    assert.equal(d?.kind === 'dhcp-leases' && d.unit, 'isc-dhcp-server');
    const vip = k.find((p) => p.kind === 'vip' && p.service === 'vip');
    assert.deepEqual(vip?.kind === 'vip' && vip.ports, [6443]);
  });

  it('only addresses the topology names: a PXE URL on another host is not probed', () => {
    const text = readFileSync('examples/okd-upi-lab/cluster.okd.yaml', 'utf8').replace(
      'tftpRoot: /var/lib/tftpboot',
      'tftpRoot: /var/lib/tftpboot\n    kernel: http://mirror.example.org/fcos/kernel',
    );
    const t = analyze(text).topology!;
    const urls = deriveProbes(t)
      .filter((p) => p.kind === 'http')
      .map((p) => (p as { url: string }).url);
    assert.ok(!urls.some((u) => u.includes('mirror.example.org')), urls.join(' '));
    assert.ok(urls.length > 0);
  });

  it('--host narrows to the probes about those hosts', () => {
    const only = deriveProbes(upi, { hosts: ['master-0'] });
    assert.ok(only.length > 0);
    assert.ok(only.every((p) => p.hosts.includes('master-0')));
    assert.ok(
      only.some((p) => p.kind === 'tftp') &&
        only.some((p) => p.kind === 'dns') &&
        only.some((p) => p.kind === 'lb-backends'),
    );
  });

  it('reverse names back to addresses', () => {
    assert.equal(ptrAddress('200.168.192.in-addr.arpa', '11'), '192.168.200.11');
    assert.equal(ptrAddress('0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa', '1.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0'), 'fd00::11');
  });
});

describe('verify: output', () => {
  const mk = (over: Partial<Check>): Check => ({
    kind: 'dns',
    target: 'A api.okd.example.com @192.168.200.254',
    expected: '192.168.200.254',
    observed: '192.168.200.254',
    ok: true,
    detail: '',
    severity: 'error',
    service: 'dns',
    server: 'services',
    hosts: ['services'],
    reproduce: 'dig +short @192.168.200.254 api.okd.example.com A',
    probe: 'x',
    ...over,
  });
  const checks = [
    mk({}),
    mk({
      target: 'PTR 192.168.200.11 @192.168.200.254',
      ok: false,
      observed: 'NXDOMAIN',
      expected: 'master-0.okd.example.com',
      detail: 'the DNS server at 192.168.200.254 gave no answer (NXDOMAIN)',
      hosts: ['services', 'master-0'],
    }),
    mk({ kind: 'ntp', service: 'ntp', target: 'ntp 192.168.200.254:123', observed: 'stratum 10' }),
  ];

  it('text: grouped by host and service, failures with what was expected and seen and the command to try', () => {
    const text = formatText({ file: 'cluster.okd.yaml', checks });
    assert.match(
      text,
      /^services · DNS \(1 failed\)\n {2}ok {3}A api\.okd\.example\.com @192\.168\.200\.254: 192\.168\.200\.254\n {2}FAIL PTR 192\.168\.200\.11 @192\.168\.200\.254: expected master-0\.okd\.example\.com, saw NXDOMAIN\n/,
    );
    assert.match(text, /\n {7}try: dig \+short/);
    assert.match(text, /services · NTP\n {2}ok {3}ntp 192\.168\.200\.254:123: stratum 10/);
    assert.match(text, /3 checks: 2 passed, 1 failed, 0 info\n$/);
  });

  it('JSON: {file, checks:[{kind, target, expected, observed, ok, detail}]}', () => {
    const j = JSON.parse(formatJson({ file: 'cluster.okd.yaml', checks })) as {
      file: string;
      checks: Record<string, unknown>[];
    };
    assert.equal(j.file, 'cluster.okd.yaml');
    for (const k of ['kind', 'target', 'expected', 'observed', 'ok', 'detail']) assert.ok(k in j.checks[0], k);
    assert.equal(j.checks[1].ok, false);
  });

  it('status per host for badges: a host is failed when any check about it failed', () => {
    const s = statusByHost(checks);
    assert.equal(s.get('master-0')?.failed, 1);
    assert.equal(s.get('services')?.services.get('dns'), 'failed');
    assert.equal(s.get('services')?.services.get('ntp'), 'ok');
  });
});

describe('okd-topology verify (CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'okd-verify-cli-'));
  const run = async (args: string[]) => {
    let out = '';
    let err = '';
    const code = await verifyCommand(args, { out: (s) => (out += s), err: (s) => (err += s) });
    return { code, out, err };
  };

  it('exit 2 when the file cannot be read, with one clear line', async () => {
    const r = await run([join(dir, 'missing.okd.yaml')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /missing\.okd\.yaml: no such file/);
  });

  it('exit 2 when the topology has errors (what the lab should answer is not known)', async () => {
    const f = join(dir, 'bad.okd.yaml');
    writeFileSync(
      f,
      readFileSync('examples/k3s-metallb/cluster.okd.yaml', 'utf8').replace('ip: 10.0.0.11', 'ip: 10.0.0.10'),
    );
    const r = await run([f]);
    assert.equal(r.code, 2);
    assert.match(r.err, /has \d+ error\(s\).*fix them first/s);
  });

  it('exit 2 for usage errors and unknown hosts', async () => {
    assert.equal((await run([])).code, 2);
    assert.equal((await run(['a.yaml', '--format', 'xml'])).code, 2);
    const r = await run(['examples/k3s-metallb/cluster.okd.yaml', '--host', 'nosuch']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--host nosuch: no such host/);
  });
});
