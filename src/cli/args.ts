// Reads a command's arguments with node:util parseArgs against its spec (spec.ts), turning parseArgs'
// errors into one short sentence for the user.
import { parseArgs } from 'node:util';
import { COMMANDS, type CommandSpec } from './spec';

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

function friendly(e: unknown, spec: CommandSpec): string {
  const code = (e as { code?: string }).code;
  const msg = (e as Error).message;
  // parseArgs names the option as `'-o, --out <value>'` or `'--bogus'`: the long form is what users type most.
  const flag = /(--[a-z][\w-]*)/i.exec(msg)?.[1] ?? /'(-[^' ,]+)/.exec(msg)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${flag ?? msg}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = flag?.replace(/^-+/, '') ?? '';
    const opt = spec.options[name] ?? Object.entries(spec.options).find(([, o]) => o.short === name)?.[1];
    return opt?.type === 'boolean'
      ? `${flag} takes no value`
      : `${flag} needs a value${opt?.arg ? ` (${opt.arg})` : ''}`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
    return `unexpected argument ${/'([^']*)'/.exec(msg)?.[1] ?? ''}`.trim();
  return msg;
}

/** The command's options and positionals, or the reason they cannot be read. */
export function parseCommand(name: string, argv: string[]): ParsedArgs | string {
  const spec = COMMANDS[name];
  // parseArgs refuses keys present with undefined values: only what the spec sets.
  const options = Object.fromEntries(
    Object.entries(spec.options).map(([k, o]) => [
      k,
      { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) },
    ]),
  );
  try {
    const r = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    const values = r.values as ParsedArgs['values'];
    // A value that looks like an option is almost always a forgotten argument (`--out --force`).
    for (const [k, v] of Object.entries(values)) {
      const first = Array.isArray(v) ? v.find((x) => x === '' || x.startsWith('-')) : v;
      if (typeof first === 'string' && (first === '' || first.startsWith('--')))
        return `--${k} needs a value${spec.options[k].arg ? ` (${spec.options[k].arg})` : ''}`;
    }
    return { values, positionals: r.positionals };
  } catch (e) {
    return friendly(e, spec);
  }
}

/** The positional FILE: exactly one. */
export function oneFile(p: ParsedArgs): string {
  if (p.positionals.length === 0) throw new ArgError('FILE is required');
  if (p.positionals.length > 1) throw new ArgError(`unexpected argument ${p.positionals[1]}`);
  return p.positionals[0];
}

export class ArgError extends Error {}

export function str(p: ParsedArgs, key: string): string | undefined {
  const v = p.values[key];
  return typeof v === 'string' ? v : undefined;
}

export function strs(p: ParsedArgs, key: string): string[] {
  const v = p.values[key];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

export function flag(p: ParsedArgs, key: string): boolean {
  return p.values[key] === true;
}

export function positiveInt(p: ParsedArgs, key: string, fallback: number): number {
  const v = str(p, key);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1)
    throw new ArgError(`--${key} must be a positive whole number, not "${v}"`);
  return n;
}

export function oneOf<T extends string>(p: ParsedArgs, key: string, choices: readonly T[], fallback: T): T {
  const v = str(p, key);
  if (v === undefined) return fallback;
  if (!(choices as readonly string[]).includes(v))
    throw new ArgError(`--${key} must be ${choices.join(' or ')}, not "${v}"`);
  return v as T;
}

/** Runs a typed reading of the parsed arguments; an ArgError becomes the message. */
export function readArgs<T>(name: string, argv: string[], read: (p: ParsedArgs) => T): T | string {
  const p = parseCommand(name, argv);
  if (typeof p === 'string') return p;
  try {
    return read(p);
  } catch (e) {
    if (e instanceof ArgError) return e.message;
    throw e;
  }
}
