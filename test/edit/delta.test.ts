// Snapshot deltas: the host's diff, the webview's rebuild, the guard, and the session deciding
// when to send one. Views are built by the real core from real edits and text changes, and go
// through JSON like postMessage does.
import { strict as assert } from 'node:assert';
import { analyze } from '../../src/core/analyze';
import { applyEdits, type TextEdit } from '../../src/core/edit/index';
import { buildView, problemViews } from '../../src/core/view/snapshot';
import {
  applyDelta,
  applyList,
  diffList,
  diffView,
  isHostMessage,
  reuseUnchanged,
  sameJson,
  type HostMessage,
  type SnapshotDeltaMessage,
  type SnapshotMessage,
  type TopologyView,
} from '../../src/protocol/messages';
import { EditorSession, type DocPort } from '../../src/vscode/editor/session';
import { COMMENTED, run } from './helpers';

const wire = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

function viewOf(text: string): TopologyView {
  const a = analyze(text);
  assert.ok(a.topology);
  return buildView(a.topology, problemViews(a.topology, a.problems));
}

/** The webview's copy of `base` patched with the wire form of the delta to `next`. */
function roundTrip(base: TopologyView, next: TopologyView): { got: TopologyView; held: TopologyView } {
  const held = wire(base);
  const got = applyDelta(held, wire(diffView(base, next)));
  assert.ok(got, 'the delta fits the view it was made against');
  assert.ok(sameJson(got, wire(next)), 'the rebuilt view is the new view');
  assert.deepEqual(wire(got), wire(next));
  return { got, held };
}

describe('snapshot deltas', () => {
  it('sameJson treats undefined like a missing key and compares arrays in order', () => {
    assert.ok(sameJson({ a: 1, b: undefined }, { a: 1 }));
    assert.ok(sameJson({ a: [1, { x: 'y' }] }, { a: [1, { x: 'y', z: undefined }] }));
    assert.ok(!sameJson({ a: [1, 2] }, { a: [2, 1] }));
    assert.ok(!sameJson({ a: 1 }, { a: 1, b: 0 }));
    assert.ok(!sameJson({ a: null }, { a: undefined }));
    assert.ok(!sameJson([], {}));
  });

  it('turns unchanged runs into index ranges and refuses runs outside the base', () => {
    const key = (x: { id: string }) => x.id;
    const base = ['a', 'b', 'c', 'd'].map((id) => ({ id, v: 1 }));
    const next = [base[0], base[1], { id: 'c', v: 2 }, base[3], { id: 'e', v: 1 }];
    const patch = diffList(base, next, key);
    assert.deepEqual(patch, [[0, 2], { id: 'c', v: 2 }, [3, 1], { id: 'e', v: 1 }]);
    assert.deepEqual(applyList(base, patch), next);
    assert.equal(applyList(base, [[3, 2]]), undefined);
    assert.equal(applyList(base, [[-1, 1]]), undefined);
    assert.equal(applyList(base, [[0, 0]]), undefined);
    assert.equal(applyList(base, [[0.5, 1]]), undefined);
  });

  it('an added host travels alone; every other entity keeps its object on the webview side', () => {
    const r = run(COMMENTED, { kind: 'addHost', role: 'worker', network: 'lan', position: { x: 10, y: 20 } });
    const base = viewOf(COMMENTED),
      next = viewOf(r.newText);
    const d = diffView(base, next);
    assert.deepEqual(
      d.hosts.filter((x) => !Array.isArray(x)).map((h) => (h as { id: string }).id),
      ['host:worker-1'],
    );
    assert.ok(JSON.stringify(d).length < JSON.stringify(next).length / 2, 'the delta is much smaller than the view');
    const { got, held } = roundTrip(base, next);
    for (const h of got.hosts) {
      const before = held.hosts.find((x) => x.id === h.id);
      if (h.id === 'host:worker-1') assert.equal(before, undefined);
      else assert.equal(h, before, `${h.id} is the held object`);
    }
  });

  it('a text edit of one address changes that host (and the usage it moves), nothing else', () => {
    const base = viewOf(COMMENTED);
    const typed = COMMENTED.replace('10.0.0.20', '10.0.0.30');
    assert.notEqual(typed, COMMENTED);
    const next = viewOf(typed);
    const d = diffView(base, next);
    const changed = d.hosts.filter((x) => !Array.isArray(x)) as { id: string; interfaces: { ip?: string }[] }[];
    assert.equal(changed.length, 1);
    assert.equal(changed[0].interfaces[0].ip, '10.0.0.30');
    const { got, held } = roundTrip(base, next);
    assert.equal(got.vips.length, held.vips.length);
    got.vips.forEach((v, i) => assert.equal(v, held.vips[i]));
  });

  it('deleting the first host shifts every path: the delta carries them all and still rebuilds exactly', () => {
    const base = viewOf(COMMENTED);
    const first = base.hosts[0].id;
    const r = run(COMMENTED, { kind: 'delete', ids: [first] });
    const next = viewOf(r.newText);
    roundTrip(base, next);
    assert.ok(!next.hosts.some((h) => h.id === first));
  });

  it('renaming a network rewrites the interfaces on it; the rebuilt view matches', () => {
    const base = viewOf(COMMENTED);
    const r = run(COMMENTED, { kind: 'rename', id: base.networks[0].id, newName: 'renamed' });
    const { got } = roundTrip(base, viewOf(r.newText));
    assert.ok(got.networks.some((n) => n.name === 'renamed'));
    assert.ok(got.edges.some((e) => e.target === 'network:renamed'));
  });

  it('a full snapshot reuses the held object of every unchanged entity, and the whole list when nothing changed', () => {
    const held = wire(viewOf(COMMENTED));
    const same = reuseUnchanged(held, wire(viewOf(COMMENTED)));
    for (const k of ['networks', 'hosts', 'vips', 'pools', 'services', 'edges'] as const)
      assert.equal(same[k], held[k], k);
    const typed = wire(viewOf(COMMENTED.replace('10.0.0.20', '10.0.0.30')));
    const next = reuseUnchanged(held, typed);
    assert.ok(sameJson(next, typed));
    const moved = next.hosts.filter((h, i) => h !== held.hosts[i]);
    assert.equal(moved.length, 1);
    assert.equal(moved[0].interfaces[0].ip, '10.0.0.30');
    assert.equal(reuseUnchanged(null, typed), typed);
  });

  it('the guard accepts deltas and refuses malformed runs or entities', () => {
    const base = viewOf(COMMENTED);
    const next = viewOf(run(COMMENTED, { kind: 'addNetwork' }).newText);
    const msg: SnapshotDeltaMessage = {
      type: 'snapshotDelta',
      protocolVersion: 1,
      version: 2,
      reason: 'change',
      fileName: 'x.okd.yaml',
      readOnly: false,
      problems: [],
      seq: 2,
      baseSeq: 1,
      delta: wire(diffView(base, next)),
    };
    assert.ok(isHostMessage(wire(msg)));
    const bad = (f: (m: SnapshotDeltaMessage) => void) => {
      const m = wire(msg);
      f(m);
      return isHostMessage(m);
    };
    assert.equal(
      bad((m) => {
        m.delta.hosts = [[0, 1.5]];
      }),
      false,
    );
    assert.equal(
      bad((m) => {
        m.delta.hosts = [[0, 0]];
      }),
      false,
    );
    assert.equal(
      bad((m) => {
        m.delta.hosts = [[0, 1, 2] as unknown as [number, number]];
      }),
      false,
    );
    assert.equal(
      bad((m) => {
        m.delta.hosts = [{ id: 'host:x' } as never];
      }),
      false,
    );
    assert.equal(
      bad((m) => {
        (m as { baseSeq?: number }).baseSeq = undefined;
      }),
      false,
    );
    assert.equal(
      bad((m) => {
        (m.delta as { edges?: unknown }).edges = undefined;
      }),
      false,
    );
    assert.equal(
      bad((m) => {
        m.delta.cluster = { name: 1 } as never;
      }),
      false,
    );
  });
});

class MemDoc implements DocPort {
  v = 1;
  constructor(public body: string) {}
  version() {
    return this.v;
  }
  text() {
    return this.body;
  }
  fileName() {
    return 'lab.okd.yaml';
  }
  readOnly() {
    return false;
  }
  type(t: string) {
    this.body = t;
    this.v++;
  }
  apply(edits: TextEdit[], version: number) {
    if (version !== this.v) return Promise.resolve(false);
    this.type(applyEdits(this.body, edits));
    return Promise.resolve(true);
  }
}

function session(deltas: boolean) {
  const doc = new MemDoc(COMMENTED);
  const posted: HostMessage[] = [];
  const timers: (() => void)[] = [];
  const s = new EditorSession({
    doc,
    post: (m) => void posted.push(wire(m)),
    log: () => undefined,
    showRange: () => undefined,
    exportImage: () => Promise.resolve('cancelled'),
    openAsText: () => undefined,
    theme: () => 'dark',
    timers: { set: (fn) => timers.push(fn), clear: () => timers.splice(0) },
  });
  const flush = () => timers.splice(0).forEach((fn) => fn());
  const snaps = () =>
    posted.filter(
      (m): m is SnapshotMessage | SnapshotDeltaMessage => m.type === 'snapshot' || m.type === 'snapshotDelta',
    );
  return { doc, posted, s, flush, snaps, ready: () => s.receive({ type: 'ready', protocolVersion: 1, deltas }) };
}

describe('editor session deltas', () => {
  it('sends changes as deltas on the last snapshot it posted, numbered in order', async () => {
    const t = session(true);
    await t.ready();
    await t.s.receive({ type: 'edit', requestId: 'a', baseVersion: 1, edit: { kind: 'addHost', role: 'worker' } });
    t.doc.type(t.doc.body.replace('10.0.0.20', '10.0.0.30'));
    t.s.documentChanged();
    t.flush();
    const [init, d1, d2] = t.snaps();
    assert.equal(init.type, 'snapshot');
    assert.equal(init.seq, 1);
    assert.ok(d1.type === 'snapshotDelta' && d2.type === 'snapshotDelta');
    assert.deepEqual([d1.seq, d1.baseSeq, d1.version, d2.seq, d2.baseSeq, d2.version], [2, 1, 2, 3, 2, 3]);
    assert.ok(t.posted.every(isHostMessage));
    // The webview's side: apply both in turn and get exactly the current view.
    let view = init.view!;
    for (const d of [d1, d2]) view = applyDelta(view, d.delta)!;
    assert.deepEqual(wire(view), wire(viewOf(t.doc.body)));
  });

  it('sends whole snapshots to a webview that did not ask for deltas', async () => {
    const t = session(false);
    await t.ready();
    await t.s.receive({ type: 'edit', requestId: 'a', baseVersion: 1, edit: { kind: 'addNetwork' } });
    assert.deepEqual(
      t.snaps().map((m) => m.type),
      ['snapshot', 'snapshot'],
    );
  });

  it('a parse error, a refresh and a reload go whole; the next change builds on what was sent last', async () => {
    const t = session(true);
    await t.ready();
    t.doc.type(t.doc.body.replace('role: worker', 'role: [worker'));
    t.s.documentChanged();
    t.flush();
    await t.s.receive({ type: 'refresh' });
    t.doc.type(COMMENTED);
    t.s.documentChanged();
    t.flush();
    const types = t.snaps().map((m) => `${m.type}:${m.reason}`);
    assert.deepEqual(types, ['snapshot:init', 'snapshot:change', 'snapshot:refresh', 'snapshotDelta:change']);
    const last = t.snaps().at(-1) as SnapshotDeltaMessage;
    assert.equal(last.baseSeq, t.snaps()[2].seq);
    t.s.hidden();
    await t.ready();
    const reload = t.snaps().at(-1)!;
    assert.equal(reload.type, 'snapshot');
    assert.equal(reload.reason, 'init');
  });
});
