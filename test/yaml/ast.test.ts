import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseYaml, nodeAt, keyAt, locate } from '../../src/core/yaml/ast';

describe('located YAML tree', () => {
  const text = 'a: "x y"\nb:\n  - c: 1\n    d: [1, \'q\']\n  - {e: f}\nn:\nz: |\n  lit\n';
  const doc = parseYaml(text);

  it('gives every scalar its exact source span, quotes included', () => {
    const a = nodeAt(doc.root, ['a']);
    assert.ok(a && a.kind === 'scalar');
    assert.equal(text.slice(a.start, a.end), '"x y"');
    assert.equal(a.text, 'x y');
    const q = nodeAt(doc.root, ['b', 0, 'd', 1]);
    assert.ok(q && q.kind === 'scalar');
    assert.equal(text.slice(q.start, q.end), "'q'");
  });

  it('resolves plain scalars with the YAML 1.2 core schema', () => {
    const c = nodeAt(doc.root, ['b', 0, 'c']);
    assert.ok(c && c.kind === 'scalar');
    assert.equal(c.value, 1);
    const n = nodeAt(doc.root, ['n']);
    assert.ok(n && n.kind === 'scalar');
    assert.equal(n.value, null);
    assert.equal(n.empty, true);
    const mac = parseYaml('m: 52:54:00:aa:00:02\nb: yes\n');
    assert.equal((nodeAt(mac.root, ['m']) as { value: unknown }).value, '52:54:00:aa:00:02');
    assert.equal((nodeAt(mac.root, ['b']) as { value: unknown }).value, 'yes', 'YAML 1.1 booleans stay text');
  });

  it('spans flow collections up to their closing bracket', () => {
    const d = nodeAt(doc.root, ['b', 0, 'd']);
    assert.ok(d && d.kind === 'seq' && d.flow);
    assert.equal(text.slice(d.start, d.end), "[1, 'q']");
    const m = nodeAt(doc.root, ['b', 1]);
    assert.ok(m && m.kind === 'map');
    assert.equal(text.slice(m.start, m.end), '{e: f}');
  });

  it('locates keys and falls back to the deepest existing ancestor', () => {
    const k = keyAt(doc.root, ['b']);
    assert.equal(text.slice(k!.start, k!.end), 'b');
    const missing = locate(doc.root, ['b', 0, 'nope', 'deeper']);
    assert.equal(text.slice(missing.start, missing.end), 'c', 'points at the item when the field is absent');
  });

  it('reports syntax errors with an offset instead of throwing', () => {
    const bad = parseYaml('a: [1,\nb: {');
    assert.equal(bad.root, null);
    assert.equal(bad.errors[0].code, 'yaml-syntax');
    assert.ok(bad.errors[0].offset > 0);
  });

  it('flags duplicate keys, aliases and extra documents', () => {
    const d = parseYaml('a: 1\nb: &x 2\na: 3\nc: *x\n---\nz: 1\n');
    const codes = d.errors.map((e) => e.code).sort();
    assert.deepEqual(codes, ['yaml-duplicate-key', 'yaml-unsupported', 'yaml-unsupported']);
    const dup = d.errors.find((e) => e.code === 'yaml-duplicate-key')!;
    assert.equal(dup.offset, 13);
    assert.equal(dup.related![0].offset, 0);
  });
});

describe('schema', () => {
  it('schemas/cluster.okd.schema.json is generated from scripts/gen/schema.mjs and up to date', () => {
    const generated = execFileSync('node', ['scripts/gen/schema.mjs', '--stdout'], { encoding: 'utf8' });
    assert.equal(readFileSync('schemas/cluster.okd.schema.json', 'utf8'), generated, 'run node scripts/gen/schema.mjs');
  });
});

describe('format reference', () => {
  it('docs/format.md is generated from the schema and up to date', () => {
    const generated = execFileSync('node', ['scripts/gen/format-docs.mjs', '--stdout'], { encoding: 'utf8' });
    assert.equal(readFileSync('docs/format.md', 'utf8'), generated, 'run node scripts/gen/format-docs.mjs');
  });
});

describe('README tables', () => {
  it('the command and setting tables in README.md are generated and up to date', () => {
    // --check compares in memory and exits 1 when README.md differs.
    execFileSync('node', ['scripts/gen/readme-tables.mjs', '--check'], { stdio: 'pipe' });
  });
});
