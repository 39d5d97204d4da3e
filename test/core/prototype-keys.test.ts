// Keys that name Object.prototype members are ordinary unknown fields, not lookups into JavaScript.
import assert from 'node:assert/strict';
import { analyze } from '../../src/core/analyze';

describe('keys named like JavaScript object members', () => {
  it('are reported as unknown fields and change nothing else', () => {
    const text = [
      'version: 1',
      'cluster: { name: a, baseDomain: b.c, platform: k3s }',
      'networks:',
      '  - { name: lan, cidr: 10.0.0.0/24 }',
      'hosts:',
      '  - name: h',
      '    role: master',
      '    constructor: 1',
      '    toString: 2',
      '    interfaces:',
      '      - { network: lan, ip: 10.0.0.5, __proto__: x, hasOwnProperty: y }',
    ].join('\n');
    const a = analyze(text);
    const unknown = a.problems
      .filter((p) => p.code === 'schema-unknown-field')
      .map((p) => /"([^"]+)"/.exec(p.message)![1]);
    assert.deepEqual(unknown, ['constructor', 'toString', '__proto__', 'hasOwnProperty']);
    assert.equal(a.problems.filter((p) => p.code === 'internal').length, 0);
    const h = a.topology!.hosts[0];
    assert.equal(h.role, 'master');
    assert.deepEqual([h.interfaces[0].network, h.interfaces[0].ip], ['lan', '10.0.0.5']);
  });
});
