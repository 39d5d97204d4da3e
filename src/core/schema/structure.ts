// Structural checks driven by the published JSON schema, so the schema users see in the
// editor and the errors we report can never disagree. Only the subset the schema uses is read.
import schemaJson from '../../../schemas/cluster.okd.schema.json';
import type { YNode } from '../yaml/ast';
import type { Path } from '../model';
import type { Problem } from '../problems';
import { valueType, type ValueType } from '../format/types';
import { checkNumber, checkValue } from './values';

export interface SchemaNode {
  type?: string;
  $ref?: string;
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  required?: string[];
  items?: SchemaNode;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  description?: string;
  markdownDescription?: string;
  default?: unknown;
  examples?: unknown[];
  /** The field's value type (src/core/format/types.ts); `pattern` and its message are its sketch for other editors. */
  'x-okd-type'?: string;
  pattern?: string;
  patternErrorMessage?: string;
}

export const rootSchema = schemaJson as unknown as SchemaNode & { $defs: Record<string, SchemaNode> };

// Resolved once per schema node: walking a 10,000-host file resolves the same few refs ~50,000 times.
const resolved = new WeakMap<SchemaNode, SchemaNode>();

export function resolveRef(s: SchemaNode): SchemaNode {
  if (!s.$ref) return s;
  let r = resolved.get(s);
  if (!r) {
    r = resolveRefUncached(s);
    resolved.set(s, r);
  }
  return r;
}

function resolveRefUncached(s: SchemaNode): SchemaNode {
  let cur = s;
  while (cur.$ref) {
    const name = cur.$ref.replace('#/$defs/', '');
    const target = rootSchema.$defs[name];
    cur = {
      ...target,
      markdownDescription: cur.markdownDescription ?? target.markdownDescription,
      description: cur.description ?? target.description,
    };
  }
  return cur;
}

/** The schema that applies at `path`, following properties, items and additionalProperties. */
export function schemaAt(path: Path): SchemaNode | undefined {
  let s: SchemaNode | undefined = rootSchema;
  for (const seg of path) {
    if (!s) return undefined;
    s = resolveRef(s);
    if (typeof seg === 'number') s = s.items;
    else
      s =
        compile(s).props?.get(seg) ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
  }
  return s ? resolveRef(s) : undefined;
}

function typeOf(n: YNode): string {
  if (n.kind === 'map') return 'object';
  if (n.kind === 'seq') return 'array';
  if (n.kind === 'alias') return 'alias';
  const v = n.value;
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return 'string';
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'empty',
};

function fits(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  if (expected === 'number' && actual === 'integer') return true;
  // Plain scalars like 1.30 or 2024 are fine where text is expected (versions, names).
  if (expected === 'string' && (actual === 'integer' || actual === 'number' || actual === 'boolean')) return true;
  return false;
}

/** Levenshtein distance, small inputs only (field names). */
function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}

export function closest(word: string, options: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const o of options) {
    const dd = distance(word, o);
    if (dd < bestD) {
      bestD = dd;
      best = o;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function where(path: Path): string {
  if (path.length === 0) return 'the top level';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** Checks `node` against the schema; appends problems. */
export function checkStructure(node: YNode | null, out: Problem[]): void {
  if (!node) {
    out.push({
      code: 'schema-empty',
      severity: 'error',
      message: 'The file is empty: a topology needs at least `version`, `cluster`, `networks` and `hosts`',
      path: [],
    });
    return;
  }
  walkNode(node, rootSchema, [], out);
}

/**
 * The schema compiled once for the walk: refs resolved, child schemas in a Map, enums in a Set.
 * A 10,000-host file visits ~300,000 nodes, so per-node ref resolution and object-key lookups
 * were a large share of the walk. Compiled lazily because the schema's `$defs` may recurse.
 */
interface Compiled {
  s: SchemaNode;
  props?: Map<string, SchemaNode>;
  extra?: SchemaNode;
  enumSet?: Set<unknown>;
  required: string[];
  /** The value type every scalar here must have. */
  vt?: ValueType;
  /** The schema wants a number here. */
  numeric: boolean;
}
const compiledOf = new WeakMap<SchemaNode, Compiled>();

function compile(schema: SchemaNode): Compiled {
  let c = compiledOf.get(schema);
  if (c) return c;
  const s = resolveRef(schema);
  c = {
    s,
    props: s.properties ? new Map(Object.entries(s.properties)) : undefined,
    extra: typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined,
    enumSet: s.enum ? new Set(s.enum) : undefined,
    required: s.required ?? [],
    vt: valueType(s['x-okd-type']),
    numeric: s.type === 'integer' || s.type === 'number',
  };
  compiledOf.set(schema, c);
  return c;
}

// `at` is one array pushed and popped along the walk (allocating a path per node was a large
// share of the time on big files); problems get their own copy.
function walkNode(node: YNode, schema: SchemaNode, at: Path, out: Problem[]): void {
  const c = compile(schema);
  const s = c.s;
  const actual = typeOf(node);
  if (actual === 'alias') return;
  if (s.type && !fits(s.type, actual)) {
    if (actual === 'null') {
      out.push({
        code: 'schema-type',
        severity: 'error',
        message: `${where(at)} has no value; expected ${TYPE_WORDS[s.type] ?? s.type}`,
        path: at.slice(),
      });
    } else {
      out.push({
        code: 'schema-type',
        severity: 'error',
        message: `${where(at)} should be ${TYPE_WORDS[s.type] ?? s.type}, not ${TYPE_WORDS[actual] ?? actual}`,
        path: at.slice(),
      });
    }
    return;
  }
  if (node.kind === 'scalar') {
    if (c.enumSet && !c.enumSet.has(node.value)) {
      const hint = typeof node.value === 'string' ? closest(node.value, s.enum!.map(String)) : undefined;
      out.push({
        code: 'schema-enum',
        severity: 'error',
        message: `${where(at)} is "${node.text}"; allowed: ${s.enum!.join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}`,
        path: at.slice(),
        data: hint ? { replacement: hint } : undefined,
      });
    }
    if (c.numeric && typeof node.value === 'number') checkNumber(node, s, c.vt, at, where, out);
    else if (c.vt) checkValue(node, c.vt, at, where, out);
  } else if (node.kind === 'map') {
    const items = node.items;
    let requiredSeen = 0; // a bit per required field present
    for (let i = 0; i < items.length; i++) {
      const { key, value } = items[i];
      const child = c.props?.get(key.text) ?? c.extra;
      if (c.required.length) {
        const r = c.required.indexOf(key.text);
        if (r >= 0) requiredSeen |= 1 << r;
      }
      if (child) {
        at.push(key.text);
        walkNode(value, child, at, out);
        at.pop();
      } else if (s.additionalProperties === false) {
        const known = [...(c.props?.keys() ?? [])];
        const hint = closest(key.text, known);
        out.push({
          code: 'schema-unknown-field',
          severity: 'error',
          message: `Unknown field "${key.text}" in ${where(at)}${hint ? `; did you mean "${hint}"?` : `; known fields: ${known.join(', ')}`}`,
          path: [...at, key.text],
          data: hint ? { replacement: hint, key: 'true' } : { key: 'true' },
        });
      }
    }
    if (requiredSeen !== (1 << c.required.length) - 1) {
      for (const r of c.required) {
        if (!items.some((it) => it.key.text === r))
          out.push({
            code: 'schema-required',
            severity: 'error',
            message: `${where(at)} is missing the required field "${r}"`,
            path: at.slice(),
            data: { field: r },
          });
      }
    }
  } else if (node.kind === 'seq') {
    if (s.minItems && node.items.length < s.minItems)
      out.push({
        code: 'schema-required',
        severity: 'error',
        message: `${where(at)} needs at least ${s.minItems} entr${s.minItems === 1 ? 'y' : 'ies'}`,
        path: at.slice(),
      });
    const items = s.items;
    if (items) {
      for (let i = 0; i < node.items.length; i++) {
        at.push(i);
        walkNode(node.items[i], items, at, out);
        at.pop();
      }
    }
  }
}
