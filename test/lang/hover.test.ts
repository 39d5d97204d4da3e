import { strict as assert } from 'node:assert';
import { analyze } from '../../src/core/analyze';
import { hover } from '../../src/core/lang/hover';
import { LAB, edit } from './util';

const a = analyze(LAB);
const at = (needle: string, into: number, text = LAB, an = a) => {
  const off = text.indexOf(needle);
  assert.ok(off >= 0, needle);
  return hover(an, off + into);
};

describe('lang/hover', () => {
  it('an interface address: owner, network, free/used counts', () => {
    const h = at('ip: 10.0.0.10', 6)!;
    assert.match(h.markdown, /host server-0/);
    // /24: 254 usable; .1 .2 .3 .5 .10 assigned (5), DHCP .50-.99 (50), pool .100-.200 (101): 98 free.
    assert.match(
      h.markdown,
      /\*\*lan\*\* `10\.0\.0\.0\/24`: 254 usable · 5 assigned · 50 in DHCP ranges · 101 in pools · \*\*98 free\*\*/,
    );
    assert.equal(LAB.slice(h.start, h.end), '10.0.0.10');
    assert.match(h.markdown, /Static \(reserved\) IPv4 address/, 'schema doc follows');
  });

  it('flags a collision and an address outside every network', () => {
    const text = edit(LAB, 'ip: 10.0.0.10', 'ip: 10.0.0.3');
    const h = at('ip: 10.0.0.3\n        mac: "52:54:00:aa:00:10"', 6, text, analyze(text))!;
    assert.match(h.markdown, /host hv-0.*host server-0.*collision/s);
    const t2 = edit(LAB, 'ip: 10.0.0.10', 'ip: 192.0.2.7');
    assert.match(at('ip: 192.0.2.7', 6, t2, analyze(t2))!.markdown, /Outside every network/);
  });

  it('the DNS server address of a host is not a collision', () => {
    const h = at('dns: [10.0.0.2]', 8)!;
    assert.match(h.markdown, /host svc/);
    assert.match(h.markdown, /DNS server/);
    assert.doesNotMatch(h.markdown, /collision/);
  });

  it('a network name (definition or reference) and a cidr: utilization', () => {
    for (const [needle, into] of [
      ['name: lan', 7],
      ['network: lan\n    ip: 10.0.0.5', 10],
      ['cidr: 10.0.0.0/24', 8],
    ] as const) {
      const h = at(needle, into)!;
      assert.match(h.markdown, /98 free/, needle);
      assert.match(h.markdown, /3 hosts attached/);
    }
  });

  it('hosts, VIPs, pools and layout keys', () => {
    assert.match(at('on: hv-0', 5)!.markdown, /\*\*hv-0\*\* — hypervisor/);
    assert.match(at('name: api', 7)!.markdown, /VIP api\*\* \(api\) 10\.0\.0\.5 ports 6443/);
    assert.match(
      at('name: default', 7)!.markdown,
      /MetalLB pool default\*\* \(layer2\): 101 addresses in .* · \*\*101 free\*\*/,
    );
    assert.match(at('  server-0: { x', 4)!.markdown, /server-0\*\* — master/);
    assert.match(at('hosts: [server-0]', 10)!.markdown, /master, VM on hv-0/);
    assert.match(at('hosts: [server-0]', 10)!.markdown, /backend of VIP api/);
    assert.match(at('- svc\n', 3)!.markdown, /Runs dhcp, dns · holds VIP api/);
    assert.match(at('on: hv-0', 5)!.markdown, /hosts 1 VM/);
  });

  it('an unknown reference says so', () => {
    const text = edit(LAB, 'on: hv-0', 'on: hv-9');
    assert.match(at('on: hv-9', 5, text, analyze(text))!.markdown, /No host named \*\*hv-9\*\*/);
  });

  it('keys show the schema documentation', () => {
    const h = at('platform: k3s', 2)!;
    assert.match(h.markdown, /^\*\*platform\*\*/);
    assert.match(h.markdown, /okd-upi/);
    assert.equal(LAB.slice(h.start, h.end), 'platform');
  });

  it('without schema docs only the semantic part remains', () => {
    assert.equal(hover(a, LAB.indexOf('platform: k3s') + 2, { schemaDocs: false }), undefined);
    const h = hover(a, LAB.indexOf('ip: 10.0.0.10') + 6, { schemaDocs: false })!;
    assert.match(h.markdown, /98 free/);
    assert.doesNotMatch(h.markdown, /Static \(reserved\)/);
  });

  it('ranges show their size', () => {
    assert.match(at('range: 10.0.0.50-10.0.0.99', 9)!.markdown, /50 addresses/);
  });

  it('documents a half-typed key when the buffer does not parse', () => {
    const text = edit(LAB, '    role: hypervisor', '    installDisk');
    const an = analyze(text);
    assert.equal(an.topology, null);
    const h = hover(an, text.indexOf('installDisk') + 3);
    assert.match(h?.markdown ?? '', /disk/i);
  });

  it('nothing on whitespace', () => {
    assert.equal(hover(a, LAB.indexOf('\n\n') >= 0 ? LAB.indexOf('\n\n') : LAB.length), undefined);
  });
});
