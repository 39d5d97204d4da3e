// The located YAML tree shared by both parsers (the fast one-pass parser and the js-yaml event
// builder), with the helpers both use so they produce identical trees.
export interface Span {
  /** Offset of the first character (quotes included for quoted scalars). */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

export interface YScalar extends Span {
  kind: 'scalar';
  /** Decoded text of the scalar. */
  text: string;
  /** Resolved value under the YAML 1.2 core schema. */
  value: string | number | boolean | null;
  style: 'plain' | 'single' | 'double' | 'literal' | 'folded';
  /** True for an absent value (`key:` with nothing after it). */
  empty: boolean;
}
/** A mapping key: a scalar whose resolved value nobody reads (keys are compared by text). */
export type YKey = Omit<YScalar, 'value'>;
export interface YPair {
  readonly key: YKey;
  value: YNode;
}
export interface YMap extends Span {
  kind: 'map';
  flow: boolean;
  items: YPair[];
}
export interface YSeq extends Span {
  kind: 'seq';
  flow: boolean;
  items: YNode[];
}
export interface YAlias extends Span {
  kind: 'alias';
}
export type YNode = YScalar | YMap | YSeq | YAlias;

export interface YamlError {
  message: string;
  offset: number;
  /** Problem code: `yaml-syntax` for parser errors, `yaml-duplicate-key`, `yaml-unsupported`. */
  code: string;
  related?: { message: string; offset: number }[];
}

export interface YamlDoc {
  text: string;
  root: YNode | null;
  errors: YamlError[];
}

export const STYLES = ['plain', 'plain', 'single', 'double', 'literal', 'folded'] as const;

export function resolvePlain(s: string): string | number | boolean | null {
  // Fast path (hot for large files): most plain scalars are names starting with a letter that
  // cannot begin null/true/false or a number.
  const c = s.charCodeAt(0);
  if (
    ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) &&
    c !== 116 &&
    c !== 84 &&
    c !== 102 &&
    c !== 70 &&
    c !== 110 &&
    c !== 78
  )
    return s;
  // Addresses (two dots, or a colon) are never numbers: skip the number patterns.
  const dot = s.indexOf('.');
  if ((dot >= 0 && s.indexOf('.', dot + 1) >= 0) || s.includes(':')) return s;
  if (s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
  if (s === 'true' || s === 'True' || s === 'TRUE') return true;
  if (s === 'false' || s === 'False' || s === 'FALSE') return false;
  if (/^[-+]?[0-9]+$/.test(s)) return Number(s);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(s)) return Number(s);
  return s;
}

/**
 * Mapping keys repeat (every host has `name`, `role`, `interfaces`…): reuse one string per
 * distinct key instead of slicing a new one each time. A small open-addressed table hashed on
 * length and three characters finds the candidate; the source text is compared in place.
 */
export class KeyInterner {
  private readonly table: (string | undefined)[] = new Array<string | undefined>(1024).fill(undefined);
  constructor(private readonly text: string) {}
  get(start: number, end: number): string {
    const t = this.text;
    const len = end - start;
    let h = ((len * 31 + t.charCodeAt(start)) * 31 + t.charCodeAt(end - 1)) * 31 + t.charCodeAt(start + (len >> 1));
    for (let probe = 0; probe < 8; probe++) {
      h &= 1023;
      const k = this.table[h];
      if (k === undefined) return (this.table[h] = t.slice(start, end));
      if (k.length === len && t.startsWith(k, start)) return k;
      h++;
    }
    return t.slice(start, end);
  }
}

/**
 * Scalars are by far the most numerous nodes of a large file (10,000 hosts: ~180,000), and every
 * byte of them is copied by the garbage collector while the tree is young. The fields almost all
 * scalars share (kind, the plain style, not empty) live on the prototype, so a plain scalar holds
 * four fields instead of seven; the rest set their own.
 */
class Scalar {
  declare readonly kind: 'scalar';
  declare style: YScalar['style'];
  declare empty: boolean;
  constructor(
    public text: string,
    public value: string | number | boolean | null,
    public start: number,
    public end: number,
  ) {}
}
Object.assign(Scalar.prototype, { kind: 'scalar', style: 'plain', empty: false });

/** Builds a scalar node; quoted scalars span their quotes. */
export function makeScalar(text: string, style: YScalar['style'], start: number, end: number): YScalar {
  if (style === 'plain') return new Scalar(text, resolvePlain(text), start, end);
  const s = new Scalar(text, text, start, end);
  s.style = style;
  return s;
}

/** The value of `key:` with nothing after it, placed where the key ends. */
export function emptyScalar(at: number): YScalar {
  const s = new Scalar('', null, at, at);
  s.empty = true;
  return s;
}

/**
 * A mapping entry that is also its own key: `pair.key` returns the pair, which carries the key's
 * text, span and style. One object per entry instead of a pair plus a key scalar (a 10,000-host
 * file has ~95,000 entries). A key's resolved value is never read (keys compare by text), which
 * is why YKey leaves it out and the pair's `value` can be the entry's value.
 */
class PairNode {
  declare readonly kind: 'scalar';
  declare style: YScalar['style'];
  declare empty: boolean;
  constructor(
    public text: string,
    public start: number,
    public end: number,
    public value: YNode,
  ) {}
  get key(): YKey {
    return this;
  }
}
Object.assign(PairNode.prototype, { kind: 'scalar', style: 'plain', empty: false });

const PENDING: YNode = emptyScalar(0);

/** A key whose entry's value comes later (see addPair); the fast parser makes keys this way. */
export function makeKey(text: string, style: YScalar['style'], start: number, end: number): YKey {
  const k = new PairNode(text, start, end, PENDING);
  if (style !== 'plain') k.style = style;
  return k;
}

function pairOf(key: YKey, value: YNode): YPair {
  if (key instanceof PairNode && key.value === PENDING) {
    key.value = value;
    return key;
  }
  const p = new PairNode(key.text, key.start, key.end, value);
  if (key.style !== 'plain') p.style = key.style;
  if (key.empty) p.empty = true;
  return p;
}

/**
 * Appends a pair to the entries `items[from..]` of one mapping, reporting a duplicate key. Small mappings (almost all) look for duplicates
 * linearly; a Map per mapping costs more than the scan and dominated parsing of 10,000-host
 * files, so the Map is made only once a mapping grows past 16 keys. Returns that Map, if any.
 */
export function addPair(
  items: YPair[],
  from: number,
  key: YKey,
  value: YNode,
  errors: YamlError[],
  seen?: Map<string, YKey>,
): Map<string, YKey> | undefined {
  let prev: YKey | undefined;
  if (seen) prev = seen.get(key.text);
  else {
    for (let i = from; i < items.length; i++) {
      if (items[i].key.text === key.text) {
        prev = items[i].key;
        break;
      }
    }
    if (items.length - from >= 16) {
      seen = new Map();
      for (let i = from; i < items.length; i++)
        if (!seen.has(items[i].key.text)) seen.set(items[i].key.text, items[i].key);
    }
  }
  const pair = pairOf(key, value);
  if (prev) {
    errors.push({
      code: 'yaml-duplicate-key',
      message: `Key "${key.text}" appears twice in this mapping; the later one would silently win`,
      offset: key.start,
      related: [{ message: `first "${key.text}"`, offset: prev.start }],
    });
  } else seen?.set(key.text, pair.key);
  items.push(pair);
  return seen;
}
