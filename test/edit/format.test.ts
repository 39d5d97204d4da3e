// Line endings, style detection and safe scalar emission for inserted text.
import { strict as assert } from 'node:assert';
import { COMMENTED, crlf, example, run } from './helpers';
import { detectStyle, emitScalar, isSafePlain } from '../../src/core/edit/index';
import { parseYaml } from '../../src/core/yaml/ast';
import { applyEdits, normalise } from '../../src/core/edit/index';
import type { GraphEdit } from '../../src/protocol/messages';

const EDITS: GraphEdit[] = [
  { kind: 'addHost', role: 'worker', position: { x: 1, y: 2 } },
  { kind: 'addHost', role: 'master', vm: {} },
  { kind: 'addNetwork' },
  { kind: 'addVip', network: 'lan', purpose: 'api-int' },
  { kind: 'addPool', network: 'lan' },
  { kind: 'delete', ids: ['host:svc', 'network:storage'] },
  { kind: 'delete', ids: ['host:master-0', 'vip:api'] },
  { kind: 'rename', id: 'host:master-0', newName: 'm-0' },
  { kind: 'connect', host: 'worker-0', network: 'storage' },
  { kind: 'disconnect', host: 'master-1', network: 'storage' },
  { kind: 'setField', path: ['hosts', 0, 'ssh', 'user'], value: 'root' },
  { kind: 'setField', path: ['hosts', 3, 'vm', 'on'], value: null },
  { kind: 'setField', path: ['vips', 0, 'backends', 'hosts'], value: ['master-1', 'svc'] },
  {
    kind: 'move',
    positions: [
      { id: 'host:master-0', x: 9, y: 9 },
      { id: 'pool:x', x: 0, y: 0 },
      { id: 'vip:api', x: 5, y: 5 },
    ],
  },
];

describe('graph edits: line endings', () => {
  for (const edit of EDITS) {
    it(`${edit.kind} keeps CRLF files CRLF (${JSON.stringify(edit).slice(0, 70)})`, () => {
      const lf = run(COMMENTED, edit);
      const cr = run(crlf(COMMENTED), edit);
      assert.equal(lf.outcome, 'applied', lf.message);
      assert.equal(cr.outcome, 'applied', cr.message);
      assert.equal(cr.newText, crlf(lf.newText));
      assert.ok(!/[^\r]\n/.test(cr.newText), 'no bare LF in a CRLF file');
    });
  }
});

describe('graph edits: style detection', () => {
  it('reads indentation, list style and MAC quoting from the file', () => {
    const s = detectStyle(COMMENTED, parseYaml(COMMENTED).root);
    assert.deepEqual(s, { eol: '\n', step: 2, seqIndented: true, macQuote: 'double' });
    const four = 'a:\n    b: 1\nl:\n- x\n- y\nm:\n- 1\nh:\n    - { mac: 52:54:00:00:00:01 }\n';
    assert.deepEqual(detectStyle(four, parseYaml(four).root), {
      eol: '\n',
      step: 4,
      seqIndented: false,
      macQuote: 'plain',
    });
    const cr = crlf(example('k3s-metallb'));
    assert.equal(detectStyle(cr, parseYaml(cr).root).eol, '\r\n');
  });

  it("indents new content with the file's step", () => {
    const text =
      'version: 1\ncluster:\n    name: c\n    baseDomain: example.com\n    platform: k3s\nhosts:\n    -   name: a\n        role: worker\n';
    const r = run(text, { kind: 'setField', path: ['hosts', 0, 'ssh', 'user'], value: 'core' });
    assert.deepEqual(r.changes, [['', '\n        ssh:\n            user: core']]);
  });
});

describe('graph edits: scalars', () => {
  it('leaves plain only what reads back as the same string in YAML 1.1 and 1.2', () => {
    for (const s of [
      'worker-3',
      '10.0.0.1',
      '10.0.0.0/24',
      '4.15.0-0.okd-2024',
      '/dev/sda',
      '~/.ssh/id.pub',
      'virbr-okd',
    ])
      assert.ok(isSafePlain(s), s);
    for (const s of [
      '',
      'yes',
      'No',
      'on',
      'OFF',
      'y',
      'true',
      'null',
      '~',
      '1',
      '-1',
      '0x1f',
      '0o17',
      '1e3',
      '1_000',
      '.5',
      '.inf',
      '2024-01-01',
      'a: b',
      'a #b',
      '#x',
      '- x',
      '[x]',
      '{x}',
      '*x',
      '&x',
      '!x',
      '|',
      '>',
      '%x',
      '@x',
      '`x',
      '"x',
      "'x",
      'a,b',
      'x y',
    ]) {
      assert.ok(!isSafePlain(s), s);
    }
  });

  it('emits values that parse back to themselves', () => {
    for (const v of ['yes', '123', 'a"b', "it's", 'tab\there', 'line\nbreak', 'ünïcode', '52:54:00:aa:bb:cc', 'x: y']) {
      const text = `k: ${emitScalar(v)}\n`;
      const root = parseYaml(text).root;
      assert.ok(root?.kind === 'map');
      const n = root.items[0].value;
      assert.ok(n.kind === 'scalar' && n.value === v, `${v} -> ${text}`);
    }
    assert.equal(emitScalar(42), '42');
    assert.equal(emitScalar(false), 'false');
    assert.equal(emitScalar(null), 'null');
    assert.equal(emitScalar('52:54:00:aa:bb:cc', 'single'), "'52:54:00:aa:bb:cc'");
    assert.equal(emitScalar('52:54:00:aa:bb:cc', 'plain'), '52:54:00:aa:bb:cc');
    assert.throws(() => emitScalar(Number.NaN));
  });
});

describe('graph edits: edit list hygiene', () => {
  it('sorts, merges and drops contained or no-op edits, and refuses real overlaps', () => {
    const text = '0123456789';
    assert.deepEqual(
      normalise(text, [
        { start: 5, end: 5, newText: 'b' },
        { start: 1, end: 3, newText: '' },
        { start: 5, end: 5, newText: 'c' },
        { start: 7, end: 8, newText: '7' },
      ]),
      [
        { start: 1, end: 3, newText: '' },
        { start: 5, end: 5, newText: 'bc' },
      ],
    );
    assert.deepEqual(
      normalise(text, [
        { start: 2, end: 4, newText: 'x' },
        { start: 1, end: 6, newText: '' },
      ]),
      [{ start: 1, end: 6, newText: '' }],
    );
    assert.deepEqual(
      normalise(text, [
        { start: 1, end: 4, newText: '' },
        { start: 3, end: 6, newText: '' },
      ]),
      [{ start: 1, end: 6, newText: '' }],
    );
    assert.throws(() =>
      normalise(text, [
        { start: 1, end: 4, newText: 'x' },
        { start: 3, end: 6, newText: 'y' },
      ]),
    );
    assert.equal(
      applyEdits(text, [
        { start: 0, end: 1, newText: 'A' },
        { start: 9, end: 10, newText: '' },
      ]),
      'A12345678',
    );
  });
});
