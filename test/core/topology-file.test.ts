// One rule for "is this a topology file": the core's lists, and every place that must agree with them.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  isTopologyPath,
  topologyStem,
  TOPOLOGY_FILE_PATTERNS,
  TOPOLOGY_GLOB,
  TOPOLOGY_SUFFIXES,
} from '../../src/core/topology-file';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(n) ? [p] : [];
  });
}

describe('topology files: one rule', () => {
  it('both endings, any case; other YAML is not a topology', () => {
    for (const p of ['cluster.okd.yaml', '/w/lab.okd.yml', 'C:/x/LAB.OKD.YAML']) assert.ok(isTopologyPath(p), p);
    for (const p of ['cluster.yaml', 'okd.yaml', '/w/lab.okd.yaml.bak', 'lab.okd.json'])
      assert.ok(!isTopologyPath(p), p);
    assert.equal(topologyStem('lab.okd.yml'), 'lab');
    assert.equal(topologyStem('Lab.OKD.yaml'), 'Lab');
    assert.equal(TOPOLOGY_GLOB, '**/*.okd.{yaml,yml}');
  });

  it('package.json activates, opens the graph and attaches the schema for every ending', () => {
    const activation: string[] = pkg.activationEvents;
    for (const p of TOPOLOGY_FILE_PATTERNS) assert.ok(activation.includes(`workspaceContains:**/${p}`), p);
    const editor = pkg.contributes.customEditors.find(
      (e: { viewType: string }) => e.viewType === 'okdTopology.topologyEditor',
    );
    assert.deepEqual(
      editor.selector.map((s: { filenamePattern: string }) => s.filenamePattern),
      TOPOLOGY_FILE_PATTERNS,
    );
    const schema = pkg.contributes.yamlValidation.find((v: { url: string }) =>
      v.url.includes('cluster.okd.schema.json'),
    );
    assert.deepEqual(schema.fileMatch, TOPOLOGY_FILE_PATTERNS);
    assert.equal(TOPOLOGY_SUFFIXES[0], '.okd.yaml');
  });

  it('no other module writes its own topology-file pattern', () => {
    const own = /\\\.okd\\\.ya|\*\.okd\.\{|\*\*\/\*\.okd\.ya?ml'/;
    const offenders = [...sources(join(root, 'src')), ...sources(join(root, 'webview', 'src'))]
      .filter((f) => !f.endsWith(join('core', 'topology-file.ts')))
      .filter((f) => own.test(readFileSync(f, 'utf8')));
    assert.deepEqual(offenders, []);
  });
});
