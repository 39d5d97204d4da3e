// The editor session's sync rules, with an in-memory document and manual timers in place of
// VS Code: handshake, stale rejection, broken YAML, dropped messages, echo suppression.
import { strict as assert } from 'node:assert';
import { EditorSession, type DocPort } from '../../src/vscode/editor/session';
import { applyEdits, type TextEdit } from '../../src/core/edit/index';
import { decodeExport, safeName } from '../../src/vscode/editor/exportData';
import type { EditResultMessage, HostMessage, SnapshotMessage } from '../../src/protocol/messages';
import { isHostMessage } from '../../src/protocol/messages';
import { COMMENTED } from './helpers';

class MemDoc implements DocPort {
  v = 1;
  applied: TextEdit[][] = [];
  ro = false;
  refuse = false;
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
    return this.ro;
  }
  type(newText: string) {
    this.body = newText;
    this.v++;
  }
  apply(edits: TextEdit[], version: number) {
    if (this.refuse || version !== this.v) return Promise.resolve(false);
    this.applied.push(edits);
    this.type(applyEdits(this.body, edits));
    return Promise.resolve(true);
  }
}

function setup(text = COMMENTED) {
  const doc = new MemDoc(text);
  const posted: HostMessage[] = [];
  const logs: string[] = [];
  const shown: [number, number][] = [];
  const timers: (() => void)[] = [];
  const exports: string[] = [];
  const session = new EditorSession({
    doc,
    post: (m) => void posted.push(JSON.parse(JSON.stringify(m)) as HostMessage),
    log: (level, message) => void logs.push(`${level}: ${message}`),
    showRange: (s, e) => void shown.push([s, e]),
    exportImage: (format, data) => {
      decodeExport(format, data);
      exports.push(format);
      return Promise.resolve('saved');
    },
    openAsText: () => void logs.push('openAsText'),
    theme: () => 'dark',
    timers: { set: (fn) => timers.push(fn), clear: () => timers.splice(0, timers.length) },
  });
  const flush = () => timers.splice(0, timers.length).forEach((fn) => fn());
  const snapshots = () => posted.filter((m): m is SnapshotMessage => m.type === 'snapshot');
  const results = () => posted.filter((m): m is EditResultMessage => m.type === 'editResult');
  return { doc, posted, logs, shown, session, flush, snapshots, results, exports };
}

describe('editor session', () => {
  it('answers ready with the theme and an init snapshot of the current version', async () => {
    const s = setup();
    await s.session.receive({ type: 'ready', protocolVersion: 1 });
    assert.deepEqual(
      s.posted.map((m) => m.type),
      ['theme', 'snapshot'],
    );
    const snap = s.snapshots()[0];
    assert.equal(snap.reason, 'init');
    assert.equal(snap.version, 1);
    assert.equal(snap.view?.hosts.length, 5);
    assert.ok(s.posted.every(isHostMessage));
  });

  it('applies an edit as minimal edits, replies applied with the new node, and posts the new version at once', async () => {
    const s = setup();
    await s.session.receive({ type: 'ready', protocolVersion: 1 });
    await s.session.receive({
      type: 'edit',
      requestId: 'a',
      baseVersion: 1,
      edit: { kind: 'addHost', role: 'worker' },
    });
    assert.equal(s.doc.applied.length, 1);
    assert.equal(s.doc.applied[0].length, 1);
    assert.deepEqual(s.results(), [
      { type: 'editResult', requestId: 'a', outcome: 'applied', created: ['host:worker-1'], version: 2 },
    ]);
    const last = s.snapshots().at(-1)!;
    assert.equal(last.version, 2);
    assert.ok(last.view?.hosts.some((h) => h.name === 'worker-1'));
    // The document change event that follows is an echo of what was already posted.
    s.session.documentChanged();
    s.flush();
    assert.equal(s.snapshots().length, 2);
  });

  it('rejects a stale edit, leaves the text alone and repaints', async () => {
    const s = setup();
    await s.session.receive({ type: 'ready', protocolVersion: 1 });
    s.doc.type(s.doc.body.replace('worker-0', 'worker-7'));
    await s.session.receive({
      type: 'edit',
      requestId: 'b',
      baseVersion: 1,
      edit: { kind: 'delete', ids: ['host:worker-0'] },
    });
    assert.equal(s.doc.applied.length, 0);
    assert.equal(s.results()[0].outcome, 'stale');
    const snap = s.snapshots().at(-1)!;
    assert.deepEqual([snap.reason, snap.version], ['stale', 2]);
    assert.ok(snap.view?.hosts.some((h) => h.name === 'worker-7'));
  });

  it("runs edits one at a time so the second sees the first one's version", async () => {
    const s = setup();
    await s.session.receive({ type: 'ready', protocolVersion: 1 });
    const a = s.session.receive({ type: 'edit', requestId: '1', baseVersion: 1, edit: { kind: 'addNetwork' } });
    const b = s.session.receive({ type: 'edit', requestId: '2', baseVersion: 1, edit: { kind: 'addNetwork' } });
    await Promise.all([a, b]);
    assert.deepEqual(
      s.results().map((r) => r.outcome),
      ['applied', 'stale'],
    );
    assert.equal(s.doc.applied.length, 1);
  });

  it('keeps the last good graph with a parse error banner while the YAML is broken, and writes nothing', async () => {
    const s = setup();
    await s.session.receive({ type: 'ready', protocolVersion: 1 });
    s.doc.type(s.doc.body.replace('role: worker', 'role: [worker'));
    s.session.documentChanged();
    s.flush();
    const snap = s.snapshots().at(-1)!;
    assert.ok(snap.parseError, 'parse error reported');
    assert.ok(snap.parseError.line > 40, `line ${snap.parseError.line}`);
    assert.equal(snap.view?.hosts.length, 5, 'last good view kept');
    await s.session.receive({ type: 'edit', requestId: 'c', baseVersion: s.doc.v, edit: { kind: 'addNetwork' } });
    assert.equal(s.results()[0].outcome, 'error');
    assert.equal(s.doc.applied.length, 0);
  });

  it('reports a parse error with no graph when the file never parsed', async () => {
    const s = setup('hosts: [');
    await s.session.receive({ type: 'ready', protocolVersion: 1 });
    const snap = s.snapshots()[0];
    assert.equal(snap.view, null);
    assert.ok(snap.parseError);
  });

  it('an empty file says so, and scaffold writes the starting topology into it once (issue 13)', async () => {
    const s = setup('\n');
    await s.session.receive({ type: 'ready', protocolVersion: 1 });
    assert.equal(s.snapshots()[0].parseError?.empty, true);
    await s.session.receive({ type: 'scaffold' });
    assert.equal(s.doc.applied.length, 1, 'one undoable edit');
    assert.match(s.doc.body, /^# One file for the cluster[\s\S]*platform: k3s\n/);
    const last = s.posted.at(-1) as SnapshotMessage;
    assert.equal(last.type, 'snapshot');
    assert.ok(last.view && !last.parseError && last.view.hosts.length === 1);
    // A file with text is the user's: scaffold writes nothing.
    await s.session.receive({ type: 'scaffold' });
    assert.equal(s.doc.applied.length, 1);
    const broken = setup('hosts: [');
    await broken.session.receive({ type: 'ready', protocolVersion: 1 });
    assert.equal(broken.snapshots()[0].parseError?.empty, undefined);
    await broken.session.receive({ type: 'scaffold' });
    assert.equal(broken.doc.applied.length, 0);
  });

  it('debounces text changes into one snapshot and skips unchanged content', async () => {
    const s = setup();
    await s.session.receive({ type: 'ready', protocolVersion: 1 });
    s.doc.type(s.doc.body.replace('ip: 10.0.0.20', 'ip: 10.0.0.30'));
    s.session.documentChanged();
    s.session.documentChanged();
    s.flush();
    assert.equal(s.snapshots().length, 2);
    assert.equal(s.snapshots()[1].view?.hosts.find((h) => h.name === 'worker-0')?.interfaces[0].ip, '10.0.0.30');
    s.session.documentChanged();
    s.flush();
    assert.equal(s.snapshots().length, 2, 'same version and content: nothing re-sent');
  });

  it('drops and logs invalid messages without answering them', async () => {
    const s = setup();
    await s.session.receive({ type: 'ready', protocolVersion: 1 });
    const before = s.posted.length;
    for (const m of [
      null,
      { type: 'edit', requestId: 'x', baseVersion: 1, edit: { kind: 'rm -rf' } },
      { type: '\u001b[31mevil' },
      'ready',
    ])
      await s.session.receive(m);
    assert.equal(s.posted.length, before);
    assert.equal(s.logs.filter((l) => l.startsWith('warn: Dropped an invalid message')).length, 4);
    assert.ok(!s.logs.some((l) => l.includes('\u001b')), 'control characters are not logged');
  });

  it('refuses edits on a read-only document', async () => {
    const s = setup();
    s.doc.ro = true;
    await s.session.receive({ type: 'edit', requestId: 'r', baseVersion: 1, edit: { kind: 'addNetwork' } });
    assert.equal(s.results()[0].outcome, 'error');
    assert.equal(s.doc.applied.length, 0);
  });

  it('reports an error and refreshes when VS Code does not apply the edit', async () => {
    const s = setup();
    s.doc.refuse = true;
    await s.session.receive({ type: 'ready', protocolVersion: 1 });
    await s.session.receive({ type: 'edit', requestId: 'r', baseVersion: 1, edit: { kind: 'addNetwork' } });
    assert.equal(s.results()[0].outcome, 'error');
    assert.equal(s.snapshots().at(-1)!.reason, 'refresh');
  });

  it("shows a node's YAML range in the text", async () => {
    const s = setup();
    await s.session.receive({ type: 'ready', protocolVersion: 1 });
    await s.session.receive({ type: 'showInText', nodeId: 'host:hv-0' });
    const [start, end] = s.shown[0];
    assert.ok(COMMENTED.slice(start, end).startsWith('name: hv-0\n    role: hypervisor'));
    assert.ok(COMMENTED.slice(start, end).endsWith("mac: '52:54:00:aa:00:03'"));
    await s.session.receive({ type: 'showInText', path: ['cluster', 'baseDomain'] });
    assert.equal(COMMENTED.slice(...s.shown[1]), "'example.com'");
  });

  it('queues a reveal until the webview is ready', async () => {
    const s = setup();
    s.session.reveal('vip:api');
    assert.equal(s.posted.length, 0);
    await s.session.receive({ type: 'ready', protocolVersion: 1 });
    // Right behind the init snapshot, no timer: the webview holds it until the node is drawn.
    assert.deepEqual(
      s.posted.map((m) => m.type),
      ['theme', 'snapshot', 'reveal'],
    );
    assert.deepEqual(s.posted.at(-1), { type: 'reveal', nodeId: 'vip:api' });
  });

  it('after the webview is hidden, queues reveals and re-sends the snapshot on the next ready', async () => {
    const s = setup();
    await s.session.receive({ type: 'ready', protocolVersion: 1 });
    s.session.hidden();
    s.session.reveal('host:svc');
    s.session.documentChanged();
    s.flush();
    assert.equal(s.snapshots().length, 1, 'nothing posted to a hidden webview');
    await s.session.receive({ type: 'ready', protocolVersion: 1 });
    assert.deepEqual(
      s.posted.slice(-3).map((m) => m.type),
      ['theme', 'snapshot', 'reveal'],
    );
  });

  it('exports only real SVG/PNG payloads', async () => {
    const s = setup();
    await s.session.receive({ type: 'export', format: 'svg', data: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' });
    await s.session.receive({ type: 'export', format: 'svg', data: '#!/bin/sh\nrm -rf /' });
    await s.session.receive({
      type: 'export',
      format: 'png',
      data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]).toString('base64'),
    });
    await s.session.receive({ type: 'export', format: 'png', data: Buffer.from('GIF89a....').toString('base64') });
    assert.deepEqual(
      s.posted.map((m) => (m.type === 'exportResult' ? m.outcome : m.type)),
      ['saved', 'error', 'saved', 'error'],
    );
    assert.equal(safeName('../../etc/passwd', 'x', 'svg'), '.._.._etc_passwd.svg');
    assert.equal(safeName(undefined, 'lab', 'png'), 'lab.png');
  });
});
