// The README's architecture section is a map of the rooms; a map that drifts from the tree misleads
// more than none. These hold it to the folders and to the imports the code really makes.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function section(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf('\n## Architecture\n');
  assert.ok(at >= 0, 'README has an Architecture section');
  const end = readme.indexOf('\n## ', at + 1);
  return readme.slice(at, end < 0 ? undefined : end);
}

const folders = (dir: string) => readdirSync(join(ROOT, dir)).filter((n) => statSync(join(ROOT, dir, n)).isDirectory());

/** The rooms of the map's table, each with the rooms its row says it imports. */
function rooms(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^\| `((?:src\/)?[a-z]+)\/` \|.*\| ([^|]*) \|$/.exec(line);
    if (!m) continue;
    const imports = m[2].split(/never/)[0];
    out.set(
      m[1],
      [...imports.matchAll(/`((?:src\/)?[a-z]+)\/`/g)].map((x) => x[1]),
    );
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(n) ? [p] : [];
  });
}

/** The room a repository path belongs to: src/<x>, or webview. */
function roomOf(file: string): string | undefined {
  const rel = relative(ROOT, file).split(/[\\/]/);
  if (rel[0] === 'webview') return 'webview';
  return rel[0] === 'src' && rel.length > 2 ? `src/${rel[1]}` : undefined;
}

describe('README architecture map', () => {
  const text = section();
  const map = rooms(text);

  it('every folder it names exists', () => {
    const named = new Set(
      [...text.matchAll(/`((?:src|webview)\/[\w/.-]*?|[a-z]+\/[\w/.-]*?)\/?`/g)].map((m) => m[1].replace(/\/$/, '')),
    );
    const missing = [...named].filter((p) => {
      const candidates = [p, join('src', p), join('src', 'core', p), join('src', 'vscode', p)];
      return !candidates.some((c) => existsSync(join(ROOT, c)) || existsSync(join(ROOT, `${c}.ts`)));
    });
    // Files it names (`model.ts`, `extension.ts`) exist in the core or the extension.
    for (const [, f] of text.matchAll(/`([\w-]+\.ts)`/g))
      if (!['src/core', 'src/vscode'].some((d) => existsSync(join(ROOT, d, f)))) missing.push(f);
    assert.deepEqual(missing, []);
    assert.ok(named.size >= 20, `only ${named.size} paths found: is the section still a map?`);
  });

  it('every folder under src/ is a room of the table, and every folder of src/core/ is named', () => {
    assert.deepEqual(
      folders('src')
        .map((f) => `src/${f}`)
        .filter((f) => !map.has(f)),
      [],
    );
    assert.ok(map.has('webview'), 'the webview is a room');
    const core = text.split('\n').find((l) => l.startsWith('| `src/core/` |')) ?? '';
    assert.deepEqual(
      folders('src/core').filter((f) => !core.includes(`\`${f}/\``)),
      [],
    );
  });

  it('no room imports a room its row does not list', () => {
    const found: string[] = [];
    for (const [room, allowed] of map) {
      for (const file of sources(join(ROOT, room === 'webview' ? 'webview/src' : room))) {
        const specs = [...readFileSync(file, 'utf8').matchAll(/(?:from |import\()'(\.[^']+)'/g)].map((m) => m[1]);
        for (const spec of specs) {
          const to = roomOf(resolve(dirname(file), spec));
          if (to && to !== room && !allowed.includes(to)) found.push(`${relative(ROOT, file)} imports ${spec} (${to})`);
        }
      }
    }
    assert.deepEqual(found, []);
  });
});
