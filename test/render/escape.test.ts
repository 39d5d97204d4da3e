// The output guard per language and the quoting filters, one template at a time, and render's
// refusal to let --force through a value that is not of its type (library and CLI).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { TEMPLATE_NAMES } from '../../src/core/render/artifacts';
import { Engine } from '../../src/core/render/engine';
import { guard, languageOf, Safe, type Lang } from '../../src/core/render/escape';
import { yamlQuote } from '../../src/core/render/util';
import { renderCommand } from '../../src/cli/render';
import { exampleFile, renderText, tmpDir } from './helpers';

function once(name: string, template: string, scope: Record<string, unknown>): string {
  return new Engine({ [name]: template }, (n) => `.okd/templates/${n}`).render(name, scope);
}

describe('output guard', () => {
  it('every built-in template has an explicit language', () => {
    for (const name of TEMPLATE_NAMES) assert.notEqual(languageOf(name), 'strict', name);
    assert.equal(languageOf('my-partial.liquid'), 'strict');
  });

  const breakers: [Lang, string[], string[]][] = [
    [
      'named',
      ['1.1.1.1; }; allow-transfer { any', 'a"b', 'a b', 'a//b', 'a#b'],
      ['192.168.200.1', '/var/named', 'okd.example.com.'],
    ],
    ['zone', ['a ; b', 'x)', '$INCLUDE', 'a b'], ['api', '192.168.200.5', 'ns1.okd.example.com.']],
    ['dhcpd', ['a;b', 'a{', 'a b', 'a"'], ['52:54:00:aa:00:10', 'master-0_okd']],
    ['chrony', ['pool x', 'a#', 'a!'], ['0.pool.ntp.org', '192.168.200.0/24']],
    ['pxelinux', ['k x=1', 'a"'], ['http://192.168.200.2:8080/okd/kernel', '/dev/sda']],
    ['haproxy', ['a b', 'a#b', "a'"], ['*:6443', ':::6443', '192.168.200.11']],
    ['keepalived', ['a b', 'a{', 'a!', '$X'], ['enp1s0', '192.168.200.5']],
    ['shell', ['a b', 'a;b', '$(id)', '`id`', "a'"], ['master-0', 'size=120,bus=virtio', '52:54:00:aa:00:10']],
    [
      'yaml',
      ['a: b', 'a #b', '"x"', 'x:', '---', '[a]', '*a', '&a', '!!str', '@x', 'a,b'],
      [
        '10.0.0.100-10.0.0.200',
        'fd00::/120',
        'v0.14.8',
        'metallb-system',
        '::1',
        '~/keys/me@host.pub',
        'C:\\keys\\okd.pub',
      ],
    ],
    ['xml', ['<a>', 'a&b', 'a"b'], ['virbr-okd', '192.168.200.1']],
    ['httpd', ['a b', '/x"', '${HOME}', '<Dir>'], ['/var/www/html', '8080']],
  ];
  for (const [lang, bad, good] of breakers) {
    it(`${lang}: refuses raw values that could end their token, passes plain ones`, () => {
      for (const b of [...bad, 'line\nbreak', 'cr\rhere', 'sep\u2028here'])
        assert.throws(() => guard(b, lang), /refusing to write/, `${lang} accepted ${JSON.stringify(b)}`);
      for (const g of good) assert.equal(guard(g, lang), g);
      assert.equal(guard(6443, lang), '6443');
      assert.equal(guard(null, lang), '');
    });
  }

  it("quoting filters are safe for their own language only; comments only with that language's comment prefix", () => {
    assert.equal(guard(new Safe("'a b'", 'shell'), 'shell'), "'a b'");
    assert.throws(() => guard(new Safe("'a b'", 'shell'), 'named'), /refusing/);
    assert.equal(guard(new Safe('# a\n# b', 'comment', '#'), 'dhcpd'), '# a\n# b');
    assert.throws(() => guard(new Safe('# a\n# b', 'comment', '#'), 'zone'), /refusing/);
    assert.equal(guard(new Safe('; a\n; b', 'comment', ';'), 'zone'), '; a\n; b');
  });

  it('the filters: yaml escapes what YAML reads as a line break, comment keeps every line a comment, join and pad guard each value', () => {
    assert.equal(yamlQuote('a\u2028b\u007f'), '"a\\u2028b\\u007f"');
    assert.equal(
      once('x.yaml.liquid', 'v: {{ v | yaml }}\n', { v: 'a\n---\nkind: Namespace' }),
      'v: "a\\n---\\nkind: Namespace"\n',
    );
    assert.equal(
      once('dhcpd.conf.liquid', '{{ h | comment: "#" }}\n', { h: 'one\rtwo\u2028three' }),
      '# one\n# two\n# three\n',
    );
    assert.equal(
      once('named.conf.liquid', 'forwarders { {{ f | join: "; " }}; };\n', { f: ['1.1.1.1', '8.8.8.8'] }),
      'forwarders { 1.1.1.1; 8.8.8.8; };\n',
    );
    assert.throws(
      () => once('named.conf.liquid', 'forwarders { {{ f | join: "; " }}; };\n', { f: ['1.1.1.1; }; x { any'] }),
      /named\.conf\.liquid:1:.*refusing to write "1\.1\.1\.1; }; x \{ any" into named\.conf: ";" could end the value/,
    );
    assert.equal(once('zone-forward.liquid', '{{ n | pad: 6 }}IN A\n', { n: 'api' }), 'api   IN A\n');
    assert.throws(() => once('zone-forward.liquid', '{{ n | pad: 6 }}IN A\n', { n: 'a;b' }), /refusing/);
    assert.equal(once('virt-install.sh.liquid', 'create {{ n | shell }}\n', { n: 'a b' }), "create 'a b'\n");
    assert.throws(
      () => once('libvirt-network.xml.liquid', '<name>{{ n | xml }}</name>\n', { n: 'a\u0001' }),
      /control characters/,
    );
  });

  it('raw does not bypass the guard, and the error names the template file and line', () => {
    assert.throws(
      () => once('chrony-server.conf.liquid', '# ok\npool {{ u | raw }} iburst\n', { u: 'x\ncmdallow all' }),
      /^Error: \.okd\/templates\/chrony-server\.conf\.liquid:2:\d+: refusing to write "x\\ncmdallow all" into chrony\.conf/,
    );
  });
});

describe('render --force and values that are not of their type', () => {
  const hostile = () =>
    readFileSync(exampleFile('okd-upi-lab'), 'utf8').replace(
      'forwarders: [192.168.200.1]',
      'forwarders: ["1.1.1.1; }; allow-transfer { any"]',
    );

  it('renderAll refuses even with force, and says force cannot override a type', () => {
    assert.ok(readFileSync(exampleFile('okd-upi-lab'), 'utf8').includes('forwarders: [192.168.200.1]'));
    const r = renderText(hostile(), { force: true });
    assert.equal(r.refused, true);
    assert.equal(r.untyped, true);
    assert.deepEqual(r.files, []);
    assert.match(
      r.errors[0].message,
      /not of their type.*--force cannot override this, only semantic errors.*ip-invalid/,
    );
  });

  it('force still renders despite semantic errors (a duplicate address)', () => {
    const dup = readFileSync(exampleFile('okd-upi-lab'), 'utf8').replace('ip: 192.168.200.12,', 'ip: 192.168.200.11,');
    assert.equal(renderText(dup).refused, true);
    const r = renderText(dup, { force: true });
    assert.equal(r.refused, false);
    assert.ok(r.files.length > 0);
  });

  it('the CLI exits 1, writes nothing and explains', async () => {
    const dir = tmpDir('force-untyped');
    try {
      const file = path.join(dir, 'cluster.okd.yaml');
      writeFileSync(file, hostile());
      let out = '';
      let err = '';
      const code = await renderCommand([file, '--out', path.join(dir, 'out'), '--force'], {
        out: (s) => (out += s),
        err: (s) => (err += s),
      });
      assert.equal(code, 1);
      assert.match(out, /cluster\.okd\.yaml:\d+:\d+: error ip-invalid: services\.dns\.forwarders\[0\]/);
      assert.match(err, /--force overrides only semantic errors, never a value's type/);
      assert.equal(existsSync(path.join(dir, 'out')), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('MAC notation', () => {
  it('a MAC written with dashes, dots or bare hex renders exactly as its lower-case colon form, in every file', () => {
    const text = readFileSync(exampleFile('k3s-metallb'), 'utf8');
    const canonical = renderText(text).files;
    const vm = canonical.find((f) => f.path.endsWith('create-vms.sh'))!;
    assert.match(vm.content, /mac=52:54:00:aa:00:10,model=virtio/);
    for (const written of ['52-54-00-AA-00-10', '5254.00aa.0010', '525400AA0010']) {
      const files = renderText(text.replace('mac: "52:54:00:aa:00:10"', `mac: "${written}"`)).files;
      assert.deepEqual(
        files.map((f) => [f.target, f.path, f.content]),
        canonical.map((f) => [f.target, f.path, f.content]),
        written,
      );
    }
  });
});

describe('values that are valid with blanks inside are written without them', () => {
  it('a pool range written with blanks around the dash renders as start-end in the legacy ConfigMap and the CRs', () => {
    const base = readFileSync(exampleFile('k3s-metallb'), 'utf8').replace(
      'addresses: [10.0.0.100-10.0.0.200]',
      'addresses: ["10.0.0.100 - 10.0.0.200"]',
    );
    for (const [version, file, line] of [
      ['v0.12.1', 'metallb-config.yaml', '      - 10.0.0.100-10.0.0.200\n'],
      ['v0.14.8', 'metallb.yaml', '    - "10.0.0.100-10.0.0.200"\n'],
    ] as const) {
      const r = renderText(base.replace('metallbVersion: v0.14.8', `metallbVersion: ${version}`));
      assert.deepEqual(r.errors, [], version);
      const f = r.files.find((x) => x.path.endsWith(file));
      assert.ok(f, `${file} for ${version}: ${r.files.map((x) => x.path).join(', ')}`);
      assert.ok(f.content.includes(line), f.content);
    }
  });
});
