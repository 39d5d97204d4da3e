// render --out replaces only a folder it wrote, against real folders and symlinks: foreign files,
// hand edits, symlinked --out, symlinks inside the output, fake manifests, and the hidden folders a
// killed render leaves behind (removed next time only when provably ours).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  symlinkSync,
  watch,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { renderCommand } from '../../src/cli/render';
import { MARKER } from '../../src/node/owned-folder';
import { generateTopology } from '../../bench/gen';
import { exampleFile, ROOT, tmpDir } from './helpers';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await renderCommand(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

/** Every path under dir with its content (links as "-> target"), to prove a folder was left as it was. */
function snapshot(dir: string, base = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const rel = base ? `${base}/${name}` : name;
    const full = path.join(dir, name);
    const st = lstatSync(full);
    if (st.isSymbolicLink()) out[rel] = `-> ${readlinkSync(full)}`;
    else if (st.isDirectory()) Object.assign(out, snapshot(full, rel), { [`${rel}/`]: '' });
    else out[rel] = readFileSync(full, 'utf8');
  }
  return out;
}

const K3S = exampleFile('k3s-metallb');
// One process (tsx as a require hook, not tsx's CLI, which runs the program in a child): kill -9 must hit the renderer itself.
const CLI = [process.execPath, '--require', require.resolve('tsx/cjs'), path.join(ROOT, 'src/cli/main.ts')];
const DEAD_PID = 2 ** 22 + 12345; // above pid_max's default range: no such process

describe('render --out: only a folder render wrote is replaced', function () {
  this.timeout(60000);

  it('echo {} > MANIFEST.json; render --out . deletes nothing and lists what it found', () => {
    const dir = tmpDir('own-dot');
    cpSync(K3S, path.join(dir, 'cluster.okd.yaml'));
    writeFileSync(path.join(dir, 'MANIFEST.json'), '{}\n');
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const before = snapshot(dir);
    const r = spawnSync(CLI[0], [...CLI.slice(1), 'render', 'cluster.okd.yaml', '--out', '.'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 30000,
    });
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(
      r.stderr,
      /MANIFEST\.json is not one okd-topology wrote \(no "files" list\); refusing to replace a folder okd-topology did not write/,
    );
    assert.match(r.stderr, /^ {2}cluster\.okd\.yaml$/m);
    assert.match(r.stderr, /^ {2}notes\.txt$/m);
    assert.deepEqual(snapshot(dir), before);
    assert.deepEqual(
      readdirSync(path.dirname(dir)).filter((n) => n.startsWith(`.${path.basename(dir)}.`)),
      [],
      'no temp folder left beside it',
    );
  });

  it('a file or folder added to a rendered folder makes render refuse, naming it; the folder is unchanged', async () => {
    const out = path.join(tmpDir('own-foreign'), 'out');
    assert.equal((await cli([K3S, '--out', out])).code, 0);
    writeFileSync(path.join(out, 'svc/etc/bind/my-notes.txt'), 'keep me');
    mkdirSync(path.join(out, 'backup'));
    const before = snapshot(out);
    const r = await cli([K3S, '--out', out]);
    assert.equal(r.code, 2);
    assert.match(r.err, /holds files okd-topology did not write; refusing to replace the folder/);
    assert.match(r.err, /^ {2}backup\/$/m);
    assert.match(r.err, /^ {2}svc\/etc\/bind\/my-notes\.txt$/m);
    assert.deepEqual(snapshot(out), before);
  });

  it('a hand-edited rendered file is refused by name; --overwrite-edited replaces it', async () => {
    const out = path.join(tmpDir('own-edit'), 'out');
    assert.equal((await cli([K3S, '--out', out])).code, 0);
    const conf = path.join(out, 'svc/etc/dhcp/dhcpd.conf');
    const rendered = readFileSync(conf, 'utf8');
    writeFileSync(conf, `${rendered}# my tweak\n`);
    const r = await cli([K3S, '--out', out]);
    assert.equal(r.code, 2);
    assert.match(
      r.err,
      /1 file\(s\) were changed since okd-topology wrote them; refusing to overwrite the edits:\n {2}svc\/etc\/dhcp\/dhcpd\.conf\n/,
    );
    assert.match(r.err, /--overwrite-edited/);
    assert.match(readFileSync(conf, 'utf8'), /# my tweak/);
    const forced = await cli([K3S, '--out', out, '--overwrite-edited']);
    assert.equal(forced.code, 0, forced.err);
    assert.equal(readFileSync(conf, 'utf8'), rendered);
  });

  it('symlinks inside the output are never followed: a host folder or file linked elsewhere is refused and the target untouched', async () => {
    const parent = tmpDir('own-links');
    const out = path.join(parent, 'out');
    const elsewhere = path.join(parent, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(path.join(elsewhere, 'precious'), 'do not lose');
    assert.equal((await cli([K3S, '--out', out])).code, 0);
    const keep = snapshot(out);
    // The rendered agent-0 folder replaced by a link to another folder: not a folder render wrote.
    cpSync(path.join(out, 'agent-0'), path.join(elsewhere, 'agent-0'), { recursive: true });
    spawnSync('rm', ['-rf', path.join(out, 'agent-0')]);
    symlinkSync(path.join(elsewhere, 'agent-0'), path.join(out, 'agent-0'));
    const r = await cli([K3S, '--out', out]);
    assert.equal(r.code, 2);
    assert.match(r.err, /^ {2}agent-0$/m);
    assert.ok(existsSync(path.join(elsewhere, 'agent-0/etc/rancher/k3s/config.yaml')));
    // A rendered file replaced by a link to a file elsewhere: a hand edit; even when overwritten, only the link goes.
    spawnSync('rm', ['-f', path.join(out, 'agent-0')]);
    cpSync(path.join(elsewhere, 'agent-0'), path.join(out, 'agent-0'), { recursive: true });
    assert.deepEqual(snapshot(out), keep);
    const chrony = path.join(out, 'svc/etc/chrony/chrony.conf');
    spawnSync('rm', ['-f', chrony]);
    symlinkSync(path.join(elsewhere, 'precious'), chrony);
    const edited = await cli([K3S, '--out', out]);
    assert.equal(edited.code, 2);
    assert.match(edited.err, /^ {2}svc\/etc\/chrony\/chrony\.conf$/m);
    assert.equal((await cli([K3S, '--out', out, '--overwrite-edited'])).code, 0);
    assert.equal(lstatSync(chrony).isFile(), true);
    assert.equal(readFileSync(path.join(elsewhere, 'precious'), 'utf8'), 'do not lose');
  });

  it("a MANIFEST.json that lists the user's files with their hashes, or escapes the folder, is not taken as proof", async () => {
    const dir = tmpDir('own-fake');
    writeFileSync(path.join(dir, 'thesis.tex'), 'years of work');
    writeFileSync(
      path.join(dir, 'MANIFEST.json'),
      JSON.stringify({ files: [{ local: '../thesis.tex', sha256: 'a'.repeat(64) }] }),
    );
    const before = snapshot(dir);
    const r = await cli([K3S, '--out', dir]);
    assert.equal(r.code, 2);
    assert.match(r.err, /files\[0\] has no plain "local" path/);
    assert.deepEqual(snapshot(dir), before);
    // A manifest that is a symbolic link (to a real render manifest) is not the folder's own.
    const real = path.join(tmpDir('own-fake-real'), 'out');
    assert.equal((await cli([K3S, '--out', real])).code, 0);
    const linked = tmpDir('own-fake-link');
    symlinkSync(path.join(real, 'MANIFEST.json'), path.join(linked, 'MANIFEST.json'));
    writeFileSync(path.join(linked, 'data.csv'), '1,2');
    assert.equal((await cli([K3S, '--out', linked])).code, 2);
    assert.equal(readFileSync(path.join(linked, 'data.csv'), 'utf8'), '1,2');
  });

  it('--out that is a symbolic link is followed knowingly: the link stays, the folder it points to is written (same rules)', async () => {
    const parent = tmpDir('own-outlink');
    const real = path.join(parent, 'real-out');
    mkdirSync(real);
    symlinkSync(real, path.join(parent, 'out'));
    const r = await cli([K3S, '--out', path.join(parent, 'out')]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /out is a symbolic link: wrote into .*real-out/);
    assert.equal(lstatSync(path.join(parent, 'out')).isSymbolicLink(), true);
    assert.ok(existsSync(path.join(real, 'MANIFEST.json')));
    assert.equal(
      (await cli([K3S, '--out', path.join(parent, 'out')])).code,
      0,
      'a second render replaces its own folder through the link',
    );
    assert.equal(lstatSync(path.join(parent, 'out')).isSymbolicLink(), true);
    assert.equal(realpathSync(path.join(parent, 'out')), realpathSync(real));
    writeFileSync(path.join(real, 'mine.txt'), 'x');
    const foreign = await cli([K3S, '--out', path.join(parent, 'out')]);
    assert.equal(foreign.code, 2);
    assert.match(foreign.err, /mine\.txt/);
    // A dangling link is refused and left alone, not replaced by a folder.
    symlinkSync(path.join(parent, 'missing'), path.join(parent, 'dangling'));
    const dangling = await cli([K3S, '--out', path.join(parent, 'dangling')]);
    assert.equal(dangling.code, 2);
    assert.match(dangling.err, /is a symbolic link to .*missing, which does not exist; refusing to replace the link/);
    assert.equal(readlinkSync(path.join(parent, 'dangling')), path.join(parent, 'missing'));
  });
});

describe('render --out: leftovers of an interrupted render', function () {
  this.timeout(120000);

  const marked = (dir: string, pid: number, extra = true): void => {
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, MARKER),
      `okd-topology: output folder being written by process ${pid}; safe to delete once that process is gone\n`,
    );
    if (extra) writeFileSync(path.join(dir, 'partial.conf'), 'half');
  };

  it('removes only its own hidden folders for this output: marked or empty, of a process that is gone', async () => {
    const parent = tmpDir('own-left');
    const out = path.join(parent, 'out');
    assert.equal((await cli([K3S, '--out', out])).code, 0);
    marked(path.join(parent, `.out.tmp-${DEAD_PID}-0a0b0c0d`), DEAD_PID);
    marked(path.join(parent, `.out.old-${DEAD_PID}-1a2b3c4d`), DEAD_PID);
    mkdirSync(path.join(parent, `.out.tmp-${DEAD_PID}-deadbeef`));
    // Not provably ours: no marker, another output's, a running process's, a link.
    mkdirSync(path.join(parent, `.out.tmp-${DEAD_PID}-00000001`));
    writeFileSync(path.join(parent, `.out.tmp-${DEAD_PID}-00000001`, 'user.txt'), 'mine');
    marked(path.join(parent, `.other.tmp-${DEAD_PID}-00000002`), DEAD_PID);
    marked(path.join(parent, `.out.tmp-${process.ppid}-00000003`), process.ppid);
    mkdirSync(path.join(parent, 'target-of-link'));
    writeFileSync(
      path.join(parent, 'target-of-link', MARKER),
      'okd-topology: output folder being written by process 1; x',
    );
    symlinkSync(path.join(parent, 'target-of-link'), path.join(parent, `.out.old-${DEAD_PID}-00000004`));
    const r = await cli([K3S, '--out', out]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /removed 3 folder\(s\) an interrupted render left/);
    assert.deepEqual(
      readdirSync(parent).sort(),
      [
        `.other.tmp-${DEAD_PID}-00000002`,
        `.out.old-${DEAD_PID}-00000004`,
        `.out.tmp-${DEAD_PID}-00000001`,
        `.out.tmp-${process.ppid}-00000003`,
        'out',
        'target-of-link',
      ].sort(),
    );
    assert.equal(readFileSync(path.join(parent, `.out.tmp-${DEAD_PID}-00000001`, 'user.txt'), 'utf8'), 'mine');
    assert.equal(existsSync(path.join(out, MARKER)), false);
  });

  it('kill -9 during a render leaves hidden folders; the next render removes them and writes a complete output', async () => {
    const parent = tmpDir('own-kill');
    const topo = path.join(parent, 'cluster.okd.yaml');
    // A thousand host folders and PXE links: long enough to be killed while writing.
    writeFileSync(topo, `${generateTopology(1000)}  pxe: { host: services }\n`);
    const out = path.join(parent, 'out');
    const leftovers = () => readdirSync(parent).filter((n) => n.startsWith('.out.'));
    for (let attempt = 0; attempt < 5 && leftovers().length === 0; attempt++) {
      await new Promise<void>((resolve) => {
        const child = spawn(CLI[0], [...CLI.slice(1), 'render', topo, '--out', out, '--force'], { stdio: 'ignore' });
        const w = watch(parent, () => {
          if (leftovers().some((n) => existsSync(path.join(parent, n, 'services')))) child.kill('SIGKILL');
        });
        child.on('exit', () => {
          w.close();
          resolve();
        });
      });
    }
    assert.ok(leftovers().length > 0, 'the render was never caught mid-write');
    const r = await cli([topo, '--out', out, '--force']);
    assert.equal(r.code === 0 || r.code === 1, true, r.err);
    assert.match(r.err, /removed \d+ folder\(s\) an interrupted render left/);
    assert.deepEqual(leftovers(), []);
    const m = JSON.parse(readFileSync(path.join(out, 'MANIFEST.json'), 'utf8')) as { files: { local: string }[] };
    for (const f of m.files) assert.ok(lstatSync(path.join(out, f.local)), f.local);
  });
});
