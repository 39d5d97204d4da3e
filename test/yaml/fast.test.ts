// The fast parser must build exactly the tree the js-yaml event path builds, or step aside.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFast } from '../../src/core/yaml/fast';
import { parseYaml, parseYamlEvents } from '../../src/core/yaml/ast';
import { mutants, rng } from '../core/mutate';
import { generateTopology } from '../../bench/gen';

const examplesDir = join(__dirname, '../../examples');
const examples = readdirSync(examplesDir)
  .filter((d) => existsSync(join(examplesDir, d, 'cluster.okd.yaml')))
  .map((d) => readFileSync(join(examplesDir, d, 'cluster.okd.yaml'), 'utf8'));

/** Returns whether the fast path took the text; fails when it took it and disagreed. */
function agree(text: string, label: string): boolean {
  const fast = parseFast(text, true);
  if (!fast) return false;
  assert.deepStrictEqual(fast, parseYamlEvents(text), `fast parser disagrees with js-yaml on ${label}:\n---\n${text}`);
  return true;
}

describe('yaml fast path', () => {
  it('takes every example and generated topology, building the same tree as js-yaml', () => {
    examples.forEach((t, i) => assert.ok(agree(t, `example ${i}`), `example ${i} left the fast path`));
    for (const platform of ['okd-upi', 'okd-ipi', 'k3s'] as const) {
      const t = generateTopology(400, { platform });
      assert.ok(agree(t, `generated ${platform}`), `generated ${platform} left the fast path`);
    }
  });

  it('agrees on the subset’s corner cases', () => {
    const cases = [
      'a: 1\n',
      '---\na: 1\n',
      '--- # c\na: 1\n',
      'a:\n',
      'a:\nb:\n',
      'a: # c\n  b: 2\n',
      '# only\na: 1 # trailing\n',
      'a:\n- x\n- y\nb: 2\n',
      'a:\n  - x\n  -\n  - z\n',
      '- a\n- b: 1\n  c: 2\n- [x, y]\n- { k: v }\n',
      '-\n  a: 1\n- b\n',
      'a: { b: [1, 2, { c: d }], e: "f" }\n',
      "a: 'it''s'\nb: \"x y\"\n",
      '\'q\': 1\n"r" : 2\n',
      'a : 1\n',
      'a: b c d   # c\n',
      'a: x#y\n',
      'mac: 52:54:00:aa:00:10\n',
      'a: { mac: 52:54:00:aa:00:10 }\n',
      'a: -1\nb: -x\n',
      'a: 1\na: 2\n',
      'a: { x: 1, x: 2 }\n',
      'a: []\nb: {}\n',
      'a: [ ]\n',
      'a:\r\n  b: 1\r\n',
      'a: 1\n\n\n',
      'a: 1',
      'a:\n  b:\n    c:\n  d: 1\n',
      'a: ~\nb: null\nc: true\nd: 0x1F\ne: 1.5\nf: 10.0.0.1\n',
      'a: "#x"\n',
      'a: b]\n',
      'k: [a, "b", \'c\']\n',
      'x:\n- - a\n',
      'a: [b, c]  # c\n',
      'a:\n  b\n',
      'a: b:\n',
      '  a: 1\n  b: 2\n',
    ];
    let taken = 0;
    for (const c of cases) if (agree(c, JSON.stringify(c))) taken++;
    assert.ok(taken >= 30, `only ${taken} of ${cases.length} corner cases took the fast path`);
  });

  it('leaves the rest of YAML to js-yaml (same result through parseYaml)', () => {
    const general = [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: |\n  text\n',
      'a: >\n  text\n',
      'a: b\n  c\n',
      'a: "x\n  y"\n',
      'a:\tb\n',
      'a: "\\t"\n',
      'a: [b,\n  c]\n',
      '? a\n: b\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: 1\n---\nb: 2\n',
      'a: 1\n...\n',
      '\ufeffa: 1\n',
      'a: 😀\n',
      'a: 1\n b: 2\n',
      'a: [b, c,]\n',
      'a: [b: c]\n',
      '',
      '# nothing\n',
      'scalar\n',
      'a: b: c\n',
      '- a\nb: 1\n',
      'a: {b}\n',
      'a:\r  b: 1\n',
      '[a]: 1\n',
      'a: "x"y\n',
      'a: [b]c\n',
    ];
    for (const g of general) {
      assert.equal(parseFast(g, true), undefined, `expected the general path for ${JSON.stringify(g)}`);
      assert.deepStrictEqual(parseYaml(g), parseYamlEvents(g));
    }
  });

  it('agrees with js-yaml on 6,000 mutated examples', function () {
    this.timeout(120000);
    let taken = 0;
    let n = 0;
    for (const m of mutants(examples, 6000, 7)) if (agree(m, `mutant ${n++}`)) taken++;
    // Most mutants break the YAML; enough must still go the fast way for this to test it.
    assert.ok(taken > 1500, `only ${taken} mutants took the fast path`);
  });

  it('agrees with js-yaml on random small documents', function () {
    this.timeout(60000);
    const r = rng(99);
    const atoms = [
      'a',
      'b',
      'k v',
      '1',
      '-1',
      '"q"',
      "'s'",
      "'it''s'",
      '10.0.0.1',
      '52:54:00:00:00:01',
      '~',
      'x#y',
      '',
      '[]',
      '{}',
      '[a, b]',
      '{ a: 1, b: [2] }',
      'a: b',
      '- c',
    ];
    const line = (depth: number): string => {
      const pad = ' '.repeat(depth * 2);
      const atom = atoms[Math.floor(r() * atoms.length)];
      switch (Math.floor(r() * 5)) {
        case 0:
          return `${pad}- ${atom}`;
        case 1:
          return `${pad}key${Math.floor(r() * 4)}: ${atom}`;
        case 2:
          return `${pad}- key${Math.floor(r() * 3)}: ${atom}`;
        case 3:
          return `${pad}k${Math.floor(r() * 3)}:`;
        default:
          return r() < 0.5 ? `${pad}# note` : `${pad}-`;
      }
    };
    let taken = 0;
    for (let n = 0; n < 8000; n++) {
      const lines: string[] = [];
      let depth = 0;
      for (let i = 1 + Math.floor(r() * 8); i > 0; i--) {
        lines.push(line(depth));
        depth = Math.max(0, Math.min(3, depth + Math.floor(r() * 3) - 1));
      }
      if (agree(lines.join('\n') + (r() < 0.5 ? '\n' : ''), `random ${n}`)) taken++;
    }
    assert.ok(taken > 1000, `only ${taken} random documents took the fast path`);
  });
});
