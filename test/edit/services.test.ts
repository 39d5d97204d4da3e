// setServices: which services a host runs, as the smallest change to the services map.
import { strict as assert } from 'node:assert';
import { COMMENTED, applied, example, run } from './helpers';
import { isGraphEdit } from '../../src/protocol/messages';

const runsOf = (r: ReturnType<typeof applied>, host: string) =>
  Object.values(r.after.topology!.services)
    .filter((s) => s?.hosts.includes(host))
    .map((s) => s!.kind)
    .sort();

describe('graph edits: setServices', () => {
  it("adds new services in the file's flow style and leaves the rest of the map alone", () => {
    const r = applied(COMMENTED, { kind: 'setServices', host: 'worker-0', services: ['ntp', 'dhcp'] });
    assert.deepEqual(r.changes, [['', '\n  dhcp: { host: worker-0 }\n  ntp: { host: worker-0 }']]);
    assert.deepEqual(runsOf(r, 'worker-0'), ['dhcp', 'ntp']);
    assert.deepEqual(runsOf(r, 'svc'), ['dns', 'loadBalancer'], 'svc keeps its services');
  });

  it('moves a one-host service here, joins a hosts list, keeping other settings and quoting', () => {
    // The network still hands out svc's address for DNS: the checks point that out.
    const r = applied(COMMENTED, { kind: 'setServices', host: 'hv-0', services: ['dns', 'loadBalancer'] }, [
      'dns-not-cluster-server',
    ]);
    assert.deepEqual(r.changes, [['svc', 'hv-0']]);
    assert.ok(r.newText.includes('dns: { host: hv-0, forwarders: [10.0.0.1] }'));
    // HAProxy on a worker clashes with its router (80, 443): the checks say so, the edit is still what was asked.
    const j = applied(COMMENTED, { kind: 'setServices', host: 'worker-0', services: ['loadBalancer'] }, [
      'port-conflict',
    ]);
    assert.deepEqual(j.changes, [['', ', worker-0']]);
    assert.ok(j.newText.includes('hosts: [svc, hv-0, worker-0]'));
  });

  it('stops naming the host: a list loses it, a service with settings loses its host, a bare one goes', () => {
    const lb = applied(COMMENTED, { kind: 'setServices', host: 'hv-0', services: [] }, ['ha-upi-lb']);
    assert.ok(lb.newText.includes('hosts: [svc]\n'));
    const dns = applied(COMMENTED, { kind: 'setServices', host: 'svc', services: ['loadBalancer'] }, ['ha-upi-dns']);
    assert.deepEqual(dns.changes, [['host: svc, ', '']]);
    assert.ok(dns.newText.includes('  dns: { forwarders: [10.0.0.1] }\n'));
    const add = applied(COMMENTED, { kind: 'setServices', host: 'worker-0', services: ['ntp'] });
    const gone = applied(add.newText, { kind: 'setServices', host: 'worker-0', services: [] });
    assert.equal(gone.newText, COMMENTED, 'adding then removing a service is a round trip');
  });

  it('creates the services section when there is none, and refuses unknown hosts', () => {
    const bare =
      COMMENTED.slice(0, COMMENTED.indexOf('services:')) + COMMENTED.slice(COMMENTED.indexOf('# positions written'));
    const r = applied(bare, { kind: 'setServices', host: 'svc', services: ['dns'] });
    assert.match(r.newText, /\nservices:\n {2}dns: \{ host: svc \}\n/);
    assert.equal(run(COMMENTED, { kind: 'setServices', host: 'nope', services: ['dns'] }).outcome, 'error');
    assert.equal(
      run(COMMENTED, { kind: 'setServices', host: 'svc', services: ['dns', 'loadBalancer'] }).outcome,
      'noop',
    );
  });

  it('works on the shipped examples: every service can move to another host and back', () => {
    const upi = example('okd-upi-lab');
    const r = applied(upi, { kind: 'setServices', host: 'services', services: ['dhcp'] }, ['ha-upi-dns', 'ha-upi-lb']);
    assert.deepEqual(runsOf(r, 'services'), ['dhcp']);
  });

  it('the protocol accepts known, distinct services only', () => {
    assert.ok(isGraphEdit({ kind: 'setServices', host: 'svc', services: ['dns', 'pxe'] }));
    assert.ok(!isGraphEdit({ kind: 'setServices', host: 'svc', services: ['dns', 'dns'] }));
    assert.ok(!isGraphEdit({ kind: 'setServices', host: 'svc', services: ['samba'] }));
    assert.ok(!isGraphEdit({ kind: 'setServices', host: '', services: [] }));
    assert.ok(!isGraphEdit({ kind: 'setServices', host: 'svc', services: 'dns' }));
  });
});
