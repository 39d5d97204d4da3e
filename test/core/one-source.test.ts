// One source for each rule: a rule written twice drifts (a name the inspector accepts and the checks
// refuse). These scans keep the copies from coming back.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DNS_LABEL, isDnsLabel, isDnsName } from '../../src/core/format/dns';

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

  it('the schema generator takes its enumerations from the model', () => {
    const gen = readFileSync(join(ROOT, 'scripts', 'gen', 'schema.mjs'), 'utf8');
    for (const list of [
      "'bootstrap', 'master'",
      "'okd-upi', 'okd-ipi'",
      "'layer2', 'bgp'",
      "'bios', 'uefi'",
      "'api', 'api-int'",
    ])
      assert.ok(!gen.includes(list), `schema.mjs retypes [${list}, …]`);
  });
});
