// Moving VMs to another hypervisor (a drop on its frame in the graph, issue 13): a minimal edit of
// vm.on in whatever style the file uses, the VM's saved position forgotten, refusals for anything
// that is not a VM onto a hypervisor.
import { strict as assert } from 'node:assert';
import { applied, COMMENTED, run } from './helpers';

// A second hypervisor after hv-0, in the fixture's block style.
const TWO = COMMENTED.replace(
  "        mac: '52:54:00:aa:00:03'\n",
  '        mac: \'52:54:00:aa:00:03\'\n\n  - name: hv-1\n    role: hypervisor\n    interfaces:\n      - { network: lan, ip: 10.0.0.4, mac: "52:54:00:aa:00:04" }\n',
);

describe('graph edits: moveToHypervisor', () => {
  it("rewrites vm.on in a flow mapping and drops the VM's saved position: one plan, one undo", () => {
    const r = applied(TWO, { kind: 'moveToHypervisor', hosts: ['master-0'], on: 'hv-1' });
    assert.deepEqual(r.changes, [
      ['hv-0', 'hv-1'],
      ['  master-0:\n    x: 100\n    y: 200\n', ''],
    ]);
    assert.equal(r.after.topology!.hosts.find((h) => h.name === 'master-0')!.vm!.on, 'hv-1');
    assert.equal(r.after.topology!.layout['master-0'], undefined);
    assert.deepEqual(r.created, ['host:master-0']);
  });

  it('moves several VMs at once (block style too); the ones already there are left alone', () => {
    const r = applied(TWO, { kind: 'moveToHypervisor', hosts: ['master-0', 'master-1'], on: 'hv-1' });
    assert.deepEqual(r.changes.map((c) => c[1]).slice(0, 2), ['hv-1', 'hv-1']);
    assert.deepEqual(
      r.after.topology!.hosts.filter((h) => h.vm?.on === 'hv-1').map((h) => h.name),
      ['master-0', 'master-1'],
    );
    // Nothing else changed: the rest of the file is byte-identical.
    assert.equal(
      r.newText,
      TWO.replace('on: hv-0 }', 'on: hv-1 }')
        .replace('      on: hv-0\n', '      on: hv-1\n')
        .replace('  master-0:\n    x: 100\n    y: 200\n', ''),
    );
    const again = run(r.newText, { kind: 'moveToHypervisor', hosts: ['master-0', 'master-1'], on: 'hv-1' });
    assert.equal(again.outcome, 'noop');
  });

  it('writes vm.on into a VM that had none', () => {
    const text = TWO.replace('    vm: { cpus: 4, memoryGiB: 16, on: hv-0 }', '    vm: { cpus: 4, memoryGiB: 16 }');
    const r = applied(text, { kind: 'moveToHypervisor', hosts: ['master-0'], on: 'hv-1' });
    assert.ok(r.newText.includes('vm: { cpus: 4, memoryGiB: 16, on: hv-1 }'), r.newText);
  });

  it('refuses a bare-metal host, an unknown host, a target that is not a hypervisor, and a VM onto itself', () => {
    const cases: [Parameters<typeof run>[1], RegExp][] = [
      [{ kind: 'moveToHypervisor', hosts: ['worker-0'], on: 'hv-1' }, /worker-0 is not a VM/],
      [{ kind: 'moveToHypervisor', hosts: ['nope'], on: 'hv-1' }, /no host "nope"/],
      [{ kind: 'moveToHypervisor', hosts: ['master-0'], on: 'worker-0' }, /worker-0 is a worker, not a hypervisor/],
      [{ kind: 'moveToHypervisor', hosts: ['master-0'], on: 'hv-9' }, /no host "hv-9"/],
    ];
    for (const [edit, why] of cases) {
      const r = run(TWO, edit);
      assert.equal(r.outcome, 'error', JSON.stringify(edit));
      assert.match(r.message!, why);
      assert.deepEqual(r.edits, []);
    }
    const self = run(
      TWO.replace(
        '  - name: hv-1\n    role: hypervisor\n',
        '  - name: hv-1\n    role: hypervisor\n    vm: { on: hv-0 }\n',
      ),
      { kind: 'moveToHypervisor', hosts: ['hv-1'], on: 'hv-1' },
    );
    assert.equal(self.outcome, 'error');
    assert.match(self.message!, /cannot run on itself/);
  });
});
