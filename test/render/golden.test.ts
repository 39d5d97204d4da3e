// Golden files: every example (and fixture) renders to exactly the files under golden/<name>/.
// UPDATE_GOLDEN=1 npx mocha test/render/golden.test.ts rewrites them after an intended change.
import assert from 'node:assert/strict';
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { buildManifest, localPath, MANIFEST, readBack, writeOutput } from '../../src/node/render-output';
import { readFileSync } from 'node:fs';
import { EXAMPLES, exampleFile, FIXTURES, renderFile, topologyOf } from './helpers';

const GOLDEN = path.join(__dirname, 'golden');
const cases: [string, string][] = [
  ...EXAMPLES.map((e): [string, string] => [e, exampleFile(e)]),
  ['fixture-ha-services', path.join(FIXTURES, 'ha-services.okd.yaml')],
  ['fixture-debian-services', path.join(FIXTURES, 'debian-services.okd.yaml')],
  ['fixture-dhcp6', path.join(FIXTURES, 'dhcp6.okd.yaml')],
  ['fixture-ipi-provisioning', path.join(FIXTURES, 'ipi-provisioning.okd.yaml')],
  ['fixture-uefi-bringup', path.join(FIXTURES, 'uefi-bringup.okd.yaml')],
];

function walk(dir: string, base = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const rel = base ? `${base}/${name}` : name;
    const st = lstatSync(path.join(dir, name));
    if (st.isDirectory()) out.push(...walk(path.join(dir, name), rel));
    else out.push(rel);
  }
  return out;
}

describe('render: golden files', () => {
  for (const [name, file] of cases) {
    it(`${name} renders exactly the golden files`, () => {
      const r = renderFile(file);
      assert.deepEqual(r.errors, []);
      assert.equal(r.refused, false);
      const manifest = buildManifest(
        r.files,
        path.basename(file),
        topologyOf(readFileSync(file, 'utf8')).cluster.name,
        r.steps,
      );
      const dir = path.join(GOLDEN, name);
      if (process.env.UPDATE_GOLDEN === '1') {
        rmSync(dir, { recursive: true, force: true });
        assert.equal(writeOutput(dir, r.files, manifest), undefined);
      }
      const expected = walk(dir).filter((f) => f !== MANIFEST);
      const actual = r.files.map((f) => localPath(f)).sort();
      assert.deepEqual(actual, expected, `the set of rendered files changed for ${name} (UPDATE_GOLDEN=1 to accept)`);
      for (const f of r.files) {
        assert.equal(
          f.content,
          readBack(dir, localPath(f)),
          `${localPath(f)} differs from golden/${name} (UPDATE_GOLDEN=1 to accept)`,
        );
      }
      assert.equal(JSON.stringify(manifest, null, 2) + '\n', readBack(dir, MANIFEST), 'MANIFEST.json differs');
    });
  }
});
