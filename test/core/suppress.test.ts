// Silencing checks with okd-topology-disable comments: file, line and next-line scopes; syntax
// and schema problems stay; a directive that silences nothing is reported.
import assert from 'node:assert/strict';
import { BASE, edit, expectAt, expectNone, problems } from './helpers';

const ONE_MASTER = edit(BASE, ['role: master', 'role: worker'], ['role: master', 'role: worker']);

describe('okd-topology-disable comments', () => {
  it('file-wide: silences every problem of the named codes', () => {
    expectAt(ONE_MASTER, 'ha-masters', 'master');
    const y = `# okd-topology-disable ha-masters # one master, on purpose\n${ONE_MASTER}`;
    expectNone(y, 'ha-masters');
    expectNone(y, 'suppress-unused');
  });

  it('-line and -next-line: only problems that start on that line', () => {
    const dup = edit(BASE, ['ip: 10.0.0.12,', 'ip: 10.0.0.11,'], ['ip: 10.0.0.10,', 'ip: 10.0.0.11,']);
    assert.equal(problems(dup).filter((p) => p.code === 'ip-duplicate').length, 3, 'each of the three owners');
    const one = edit(dup, [
      '{ network: lan, ip: 10.0.0.11, mac: "52:54:00:aa:00:12" }',
      '{ network: lan, ip: 10.0.0.11, mac: "52:54:00:aa:00:12" }  # okd-topology-disable-line ip-duplicate',
    ]);
    assert.equal(problems(one).filter((p) => p.code === 'ip-duplicate').length, 2, 'the other lines still report');
    const next = edit(dup, [
      '      - { network: lan, ip: 10.0.0.11, mac: "52:54:00:aa:00:12" }',
      '      # okd-topology-disable-next-line ip-duplicate, mac-duplicate\n      - { network: lan, ip: 10.0.0.11, mac: "52:54:00:aa:00:12" }',
    ]);
    assert.equal(problems(next).filter((p) => p.code === 'ip-duplicate').length, 2);
    // mac-duplicate named but nothing to silence there: reported as info at the comment.
    const p = expectAt(next, 'suppress-unused', '# okd-topology-disable-next-line', { severity: 'info' });
    assert.match(p.message, /Nothing to silence on the next line for mac-duplicate/);
  });

  it('syntax and schema problems cannot be silenced; typos and empty directives are reported', () => {
    const y = `# okd-topology-disable schema-unknown-field ha-mastres\n${edit(ONE_MASTER, ['  baseDomain: home.arpa', '  baseDomain: home.arpa\n  colour: blue'])}`;
    expectAt(y, 'schema-unknown-field', 'colour');
    expectAt(y, 'ha-masters', 'master');
    assert.match(
      expectAt(y, 'suppress-unused', '# okd-topology-disable').message,
      /Nothing to silence in this file for schema-unknown-field, ha-mastres \(schema-unknown-field: syntax and schema problems cannot be silenced\)/,
    );
    assert.match(
      expectAt(`# okd-topology-disable\n${BASE}`, 'suppress-unused', '# okd-topology-disable').message,
      /needs the codes/,
    );
  });

  it('only comments count: the words inside a value or a longer name do nothing', () => {
    const has = (y: string) => problems(y).some((p) => p.code === 'ha-masters');
    const quoted = edit(ONE_MASTER, ['  name: lab', '  name: "lab # okd-topology-disable ha-masters"']);
    assert.ok(has(quoted), 'inside a quoted value');
    expectNone(quoted, 'suppress-unused');
    assert.ok(
      has(edit(ONE_MASTER, ['  baseDomain: home.arpa', '  baseDomain: home.arpa#okd-topology-disable ha-masters'])),
      'no blank before #',
    );
    assert.ok(has(`# okd-topology-disabled ha-masters\n${ONE_MASTER}`), 'a longer word');
    assert.ok(!has(`# okd-topology-disable ha-masters\n${ONE_MASTER}`));
  });
});
