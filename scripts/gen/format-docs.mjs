// Generates docs/format.md (the file-format reference) from schemas/cluster.okd.schema.json,
// so the reference can never drift from what the editor validates. A test checks it is current.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tsImport } from 'tsx/esm/api';

const { VALUE_TYPES } = await tsImport('../../src/core/format/types.ts', import.meta.url);

const schema = JSON.parse(readFileSync(new URL('../../schemas/cluster.okd.schema.json', import.meta.url), 'utf8'));
const deref = (s) =>
  s && s.$ref
    ? {
        ...schema.$defs[s.$ref.replace('#/$defs/', '')],
        markdownDescription: s.markdownDescription ?? schema.$defs[s.$ref.replace('#/$defs/', '')].markdownDescription,
      }
    : s;

function typeName(s) {
  s = deref(s);
  if (s.type === 'array') return `list of ${typeName(s.items)}`;
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object')
    return `map of ${typeName(s.additionalProperties)}`;
  if (s.type === 'object') return 'mapping';
  if (s.enum) return s.enum.map((e) => `\`${e}\``).join(' | ');
  if (s['x-okd-type']) return `[${s['x-okd-type']}](#value-types)`;
  return s.type ?? 'any';
}
/** The description without the "Type: …" sentence the schema adds for editors (the type column says it). */
const meaning = (md) => String(md ?? '').replace(/\n\nType: [^\n]*$/, '');
const cell = (t) =>
  String(t ?? '')
    .replace(/\n+/g, ' ')
    .replace(/\|/g, '\\|');

const sections = [];
function section(title, s, path) {
  s = deref(s);
  if (s.type === 'array') return section(title, s.items, `${path}[]`);
  if (s.type !== 'object' || !s.properties) return;
  const rows = Object.entries(s.properties).map(([k, v]) => {
    const d = deref(v);
    const req = (s.required ?? []).includes(k) ? 'yes' : '';
    const def = d.default !== undefined ? `\`${JSON.stringify(d.default)}\`` : '';
    const ex = d.examples ? d.examples.map((e) => `\`${e}\``).join(', ') : '';
    return `| \`${k}\` | ${cell(typeName(v))} | ${req} | ${def} | ${cell(meaning(v.markdownDescription ?? d.markdownDescription))}${ex ? ` Example: ${ex}` : ''} |`;
  });
  sections.push(
    `## \`${path || '(top level)'}\`\n\n${cell(s.markdownDescription)}\n\n| field | type | required | default | meaning |\n|---|---|---|---|---|\n${rows.join('\n')}\n`,
  );
  for (const [k, v] of Object.entries(s.properties)) {
    const d = deref(v);
    if ((d.type === 'object' && d.properties) || (d.type === 'array' && deref(d.items).properties))
      section(k, v, path ? `${path}.${k}` : k);
  }
}
section('top', schema, '');
const out = `# cluster.okd.yaml reference

Generated from \`schemas/cluster.okd.schema.json\` by \`node scripts/gen/format-docs.mjs\`; do not edit by hand.
Every \`*.okd.yaml\` file follows this format. Unknown fields are errors (a typo must not be silently ignored).

${sections.join('\n')}
## Value types

Every text and number field has one of these types. \`okd-topology validate\` and the editor check each value
where it is written: a value of the wrong type is an error at that value (\`value-*\`, or the code in the
table), and \`render --force\` never renders it. Every text value must also be one line without control
characters and without blanks at either end (\`value-control\`, \`value-whitespace\`).

| type | a value must be | code | example |
|---|---|---|---|
${Object.entries(VALUE_TYPES)
  .map(
    ([name, t]) =>
      `| \`${name}\` | ${cell(t.words)} | \`${t.kind ? 'schema-range' : (t.code ?? 'value-invalid')}\` | \`${t.example}\` |`,
  )
  .join('\n')}
`;
if (process.argv.includes('--stdout')) process.stdout.write(out);
else {
  mkdirSync(new URL('../../docs/', import.meta.url), { recursive: true });
  writeFileSync(new URL('../../docs/format.md', import.meta.url), out);
  console.log('wrote docs/format.md');
}
