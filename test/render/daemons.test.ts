// The real daemons check every rendered config: the same validate commands deploy runs on the
// host (from MANIFEST), executed here against the rendered output folder.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildManifest, localPath, writeOutput } from '../../src/node/render-output';
import type { RenderedFile } from '../../src/core/render/manifest';
import { EXAMPLES, exampleFile, FIXTURES, renderFile, requireBinary, run, tmpDir, topologyOf } from './helpers';

const cases: [string, string][] = [
  ...EXAMPLES.map((e): [string, string] => [e, exampleFile(e)]),
  ['fixture-ha-services', path.join(FIXTURES, 'ha-services.okd.yaml')],
  ['fixture-debian-services', path.join(FIXTURES, 'debian-services.okd.yaml')],
  ['fixture-dhcp6', path.join(FIXTURES, 'dhcp6.okd.yaml')],
  ['fixture-uefi-bringup', path.join(FIXTURES, 'uefi-bringup.okd.yaml')],
];

/** Daemons whose check modes run here; others (Fedora's httpd, virt-xml-validate, firewalld) are host-only. */
const CHECKED = new Set([
  'dhcpd',
  'named-checkconf',
  'named-checkzone',
  'haproxy',
  'keepalived',
  'chronyd',
  'apache2ctl',
]);

function renderTo(file: string): { dir: string; files: RenderedFile[] } {
  const r = renderFile(file);
  assert.deepEqual(r.errors, []);
  const dir = path.join(tmpDir('daemons'), 'out');
  const cluster = topologyOf(readFileSync(file, 'utf8')).cluster.name;
  assert.equal(writeOutput(dir, r.files, buildManifest(r.files, path.basename(file), cluster, r.steps)), undefined);
  return { dir, files: r.files };
}

/**
 * named.conf names its directory (/var/named, or /var/cache/bind on Debian) and zone files; check it
 * inside its rendered host folder as a chroot (or a rewritten copy). The bind packages create the
 * working directory on a real host; the rendered folder only has it when zone files live there.
 */
function checkNamedConf(dir: string, f: RenderedFile): { code: number; out: string } {
  const bin = requireBinary('named-checkconf');
  const hostDir = path.join(dir, f.target);
  const directory = /directory "([^"]+)"/.exec(f.content)?.[1];
  if (directory) mkdirSync(path.join(hostDir, directory), { recursive: true });
  if (process.getuid?.() === 0) return run([bin, '-z', '-t', hostDir, f.path]);
  const copy = path.join(tmpDir('named'), 'named.conf');
  const inHost = (p: string) => path.join(hostDir, p);
  writeFileSync(
    copy,
    f.content
      .replace(/directory "([^"]+)"/, (_m, d: string) => `directory "${inHost(d)}"`)
      .replace(/file "(\/[^"]+)"/g, (_m, z: string) => `file "${inHost(z)}"`),
  );
  return run([bin, '-z', copy]);
}

function localNic(): string {
  const nic = readdirSync('/sys/class/net').find((n) => n !== 'lo');
  assert.ok(nic, 'keepalived -t needs a non-loopback network interface on this machine');
  return nic;
}

function validate(dir: string, f: RenderedFile): { argv: string[]; code: number; out: string } | undefined {
  if (!f.validate) return undefined;
  const tool = f.validate[0];
  if (!CHECKED.has(tool)) return undefined;
  if (tool === 'named-checkconf') return { argv: f.validate, ...checkNamedConf(dir, f) };
  let local = path.join(dir, ...localPath(f).split('/'));
  if (tool === 'keepalived') {
    // keepalived -t also insists the VRRP interface exists (and is not loopback) on the machine
    // running the check; the target host has it, this one may not, so use one that exists here.
    local = path.join(tmpDir('keepalived'), 'keepalived.conf');
    writeFileSync(local, f.content.replace(/^(\s*interface )\S+$/gm, `$1${localNic()}`));
  }
  const argv = [requireBinary(tool), ...f.validate.slice(1).map((a) => (a === '{file}' ? local : a))];
  return { argv, ...run(argv) };
}

describe('render: real daemons accept every rendered file', function () {
  this.timeout(60000);
  for (const [name, file] of cases) {
    it(`${name}: dhcpd, named, haproxy, keepalived, chronyd and apache2 accept their files`, () => {
      const { dir, files } = renderTo(file);
      let checked = 0;
      for (const f of files) {
        const r = validate(dir, f);
        if (!r) continue;
        checked++;
        assert.equal(r.code, 0, `${f.target}:${f.path} rejected by ${r.argv.join(' ')}:\n${r.out}`);
      }
      assert.ok(checked > 0, 'no file was checked');
    });
  }

  it('covers every daemon across the cases (so no checker silently drops out)', () => {
    const tools = new Set<string>();
    for (const [, file] of cases)
      for (const f of renderFile(file).files) if (f.validate && CHECKED.has(f.validate[0])) tools.add(f.validate[0]);
    assert.deepEqual([...tools].sort(), [...CHECKED].sort());
  });

  it('the checks are real: each daemon rejects a broken copy of its file', () => {
    const { dir, files } = renderTo(path.join(FIXTURES, 'ha-services.okd.yaml'));
    const breakers: Record<string, (s: string) => string> = {
      dhcpd: (s) => s.replace('fixed-address', 'fixed-adress'),
      'named-checkzone': (s) => s.replace('@ IN NS ', '@ IN NSX '),
      haproxy: (s) => s.replace('default_backend api', 'default_backend nosuchbackend'),
      keepalived: (s) => s.replace('virtual_router_id 67', 'virtual_router_id 700'),
      chronyd: (s) => `${s}allow-everything please\n`,
      'named-checkconf': (s) => s.replace('type master;', 'type mastr;'),
    };
    const seen = new Set<string>();
    for (const f of files) {
      const tool = f.validate?.[0];
      if (!tool || !breakers[tool] || seen.has(tool)) continue;
      const broken = { ...f, content: breakers[tool](f.content) };
      assert.notEqual(broken.content, f.content, `breaker for ${tool} did not change ${f.path}`);
      writeFileSync(path.join(dir, ...localPath(f).split('/')), broken.content);
      const r = validate(dir, broken)!;
      assert.notEqual(r.code, 0, `${tool} accepted a broken ${f.path}`);
      writeFileSync(path.join(dir, ...localPath(f).split('/')), f.content);
      seen.add(tool);
    }
    assert.deepEqual([...seen].sort(), Object.keys(breakers).sort());
  });
});
