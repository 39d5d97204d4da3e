// Override templates are read only from inside their folder (real paths), only as regular files,
// and all templates of one render share one time budget.
import assert from 'node:assert/strict';
import { builtinTemplates } from './helpers';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderCommand } from '../../src/cli/render';
import { loadTemplates } from '../../src/node/templates';
import { Engine } from '../../src/core/render/engine';
import { exampleFile, renderText, ROOT, tmpDir } from './helpers';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await renderCommand(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const BUILTIN = path.join(ROOT, 'templates');
const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA-not-a-real-key\n-----END OPENSSH PRIVATE KEY-----\n';

function workspace(): { dir: string; tdir: string; secret: string } {
  const dir = tmpDir('tpl-ws');
  cpSync(exampleFile('k3s-metallb'), path.join(dir, 'cluster.okd.yaml'));
  const tdir = path.join(dir, '.okd', 'templates');
  mkdirSync(tdir, { recursive: true });
  const home = tmpDir('tpl-home');
  const secret = path.join(home, 'id_ed25519');
  writeFileSync(secret, KEY, { mode: 0o600 });
  return { dir, tdir, secret };
}

describe('override templates stay inside their folder', function () {
  this.timeout(30000);

  it('an override that links to a private key, included from dhcpd.conf, is refused with a clear message; nothing is rendered', async () => {
    const w = workspace();
    symlinkSync(w.secret, path.join(w.tdir, 'site-extra.liquid'));
    writeFileSync(path.join(w.tdir, 'dhcpd.conf.liquid'), "{% include 'site-extra.liquid' %}\n");
    const set = await loadTemplates(w.tdir, false, BUILTIN);
    assert.ok('error' in set);
    assert.equal(
      set.error,
      `${path.join(w.tdir, 'site-extra.liquid')}: resolves to ${w.secret}, outside the template folder ${w.tdir}; a template must be a file inside that folder (refusing to read it)`,
    );
    const out = path.join(w.dir, 'out');
    const r = await cli([path.join(w.dir, 'cluster.okd.yaml'), '--out', out]);
    assert.equal(r.code, 2);
    assert.match(r.err, /outside the template folder/);
    assert.ok(!(r.out + r.err).includes('PRIVATE KEY'));
    assert.equal(existsSync(out), false);
  });

  it('the built-ins every other test renders with are what the loader reads', async () => {
    const set = await loadTemplates(undefined, false, BUILTIN);
    assert.ok(!('error' in set));
    assert.deepEqual(set.templates, builtinTemplates());
  });

  it('a link that goes up and back into the folder is fine; so is a template folder that is itself a link', async () => {
    const w = workspace();
    writeFileSync(path.join(w.tdir, 'chrony-server.conf.liquid'), 'site chrony\n');
    symlinkSync(
      path.join('..', 'templates', 'chrony-server.conf.liquid'),
      path.join(w.tdir, 'chrony-node.conf.liquid'),
    );
    const set = await loadTemplates(w.tdir, false, BUILTIN);
    assert.ok(!('error' in set), 'error' in set ? set.error : '');
    assert.equal(set.templates['chrony-node.conf.liquid'], 'site chrony\n');
    const linked = path.join(w.dir, 'linked-templates');
    symlinkSync(w.tdir, linked);
    const viaLink = await loadTemplates(linked, true, BUILTIN);
    assert.ok(!('error' in viaLink) && viaLink.overrides.includes('chrony-server.conf.liquid'));
  });

  it('a FIFO, a device link or a dangling link as a template is refused at once, never read', async () => {
    const w = workspace();
    execFileSync('mkfifo', [path.join(w.tdir, 'named.conf.liquid')]);
    const fifo = await loadTemplates(w.tdir, false, BUILTIN);
    assert.ok(
      'error' in fifo && /named\.conf\.liquid: is a named pipe \(FIFO\), not a regular file/.test(fifo.error),
      JSON.stringify(fifo),
    );
    const w2 = workspace();
    symlinkSync(path.join(w2.tdir, 'nowhere'), path.join(w2.tdir, 'haproxy.cfg.liquid'));
    const dangling = await loadTemplates(w2.tdir, false, BUILTIN);
    assert.ok('error' in dangling && /a symbolic link to nothing/.test(dangling.error));
    const w3 = workspace();
    symlinkSync('/dev/zero', path.join(w3.tdir, 'haproxy.cfg.liquid'));
    const dev = await loadTemplates(w3.tdir, false, BUILTIN);
    assert.ok('error' in dev && /outside the template folder/.test(dev.error));
  });
});

describe('one time budget for all templates of a render', () => {
  it('a budget spent by earlier templates fails the next one, however quick it is; a new render starts afresh', () => {
    const engine = new Engine({ 'a.liquid': 'a', 'b.liquid': 'b' }, (n) => `templates/${n}`);
    engine.startBudget(50);
    const spendUntil = Date.now() + 80;
    while (Date.now() <= spendUntil) {
      // burn the budget, as slow templates before this one would
    }
    assert.throws(
      () => engine.render('b.liquid', {}),
      /render limit exceeded: the templates of this render ran past their 0\.05 s budget together/,
    );
    engine.startBudget(60_000);
    assert.equal(engine.render('b.liquid', {}), 'b');
  });

  it('renderAll starts the budget it is given (timeBudgetMs) once, for all its jobs', () => {
    const r = renderText(
      `version: 1
cluster: { name: a, baseDomain: b.c, platform: k3s }
networks: [{ name: n, cidr: 10.0.0.0/24 }]
hosts:
  - { name: s0, role: master, interfaces: [{ network: n, ip: 10.0.0.10 }] }
  - { name: s1, role: master, interfaces: [{ network: n, ip: 10.0.0.11 }] }
`,
      { timeBudgetMs: 0 },
    );
    assert.ok(r.errors.length > 0);
    for (const e of r.errors) assert.match(e.message, /budget/);
    assert.equal(r.files.filter((f) => !f.symlink).length, 0);
  });
});
