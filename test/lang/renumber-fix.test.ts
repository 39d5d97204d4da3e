// The Renumber quick fix (issue 13): after a network's CIDR is changed by hand, every "outside
// network" problem of that network offers to move everything from the old prefix, recovered from
// the addresses still written in it; a single mistyped address, or an old prefix that another
// network owns, gets no such offer.
import { strict as assert } from 'node:assert';
import { analyze } from '../../src/core/analyze';
import { applyEdits, planGraphEdit } from '../../src/core/edit/index';
import { quickFixes, type QuickFix } from '../../src/core/lang/fixes';
import { recoverOldPrefix, RENUMBER_FIX_CODES } from '../../src/core/lang/renumberFix';
import { formatCidr } from '../../src/core/ip';
import { LAB, edit } from './util';

const serious = (text: string) =>
  analyze(text)
    .problems.filter((p) => p.severity !== 'info')
    .map((p) => `${p.code} ${p.message}`)
    .sort();
const renumberOf = (fixes: QuickFix[]) => fixes.filter((f) => f.title.startsWith('Renumber everything'));

describe('lang: Renumber quick fix after a hand-edited CIDR', () => {
  const moved = edit(LAB, 'cidr: 10.0.0.0/24', 'cidr: 10.9.0.0/24');

  it('recovers the old prefix from the addresses still written in it', () => {
    const t = analyze(moved).topology!;
    assert.equal(formatCidr(recoverOldPrefix(t, 'lan', 4)!), '10.0.0.0/24');
    assert.equal(recoverOldPrefix(t, 'storage', 4), undefined, 'storage is untouched');
    assert.equal(recoverOldPrefix(analyze(LAB).topology!, 'lan', 4), undefined, 'nothing is outside in the original');
  });

  it('every outside problem of the network offers the same fix; it gives what Renumber Network gives, with no problem left', () => {
    const a = analyze(moved);
    const outside = a.problems.filter((p) => RENUMBER_FIX_CODES.has(p.code));
    // Hosts, VIP, gateway, DHCP range and pool: each kind of problem is there.
    assert.deepEqual([...new Set(outside.map((p) => p.code))].sort(), [
      'dhcp-range-outside-subnet',
      'gateway-outside-network',
      'ip-outside-network',
      'pool-outside-network',
    ]);
    const fixes = outside.map((p) => renumberOf(quickFixes(a, p)));
    for (const f of fixes) {
      assert.equal(f.length, 1);
      assert.equal(f[0].title, fixes[0][0].title);
      assert.deepEqual(f[0].edits, fixes[0][0].edits);
    }
    const fix = fixes[0][0];
    assert.match(
      fix.title,
      /^Renumber everything from 10\.0\.0\.0\/24 to 10\.9\.0\.0\/24 \(\d+ values, network lan\)$/,
    );
    assert.equal(fix.preferred, true);
    const fixed = applyEdits(moved, fix.edits);
    assert.deepEqual(serious(fixed), serious(LAB), 'exactly the original problems');
    // The same text as the refactoring applied to the original file.
    const orig = analyze(LAB);
    const refactor = planGraphEdit(
      { text: LAB, doc: orig.doc, topology: orig.topology },
      { kind: 'renumber', network: 'lan', cidr: '10.9.0.0/24' },
    );
    assert.equal(fixed, applyEdits(LAB, refactor.edits));
    assert.ok(
      fixed.includes('ip: 10.9.0.10') &&
        fixed.includes('range: 10.9.0.50-10.9.0.99') &&
        fixed.includes('[10.9.0.100-10.9.0.200]'),
    );
    assert.ok(fixed.includes('ip: 10.1.0.10'), 'the other network stays');
    // The one-address fix is still there, no longer the preferred one.
    const host = outside.find((p) => p.code === 'ip-outside-network')!;
    const others = quickFixes(a, host).filter((f) => !f.title.startsWith('Renumber'));
    assert.ok(others.some((f) => /next free address/.test(f.title) && !f.preferred));
  });

  it('a host typed into the wrong prefix is no renumbering: only the one-address fix', () => {
    const a = analyze(edit(LAB, 'ip: 10.0.0.10', 'ip: 10.7.0.10'));
    const p = a.problems.find((x) => x.code === 'ip-outside-network')!;
    const fixes = quickFixes(a, p);
    assert.deepEqual(renumberOf(fixes), []);
    assert.ok(fixes.some((f) => f.preferred && /next free address/.test(f.title)));
  });

  it("offers nothing when the old prefix is another network's now (the addresses may be that network's)", () => {
    const swapped = edit(moved, 'cidr: 10.1.0.0/24', 'cidr: 10.0.0.0/24');
    const a = analyze(swapped);
    assert.equal(recoverOldPrefix(a.topology!, 'lan', 4), undefined);
    const lan = a.problems.filter((x) => RENUMBER_FIX_CODES.has(x.code) && x.data?.network === 'lan');
    assert.ok(lan.length > 3, "lan's addresses are all outside");
    for (const p of lan) assert.deepEqual(renumberOf(quickFixes(a, p)), []);
  });

  it('works for a network whose addresses were half moved by hand already, and for IPv6', () => {
    const half = edit(edit(moved, 'ip: 10.0.0.3', 'ip: 10.9.0.3'), 'ip: 10.0.0.10', 'ip: 10.9.0.10');
    assert.equal(formatCidr(recoverOldPrefix(analyze(half).topology!, 'lan', 4)!), '10.0.0.0/24');
    const six = edit(
      edit(LAB, '    cidr: 10.1.0.0/24\n', '    cidr: 10.1.0.0/24\n    cidr6: fd00:2::/64\n'),
      '{ network: storage, ip: 10.1.0.10, mac: "52:54:00:bb:00:10" }',
      '{ network: storage, ip: 10.1.0.10, ip6: "fd00:1::10", mac: "52:54:00:bb:00:10" }',
    );
    const a = analyze(six);
    assert.equal(formatCidr(recoverOldPrefix(a.topology!, 'storage', 6)!), 'fd00:1::/64');
    const p = a.problems.find((x) => x.code === 'ip-outside-network')!;
    const fix = renumberOf(quickFixes(a, p))[0];
    assert.ok(fix, 'offered for IPv6');
    assert.ok(applyEdits(six, fix.edits).includes('ip6: "fd00:2::10"'));
  });
});
