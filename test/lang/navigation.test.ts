import { strict as assert } from 'node:assert';
import { analyze } from '../../src/core/analyze';
import { definitionAt, referencesAt, renameAt } from '../../src/core/lang/navigation';
import { applyEdits } from '../../src/core/lang/fixes';
import { LAB } from './util';

const a = analyze(LAB);
const lineOf = (off: number) => a.lines.position(off).line;
/** Offset inside the n-th (0-based) occurrence of `needle`, `into` characters in. */
function find(needle: string, n = 0, into = 1): number {
  let at = -1;
  for (let i = 0; i <= n; i++) at = LAB.indexOf(needle, at + 1);
  assert.ok(at >= 0, needle);
  return at + into;
}
const texts = (spans: { start: number; end: number }[]) =>
  spans.map((s) => `${LAB.slice(s.start, s.end)}@${lineOf(s.start)}`);

describe('lang/navigation: definition, references, rename', () => {
  it('go to definition from every kind of host reference', () => {
    const def = LAB.indexOf('name: hv-0') + 6;
    for (const off of [
      find('on: hv-0', 0, 5),
      find('hosts: [server-0]', 0, 9),
      find('- svc\n', 0, 3),
      find('host: svc }', 0, 7),
      find('host: svc\n', 0, 7),
    ]) {
      const d = definitionAt(a, off);
      assert.equal(d.length, 1, `at ${JSON.stringify(LAB.slice(off - 5, off + 5))}`);
      assert.ok(['hv-0', 'server-0', 'svc'].includes(LAB.slice(d[0].start, d[0].end)));
    }
    assert.equal(definitionAt(a, find('on: hv-0', 0, 5))[0].start, def);
  });

  it('go to definition of networks from interfaces, VIPs and pools; layout keys resolve too', () => {
    const def = LAB.indexOf('name: lan') + 6;
    for (const off of [
      find('network: lan', 0, 10),
      find('network: lan', 2, 10),
      find('network: lan', 3, 10),
      find('  lan: { x', 0, 3),
    ]) {
      assert.deepEqual(
        definitionAt(a, off).map((s) => s.start),
        [def],
      );
    }
    assert.deepEqual(
      definitionAt(a, find('network: storage', 0, 11)).map((s) => LAB.slice(s.start, s.end)),
      ['storage'],
    );
  });

  it('find references of a host includes layout keys, VIP backends, services, vm.on', () => {
    const refs = texts(referencesAt(a, find('name: server-0', 0, 8), true));
    assert.equal(refs.length, 3);
    assert.ok(refs.every((r) => r.startsWith('server-0@')));
    const svc = referencesAt(a, find('name: svc', 0, 7), false);
    assert.equal(svc.length, 3, texts(svc).join()); // holders, dhcp, dns
    assert.equal(referencesAt(a, find('name: svc', 0, 7), true).length, 4);
  });

  it('find references of a network counts every interface, VIP and pool', () => {
    const refs = referencesAt(a, find('name: lan', 0, 7), true);
    // definition + 3 interfaces + VIP + pool + layout
    assert.equal(refs.length, 7, texts(refs).join());
  });

  it('nothing on a non-name', () => {
    assert.deepEqual(definitionAt(a, find('cidr: 10.0.0.0', 0, 8)), []);
    assert.deepEqual(referencesAt(a, find('role: master', 0, 8), true), []);
  });

  it('rename a host renames every reference and the result re-analyses with the same problems', () => {
    const r = renameAt(a, find('on: hv-0', 0, 5), 'hyper-1');
    assert.ok('edits' in r);
    const out = applyEdits(LAB, r.edits);
    assert.ok(!out.includes('hv-0'));
    const b = analyze(out);
    assert.equal(b.topology?.hosts[2].vm?.on, 'hyper-1');
    assert.deepEqual(
      b.problems.map((p) => p.code),
      a.problems.map((p) => p.code),
    );
  });

  it('rename keeps quotes and rejects invalid names', () => {
    const q = LAB.replace('dhcp: { host: svc }', 'dhcp: { host: "svc" }');
    const qa = analyze(q);
    const r = renameAt(qa, q.indexOf('name: svc') + 7, 'infra-svc');
    assert.ok('edits' in r);
    assert.match(applyEdits(q, r.edits), /dhcp: \{ host: "infra-svc" \}/);
    assert.ok('error' in renameAt(a, find('name: svc', 0, 7), 'Not Valid'));
    assert.ok('error' in renameAt(a, find('role: master', 0, 8), 'x'));
  });
});
