import { strict as assert } from 'node:assert';
import { Debouncer, type Timers } from '../../src/vscode/language/scheduler';
import { analyze } from '../../src/core/analyze';
import { summary } from '../../src/core/lang/summary';
import { LAB, edit } from './util';

/** Manual clock: timers fire only when the test advances time. */
class FakeTimers implements Timers {
  now = 0;
  private next = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  set(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.set(id, { at: this.now + ms, fn });
    return id;
  }
  clear(h: unknown): void {
    this.timers.delete(h as number);
  }
  async advance(ms: number): Promise<void> {
    this.now += ms;
    for (const [id, t] of [...this.timers].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at <= this.now) {
        this.timers.delete(id);
        t.fn();
      }
    }
    await new Promise((r) => setImmediate(r));
  }
  get pending(): number {
    return this.timers.size;
  }
}

describe('vscode/language scheduler: debounced diagnostics on the latest version', () => {
  it('coalesces a burst of edits into one run on the last version', async () => {
    const timers = new FakeTimers();
    const published: [string, string, number][] = [];
    const d = new Debouncer<string>(150, (k, r, v) => published.push([k, r, v]), timers);
    let version = 1;
    let text = 'a';
    let computed = 0;
    const src = { version: () => version, compute: () => (computed++, text) };
    for (const ch of 'bcde') {
      version++;
      text += ch;
      d.schedule('doc', src);
      await timers.advance(50);
    }
    assert.deepEqual(published, [], 'nothing before the user pauses');
    await timers.advance(150);
    assert.deepEqual(published, [['doc', 'abcde', 5]]);
    assert.equal(computed, 1);
  });

  it('drops a result whose document changed while it was computed', async () => {
    const timers = new FakeTimers();
    const published: number[] = [];
    const d = new Debouncer<number>(150, (_k, _r, v) => published.push(v), timers);
    let version = 1;
    let release: (() => void) | undefined;
    const slow = {
      version: () => version,
      compute: () => new Promise<number>((resolve) => (release = () => resolve(version))),
    };
    d.schedule('doc', slow);
    await timers.advance(150);
    assert.ok(release, 'compute started');
    version = 2; // the user typed while the slow run was in flight
    d.schedule('doc', slow);
    release!();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(published, [], 'stale result for version 1 is ignored');
    await timers.advance(150);
    release!();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(published, [2]);
  });

  it('cancel (document closed) drops the pending run; documents are independent', async () => {
    const timers = new FakeTimers();
    const published: string[] = [];
    const d = new Debouncer<string>(150, (k) => published.push(k), timers);
    d.schedule('a', { version: () => 1, compute: () => 'x' });
    d.schedule('b', { version: () => 1, compute: () => 'y' });
    d.cancel('a');
    await timers.advance(200);
    assert.deepEqual(published, ['b']);
    d.schedule('c', { version: () => 1, compute: () => 'z' });
    d.dispose();
    assert.equal(timers.pending, 0);
  });

  it('runs with the real analysis and a zero delay for open/save', async () => {
    const timers = new FakeTimers();
    const published: number[] = [];
    const d = new Debouncer(150, (_k, r: ReturnType<typeof analyze>) => published.push(r.problems.length), timers);
    d.schedule('doc', { version: () => 1, compute: () => analyze(LAB) }, 0);
    await timers.advance(0);
    assert.equal(published.length, 1);
  });
});

describe('status bar summary', () => {
  it('clean file: check mark, zero errors and the host count', () => {
    const s = summary(analyze(LAB));
    // The lab has one warning (fewer than 3 masters).
    assert.equal(s.text, '$(warning) OKD: 1 warning · 3 hosts');
    const clean = summary({ ...analyze(LAB), problems: [] });
    assert.equal(clean.text, '$(check) OKD: 0 errors · 3 hosts');
    assert.match(clean.tooltip, /3 hosts, 2 networks, 1 VIP, 1 pool/);
  });

  it('errors and warnings', () => {
    const s = summary(
      analyze(
        edit(
          edit(LAB, 'ip: 10.0.0.10', 'ip: 10.0.0.3'),
          '    role: hypervisor\n',
          '    role: hypervisor\n    instalDisk: /dev/vda\n',
        ),
      ),
    );
    // The duplicate address counts at both hosts, plus the unknown field.
    assert.equal(s.text, '$(error) OKD: 3 errors, 1 warning');
  });

  it('broken YAML', () => {
    const s = summary(analyze('hosts: [\n'));
    assert.equal(s.text, '$(error) OKD: 1 error');
    assert.match(s.tooltip, /not valid YAML/);
  });
});
