// Every problem code the checks can produce is documented in docs/checks.md (and vice versa for check codes).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const PREFIX =
  /^(ip|vip|mac|name|dhcp|pool|net|installer|ref|ha|port|info|gateway|dns|interface|service|value|schema|proxy|metallb|pxe|ntp|registry|phase)-[a-z0-9-]+$/;

describe('docs/checks.md', () => {
  it('documents every code used in src/core/checks', () => {
    const codes = new Set<string>();
    // The checks, and the structure walk with the value types it checks every scalar against.
    for (const sub of ['checks', 'schema', 'format']) {
      const dir = join(__dirname, '../../src/core', sub);
      for (const f of readdirSync(dir)) {
        for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/'([a-z0-9-]+)'/g))
          if (PREFIX.test(m[1])) codes.add(m[1]);
      }
    }
    for (const c of ['value-control', 'value-whitespace', 'value-invalid'])
      assert.ok(codes.has(c), `${c} not found in the sources`);
    assert.ok(codes.size > 40, `found only ${codes.size} codes`);
    const doc = readFileSync(join(__dirname, '../../docs/checks.md'), 'utf8');
    const missing = [...codes].filter((c) => !doc.includes('`' + c + '`'));
    assert.deepEqual(missing, []);
  });
});
