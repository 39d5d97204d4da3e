import { strict as assert } from 'node:assert';
import { cursorContext } from '../../src/core/lang/context';
import { LAB, cursor, edit } from './util';

function ctxAt(marked: string) {
  const { text, offset } = cursor(marked);
  const c = cursorContext(text, offset);
  return { ...c, span: text.slice(c.start, c.end) };
}

describe('lang/context: where the cursor is, from indentation', () => {
  it('value of a block key in a list item, with siblings', () => {
    const c = ctxAt(edit(LAB, '        ip: 10.0.0.3', '        ip: |'));
    assert.equal(c.kind, 'value');
    assert.deepEqual(c.path, ['hosts', 1, 'interfaces', 0, 'ip']);
    assert.equal(c.siblings.get('network'), 'lan');
    assert.equal(c.siblings.get('mac'), '52:54:00:aa:00:03');
    assert.equal(c.prefix, '');
  });

  it('value with nothing after `mac: ` (the text still parses)', () => {
    const c = ctxAt(edit(LAB, '        mac: "52:54:00:aa:00:03"', '        mac: |'));
    assert.equal(c.kind, 'value');
    assert.deepEqual(c.path, ['hosts', 1, 'interfaces', 0, 'mac']);
  });

  it('partially typed value: the span covers the whole scalar', () => {
    const c = ctxAt(edit(LAB, '        ip: 10.0.0.10', '        ip: 10.0.|0.10'));
    assert.equal(c.prefix, '10.0.');
    assert.equal(c.span, '10.0.0.10');
    assert.deepEqual(c.path, ['hosts', 2, 'interfaces', 0, 'ip']);
  });

  it('half-typed key (the buffer does not parse)', () => {
    const c = ctxAt(edit(LAB, '        mac: "52:54:00:aa:00:03"', '        ma|'));
    assert.equal(c.kind, 'key');
    assert.deepEqual(c.path, ['hosts', 1, 'interfaces', 0]);
    assert.equal(c.prefix, 'ma');
    assert.ok(c.siblings.has('network') && c.siblings.has('ip'));
  });

  it('cursor inside an existing key replaces the whole key', () => {
    const c = ctxAt(edit(LAB, '    role: hypervisor', '    ro|le: hypervisor'));
    assert.equal(c.kind, 'key');
    assert.equal(c.span, 'role');
    assert.deepEqual(c.path, ['hosts', 1]);
  });

  it('blank line at the key column of a host', () => {
    const c = ctxAt(edit(LAB, '    role: hypervisor\n', '    role: hypervisor\n    |\n'));
    assert.equal(c.kind, 'key');
    assert.deepEqual(c.path, ['hosts', 1]);
    assert.ok(c.siblings.has('name') && c.siblings.has('role') && c.siblings.has('interfaces'));
  });

  it('new list item after `- ` (list of mappings: a key)', () => {
    const c = ctxAt(edit(LAB, 'vips:\n', 'vips:\n  - |\n'));
    assert.equal(c.kind, 'key');
    assert.deepEqual(c.path, ['vips', 0]);
  });

  it('list item of names (block list of strings: a value)', () => {
    const c = ctxAt(edit(LAB, '      - svc\n', '      - svc\n      - s|\n'));
    assert.equal(c.kind, 'value');
    assert.deepEqual(c.path, ['vips', 0, 'holders', 1]);
    assert.equal(c.prefix, 's');
  });

  it('at the column of sibling `- ` items: a new list entry', () => {
    const c = ctxAt(edit(LAB, 'vips:\n', '  |\nvips:\n'));
    assert.equal(c.kind, 'item');
    assert.deepEqual(c.path, ['hosts']);
  });

  it('indented under a list key with no entries yet: a new list entry', () => {
    const c = ctxAt('version: 1\nvips:\n  |\nlayout: {}\n');
    assert.equal(c.kind, 'item');
    assert.deepEqual(c.path, ['vips']);
  });

  it('top level', () => {
    const c = ctxAt(edit(LAB, 'vips:\n', 'vi|\nvips:\n'));
    assert.equal(c.kind, 'key');
    assert.deepEqual(c.path, []);
    assert.ok(c.siblings.has('hosts') && c.siblings.has('vips'));
  });

  it('flow mapping value with siblings after the cursor', () => {
    const c = ctxAt(edit(LAB, '{ network: lan, ip: 10.0.0.2,', '{ network: lan, ip: |,'));
    assert.equal(c.kind, 'value');
    assert.equal(c.flow, true);
    assert.deepEqual(c.path, ['hosts', 0, 'interfaces', 0, 'ip']);
    assert.equal(c.siblings.get('network'), 'lan');
    assert.equal(c.siblings.get('mac'), '52:54:00:aa:00:02');
  });

  it('flow mapping key being typed', () => {
    const c = ctxAt(edit(LAB, '{ network: storage, ip: 10.1.0.10,', '{ net|work: storage, ip: 10.1.0.10,'));
    assert.equal(c.kind, 'key');
    assert.equal(c.span, 'network');
    assert.deepEqual(c.path, ['hosts', 2, 'interfaces', 1]);
    assert.ok(!c.siblings.has('network'));
  });

  it('unclosed flow mapping while typing', () => {
    const c = ctxAt(
      edit(
        LAB,
        '      - { network: storage, ip: 10.1.0.10, mac: "52:54:00:bb:00:10" }',
        '      - { network: storage, ip: |',
      ),
    );
    assert.equal(c.kind, 'value');
    assert.deepEqual(c.path, ['hosts', 2, 'interfaces', 1, 'ip']);
    assert.equal(c.siblings.get('network'), 'storage');
  });

  it('nested flow list inside a flow mapping', () => {
    const c = ctxAt(edit(LAB, 'hosts: [server-0] }', 'hosts: [server-0, |] }'));
    assert.equal(c.kind, 'value');
    assert.deepEqual(c.path, ['vips', 0, 'backends', 'hosts', 1]);
  });

  it('flow value of a service host', () => {
    const c = ctxAt(edit(LAB, 'dhcp: { host: svc }', 'dhcp: { host: s|vc }'));
    assert.deepEqual(c.path, ['services', 'dhcp', 'host']);
    assert.equal(c.span, 'svc');
  });

  it('opening quote typed: prefix keeps the quote', () => {
    const c = ctxAt(edit(LAB, '        mac: "52:54:00:aa:00:10"', '        mac: "52|'));
    assert.equal(c.prefix, '"52');
    assert.deepEqual(c.path, ['hosts', 2, 'interfaces', 0, 'mac']);
  });

  it('sequences at the same indentation as their key', () => {
    const text = 'hosts:\n- name: a\n  role: master\n- name: b\n  |\n';
    const c = ctxAt(text);
    assert.equal(c.kind, 'key');
    assert.deepEqual(c.path, ['hosts', 1]);
  });

  it('comments and blank lines do not confuse the walk', () => {
    const c = ctxAt(
      edit(
        LAB,
        '  - name: hv-0\n    role: hypervisor\n',
        '  - name: hv-0\n    # the hypervisor\n\n    role: |  # comment\n',
      ),
    );
    assert.deepEqual(c.path, ['hosts', 1, 'role']);
    assert.equal(c.span, '');
  });

  it('CRLF line endings', () => {
    const c = ctxAt(edit(LAB, '        ip: 10.0.0.3', '        ip: |').replace(/\n/g, '\r\n'));
    assert.deepEqual(c.path, ['hosts', 1, 'interfaces', 0, 'ip']);
    assert.equal(c.siblings.get('network'), 'lan');
  });
});
