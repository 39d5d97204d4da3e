// Hostile values on every field of the schema. The fields are read from the schema itself, so a
// field added tomorrow is covered tomorrow (and this test fails if it has no value type). For each
// string field, payloads that would break out of a config line, a YAML document or a shell word
// are appended to a valid value; for each number field, values outside its type. Each must be
// reported by validate at that very field, or else not reach any rendered file outside its own
// quoted token.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dump, load } from 'js-yaml';
import { analyze } from '../../src/core/analyze';
import { renderAll } from '../../src/core/render/index';
import { resolveRef, rootSchema, type SchemaNode } from '../../src/core/schema/structure';
import { isTypeProblem, valueType } from '../../src/core/format/types';
import { shellQuote, xmlEscape, yamlQuote } from '../../src/core/render/util';
import { builtinTemplates, exampleFile } from './helpers';

/** A field as the schema describes it: `hosts[].interfaces[].mac`, `layout.*.x`. */
interface Field {
  pattern: string;
  segments: (string | '[]' | '*')[];
  schema: SchemaNode;
}

function fieldsOf(
  s: SchemaNode,
  segments: Field['segments'] = [],
  out: Field[] = [],
  seen = new Set<SchemaNode>(),
): Field[] {
  const r = resolveRef(s);
  if (r.type === 'object') {
    for (const [k, v] of Object.entries(r.properties ?? {})) fieldsOf(v, [...segments, k], out, seen);
    if (typeof r.additionalProperties === 'object') fieldsOf(r.additionalProperties, [...segments, '*'], out, seen);
  } else if (r.type === 'array') {
    if (r.items) fieldsOf(r.items, [...segments, '[]'], out, seen);
  } else if (r.type === 'string' || r.type === 'integer' || r.type === 'number') {
    out.push({ pattern: segments.join('.').replace(/\.\[\]/g, '[]'), segments, schema: r });
  }
  return out;
}

const FIELDS = fieldsOf(rootSchema);

type Json = Record<string, unknown> | unknown[];

/** Sets `value` at the field in `doc`, creating what is missing; returns the concrete path. */
function setField(doc: Record<string, unknown>, f: Field, value: unknown): (string | number)[] {
  const path: (string | number)[] = [];
  let cur: Json = doc;
  f.segments.forEach((seg, i) => {
    const last = i === f.segments.length - 1;
    const key: string | number = seg === '[]' ? 0 : seg === '*' ? 'node-1' : seg;
    path.push(key);
    const holder = cur as Record<string | number, unknown>;
    if (last) {
      holder[key] = value;
      return;
    }
    const next = f.segments[i + 1] === '[]' ? [] : {};
    if (holder[key] === undefined || holder[key] === null || typeof holder[key] !== 'object') holder[key] = next;
    cur = holder[key] as Json;
  });
  return path;
}

function getField(doc: Record<string, unknown>, f: Field): unknown {
  let cur: unknown = doc;
  for (const seg of f.segments) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg === '[]' ? 0 : seg === '*' ? 'node-1' : seg];
  }
  return cur;
}

/** Appended to a valid value: a new line with a directive, statement breakers, quotes, a YAML document, shell. */
const STRING_PAYLOADS = [
  (v: string) => `${v}\ninjected-directive yes`,
  (v: string) => `${v}; }; allow-transfer { any; }; #`,
  (v: string) => `${v}"injected`,
  (v: string) => `${v}'injected`,
  (v: string) => `${v}\n---\napiVersion: v1\nkind: Namespace`,
  (v: string) => `${v}$(touch /tmp/okd-injected)`,
  (v: string) => `${v}\`touch /tmp/okd-injected\``,
  (v: string) => ` ${v}`,
  (v: string) => `${v} `,
  (v: string) => `${v} injected-option`,
  (v: string) => `${v}\r`,
];
/**
 * Payloads a type legitimately accepts: an extra word is an argument of a command override. Those
 * must then stay out of every rendered file (they go to MANIFEST.json as an argument list); all
 * others must be reported at the field by validate itself, not only caught while rendering.
 */
const ACCEPTED: Record<string, number[]> = { command: [STRING_PAYLOADS.length - 2] };

function numberPayloads(s: SchemaNode): unknown[] {
  const vt = valueType(s['x-okd-type']);
  const out: unknown[] = [1e23, NaN, Infinity, -Infinity, '80; touch /tmp/okd-injected'];
  if (s.minimum !== undefined) out.push(s.minimum - 1);
  if (s.maximum !== undefined) out.push(s.maximum + 1);
  if (s.type === 'integer' || vt?.kind === 'integer') out.push(1.5);
  return out;
}

const BASE = load(readFileSync(exampleFile('okd-upi-lab'), 'utf8')) as Record<string, unknown>;
const TEMPLATES = builtinTemplates();

/** Forms a value may legitimately take in a file: each quoting filter's output. */
function quotedForms(v: string): string[] {
  return [
    yamlQuote(v),
    shellQuote(v),
    (() => {
      try {
        return xmlEscape(v);
      } catch {
        return '';
      }
    })(),
  ].filter((x) => x !== '' && x !== v);
}

function tryPayload(f: Field, value: unknown, mayPass: boolean): string | undefined {
  const doc = structuredClone(BASE);
  const path = setField(doc, f, value);
  const text = dump(doc, { lineWidth: -1 });
  const a = analyze(text);
  const key = JSON.stringify(path);
  if (a.problems.some((p) => p.severity === 'error' && JSON.stringify(p.path) === key)) return undefined;
  if (!mayPass || typeof value !== 'string')
    return `${f.pattern} = ${JSON.stringify(value)}: validate reports no error at the field`;
  // Not reported: then no rendered file may hold the value outside its quoted token.
  if (!a.topology) return `${f.pattern}: the document did not parse`;
  const r = renderAll(a.topology, TEMPLATES, { force: true, problems: a.problems });
  if (r.refused)
    return `${f.pattern} = ${JSON.stringify(value)}: validate reported nothing at the field and render refused for another reason (${r.errors[0]?.message}); the base topology must stay renderable`;
  for (const file of r.files) {
    let content = file.content;
    for (const q of quotedForms(value)) content = content.split(q).join('');
    if (content.includes(value))
      return `${f.pattern} = ${JSON.stringify(value)}: validate reported nothing and ${file.target}:${file.path} holds it raw`;
  }
  return undefined;
}

describe('injection: every string and number field of the schema', () => {
  it('the schema has the fields this test walks, and every one of them has a value type', () => {
    assert.ok(FIELDS.length > 60, `only ${FIELDS.length} fields found`);
    const untyped = FIELDS.filter((f) => !f.schema['x-okd-type'] && !f.schema.enum).map((f) => f.pattern);
    assert.deepEqual(untyped, [], 'fields without x-okd-type (add a type in scripts/gen/schema.mjs)');
    const unknown = FIELDS.filter((f) => f.schema['x-okd-type'] && !valueType(f.schema['x-okd-type'])).map(
      (f) => f.pattern,
    );
    assert.deepEqual(unknown, [], 'fields naming a value type src/core/format/types.ts does not define');
  });

  it('the base topology is clean and renders', () => {
    const a = analyze(dump(BASE, { lineWidth: -1 }));
    assert.deepEqual(
      a.problems.filter((p) => p.severity === 'error').map((p) => p.code),
      [],
    );
    assert.equal(renderAll(a.topology!, TEMPLATES, { problems: a.problems }).errors.length, 0);
  });

  for (const f of FIELDS) {
    it(`${f.pattern}: hostile values are reported at the field or never reach a file raw`, () => {
      const failures: string[] = [];
      if (f.schema.type === 'string') {
        const vt = valueType(f.schema['x-okd-type']);
        const current = getField(BASE, f);
        const valid =
          typeof current === 'string' || typeof current === 'number'
            ? String(current)
            : String(f.schema.enum?.[0] ?? vt?.example ?? 'x');
        const accepted = ACCEPTED[f.schema['x-okd-type'] ?? ''] ?? [];
        STRING_PAYLOADS.forEach((p, i) => {
          const why = tryPayload(f, p(valid), accepted.includes(i));
          if (why) failures.push(why);
        });
      } else {
        for (const v of numberPayloads(f.schema)) {
          const why = tryPayload(f, v, false);
          if (why) failures.push(why);
        }
      }
      assert.deepEqual(failures, []);
    });
  }
});

/** Valid values using every character a type allows: the guards must let each of them through. */
const EDGE: Record<string, string[]> = {
  absPath: ['/srv/a.b_c@d+e=f:g~h-i', '/'],
  devicePath: ['/dev/disk/by-id/wwn-0x5000_c5.00:a1+b@c=d~e'],
  localPath: ['~/keys/me@host.pub', 'C:\\keys\\k=1+2~.pub', '../secrets/pull-secret.json'],
  urlOrPath: ['http://[fd00::2]:8080/p/a_b.c~d?x=1&y=2,3#f!%20+@:-', 'okd/kernel'],
  url: ['redfish-virtualmedia+https://[fd00::1]:8000/redfish/v1/Systems/S.1?a=b&c=d#x!%20+,@~-'],
  interfaceName: ['br_0.100-x'],
  platformVersion: ['v4.15.0-0.okd_scos+x.1-2', '1.30'],
  semver: ['v0.14.8-rc.1+build.5', '0.12'],
  domain: ['Lab-1.Example.COM.'],
  clusterName: ['a.b-c'],
  hostOrIp: ['Time-1.Example.org', 'fd00::123', '192.0.2.1'],
  sshHost: ['svc_a.example.com', '[fd00::1%eth0]'],
  userName: ['core_user.1-x$'],
  bmcUser: ['ADMIN@corp.local'],
  command: ["systemctl restart 'my unit' {file}"],
  mac: ['5254.00AA.0010', '52-54-00-AA-00-10'],
  dhcpRange: ['192.168.200.50 - 192.168.200.60'],
  poolRange: ['192.168.200.100 - 192.168.200.120', '192.168.200.128/28'],
  reference: ['Node_1.x'],
};

describe('valid values render: the guards accept every character the types allow', () => {
  for (const f of FIELDS.filter((x) => x.schema.type === 'string' && x.schema['x-okd-type'])) {
    const type = f.schema['x-okd-type']!;
    it(`${f.pattern} (${type})`, () => {
      for (const v of EDGE[type] ?? [String(valueType(type)!.example)]) {
        const doc = structuredClone(BASE);
        const key = JSON.stringify(setField(doc, f, v));
        const a = analyze(dump(doc, { lineWidth: -1 }));
        const typeErrors = a.problems.filter((p) => isTypeProblem(p.code));
        assert.deepEqual(
          typeErrors.filter((p) => JSON.stringify(p.path) === key).map((p) => p.message),
          [],
          `${JSON.stringify(v)} is refused by its own type`,
        );
        assert.deepEqual(
          typeErrors.map((p) => p.message),
          [],
          `${JSON.stringify(v)}: the base must stay free of type errors`,
        );
        // Forced: the value may break a semantic rule here (an IPv6 address on an IPv4-only network);
        // what matters is that no output guard refuses a value of the right type.
        const r = renderAll(a.topology!, TEMPLATES, { force: true, problems: a.problems });
        assert.equal(r.refused, false);
        assert.deepEqual(
          r.errors.filter((e) => /refusing to write/.test(e.message)),
          [],
          `${JSON.stringify(v)} is refused by an output guard`,
        );
      }
    });
  }
});
