// verify's probe I/O against replays of what real named, in.tftpd and chronyd answered in the lab
// (recorded.ts), plus TCP and HTTP against servers on 127.0.0.1: each probe kind, its success and the
// failure message an operator reads.
import assert from 'node:assert/strict';
import { createServer as createHttp } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { evaluate } from '../../src/core/verify/evaluate';
import type { DnsProbe, HttpProbe, NtpProbe, TcpProbe, TftpProbe, VipProbe } from '../../src/core/verify/types';
import { onLink } from '../../src/verify/net';
import { observe } from '../../src/verify/run';
import { dnsReplay, REC, sntpReplay, tftpReplay } from './recorded';

const base = { server: 'services', hosts: ['services'] };
const role = {
  role: 'master',
  kernel: 'http://192.168.200.254:8080/okd/kernel/fedora-coreos-live-kernel-x86_64',
  initramfs: 'http://192.168.200.254:8080/okd/initramfs/fedora-coreos-live-initramfs.x86_64.img',
  rootfs: 'http://192.168.200.254:8080/okd/rootfs/fedora-coreos-live-rootfs.x86_64.img',
  ignition: 'http://192.168.200.254:8080/okd/ignitions/master.ign',
};

describe('verify probes against recorded answers', function () {
  this.timeout(15000);

  describe('DNS (recorded from named)', () => {
    let srv: Awaited<ReturnType<typeof dnsReplay>>;
    before(async () => (srv = await dnsReplay()));
    after(() => srv.close());
    const probe = (type: DnsProbe['type'], name: string, expected: string[]): DnsProbe => ({
      ...base,
      kind: 'dns',
      id: 'x',
      service: 'dns',
      address: '127.0.0.1',
      port: srv.port,
      type,
      name,
      expected,
    });

    it('an A record equal to the topology passes', async () => {
      const p = probe('A', 'master-0.okd.example.com', ['192.168.200.11']);
      const [c] = evaluate(p, await observe(p, { timeoutMs: 2000 }));
      assert.equal(c.ok, true, c.detail);
      assert.equal(c.observed, '192.168.200.11');
      assert.equal(c.target, 'A master-0.okd.example.com @127.0.0.1');
    });

    it('an A record that differs fails, naming what is missing and what is extra', async () => {
      const p = probe('A', 'master-0.okd.example.com', ['192.168.200.14']);
      const [c] = evaluate(p, await observe(p, { timeoutMs: 2000 }));
      assert.equal(c.ok, false);
      assert.equal(c.severity, 'error');
      assert.match(c.detail, /missing 192\.168\.200\.14; unexpected 192\.168\.200\.11/);
      assert.match(c.reproduce, /^dig \+short @127\.0\.0\.1 master-0\.okd\.example\.com A$/);
    });

    it('PTR answers are compared without the trailing dot', async () => {
      const p = probe('PTR', '192.168.200.11', ['master-0.okd.example.com']);
      const [c] = evaluate(p, await observe(p, { timeoutMs: 2000 }));
      assert.equal(c.ok, true, c.detail);
    });

    it('NXDOMAIN is reported as such', async () => {
      const p = probe('A', 'nosuch.okd.example.com', ['192.168.200.99']);
      const [c] = evaluate(p, await observe(p, { timeoutMs: 2000 }));
      assert.equal(c.observed, 'NXDOMAIN');
      assert.match(c.detail, /gave no answer \(NXDOMAIN\); the topology says 192\.168\.200\.99/);
    });

    it('a name without records of the type is an empty answer, not an error', async () => {
      const p = probe('AAAA', 'master-0.okd.example.com', ['fd00::11']);
      const [c] = evaluate(p, await observe(p, { timeoutMs: 2000 }));
      assert.equal(c.observed, 'no records');
      assert.match(c.detail, /missing fd00::11/);
    });

    it('a server that does not answer times out within the probe timeout', async () => {
      const p = probe('A', 'unanswered.okd.example.com', ['192.168.200.1']);
      const t0 = Date.now();
      const [c] = evaluate(p, await observe(p, { timeoutMs: 300 }));
      assert.equal(c.observed, 'timed out');
      assert.ok(Date.now() - t0 < 5000);
    });
  });

  describe('TFTP (recorded from in.tftpd)', () => {
    let srv: Awaited<ReturnType<typeof tftpReplay>>;
    before(async () => (srv = await tftpReplay()));
    after(() => srv.close());
    const probe = (file: string, expect: TftpProbe['expect']): TftpProbe => ({
      ...base,
      kind: 'tftp',
      id: 'x',
      service: 'pxe',
      address: '127.0.0.1',
      port: srv.port,
      file,
      expect,
    });

    it('the per-MAC menu is read (OACK, then DATA) and names the role, kernel, initramfs, rootfs and ignition', async () => {
      const p = probe('pxelinux.cfg/01-f8-75-a4-ac-03-00', { kind: 'menu', ...role });
      const o = await observe(p, { timeoutMs: 2000 });
      assert.equal(Buffer.from((o as { content: Uint8Array }).content).toString('utf8'), REC.pxeMenu);
      const [c] = evaluate(p, o);
      assert.equal(c.ok, true, c.detail);
    });

    it('a menu for another role fails, saying which line differs', async () => {
      const p = probe('pxelinux.cfg/01-f8-75-a4-ac-03-00', {
        kind: 'menu',
        ...role,
        role: 'worker',
        ignition: 'http://192.168.200.254:8080/okd/ignitions/worker.ign',
      });
      const [c] = evaluate(p, await observe(p, { timeoutMs: 2000 }));
      assert.equal(c.ok, false);
      assert.match(
        c.detail,
        /ignition URL is http:\/\/192\.168\.200\.254:8080\/okd\/ignitions\/master\.ign, expected .*worker\.ign/,
      );
      assert.match(c.detail, /the ignition is not the worker one/);
    });

    it("a missing file reports the server's error", async () => {
      const p = probe('pxelinux.cfg/01-00-00-00-00-00-00', { kind: 'loader' });
      const [c] = evaluate(p, await observe(p, { timeoutMs: 2000 }));
      assert.equal(c.observed, 'file not found');
      assert.match(c.detail, /cannot be fetched over TFTP \(file not found\): PXE clients stop before their menu/);
      assert.match(c.reproduce, /^curl -sS tftp:\/\/127\.0\.0\.1\//);
    });
  });

  describe('SNTP (recorded from chronyd)', () => {
    it('stratum 10 from `local stratum 10` is sane', async () => {
      const srv = await sntpReplay();
      try {
        const p: NtpProbe = { ...base, kind: 'ntp', id: 'x', service: 'ntp', address: '127.0.0.1', port: srv.port };
        const [c] = evaluate(p, await observe(p, { timeoutMs: 2000 }));
        assert.equal(c.ok, true, c.detail);
        assert.equal(c.observed, 'stratum 10');
      } finally {
        srv.close();
      }
    });

    it('an unsynchronised server (leap 3, stratum 16) fails with the reason', async () => {
      const bad = Buffer.from(REC.sntp[0], 'hex');
      bad[0] = (3 << 6) | (bad[0] & 0x3f);
      bad[1] = 16;
      const srv = await sntpReplay(bad.toString('hex'));
      try {
        const p: NtpProbe = { ...base, kind: 'ntp', id: 'x', service: 'ntp', address: '127.0.0.1', port: srv.port };
        const [c] = evaluate(p, await observe(p, { timeoutMs: 2000 }));
        assert.equal(c.ok, false);
        assert.match(c.observed, /stratum 16, leap indicator 3/);
        assert.match(c.detail, /not synchronised/);
      } finally {
        srv.close();
      }
    });
  });

  describe('TCP, HTTP and VIPs', () => {
    it('a listening port passes; a closed one is refused', async () => {
      const srv = createServer((s) => s.end());
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      const port = (srv.address() as AddressInfo).port;
      try {
        const p: TcpProbe = {
          ...base,
          kind: 'tcp',
          id: 'x',
          service: 'loadBalancer',
          address: '127.0.0.1',
          port,
          what: 'frontend api',
        };
        assert.equal(evaluate(p, await observe(p, { timeoutMs: 2000 }))[0].ok, true);
      } finally {
        srv.close();
      }
      const p: TcpProbe = {
        ...base,
        kind: 'tcp',
        id: 'x',
        service: 'loadBalancer',
        address: '127.0.0.1',
        port,
        what: 'frontend api',
      };
      const [c] = evaluate(p, await observe(p, { timeoutMs: 2000 }));
      assert.equal(c.observed, 'connection refused');
      assert.match(c.detail, /nothing accepts connections on port \d+ of services/);
    });

    it('HTTP: 200 passes, 404 says the artifact is not under the HTTP root', async () => {
      const srv = createHttp((req, res) => {
        res.writeHead(req.url === '/okd/ignitions/master.ign' ? 200 : 404);
        res.end();
      });
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      const port = (srv.address() as AddressInfo).port;
      try {
        const mk = (path: string): HttpProbe => ({
          ...base,
          kind: 'http',
          id: 'x',
          service: 'http',
          url: `http://127.0.0.1:${port}${path}`,
          address: '127.0.0.1',
          port,
          path,
        });
        const ok = evaluate(
          mk('/okd/ignitions/master.ign'),
          await observe(mk('/okd/ignitions/master.ign'), { timeoutMs: 2000 }),
        )[0];
        assert.equal(ok.ok, true);
        const missing = evaluate(
          mk('/okd/ignitions/worker.ign'),
          await observe(mk('/okd/ignitions/worker.ign'), { timeoutMs: 2000 }),
        )[0];
        assert.equal(missing.observed, '404');
        assert.match(missing.detail, /not under the HTTP root/);
      } finally {
        srv.close();
      }
    });

    it("a VIP off this machine's networks is not ARP-probed (info, not a failure)", async () => {
      // A documentation network no interface of this machine is on (nothing is sent there).
      const cidr = ['203.0.113.0/24', '198.51.100.0/24', '192.0.2.0/24'].find((c) => !onLink(c));
      assert.ok(cidr, 'this machine sits on every documentation network');
      const address = cidr.replace(/0\/24$/, '10');
      const p: VipProbe = {
        ...base,
        kind: 'vip',
        id: 'x',
        service: 'pool',
        hosts: [],
        address,
        ports: [],
        network: 'lab',
        cidr,
        what: 'first address of MetalLB pool default',
      };
      const [c] = evaluate(p, await observe(p, { timeoutMs: 500 }));
      assert.equal(c.severity, 'info');
      assert.equal(c.detail, `this machine has no interface on lab (${cidr}), so ARP cannot be asked`);
    });
  });
});
