// The second wall: template overrides that print every value raw (no `yaml`, `shell` or `xml`
// filter, `raw` added) rendering values that never passed validate (the model is edited after
// analysis, as a bug in a check would let them through). No file may gain a directive; each
// refusal names the override's file and the line of the {{ }} that printed the value.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/core/analyze';
import type { Topology } from '../../src/core/model';
import { renderAll, type RenderResult } from '../../src/core/render/index';
import { builtinTemplates, exampleFile, FIXTURES } from './helpers';

/** Every built-in template as a careless override: quoting filters removed, `raw` added to each output. */
function carelessTemplates(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(builtinTemplates())) {
    out[name] = text
      .replace(/\s*\|\s*(yaml|shell|xml)\b/g, '')
      .replace(/\{\{([^}]*?)\s*\}\}/g, (m, inner: string) =>
        inner.includes('|') && /comment|pad|join/.test(inner) ? m : `{{${inner} | raw }}`,
      );
  }
  return out;
}

function model(file: string): Topology {
  const a = analyze(readFileSync(file, 'utf8'));
  assert.deepEqual(
    a.problems.filter((p) => p.severity === 'error'),
    [],
  );
  return a.topology!;
}

/** Text that must never appear in any rendered file: each would be a directive, a document or a command. */
const MARKERS = [
  'allow-transfer',
  'cmdallow',
  'LABEL evil',
  'evil=1',
  'okd-x-touched',
  'kind: Namespace',
  'notify_master',
  '<Directory "/">',
  'option evil',
  'stats admin',
  'INCLUDE',
  'injected:',
];

function hostile(t: Topology): void {
  const svc = t.services;
  if (svc.dns) svc.dns.settings.forwarders = ['1.1.1.1; }; allow-transfer { any; }; #'];
  if (svc.ntp) svc.ntp.settings.upstream = ['0.pool.ntp.org\ncmdallow all'];
  if (svc.pxe) svc.pxe.settings.kernel = 'okd/kernel evil=1\nLABEL evil';
  if (svc.http) svc.http.settings.root = '/var/www/html"\n<Directory "/">';
  for (const h of t.hosts) {
    const w = h as { installDisk?: string };
    w.installDisk = '/dev/sda\nLABEL evil';
    for (const i of h.interfaces) {
      const x = i as { mac?: string; name?: string };
      if (x.mac) x.mac = `${x.mac},model=virtio; touch /tmp/okd-x-touched; #`;
      x.name = 'eth0\n  notify_master "/bin/sh -c id"';
    }
  }
  for (const n of t.networks) (n as { domain?: string }).domain = 'lab.example"; option evil 1; "';
  (t.cluster as { metallbVersion?: string }).metallbVersion = 'v0.14.8\n---\napiVersion: v1\nkind: Namespace';
  for (const p of t.pools) p.addresses = p.addresses.map((a) => ({ ...a, text: `${a.text}\ninjected: true` }));
}

/** The text with one-line quoted tokens emptied: a marker inside `"…\n…"` (escaped) is data, not syntax. */
function outsideQuotes(text: string): string {
  return text.replace(/"(?:[^"\\\n]|\\.)*"/g, '""').replace(/'[^'\n]*'/g, "''");
}

function render(file: string, templates: Record<string, string>): RenderResult {
  const t = model(file);
  hostile(t);
  return renderAll(t, templates, { force: true, problems: [], templatePath: (n) => `.okd/templates/${n}` });
}

const TOPOLOGIES = [
  exampleFile('okd-upi-lab'),
  exampleFile('k3s-metallb'),
  exampleFile('okd-ipi'),
  path.join(FIXTURES, 'ha-services.okd.yaml'),
];

describe('template escaping: a careless override cannot write a new directive', () => {
  const careless = carelessTemplates();

  it('the careless overrides still render the clean examples (the guard does not refuse valid values)', () => {
    for (const file of TOPOLOGIES) {
      const a = analyze(readFileSync(file, 'utf8'));
      const r = renderAll(a.topology!, careless, { problems: a.problems });
      assert.deepEqual(r.errors, [], path.basename(path.dirname(file)));
    }
  });

  for (const [label, templates] of [
    ['careless overrides', careless],
    ['built-in templates', builtinTemplates()],
  ] as const) {
    for (const file of TOPOLOGIES) {
      it(`${label}, ${path.basename(path.dirname(file)) === 'fixtures' ? path.basename(file) : path.basename(path.dirname(file))}: hostile values are refused with file and line, no file holds a directive`, () => {
        const r = render(file, templates);
        assert.ok(r.errors.length > 0, 'hostile values rendered without an error');
        for (const e of r.errors) {
          assert.match(e.template ?? '', /^\.okd\/templates\/[\w.-]+\.liquid$/, JSON.stringify(e));
          assert.ok(e.line && e.line > 0, JSON.stringify(e));
          const name = path.basename(e.template!);
          const line = templates[name].split('\n')[e.line! - 1];
          assert.match(line, /\{\{/, `${name}:${e.line} is not an output: ${line}`);
          assert.match(e.message, /refusing to write/);
        }
        for (const f of r.files) {
          const unquoted = outsideQuotes(f.content);
          for (const m of MARKERS)
            assert.ok(!unquoted.includes(m), `${f.target}:${f.path} holds ${m} outside a quoted token`);
        }
      });
    }
  }

  it('each language refuses what would break it: named.conf, pxelinux, httpd, shell, dhcpd, keepalived, YAML', () => {
    const refused = new Set<string>();
    for (const file of TOPOLOGIES)
      for (const e of render(file, careless).errors) refused.add(path.basename(e.template!));
    // chrony-server.conf is not listed: the view keeps only upstreams that are host names or addresses, so
    // the hostile one never reaches the template (the first test still proves no directive is written).
    for (const name of [
      'named.conf.liquid',
      'pxelinux-role.liquid',
      'httpd.conf.liquid',
      'virt-install.sh.liquid',
      'dhcpd.conf.liquid',
      'keepalived.conf.liquid',
      'metallb-crs.yaml.liquid',
      'libvirt-network.xml.liquid',
    ]) {
      assert.ok(refused.has(name), `${name} rendered hostile values (refused: ${[...refused].join(', ')})`);
    }
  });

  it('partials, capture and echo pass the same guard', () => {
    const t = model(exampleFile('okd-upi-lab'));
    hostile(t);
    const base = builtinTemplates();
    const variants = {
      partial: {
        ...base,
        'named.conf.liquid': "{% for f in dns.forwarders %}{% render 'fwd.liquid', f: f %}{% endfor %}\n",
        'fwd.liquid': 'forwarders { {{ f }}; };\n',
      },
      capture: {
        ...base,
        'named.conf.liquid': '{% capture c %}{% for f in dns.forwarders %}{{ f }}{% endfor %}{% endcapture %}{{ c }}\n',
      },
      echo: { ...base, 'named.conf.liquid': '{% liquid\nfor f in dns.forwarders\necho f\nendfor %}\n' },
      assign: { ...base, 'named.conf.liquid': '{% assign x = dns.forwarders | first %}{{ x | raw }}\n' },
    };
    for (const [label, templates] of Object.entries(variants)) {
      const r = renderAll(t, templates, { force: true, problems: [] });
      const named = r.files.filter((f) => f.path.endsWith('named.conf'));
      assert.deepEqual(
        named.map((f) => f.content),
        [],
        `${label}: named.conf was written`,
      );
      assert.ok(
        r.errors.some((e) => /named\.conf\.liquid|fwd\.liquid/.test(e.template ?? '') && /refusing/.test(e.message)),
        `${label}: ${JSON.stringify(r.errors)}`,
      );
    }
  });
});
