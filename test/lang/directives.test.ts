// Completion inside okd-topology-disable comments: the codes the directive can silence where it is.
import { strict as assert } from 'node:assert';
import { applyCompletion, complete } from '../../src/core/lang/completion';
import { analyze } from '../../src/core/analyze';
import { LAB, cursor, edit } from './util';

const at = (marked: string) => {
  const { text, offset } = cursor(marked);
  return { text, items: complete(text, offset) };
};

describe('lang/completion in okd-topology-disable comments', () => {
  // LAB has one master (ha-masters); moving a host into the DHCP range adds a warning on its ip line.
  const inRange = edit(LAB, 'ip: 10.0.0.10', 'ip: 10.0.0.60');

  it('file-wide: every code that has a problem, with its severity and message', () => {
    const { items } = at(`# okd-topology-disable |\n${inRange}`);
    const ha = items.find((i) => i.label === 'ha-masters');
    assert.ok(ha, items.map((i) => i.label).join(', '));
    assert.equal(ha.detail, 'warning');
    assert.match(ha.documentation ?? '', /master/);
    assert.ok(items.some((i) => i.label === 'dhcp-reservation-in-range'));
    assert.ok(!items.some((i) => /^(yaml|schema|suppress)-/.test(i.label)));
  });

  it("-next-line: only the next line's problems; the typed prefix is replaced; listed codes are not offered again", () => {
    const marked = inRange.replace(
      '        ip: 10.0.0.60',
      '        # okd-topology-disable-next-line dhcp-r|\n        ip: 10.0.0.60',
    );
    const { text, items } = at(marked);
    assert.deepEqual(
      items.map((i) => i.label),
      ['dhcp-reservation-in-range'],
    );
    const done = applyCompletion(text, items[0]);
    assert.ok(done.includes('# okd-topology-disable-next-line dhcp-reservation-in-range\n'));
    assert.ok(
      !analyze(done).problems.some((p) => p.code === 'dhcp-reservation-in-range' || p.code === 'suppress-unused'),
    );
    const again = at(marked.replace('dhcp-r|', 'dhcp-reservation-in-range, |'));
    assert.deepEqual(
      again.items.map((i) => i.label),
      [],
    );
  });

  it('an ordinary comment offers nothing', () => {
    assert.deepEqual(at(`# just a note |\n${inRange}`).items, []);
  });
});
