// Shared helpers for the graph-edit golden tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strict as assert } from 'node:assert';
import { analyze, type Analysis } from '../../src/core/analyze';
import { applyEdits, planGraphEdit, type EditOutput } from '../../src/core/edit/index';
import type { GraphEdit } from '../../src/protocol/messages';

export const COMMENTED = readFileSync(join(__dirname, 'fixtures', 'commented.okd.yaml'), 'utf8');
/** A frozen copy of a shipped example (examples/ evolves; golden tests must not move with it). */
export const example = (name: string) =>
  readFileSync(join(__dirname, 'fixtures', 'examples', `${name}.okd.yaml`), 'utf8');
export const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');

export interface Run extends EditOutput {
  text: string;
  before: Analysis;
  newText: string;
  after: Analysis;
  /** [replaced original text, new text] per edit: the golden form of a minimal edit. */
  changes: [string, string][];
}

export function run(text: string, edit: GraphEdit): Run {
  const before = analyze(text);
  const out = planGraphEdit({ text, doc: before.doc, topology: before.topology }, edit);
  const newText = applyEdits(text, out.edits);
  return {
    ...out,
    text,
    before,
    newText,
    after: analyze(newText),
    changes: out.edits.map((e) => [text.slice(e.start, e.end), e.newText]),
  };
}

/** Runs an edit that must apply, and checks the result parses with no new errors or warnings. */
export function applied(text: string, edit: GraphEdit, allowNew: string[] = []): Run {
  const r = run(text, edit);
  assert.equal(r.outcome, 'applied', r.message);
  assert.ok(r.after.topology, 'the edited text must still be a topology');
  const key = (p: { code: string; message: string }) => `${p.code}: ${p.message}`;
  const old = new Set(r.before.problems.filter((p) => p.severity !== 'info').map(key));
  const fresh = r.after.problems.filter((p) => p.severity !== 'info' && !old.has(key(p))).map((p) => p.code);
  assert.deepEqual(
    fresh.filter((c) => !allowNew.includes(c)),
    [],
    `new problems after ${edit.kind}: ${fresh.join(', ')}`,
  );
  return r;
}
