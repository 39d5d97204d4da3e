// The protocol guards: every valid message passes, anything malformed or hostile is refused.
import { strict as assert } from 'node:assert';
import {
  isGraphEdit,
  isHostMessage,
  isWebviewMessage,
  MAX_EXPORT_CHARS,
  parseNodeId,
  PROTOCOL_VERSION,
  type GraphEdit,
  type WebviewMessage,
} from '../../src/protocol/messages';

const EDITS: GraphEdit[] = [
  { kind: 'addHost', role: 'worker' },
  { kind: 'addHost', role: 'master', network: 'lan', vm: { on: 'hv-0' }, name: 'm-3', position: { x: 1.5, y: -2 } },
  { kind: 'addHost', role: 'worker', vm: {} },
  { kind: 'addNetwork' },
  { kind: 'addNetwork', cidr: '10.9.0.0/24', name: 'n', position: { x: 0, y: 0 } },
  { kind: 'addVip', network: 'lan' },
  { kind: 'addVip', network: 'lan', purpose: 'api-int', name: 'api-int' },
  { kind: 'addPool', network: 'lan', name: 'p' },
  { kind: 'delete', ids: ['host:a', 'network:b', 'vip:c', 'pool:d'] },
  { kind: 'rename', id: 'host:a', newName: 'b' },
  { kind: 'connect', host: 'a', network: 'lan' },
  { kind: 'disconnect', host: 'a', network: 'lan' },
  { kind: 'disconnect', host: 'a', network: 'lan', index: 1 },
  { kind: 'setField', path: ['hosts', 0, 'vm', 'cpus'], value: 8 },
  { kind: 'setField', path: ['cluster', 'name'], value: 'x' },
  { kind: 'setField', path: ['hosts', 0, 'ingress'], value: true },
  { kind: 'setField', path: ['hosts', 0, 'bmc'], value: null },
  { kind: 'setField', path: ['vips', 0, 'ports'], value: [80, 443] },
  { kind: 'move', positions: [{ id: 'host:a', x: 1, y: 2 }] },
  { kind: 'autoLayout' },
];

const VALID: WebviewMessage[] = [
  { type: 'ready', protocolVersion: PROTOCOL_VERSION },
  { type: 'ready', protocolVersion: PROTOCOL_VERSION, deltas: true },
  ...EDITS.map((edit, i): WebviewMessage => ({ type: 'edit', requestId: `r${i}`, baseVersion: 3, edit })),
  { type: 'showInText', nodeId: 'host:a' },
  { type: 'showInText', path: ['hosts', 0, 'name'] },
  { type: 'export', format: 'svg', data: '<svg xmlns="http://www.w3.org/2000/svg"/>', suggestedName: 'lab.svg' },
  { type: 'export', format: 'png', data: 'iVBORw0KGgo=' },
  { type: 'log', level: 'warn', message: 'hi' },
  { type: 'refresh' },
  { type: 'openAsText' },
  { type: 'scaffold' },
];

const edit = (e: unknown) => ({ type: 'edit', requestId: 'r', baseVersion: 1, edit: e });

const INVALID: [string, unknown][] = [
  ['null', null],
  ['a string', 'ready'],
  ['an array', [{ type: 'ready', protocolVersion: 1 }]],
  ['a number', 7],
  ['unknown type', { type: 'eval', code: 'x' }],
  ['no type', { protocolVersion: 1 }],
  ['ready without version', { type: 'ready' }],
  ['ready with a string version', { type: 'ready', protocolVersion: '1' }],
  ['ready with a non-boolean deltas flag', { type: 'ready', protocolVersion: 1, deltas: 'yes' }],
  ['an extra key', { type: 'ready', protocolVersion: 1, html: '<script>' }],
  ['an own __proto__ key', JSON.parse('{"type":"refresh","__proto__":{"polluted":true}}')],
  [
    'a class instance',
    Object.assign(
      new (class X {
        type = 'refresh';
      })(),
      {},
    ),
  ],
  ['edit without baseVersion', { type: 'edit', requestId: 'r', edit: EDITS[0] }],
  ['edit with a negative version', { type: 'edit', requestId: 'r', baseVersion: -1, edit: EDITS[0] }],
  ['edit with a fractional version', { type: 'edit', requestId: 'r', baseVersion: 1.5, edit: EDITS[0] }],
  ['edit with an empty request id', { type: 'edit', requestId: '', baseVersion: 1, edit: EDITS[0] }],
  ['edit with a huge request id', { type: 'edit', requestId: 'x'.repeat(1000), baseVersion: 1, edit: EDITS[0] }],
  ['unknown edit kind', edit({ kind: 'format' })],
  ['addHost with an unknown role', edit({ kind: 'addHost', role: 'root' })],
  ['addHost with an extra field', edit({ kind: 'addHost', role: 'worker', script: 'x' })],
  ['addHost with a NaN position', edit({ kind: 'addHost', role: 'worker', position: { x: Number.NaN, y: 0 } })],
  ['addHost with an infinite position', edit({ kind: 'addHost', role: 'worker', position: { x: Infinity, y: 0 } })],
  ['addHost with an empty name', edit({ kind: 'addHost', role: 'worker', name: '' })],
  ['addHost with a 300-char name', edit({ kind: 'addHost', role: 'worker', name: 'a'.repeat(300) })],
  ['addHost with vm: true', edit({ kind: 'addHost', role: 'worker', vm: true })],
  ['addVip without network', edit({ kind: 'addVip' })],
  ['addVip with a bad purpose', edit({ kind: 'addVip', network: 'lan', purpose: 'db' })],
  ['delete with no ids', edit({ kind: 'delete', ids: [] })],
  ['delete with a malformed id', edit({ kind: 'delete', ids: ['host'] })],
  ['delete with an unknown kind id', edit({ kind: 'delete', ids: ['service:dns'] })],
  ['delete with an empty name id', edit({ kind: 'delete', ids: ['host:'] })],
  ['delete with a non-string id', edit({ kind: 'delete', ids: [{}] })],
  ['rename with a number', edit({ kind: 'rename', id: 'host:a', newName: 5 })],
  ['disconnect with a negative index', edit({ kind: 'disconnect', host: 'a', network: 'b', index: -1 })],
  ['setField with an empty path', edit({ kind: 'setField', path: [], value: 1 })],
  ['setField through __proto__', edit({ kind: 'setField', path: ['__proto__', 'x'], value: 1 })],
  ['setField through constructor', edit({ kind: 'setField', path: ['constructor', 'prototype'], value: 1 })],
  ['setField with a negative index', edit({ kind: 'setField', path: ['hosts', -1, 'x'], value: 1 })],
  ['setField with an object value', edit({ kind: 'setField', path: ['a'], value: { b: 1 } })],
  ['setField with a nested list', edit({ kind: 'setField', path: ['a'], value: [[1]] })],
  ['setField with undefined', edit({ kind: 'setField', path: ['a'] })],
  ['setField with a very deep path', edit({ kind: 'setField', path: Array(100).fill('a'), value: 1 })],
  ['move without positions', edit({ kind: 'move', positions: [] })],
  ['move with a string coordinate', edit({ kind: 'move', positions: [{ id: 'host:a', x: '1', y: 2 }] })],
  ['move with an absurd coordinate', edit({ kind: 'move', positions: [{ id: 'host:a', x: 1e12, y: 2 }] })],
  ['showInText with nothing', { type: 'showInText' }],
  ['export with an unknown format', { type: 'export', format: 'pdf', data: 'x' }],
  ['export png that is not base64', { type: 'export', format: 'png', data: '<svg onload=alert(1)>' }],
  ['export with empty data', { type: 'export', format: 'svg', data: '' }],
  ['log with an unknown level', { type: 'log', level: 'fatal', message: 'x' }],
  ['log with an object message', { type: 'log', level: 'info', message: { toString: 'x' } }],
];

describe('protocol guards', () => {
  for (const m of VALID) {
    it(`accepts ${m.type}${m.type === 'edit' ? ` ${m.edit.kind}` : ''}`, () =>
      assert.ok(isWebviewMessage(m), JSON.stringify(m)));
  }
  for (const [what, m] of INVALID) {
    it(`refuses ${what}`, () => assert.equal(isWebviewMessage(m), false));
  }

  it('survives a JSON round trip (what postMessage does)', () => {
    for (const m of VALID) assert.ok(isWebviewMessage(JSON.parse(JSON.stringify(m))));
  });

  it('refuses oversized exports and huge id lists without scanning forever', () => {
    assert.equal(isWebviewMessage({ type: 'export', format: 'svg', data: 'x'.repeat(MAX_EXPORT_CHARS + 1) }), false);
    const ids = Array.from({ length: 20_000 }, (_, i) => `host:h${i}`);
    const t0 = Date.now();
    assert.equal(isGraphEdit({ kind: 'delete', ids }), false);
    assert.ok(Date.now() - t0 < 1000);
  });

  it('parses node ids', () => {
    assert.deepEqual(parseNodeId('host:master-0'), { kind: 'host', name: 'master-0' });
    assert.deepEqual(parseNodeId('pool:a:b'), { kind: 'pool', name: 'a:b' });
    assert.equal(parseNodeId('master-0'), undefined);
    assert.equal(parseNodeId('toString:x'), undefined);
  });

  it('checks host messages too', () => {
    assert.ok(isHostMessage({ type: 'editResult', requestId: 'r1', outcome: 'stale', message: 'changed' }));
    assert.ok(isHostMessage({ type: 'reveal', nodeId: 'vip:api' }));
    assert.ok(isHostMessage({ type: 'theme', kind: 'highContrastLight' }));
    assert.ok(isHostMessage({ type: 'exportResult', outcome: 'cancelled' }));
    assert.ok(
      isHostMessage({
        type: 'snapshot',
        protocolVersion: 1,
        version: 2,
        reason: 'init',
        view: null,
        problems: [],
        fileName: 'a.okd.yaml',
        readOnly: false,
        parseError: { message: 'bad', line: 3, column: 1 },
      }),
    );
    assert.equal(isHostMessage({ type: 'editResult', requestId: 'r1', outcome: 'maybe' }), false);
    assert.equal(isHostMessage({ type: 'reveal', nodeId: 'nope' }), false);
    assert.equal(
      isHostMessage({
        type: 'snapshot',
        protocolVersion: 1,
        version: 2,
        reason: 'init',
        view: { cluster: {} },
        problems: [],
        fileName: 'a',
        readOnly: false,
      }),
      false,
    );
  });
});
