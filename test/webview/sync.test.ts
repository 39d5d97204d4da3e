// Keeping the graph in step with the host cheaply: deltas applied to the held snapshot, unchanged
// entities keeping their objects and their React Flow nodes, a delta that does not fit asking
// for a full snapshot, and a reveal held until its node is drawn. Pure parts in Node, the rest in
// Chromium with the production bundle.
import assert from 'node:assert/strict';
import { analyze } from '../../src/core/analyze';
import { applyEdits, planGraphEdit } from '../../src/core/edit/index';
import {
  diffView,
  type GraphEdit,
  type SnapshotDeltaMessage,
  type SnapshotMessage,
  type TopologyView,
  type WebviewMessage,
} from '../../src/protocol/messages';
import { receive } from '../../webview/src/snapshots';
import { newFlowCache, toFlow, type GraphNode } from '../../webview/src/toFlow';
import { editorSession, openEditor, waitForNodes, type EditorPage } from './harness/server';
import { exampleYaml, snapshotFromYaml } from './fixtures';

// The page-side callbacks run in Chromium; this test project has Node's types only, so the few DOM
// names they use are declared here (as interaction.test.ts does).
interface PageNode {
  getAttribute(n: string): string | null;
  hasAttribute(n: string): boolean;
  closest(s: string): PageNode | null;
  parentElement: PageNode | null;
}
declare const document: { querySelector(s: string): PageNode | null };
declare const Element: new () => PageNode;
/** A text node: what a characterData mutation reports. */
interface PageText {
  parentElement: PageNode | null;
}
declare class MutationObserver {
  constructor(cb: (records: { target: PageNode | PageText; type: string }[]) => void);
  observe(n: PageNode, o: object): void;
}

const wire = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

function edited(text: string, edit: GraphEdit): string {
  const a = analyze(text);
  const out = planGraphEdit({ text, doc: a.doc, topology: a.topology }, edit);
  assert.equal(out.outcome, 'applied', out.message);
  return applyEdits(text, out.edits);
}

/** The delta message the host would send from `from` (seq `baseSeq`) to `to`. */
function delta(from: SnapshotMessage, to: SnapshotMessage, seq: number, baseSeq: number): SnapshotDeltaMessage {
  const { view, parseError: _p, seq: _s, ...rest } = wire(to);
  return { ...rest, type: 'snapshotDelta', seq, baseSeq, delta: wire(diffView(from.view!, view!)) };
}

describe('webview snapshot sync (pure)', () => {
  const text = exampleYaml('k3s-metallb');
  const s1 = { ...snapshotFromYaml(text, 1), seq: 1 };
  const text2 = edited(text.replace('10.0.0.20', '10.0.0.29'), {
    kind: 'addHost',
    role: 'worker',
    network: 'lan',
    position: { x: 0, y: 0 },
  });
  const s2 = { ...snapshotFromYaml(text2, 2), seq: 2 };

  it('applies a delta on the held snapshot and refuses one built on another', () => {
    const first = receive(undefined, wire(s1));
    assert.ok(first.snapshot && first.held?.seq === 1);
    const next = receive(first.held, delta(s1, s2, 2, 1));
    assert.deepEqual(wire(next.snapshot!.view), wire(s2.view));
    assert.equal(next.snapshot!.type, 'snapshot');
    assert.equal(next.held?.seq, 2);
    const orphan = receive(first.held, delta(s1, s2, 3, 2));
    assert.equal(orphan.snapshot, undefined, 'not applied on the wrong base');
    assert.equal(orphan.held, undefined, 'and nothing is held until a full snapshot comes');
    assert.equal(receive(undefined, delta(s1, s2, 2, 1)).snapshot, undefined);
  });

  it('an edited host gets a new node with the new data; untouched nodes are the very same objects', () => {
    const cache = newFlowCache();
    const a = receive(undefined, wire(s1));
    const before = new Map(toFlow(a.snapshot!.view!, a.snapshot!.problems, { cache }).nodes.map((n) => [n.id, n]));
    const b = receive(a.held, delta(s1, s2, 2, 1));
    const after = toFlow(b.snapshot!.view!, b.snapshot!.problems, { cache }).nodes;
    const changed = after
      .filter((n) => before.get(n.id) !== n)
      .map((n) => n.id)
      .sort();
    const moved = s2.view!.hosts.find((h) => h.interfaces.some((i) => i.ip === '10.0.0.29'))!;
    const added = after.find((n) => !before.has(n.id))!;
    assert.ok(changed.includes(moved.id), `the edited host ${moved.id} is re-made`);
    assert.ok(changed.includes(added.id));
    const card = after.find((n) => n.id === moved.id) as GraphNode;
    assert.ok(card.ariaLabel?.includes('10.0.0.29'), card.ariaLabel);
    // Exactly the nodes whose content, place or problems (their lines move) differ are re-made.
    const plain = (m: SnapshotMessage) =>
      new Map(toFlow(m.view!, m.problems).nodes.map((n) => [n.id, JSON.stringify([n.position, n.data])]));
    const was = plain(s1),
      now = plain(s2);
    const differs = [...now]
      .filter(([id, sig]) => was.get(id) !== sig)
      .map(([id]) => id)
      .sort();
    assert.deepEqual(changed, differs);
    assert.ok(after.length > changed.length + 5, `${after.length - changed.length} nodes reused`);
  });

  it('a full snapshot after a text edit keeps the unchanged nodes too, and shows every entity', () => {
    const cache = newFlowCache();
    const a = receive(undefined, wire(s1));
    const first = toFlow(a.snapshot!.view!, a.snapshot!.problems, { cache }).nodes;
    const b = receive(a.held, wire({ ...snapshotFromYaml(text.replace('10.0.0.20', '10.0.0.29'), 2), seq: 2 }));
    const v = b.snapshot!.view as TopologyView;
    const second = toFlow(v, b.snapshot!.problems, { cache }).nodes;
    assert.deepEqual(
      second.map((n) => n.id).sort(),
      [...v.hosts, ...v.networks, ...v.vips, ...v.pools].map((n) => n.id).sort(),
    );
    const same = second.filter((n, i) => n === first[i]).length;
    assert.ok(same >= second.length - 2, `${same} of ${second.length} reused`);
  });
});

describe('webview snapshot sync in Chromium', function () {
  this.timeout(60_000);
  const s = editorSession(true);
  let ed: EditorPage | undefined;
  afterEach(async () => {
    if (ed) assert.deepEqual(ed.errors, [], 'no page errors');
    await ed?.page.close();
    ed = undefined;
  });

  const text = exampleYaml('k3s-metallb');
  const ids = (m: SnapshotMessage) =>
    [...m.view!.hosts, ...m.view!.networks, ...m.view!.vips, ...m.view!.pools].map((n) => n.id);
  const label = (id: string) => ed!.page.locator(`[data-testid="node-${id}"]`).getAttribute('aria-label');

  it('announces deltas, draws a delta like the whole snapshot, and leaves untouched cards alone', async () => {
    ed = await openEditor(s.browser(), s.harness());
    const ready = (await ed.posted()).find((m) => m.type === 'ready');
    assert.deepEqual(ready, { type: 'ready', protocolVersion: 1, deltas: true });
    const s1 = { ...snapshotFromYaml(text, 1), seq: 1 };
    await ed.push(s1);
    await waitForNodes(ed.page, ids(s1));
    // Watch the DOM: the edited host's card must change, a card nothing touched must not.
    const untouched = s1.view!.hosts.find((h) => !h.interfaces.some((i) => i.ip === '10.0.0.20'))!.id;
    await ed.page.evaluate((id) => {
      const w = globalThis as unknown as { __mut: string[]; document: typeof document };
      w.__mut = [];
      new MutationObserver((rs) =>
        rs.forEach((r) => {
          const n = (r.target instanceof Element ? r.target : r.target.parentElement)?.closest('.react-flow__node');
          if (n?.getAttribute('data-id') === id) w.__mut.push(r.type);
        }),
      ).observe(w.document.querySelector('.react-flow__nodes')!, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
    }, untouched);
    const text2 = edited(text.replace('10.0.0.20', '10.0.0.29'), {
      kind: 'addHost',
      role: 'worker',
      network: 'lan',
      position: { x: 40, y: 40 },
    });
    const s2 = { ...snapshotFromYaml(text2, 2), seq: 2 };
    await ed.push(delta(s1, s2, 2, 1));
    await waitForNodes(ed.page, ids(s2));
    const moved = s2.view!.hosts.find((h) => h.interfaces.some((i) => i.ip === '10.0.0.29'))!.id;
    assert.match((await label(moved)) ?? '', /10\.0\.0\.29/);
    assert.match(await ed.page.locator(`[data-testid="node-${moved}"]`).innerText(), /10\.0\.0\.29/);
    await ed.page.waitForTimeout(100);
    assert.deepEqual(
      await ed.page.evaluate(() => (globalThis as unknown as { __mut: string[] }).__mut),
      [],
      `${untouched} was not touched`,
    );
    // A later full snapshot after a text edit still shows everything.
    const s3 = { ...snapshotFromYaml(text2.replace('10.0.0.29', '10.0.0.28'), 3), seq: 3 };
    await ed.push(s3);
    await ed.page.waitForFunction(
      (id) => document.querySelector(`[data-testid="node-${id}"]`)?.getAttribute('aria-label')?.includes('10.0.0.28'),
      moved,
    );
    await waitForNodes(ed.page, ids(s3));
    assert.equal(await ed.page.locator('.react-flow__node').count(), ids(s3).length);
  });

  it('a delta on a snapshot the webview does not hold asks once for a full one and keeps the graph', async () => {
    ed = await openEditor(s.browser(), s.harness());
    const s1 = { ...snapshotFromYaml(text, 1), seq: 1 };
    await ed.push(s1);
    await waitForNodes(ed.page, ids(s1));
    const s2 = { ...snapshotFromYaml(edited(text, { kind: 'addNetwork', position: { x: 0, y: 0 } }), 2), seq: 3 };
    await ed.push(delta(s1, s2, 3, 2));
    await ed.push(delta(s1, s2, 4, 3));
    await ed.waitPosted((m): m is WebviewMessage => m.type === 'refresh');
    await ed.page.waitForTimeout(100);
    assert.equal((await ed.posted()).filter((m) => m.type === 'refresh').length, 1, 'asked once');
    assert.equal(await ed.page.locator('.react-flow__node').count(), ids(s1).length, 'the held graph stays');
    // The full snapshot that answers it is drawn.
    await ed.push({ ...s2, seq: 5, reason: 'refresh' });
    await waitForNodes(ed.page, ids(s2));
  });

  it('holds a reveal that comes before its node and reveals it as soon as the node is drawn', async () => {
    ed = await openEditor(s.browser(), s.harness());
    // A reloaded graph: the reveal arrives right behind (here: before) the snapshot that draws it.
    await ed.push({ type: 'reveal', nodeId: 'host:agent-1' });
    await ed.push({ ...snapshotFromYaml(text, 1), seq: 1 });
    await ed.page.waitForSelector('.react-flow__node.selected[data-id="host:agent-1"]', { timeout: 2000 });
    // A reveal of a node a later graph does not have is dropped, not done later by surprise.
    await ed.push({ type: 'reveal', nodeId: 'host:nobody' });
    const s2 = { ...snapshotFromYaml(edited(text, { kind: 'addNetwork', position: { x: 0, y: 0 } }), 2), seq: 2 };
    await ed.push(s2);
    // (The new network may be off screen at the revealed zoom: give the snapshot time to land.)
    await ed.page.waitForTimeout(150);
    await ed.push({
      ...snapshotFromYaml(
        edited(text, { kind: 'addHost', role: 'worker', name: 'nobody', position: { x: 0, y: 0 } }),
        3,
      ),
      seq: 3,
    });
    await ed.page.click('[data-testid="action-fit"]');
    await waitForNodes(ed.page, ['host:nobody']);
    await ed.page.waitForTimeout(150);
    assert.equal(await ed.page.locator('.react-flow__node.selected[data-id="host:nobody"]').count(), 0);
    assert.equal(await ed.page.locator('.react-flow__node.selected[data-id="host:agent-1"]').count(), 1);
  });

  it('a node selected in the canvas leaves the selection when a snapshot no longer has it', async () => {
    ed = await openEditor(s.browser(), s.harness());
    const s1 = { ...snapshotFromYaml(text, 1), seq: 1 };
    await ed.push(s1);
    await waitForNodes(ed.page, ids(s1));
    await ed.page.click('[data-testid="node-host:agent-1"] .okd-name');
    await ed.page.waitForSelector('.react-flow__node.selected[data-id="host:agent-1"]');
    const del = ed.page.locator('[data-testid="action-delete"]');
    assert.equal(await del.getAttribute('disabled'), null, 'Delete is on while agent-1 is selected');
    const s2 = { ...snapshotFromYaml(edited(text, { kind: 'delete', ids: ['host:agent-1'] }), 2), seq: 2 };
    await ed.push(delta(s1, s2, 2, 1));
    await ed.page.waitForSelector('[data-testid="node-host:agent-1"]', { state: 'detached' });
    await ed.page.waitForFunction(() =>
      document.querySelector('[data-testid="action-delete"]')?.hasAttribute('disabled'),
    );
    assert.equal(await ed.page.locator('[data-testid="inspector"]').count(), 0, 'no inspector for a node that is gone');
  });

  it('an applied edit and its snapshot show together: the created node drawn, selected and inspected', async () => {
    ed = await openEditor(s.browser(), s.harness());
    const s1 = { ...snapshotFromYaml(text, 1), seq: 1 };
    await ed.push(s1);
    await waitForNodes(ed.page, ids(s1));
    const s2 = {
      ...snapshotFromYaml(
        edited(text, { kind: 'addHost', role: 'worker', name: 'fresh', position: { x: 0, y: 0 } }),
        2,
      ),
      seq: 2,
    };
    await ed.push({ type: 'editResult', requestId: 'w1', outcome: 'applied', created: ['host:fresh'], version: 2 });
    await ed.push(delta(s1, s2, 2, 1));
    await ed.page.waitForSelector('.react-flow__node.selected[data-id="host:fresh"]', { state: 'attached' });
    await ed.page.waitForSelector('[data-testid="inspector"][aria-label="Inspector: host fresh"]');
    // A result whose snapshot never comes still shows (here: it clears the notice) a moment later.
    await ed.push({ type: 'editResult', requestId: 'w2', outcome: 'error', message: 'nope' });
    await ed.page.locator('[data-testid="notice"]').waitFor();
    await ed.push({ type: 'editResult', requestId: 'w3', outcome: 'applied', version: 3 });
    await ed.page.locator('[data-testid="notice"]').waitFor({ state: 'detached', timeout: 2000 });
  });

  it("the inspector shows the file's value after a select pick the host did not take, also on the next node", async () => {
    ed = await openEditor(s.browser(), s.harness());
    await ed.push({ ...snapshotFromYaml(text, 1), seq: 1 });
    await waitForNodes(ed.page, ['host:agent-0', 'host:agent-1']);
    const role = () =>
      ed!.page.evaluate(
        () => (document.querySelector('[data-testid="field-role"]') as unknown as { value: string }).value,
      );
    await ed.page.click('[data-testid="node-host:agent-0"] .okd-name');
    await ed.page.waitForSelector('[data-testid="inspector"][aria-label="Inspector: host agent-0"]');
    assert.equal(await role(), 'worker');
    await ed.page.evaluate(() => {
      const el = document.querySelector('[data-testid="field-role"]') as unknown as {
        value: string;
        dispatchEvent(e: Event): boolean;
      };
      el.value = 'master';
      el.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await ed.waitPosted((m): m is WebviewMessage => m.type === 'edit');
    await ed.push({ type: 'editResult', requestId: 'w1', outcome: 'error', message: 'refused' });
    await ed.push({ ...snapshotFromYaml(text, 1), seq: 2, reason: 'refresh' });
    await ed.page.waitForFunction(
      () => (document.querySelector('[data-testid="field-role"]') as unknown as { value: string }).value === 'worker',
    );
    // Refused: the file still says worker, and so does the next host's inspector (selects stay mounted across nodes).
    await ed.page.click('[data-testid="node-host:agent-1"] .okd-name');
    await ed.page.waitForSelector('[data-testid="inspector"][aria-label="Inspector: host agent-1"]');
    assert.equal(await role(), 'worker');
  });

  it('a new snapshot leaves the selects it does not change alone (no re-render, no forced layout per select)', async () => {
    ed = await openEditor(s.browser(), s.harness());
    await ed.push({ ...snapshotFromYaml(text, 1), seq: 1 });
    await waitForNodes(ed.page, ['host:agent-0']);
    await ed.page.click('[data-testid="node-host:agent-0"] .okd-name');
    await ed.page.waitForSelector('[data-testid="inspector"][aria-label="Inspector: host agent-0"]');
    await ed.page.waitForTimeout(200);
    // Count the select element's renders from here on.
    await ed.page.evaluate(() => {
      const w = globalThis as unknown as {
        __renders: string[];
        customElements: { get(n: string): { prototype: { update(c: unknown): void; id: string } } };
      };
      w.__renders = [];
      const proto = w.customElements.get('vscode-single-select').prototype;
      const update = proto.update;
      proto.update = function (this: { id: string; getAttribute(n: string): string | null }, c: unknown) {
        w.__renders.push(this.id || this.getAttribute('data-testid') || '?');
        return update.call(this, c);
      };
    });
    // Another host's address changes: agent-0's role, OS and the toolbar's role stay as they were.
    await ed.push({ ...snapshotFromYaml(text.replace('10.0.0.21', '10.0.0.31'), 2), seq: 2 });
    await ed.page.waitForFunction(() =>
      document.querySelector('[data-testid="node-host:agent-1"]')?.getAttribute('aria-label')?.includes('10.0.0.31'),
    );
    await ed.page.waitForTimeout(200);
    const renders = () => ed!.page.evaluate(() => (globalThis as unknown as { __renders: string[] }).__renders);
    assert.deepEqual(await renders(), []);
    // A role the file changes does reach the select.
    await ed.push({
      ...snapshotFromYaml(text.replace(/(name: agent-0\n(?:.*\n)*?\s+role: )worker/, '$1master'), 3),
      seq: 3,
    });
    await ed.page.waitForFunction(
      () => (document.querySelector('[data-testid="field-role"]') as unknown as { value: string }).value === 'master',
    );
    assert.ok((await renders()).includes('f-role'), 'the role select re-rendered');
  });
});
