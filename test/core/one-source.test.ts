// One source for each rule: a rule written twice drifts (a name the inspector accepts and the checks
// refuse). These scans keep the copies from coming back.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DNS_LABEL, isDnsLabel, isDnsName } from '../../src/core/format/dns';
import * as model from '../../src/core/model';
import { isHostMessage, isWebviewMessage, LOG_LEVELS, THEME_KINDS } from '../../src/protocol/messages';

const ROOT = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /\.(tsx?|mjs)$/.test(n) ? [p] : [];
  });
}

const everything = [
  ...sources(join(ROOT, 'src')),
  ...sources(join(ROOT, 'webview', 'src')),
  ...sources(join(ROOT, 'scripts')),
];

describe('one source for each rule', () => {
  it('the DNS label rule: 1-63 characters of a-z, 0-9 and "-", not at either end', () => {
    for (const ok of ['a', 'master-0', 'x'.repeat(63)]) assert.ok(isDnsLabel(ok), ok);
    for (const bad of ['', '-a', 'a-', 'A', 'a.b', 'x'.repeat(64), 'a_b']) assert.ok(!isDnsLabel(bad), bad);
    assert.ok(isDnsName('Example.COM.') && !isDnsName('a..b'));
    assert.equal(DNS_LABEL.source, '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$');
  });

  it('no module but core/format/dns.ts writes a DNS label pattern', () => {
    const label =
      /\[a-z0-9\]\(\[(-a-z0-9|a-z0-9-)\]|\[(A-Za-z0-9|a-zA-Z0-9)\]\(\[(-A-Za-z0-9|-a-zA-Z0-9|A-Za-z0-9-|a-zA-Z0-9-)\]/;
    const copies = everything.filter(
      (f) => !f.endsWith(join('core', 'format', 'dns.ts')) && label.test(readFileSync(f, 'utf8')),
    );
    assert.deepEqual(
      copies.map((f) => relative(ROOT, f)),
      [],
    );
  });

  it('the schema generator takes every enumeration from an `as const` array in core', () => {
    const gen = readFileSync(join(ROOT, 'scripts', 'gen', 'schema.mjs'), 'utf8');
    const enums = [...gen.matchAll(/\benum:\s*(\[[^\]]*\])/g)].map((m) => m[1]);
    assert.ok(enums.length >= 12, `found only ${enums.length} enums in schema.mjs`);
    assert.deepEqual(
      enums.filter((e) => !/^\[\.\.\.[A-Z][A-Z0-9_]*\]$/.test(e)),
      [],
      'schema.mjs lists an enumeration literally: spread an `as const` array of core/model instead',
    );
    // And each array it spreads is one core exports, so the model's types are built from the same list.
    const exported = model as Record<string, unknown>;
    for (const e of enums) {
      const name = e.slice(4, -1);
      assert.ok(Array.isArray(exported[name]), `${name} is not an array exported by src/core/model.ts`);
      assert.match(
        readFileSync(join(ROOT, 'src', 'core', 'model.ts'), 'utf8'),
        new RegExp(`\\(typeof ${name}\\)\\[number\\]`),
        `no type of src/core/model.ts is built from ${name}`,
      );
    }
  });

  it('the model, core/problems and core/view/types write no literal union: types come from their arrays', () => {
    const union = /'[\w-]+'\s*\|\s*'[\w-]+'/;
    const files = ['src/core/model.ts', 'src/core/problems.ts', 'src/core/view/types.ts'];
    assert.deepEqual(
      files.filter((f) => union.test(readFileSync(join(ROOT, f), 'utf8'))),
      [],
    );
  });

  it("protocol guards use the enumerations' arrays; no guard or protocol type re-lists a union", () => {
    const protocol = sources(join(ROOT, 'src', 'protocol'));
    const found: string[] = [];
    for (const f of protocol) {
      const text = readFileSync(f, 'utf8');
      const at = relative(ROOT, f);
      // isOneOf(v, ['a', 'b']): a second list of a union written somewhere else.
      if (/isOneOf\([^,]+,\s*\[/.test(text)) found.push(`${at}: isOneOf with an inline list`);
      // const X: readonly T[] = ['a', …]: a union's members typed out again beside it.
      if (/:\s*readonly\s+\w+\[\]\s*=\s*\[\s*'/.test(text)) found.push(`${at}: an array re-listing a union type`);
      // type T = 'a' | 'b', or a field typed that way: its guard would have to list it again.
      for (const m of text.matchAll(/^(?!\s*(?:\/\/|\*)).*?:\s*'[\w-]+'\s*\|\s*'[\w-]+'.*$|type \w+ = '[\w-]+'\s*\|/gm))
        found.push(`${at}: literal union: ${m[0].trim()}`);
    }
    assert.deepEqual(found, []);
  });

  it('a guard accepts exactly its enumeration (the guard and the type share one array)', () => {
    for (const kind of THEME_KINDS) assert.ok(isHostMessage({ type: 'theme', kind }), kind);
    assert.ok(!isHostMessage({ type: 'theme', kind: 'sepia' }));
    for (const level of LOG_LEVELS) assert.ok(isWebviewMessage({ type: 'log', level, message: 'x' }), level);
    assert.ok(!isWebviewMessage({ type: 'log', level: 'trace', message: 'x' }));
  });
});
