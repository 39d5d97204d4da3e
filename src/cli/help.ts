// `okd-topology --help` and `okd-topology <command> --help`, written from the command table.
import { COMMANDS, type CommandSpec, type OptionSpec } from './spec';

const COL = 41;

function optionLabel(name: string, o: OptionSpec): string {
  const long = `--${name}${o.type === 'string' ? ` ${o.arg ?? 'VALUE'}` : ''}`;
  return o.short ? `-${o.short}, ${long}` : long;
}

/** One usage line: `okd-topology render FILE --out DIR [--force] …`. */
export function usageLine(name: string, spec: CommandSpec = COMMANDS[name]): string {
  const parts = Object.entries(spec.options).map(([k, o]) => {
    const word = `--${k}${o.type === 'string' ? ` ${o.arg ?? 'VALUE'}` : ''}`;
    const required = o.help.includes('(required)');
    return `${required ? word : `[${word}]`}${o.multiple ? '...' : ''}`;
  });
  const main = `okd-topology ${name}${spec.positional ? ` ${spec.positional}` : ''} ${parts.join(' ')}`.trimEnd();
  return (
    [main, ...(spec.alsoUsage ?? []).map((u) => `okd-topology ${name} ${u}`)]
      .map((l, i) => `${i ? '       ' : 'usage: '}${l}`)
      .join('\n') + '\n'
  );
}

function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l, i) => (i ? indent + l : l)).join('\n');
}

export function commandHelp(name: string): string {
  const spec = COMMANDS[name];
  const opts = Object.entries(spec.options).map(([k, o]) => {
    const label = `  ${optionLabel(k, o)}`;
    const pad = label.length < COL - 1 ? label.padEnd(COL) : `${label}\n${' '.repeat(COL)}`;
    return pad + wrap(o.help, 100 - COL, ' '.repeat(COL));
  });
  return [
    usageLine(name, spec),
    wrap(spec.description, 100, ''),
    '',
    'options:',
    ...opts,
    `  ${'-h, --help'.padEnd(COL - 2)}this help`,
    '',
    `exit: ${spec.exit}`,
    '',
    'examples:',
    ...spec.examples.map((e) => `  ${e}`),
    '',
  ].join('\n');
}

export function overview(): string {
  const rows = Object.entries(COMMANDS).map(([name, spec]) => {
    const required = Object.entries(spec.options)
      .filter(([, o]) => o.help.includes('(required)'))
      .map(([k, o]) => ` --${k} ${o.arg ?? 'VALUE'}`)
      .join('');
    const label = `  ${name}${spec.positional ? ` ${spec.positional}` : ''}${required}`;
    return `${label.length < COL - 1 ? label.padEnd(COL) : `${label}\n${' '.repeat(COL)}`}${wrap(spec.summary, 100 - COL, ' '.repeat(COL))}`;
  });
  return [
    'usage: okd-topology <command> [options]',
    '',
    'commands:',
    ...rows,
    '',
    "okd-topology <command> --help shows a command's options, exit codes and examples.",
    'okd-topology --version prints the version.',
    '',
  ].join('\n');
}

export function wantsHelp(argv: string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}
