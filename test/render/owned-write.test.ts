// The owned-folder writer is asynchronous (src/node/owned-folder.ts): these hold it to the guarantees of
// the synchronous one it replaced, against real folders. A write that fails in the middle leaves neither
// a temporary folder nor a partial output, and an older output stays byte for byte; writes started
// together run one after the other; and the event loop keeps turning while a large folder is written.
import assert from 'node:assert/strict';
import { lstatSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { MARKER, sha256, writeOwnedFolder, type OutputFile } from '../../src/node/owned-folder';
import { RENDER_FOLDER } from '../../src/node/render-output';
import { tmpDir } from './helpers';

/** A manifest RENDER_FOLDER reads back as listing exactly `files`. */
function manifestOf(files: OutputFile[]): string {
  return `${JSON.stringify({ files: files.map((f) => ({ local: f.local, sha256: sha256(f.content) })) }, null, 2)}\n`;
}

function snapshot(dir: string, base = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const rel = base ? `${base}/${name}` : name;
    const full = path.join(dir, name);
    const st = lstatSync(full);
    if (st.isSymbolicLink()) out[rel] = `-> ${readlinkSync(full)}`;
    else if (st.isDirectory()) Object.assign(out, snapshot(full, rel));
    else out[rel] = readFileSync(full, 'utf8');
  }
  return out;
}

const GOOD: OutputFile[] = [
  { local: 'svc/etc/dhcp/dhcpd.conf', content: 'authoritative;\n' },
  { local: 'svc/etc/named.conf', content: 'options { };\n', mode: 0o640 },
];
/** `svc` as a file, then a file under `svc/`: the second cannot be created, after a large first one was written. */
const BREAKS_MIDWAY: OutputFile[] = [
  { local: 'big.img', content: 'x'.repeat(4 * 1024 * 1024) },
  { local: 'svc', content: 'a file where a folder must go\n' },
  { local: 'svc/etc/named.conf', content: 'never written\n' },
];

describe('owned folder: asynchronous writes keep their guarantees', function () {
  this.timeout(30000);
  const made: string[] = [];
  const parentOf = (tag: string) => {
    const dir = tmpDir(tag);
    made.push(dir);
    return dir;
  };
  after(() => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });

  it('a failure in the middle of a new folder leaves no folder, no temporary folder, no partial file', async () => {
    const parent = parentOf('own-midway-new');
    const out = path.join(parent, 'out');
    const r = await writeOwnedFolder(out, BREAKS_MIDWAY, RENDER_FOLDER, manifestOf(BREAKS_MIDWAY));
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.message, /^.*out: cannot write the output \(/);
    assert.deepEqual(readdirSync(parent), [], 'nothing beside: no out, no .out.tmp-*, no big.img');
  });

  it('a failure in the middle of a replacement keeps the old folder byte for byte, unmarked, with nothing beside it', async () => {
    const parent = parentOf('own-midway-old');
    const out = path.join(parent, 'out');
    assert.ok((await writeOwnedFolder(out, GOOD, RENDER_FOLDER, manifestOf(GOOD))).ok);
    const before = snapshot(out);
    const r = await writeOwnedFolder(out, BREAKS_MIDWAY, RENDER_FOLDER, manifestOf(BREAKS_MIDWAY));
    assert.equal(r.ok, false);
    assert.deepEqual(snapshot(out), before, 'the old output is untouched');
    assert.ok(!Object.keys(snapshot(out)).includes(MARKER), 'no in-progress marker left in it');
    assert.deepEqual(readdirSync(parent), ['out']);
    // And it is still provably ours: the next good write replaces it.
    const next: OutputFile[] = [{ local: 'svc/etc/chrony.conf', content: 'pool 2.fedora.pool.ntp.org iburst\n' }];
    const again = await writeOwnedFolder(out, next, RENDER_FOLDER, manifestOf(next));
    assert.ok(again.ok, again.ok ? '' : again.message);
    assert.deepEqual(Object.keys(snapshot(out)).sort(), ['MANIFEST.json', 'svc/etc/chrony.conf']);
  });

  it('writes started together run one after the other: the last one wins, whole, and nothing is left beside', async () => {
    const parent = parentOf('own-together');
    const out = path.join(parent, 'out');
    const sets = Array.from({ length: 5 }, (_, i): OutputFile[] => [
      { local: `gen-${i}/a.conf`, content: `a ${i}\n` },
      { local: 'shared.conf', content: `shared ${i}\n` },
    ]);
    const results = await Promise.all(sets.map((s) => writeOwnedFolder(out, s, RENDER_FOLDER, manifestOf(s))));
    assert.deepEqual(
      results.map((r) => (r.ok ? 'ok' : r.message)),
      ['ok', 'ok', 'ok', 'ok', 'ok'],
    );
    assert.deepEqual(snapshot(out), {
      'MANIFEST.json': manifestOf(sets[4]),
      'gen-4/a.conf': 'a 4\n',
      'shared.conf': 'shared 4\n',
    });
    assert.deepEqual(readdirSync(parent), ['out']);
  });

  it('the event loop turns while a large folder is written (the extension host is never blocked by it)', async () => {
    const parent = parentOf('own-turns');
    const files = Array.from({ length: 1500 }, (_, i): OutputFile => ({
      local: `h${i % 30}/etc/f${i}.conf`,
      content: `value ${i}\n`,
    }));
    let turns = 0;
    const tick = setInterval(() => turns++, 0);
    try {
      const r = await writeOwnedFolder(path.join(parent, 'out'), files, RENDER_FOLDER, manifestOf(files));
      assert.ok(r.ok, r.ok ? '' : r.message);
    } finally {
      clearInterval(tick);
    }
    assert.ok(turns > 0, 'a timer never fired during the write: it blocked the thread');
  });
});
