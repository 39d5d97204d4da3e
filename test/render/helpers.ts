// Shared helpers for the render tests: load templates, render examples and fixtures, run daemons.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../../src/core/analyze';
import { renderAll, type RenderOptions, type RenderResult } from '../../src/core/render/index';
import type { Topology } from '../../src/core/model';

export const ROOT = path.resolve(__dirname, '..', '..');
export const EXAMPLES = readdirSync(path.join(ROOT, 'examples'))
  .filter((d) => existsSync(path.join(ROOT, 'examples', d, 'cluster.okd.yaml')))
  .sort();
export const FIXTURES = path.join(__dirname, 'fixtures');

/** The shipped templates, read directly (tests of the loader itself are in template-folder.test.ts). */
export function builtinTemplates(): Record<string, string> {
  const dir = path.join(ROOT, 'templates');
  return Object.fromEntries(
    readdirSync(dir)
      .filter((n) => n.endsWith('.liquid'))
      .sort()
      .map((n) => [n, readFileSync(path.join(dir, n), 'utf8')]),
  );
}

export function exampleFile(name: string): string {
  return path.join(ROOT, 'examples', name, 'cluster.okd.yaml');
}

export function topologyOf(text: string): Topology {
  const a = analyze(text);
  if (!a.topology) throw new Error('not a topology');
  return a.topology;
}

export function renderText(text: string, opts: RenderOptions = {}, templates = builtinTemplates()): RenderResult {
  const a = analyze(text);
  if (!a.topology) throw new Error('not a topology');
  return renderAll(a.topology, templates, { problems: a.problems, ...opts });
}

export function renderFile(file: string, opts: RenderOptions = {}): RenderResult {
  return renderText(readFileSync(file, 'utf8'), { source: path.basename(file), ...opts });
}

export function tmpDir(tag: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `okd-render-${tag}-`));
}

const INSTALL_HINT =
  'install the daemons with `bash scripts/setup.sh` (Debian: apt-get install isc-dhcp-server bind9 bind9utils haproxy keepalived chrony)';

/** Absolute path of a daemon binary; throws (failing the test) with an install hint when missing. */
export function requireBinary(name: string): string {
  for (const dir of ['/usr/sbin', '/usr/bin', '/sbin', '/bin', ...(process.env.PATH ?? '').split(':')]) {
    const p = path.join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  throw new Error(`${name} is not installed; the rendered files must be checked by the real daemon: ${INSTALL_HINT}`);
}

export function run(argv: string[], cwd?: string): { code: number; out: string } {
  const r = spawnSync(argv[0], argv.slice(1), { cwd, encoding: 'utf8', timeout: 20000 });
  return { code: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}
