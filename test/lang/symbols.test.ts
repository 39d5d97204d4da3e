import { strict as assert } from 'node:assert';
import { analyze } from '../../src/core/analyze';
import { documentSymbols } from '../../src/core/lang/symbols';
import { LAB, example } from './util';

describe('lang/symbols: outline', () => {
  it('lists cluster, networks, hosts with role, VIPs, pools, services', () => {
    const a = analyze(LAB);
    const s = documentSymbols(a.doc.root);
    assert.deepEqual(
      s.map((x) => x.name),
      ['version', 'cluster', 'networks', 'hosts', 'vips', 'pools', 'services', 'layout'],
    );
    const byName = Object.fromEntries(s.map((x) => [x.name, x]));
    assert.equal(byName.cluster.detail, 'lab · k3s · home.arpa');
    assert.deepEqual(
      byName.networks.children.map((c) => `${c.name} ${c.detail}`),
      ['lan 10.0.0.0/24', 'storage 10.1.0.0/24'],
    );
    const hosts = byName.hosts.children;
    assert.deepEqual(
      hosts.map((h) => h.name),
      ['svc', 'hv-0', 'server-0'],
    );
    assert.equal(hosts[2].detail, 'master · 10.0.0.10 · VM');
    assert.equal(hosts[2].kind, 'host');
    assert.deepEqual(
      hosts[2].children.map((c) => c.name),
      ['lan', 'storage'],
    );
    assert.deepEqual(
      byName.vips.children.map((c) => `${c.name} ${c.detail}`),
      ['api 10.0.0.5 · api'],
    );
    assert.deepEqual(
      byName.pools.children.map((c) => c.name),
      ['default'],
    );
    assert.deepEqual(
      byName.services.children.map((c) => `${c.name}:${c.detail}`),
      ['dhcp:svc', 'dns:svc'],
    );
  });

  it('ranges contain their selection and point at the name', () => {
    const a = analyze(LAB);
    const visit = (list: ReturnType<typeof documentSymbols>) => {
      for (const s of list) {
        assert.ok(s.start <= s.selectionStart && s.selectionEnd <= s.end, s.name);
        if (s.kind === 'host' || s.kind === 'network')
          assert.equal(LAB.slice(s.selectionStart, s.selectionEnd), s.name);
        visit(s.children);
      }
    };
    visit(documentSymbols(a.doc.root));
  });

  it('works for every example and returns nothing for non-mapping documents', () => {
    for (const name of ['k3s-metallb', 'okd-upi-lab', 'okd-ipi'] as const) {
      const s = documentSymbols(analyze(example(name)).doc.root);
      assert.ok(s.find((x) => x.name === 'hosts')!.children.length >= 3, name);
    }
    assert.deepEqual(documentSymbols(analyze('- a\n- b\n').doc.root), []);
    assert.deepEqual(documentSymbols(analyze('hosts: [').doc.root), []);
  });
});
