// Regenerates README's command and setting tables from package.json's contributes section,
// so the README lists exactly what the extension offers. A test checks it is current.
import { readFileSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const c = pkg.contributes ?? {};
const cell = (s) =>
  String(s ?? '')
    .replace(/\n+/g, ' ')
    .replace(/\|/g, '\\|');
let out = '## Commands\n\n| command | id |\n|---|---|\n';
for (const cmd of c.commands ?? [])
  out += `| ${cell((cmd.category ? cmd.category + ': ' : '') + cmd.title)} | \`${cmd.id ?? cmd.command}\` |\n`;
const props = [];
for (const group of [].concat(c.configuration ?? []))
  for (const [k, v] of Object.entries(group.properties ?? {})) props.push([k, v]);
out += '\n## Settings\n\n| setting | default | meaning |\n|---|---|---|\n';
for (const [k, v] of props)
  out += `| \`${k}\` | \`${JSON.stringify(v.default)}\` | ${cell(v.markdownDescription ?? v.description)} |\n`;
if (props.length === 0) out += '| (none yet) | | |\n';

const path = new URL('../../README.md', import.meta.url);
const readme = readFileSync(path, 'utf8');
const next = readme.replace(
  /<!-- commands:start -->[\s\S]*<!-- commands:end -->/,
  `<!-- commands:start -->\n${out}<!-- commands:end -->`,
);
if (process.argv.includes('--check')) {
  if (next !== readme) {
    console.error('README command/setting tables are out of date: run node scripts/gen/readme-tables.mjs');
    process.exit(1);
  }
} else writeFileSync(path, next);
