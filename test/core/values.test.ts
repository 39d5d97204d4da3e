// Value types at the scalar: every field's type (src/core/format/types.ts) is checked by validate
// where the value is written, with its code, a message naming the type, and a fix where obvious.
import assert from 'node:assert/strict';
import { analyze } from '../../src/core/analyze';
import { VALUE_TYPES, isTypeProblem, valueType, type ValueType } from '../../src/core/format/types';
import { textFault } from '../../src/core/format/text';
import { applyEdits, quickFixes } from '../../src/core/lang/fixes';
import { docOf } from '../../src/core/lang/completion';
import { schemaAt } from '../../src/core/schema/structure';
import { silenceable } from '../../src/core/suppress';
import { BASE, edit, expectAt, expectClean } from './helpers';

const withServices = (more: string) => edit(BASE, ['dns: { host: svc }', `dns: { host: svc }\n${more}`]);

describe('value types: checked by validate at the scalar', () => {
  it('every type accepts its own example, and no type accepts a line break, a quote or a shell expansion', () => {
    for (const [name, t] of Object.entries(VALUE_TYPES as Record<string, ValueType>)) {
      if (t.kind) continue;
      const ex = String(t.example);
      assert.equal(t.check?.(ex), undefined, `${name} refuses its example ${ex}`);
      if (t.pattern) assert.match(ex, new RegExp(t.pattern), `${name}: its JSON-schema pattern refuses its example`);
      for (const bad of [`${ex}"x`, `${ex}$(id)`, `${ex}\`id\``, `${ex};x`]) {
        if (name === 'command') continue;
        assert.notEqual(t.check?.(bad), undefined, `${name} accepts ${JSON.stringify(bad)}`);
      }
    }
  });

  it("text faults: control characters anywhere, blanks at either end; inner blanks and non-ASCII letters are the type's business", () => {
    assert.equal(textFault('10.0.0.1'), undefined);
    assert.equal(textFault('Zürich lab'), undefined);
    assert.equal(textFault('a\nb')?.code, 'value-control');
    assert.equal(textFault('a\u2028b')?.code, 'value-control');
    assert.equal(textFault('a\u202eb')?.code, 'value-control');
    assert.equal(textFault(' a')?.code, 'value-whitespace');
    assert.equal(textFault('a\n')?.code, 'value-whitespace');
    assert.equal(textFault('a\t')?.code, 'value-whitespace');
  });

  it("the issue's examples are reported by validate at the value", () => {
    expectAt(
      withServices('  ntp:\n    host: svc\n    upstream: ["0.pool.ntp.org\\ncmdallow all\\nbindcmdaddress 0.0.0.0"]'),
      'value-control',
      '"0.pool.ntp.org',
    );
    const fwd = expectAt(
      edit(BASE, ['dns: { host: svc }', 'dns: { host: svc, forwarders: ["1.1.1.1; }; allow-transfer { any"] }']),
      'ip-invalid',
      '"1.1.1.1;',
    );
    assert.match(
      fwd.message,
      /services\.dns\.forwarders\[0\] is "1\.1\.1\.1; }; allow-transfer \{ any", not an IPv4 or IPv6 address/,
    );
    expectAt(
      edit(BASE, [
        '      - { network: lan, ip: 10.0.0.10,',
        '      - { network: lan, name: "eth0\\n  notify_master x", ip: 10.0.0.10,',
      ]),
      'value-control',
      '"eth0',
    );
    expectAt(
      edit(BASE, ['platform: k3s', 'platform: k3s\n  metallbVersion: "v0.14.8\\n---\\napiVersion: v1"']),
      'value-control',
      '"v0.14.8',
    );
    expectAt(withServices('  pxe:\n    host: svc\n    kernel: "okd/kernel APPEND x"'), 'value-invalid', '"okd/kernel');
    expectAt(
      withServices('  http:\n    host: svc\n    root: "/var/www/html\\" <Directory>"'),
      'value-invalid',
      '"/var/www',
    );
    expectAt(
      edit(BASE, [
        'name: server-0\n    role: master',
        'name: server-0\n    role: master\n    installDisk: "/dev/sda coreos.inst.ignition_url=x"',
      ]),
      'value-invalid',
      '"/dev/sda',
    );
    const ws = expectAt(edit(BASE, ['ip: 10.0.0.10,', 'ip: " 10.0.0.10 ",']), 'value-whitespace', '" 10.0.0.10 "');
    assert.equal(ws.data?.replacement, '10.0.0.10');
  });

  it('ssh.host and ssh.user are validated, not only refused by deploy', () => {
    const ssh = (body: string) =>
      edit(BASE, ['name: server-0\n    role: master', `name: server-0\n    role: master\n    ssh: ${body}`]);
    assert.match(
      expectAt(ssh('{ host: "-oProxyCommand=touch /tmp/x" }'), 'value-invalid', '"-oProxyCommand').message,
      /option/,
    );
    expectAt(ssh('{ user: "root;id" }'), 'value-invalid', '"root;id"');
    expectAt(ssh('{ port: 0 }'), 'schema-range', '0 }');
    expectClean(ssh('{ host: "[fd00::10]", user: core, port: 2222 }'));
  });

  it('numbers: range per type; floats, exponents, hex and .inf where whole numbers go', () => {
    const dns = (v: string) => edit(BASE, ['dns: { host: svc }', `dns: { host: svc, ttl: ${v} }`]);
    expectAt(dns('-1'), 'schema-range', '-1 }');
    expectAt(dns('1e23'), 'schema-type', '1e23');
    expectAt(dns('0x10'), 'schema-type', '0x10');
    expectAt(dns('30.5'), 'schema-type', '30.5');
    expectAt(dns('.inf'), 'schema-type', '.inf');
    expectClean(dns('0'));
    const lease = edit(BASE, ['range: 10.0.0.50-10.0.0.99', 'range: 10.0.0.50-10.0.0.99\n      leaseTime: 1e23']);
    const p = expectAt(lease, 'schema-type', '1e23');
    assert.match(p.message, /plain digits; expected seconds \(60–31536000\)/);
    expectAt(withServices('  http: { host: svc, port: 0 }'), 'schema-range', '0 }');
    expectAt(withServices('  loadBalancer: { host: svc, stats: { port: 70000 } }'), 'schema-range', '70000');
  });

  it('MACs in any common notation are valid and read in lower-case colon form; others are mac-invalid', () => {
    for (const m of ['52-54-00-AA-00-10', '5254.00aa.0010', '525400aa0010', '52:54:00:AA:00:10']) {
      const a = analyze(edit(BASE, ['mac: "52:54:00:aa:00:10"', `mac: "${m}"`]));
      assert.deepEqual(
        a.problems.filter((x) => x.severity === 'error').map((x) => x.code),
        [],
        m,
      );
      assert.equal(a.topology!.hosts[1].interfaces[0].mac, '52:54:00:aa:00:10', m);
    }
    expectAt(
      edit(BASE, ['mac: "52:54:00:aa:00:10"', 'mac: "52:54:00:aa:00:10,model=virtio; touch /tmp/x; #"']),
      'mac-invalid',
      '"52:54:00:aa:00:10,',
    );
  });

  it('one problem per scalar: the type error, not also the checks that read the value', () => {
    const a = analyze(edit(BASE, ['ip: 10.0.0.11,', 'ip: " 10.0.0.10",']));
    const at = a.problems.filter((p) => p.path.join('.') === 'hosts.2.interfaces.0.ip');
    assert.deepEqual(
      at.map((p) => p.code),
      ['value-whitespace'],
    );
  });

  it('empty text is not a value of any type', () => {
    expectAt(edit(BASE, ['dns: { host: svc }', 'dns: { host: svc, forwarders: [""] }']), 'ip-invalid', '""');
  });

  it('hover and completion documentation name the type', () => {
    assert.match(docOf(schemaAt(['hosts', 0, 'interfaces', 0, 'mac'])) ?? '', /Type: a MAC address/);
    assert.match(docOf(schemaAt(['services', 'dns', 'forwarders', 0])) ?? '', /Type: an IPv4 or IPv6 address/);
    assert.equal(valueType(schemaAt(['services', 'http', 'port'])?.['x-okd-type'])?.maximum, 65535);
  });

  it('type problems cannot be silenced by a comment; semantic ones still can', () => {
    for (const c of [
      'value-control',
      'value-whitespace',
      'value-invalid',
      'ip-invalid',
      'mac-invalid',
      'schema-range',
    ]) {
      assert.ok(isTypeProblem(c), c);
      assert.equal(silenceable(c), false, c);
    }
    assert.equal(silenceable('ip-duplicate'), true);
    const text = edit(BASE, [
      'dns: { host: svc }',
      'dns: { host: svc, forwarders: ["1.1.1.1;x"] }  # okd-topology-disable-line ip-invalid',
    ]);
    assert.ok(analyze(text).problems.some((p) => p.code === 'ip-invalid'));
  });

  it('quick fixes: trim (a MAC also to its canonical form), clamp a number into its range', () => {
    const fix = (text: string, code: string) => {
      const a = analyze(text);
      const p = a.problems.find((x) => x.code === code)!;
      const f = quickFixes(a, p).find((x) => x.preferred)!;
      return { title: f.title, text: applyEdits(text, f.edits) };
    };
    const trimmed = fix(edit(BASE, ['mac: "52:54:00:aa:00:10"', 'mac: " 52-54-00-AA-00-10 "']), 'value-whitespace');
    assert.match(trimmed.text, /mac: "52:54:00:aa:00:10"/);
    assert.match(trimmed.title, /Remove the blanks/);
    expectClean(trimmed.text);
    const clamped = fix(withServices('  http: { host: svc, port: 70000 }'), 'schema-range');
    assert.match(clamped.text, /port: 65535 }/);
  });
});
