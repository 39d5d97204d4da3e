// The per-host verify status the graph draws as badges: built from checks, carried by the
// `verifyStatus` host message, and validated on arrival like every other message.
import assert from 'node:assert/strict';
import type { Check } from '../../src/core/verify/types';
import { isHostMessage } from '../../src/protocol/messages';
import { verifyStatusMessage } from '../../src/vscode/verifyStatus';

const check = (over: Partial<Check>): Check => ({
  kind: 'dns',
  target: 't',
  expected: 'e',
  observed: 'o',
  ok: true,
  detail: '',
  severity: 'error',
  service: 'dns',
  server: 'services',
  hosts: ['services'],
  reproduce: 'dig',
  probe: 'p',
  ...over,
});

describe('verify: status for the graph', () => {
  const msg = verifyStatusMessage(
    [
      check({}),
      check({ ok: false, hosts: ['services', 'master-0'] }),
      check({ kind: 'tftp', service: 'pxe', hosts: ['services', 'compute-0'] }),
      check({ kind: 'dhcp-leases', service: 'dhcp', ok: false, severity: 'info', hosts: ['services', 'okd-hv'] }),
    ],
    new Date('2026-01-01T00:00:00Z'),
  );

  it('a host is red when any check about it failed, green when all passed, grey when only info is left', () => {
    assert.equal(msg.hosts!['master-0'].state, 'failed');
    assert.equal(msg.hosts!['compute-0'].state, 'ok');
    assert.equal(msg.hosts!['okd-hv'].state, 'info');
    assert.deepEqual(msg.hosts!.services, {
      state: 'failed',
      passed: 2,
      failed: 1,
      info: 1,
      services: { dns: 'failed', pxe: 'ok', dhcp: 'info' },
    });
  });

  it('passes the host-message guard, survives JSON, and malformed ones are refused', () => {
    assert.equal(isHostMessage(JSON.parse(JSON.stringify(msg))), true);
    assert.equal(isHostMessage({ type: 'verifyStatus', hosts: null, at: msg.at }), true);
    assert.equal(isHostMessage({ ...msg, hosts: { x: { ...msg.hosts!.services, state: 'green' } } }), false);
    assert.equal(isHostMessage({ ...msg, hosts: { x: { ...msg.hosts!.services, passed: -1 } } }), false);
    assert.equal(isHostMessage({ ...msg, hosts: { x: { ...msg.hosts!.services, extra: 1 } } }), false);
    assert.equal(isHostMessage({ ...msg, hosts: { x: { ...msg.hosts!.services, services: { dns: 'bad' } } } }), false);
    assert.equal(isHostMessage({ type: 'verifyStatus', at: 5, hosts: null }), false);
  });
});
