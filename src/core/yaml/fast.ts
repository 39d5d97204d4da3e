// One-pass parser for the plain block-YAML that topology files are written in: block mappings and
// sequences, single-line flow collections, single-line plain and quoted scalars, comments.
// It builds the same located tree as the js-yaml event path (a differential test holds it to
// that) in about a third of the time, which is what keeps 10,000-host files fast. On anything
// outside that subset (anchors, tags, block scalars, multi-line scalars, tabs, errors…) it gives
// up and the caller uses js-yaml, so YAML's full grammar and its error messages stay js-yaml's.
import {
  KeyInterner,
  addPair,
  emptyScalar,
  makeKey,
  makeScalar,
  type YKey,
  type YMap,
  type YNode,
  type YPair,
  type YScalar,
  type YSeq,
  type YamlDoc,
  type YamlError,
} from './tree';
import {
  BAIL,
  bail,
  OUTSIDE_SUBSET,
  NOT_PLAIN_ASCII,
  SP,
  LF,
  CR,
  HASH,
  DASH,
  COLON,
  COMMA,
  LBRACKET,
  RBRACKET,
  LBRACE,
  RBRACE,
  DQUOTE,
  SQUOTE,
  BACKSLASH,
  isFlowIndicator,
  isWsOrEol,
  NOT_PLAIN_START,
  plain,
  plainEnd,
} from './fast-chars';

/** Placeholder items of a collection being read (see FastParser.stack). */
const NO_ITEMS: never[] = [];

/** What scalarOrKey returned when isKey was false: a value scalar made by makeScalar. */
const asValue = (s: YKey): YScalar => s as YScalar;

class FastParser {
  private p = 0;
  private lineStart = 0;
  /** Column of the current content line's first character; -1 at the end of the text. */
  private ind = -1;
  private lastEnd = 0;
  /** Set by scalarOrKey: the scalar just read is a mapping key (its `:` consumed). */
  private isKey = false;
  private inDocument = false;
  readonly errors: YamlError[] = [];
  private readonly keys: KeyInterner;
  /**
   * Items of the collections being read, innermost last; each collection copies its own out when
   * it ends. One growing array instead of a growing array per collection, and the copies are
   * exact-size (the tree lives long; growth slack would too).
   */
  private readonly stack: (YNode | YPair)[] = [];

  constructor(private readonly t: string) {
    this.keys = new KeyInterner(t);
  }

  parse(): YNode {
    const t = this.t;
    if (NOT_PLAIN_ASCII.test(t) && OUTSIDE_SUBSET.test(t)) bail();
    this.lineAt(0);
    if (this.ind === 0 && this.isMarker(this.p, DASH)) {
      this.p += 3;
      this.endLine();
    }
    this.inDocument = true;
    if (this.ind < 0) bail();
    const root = this.blockNode(this.ind);
    // Leftover content: a second document, or a line indented left of the root.
    if (this.ind >= 0 || root.kind === 'scalar') bail();
    return root;
  }

  /** Reads from the start of a line to the first content character of the next non-blank line. */
  private lineAt(p: number): void {
    const t = this.t;
    const n = t.length;
    for (;;) {
      let q = p;
      while (t.charCodeAt(q) === SP) q++;
      const c = t.charCodeAt(q);
      if (q >= n) {
        this.p = n;
        this.ind = -1;
        return;
      }
      if (c === LF || c === CR || c === HASH) {
        const nl = t.indexOf('\n', q);
        if (nl < 0) {
          this.p = n;
          this.ind = -1;
          return;
        }
        p = nl + 1;
        continue;
      }
      this.lineStart = p;
      this.p = q;
      this.ind = q - p;
      if (this.ind === 0 && this.inDocument && (this.isMarker(q, DASH) || this.isMarker(q, 46))) bail();
      return;
    }
  }

  private isMarker(q: number, ch: number): boolean {
    const t = this.t;
    return (
      t.charCodeAt(q) === ch &&
      t.charCodeAt(q + 1) === ch &&
      t.charCodeAt(q + 2) === ch &&
      isWsOrEol(t.charCodeAt(q + 3))
    );
  }

  private nextLine(): void {
    const nl = this.t.indexOf('\n', this.p);
    if (nl < 0) {
      this.p = this.t.length;
      this.ind = -1;
    } else this.lineAt(nl + 1);
  }

  /** After a value: only spaces and a comment may follow on its line. */
  private endLine(): void {
    const t = this.t;
    let p = this.p;
    while (t.charCodeAt(p) === SP) p++;
    const c = t.charCodeAt(p);
    this.p = p;
    if (c === LF || c === CR || p >= t.length || (c === HASH && t.charCodeAt(p - 1) === SP)) this.nextLine();
    else bail();
  }

  private isSeqDash(p: number): boolean {
    return this.t.charCodeAt(p) === DASH && isWsOrEol(this.t.charCodeAt(p + 1));
  }

  /** A block node starting at the cursor, in column `col`; returns with the next line read. */
  private blockNode(col: number): YNode {
    const c = this.t.charCodeAt(this.p);
    if (this.isSeqDash(this.p)) return this.blockSeq(col);
    if (c === LBRACKET || c === LBRACE) return this.flowThenEol();
    const s = this.scalarOrKey(false);
    if (this.isKey) return this.blockMap(col, s);
    this.endLine();
    return asValue(s);
  }

  private flowThenEol(): YNode {
    const node = this.flow();
    while (this.t.charCodeAt(this.p) === SP) this.p++;
    if (this.t.charCodeAt(this.p) === COLON) bail(); // a flow collection as a key
    this.endLine();
    return node;
  }

  private blockMap(col: number, first: YKey): YMap {
    const node: YMap = { kind: 'map', flow: false, items: NO_ITEMS, start: first.start, end: 0 };
    const stack = this.stack as YPair[];
    const base = stack.length;
    let seen: Map<string, YKey> | undefined;
    let key = first;
    for (;;) {
      seen = addPair(stack, base, key, this.mapValue(col), this.errors, seen);
      if (this.ind !== col) {
        if (this.ind > col) bail();
        break;
      }
      const c = this.t.charCodeAt(this.p);
      if (c === LBRACKET || c === LBRACE || this.isSeqDash(this.p)) bail();
      key = this.scalarOrKey(false);
      if (!this.isKey) bail();
    }
    node.end = this.lastEnd;
    node.items = this.take(base);
    return node;
  }

  /** The value after `key:` (cursor just past the colon) of a mapping in column `col`. */
  private mapValue(col: number): YNode {
    const t = this.t;
    while (t.charCodeAt(this.p) === SP) this.p++;
    const c = t.charCodeAt(this.p);
    if (c === LF || c === CR || c === HASH || this.p >= t.length) {
      this.nextLine();
      if (this.ind > col) return this.blockNode(this.ind);
      if (this.ind === col && this.isSeqDash(this.p)) return this.blockSeq(col);
      return emptyScalar(this.lastEnd);
    }
    let node: YNode;
    if (c === LBRACKET || c === LBRACE) node = this.flowThenEol();
    else {
      if (this.isSeqDash(this.p)) bail();
      node = asValue(this.scalarOrKey(false));
      if (this.isKey) bail();
      this.endLine();
    }
    if (this.ind > col) bail(); // a continuation line or a misplaced key
    return node;
  }

  private blockSeq(col: number): YSeq {
    const t = this.t;
    const node: YSeq = { kind: 'seq', flow: false, items: NO_ITEMS, start: this.p, end: 0 };
    const base = this.stack.length;
    this.lastEnd = this.p + 1;
    for (;;) {
      this.p++; // the dash
      while (t.charCodeAt(this.p) === SP) this.p++;
      const c = t.charCodeAt(this.p);
      let item: YNode;
      if (c === LF || c === CR || c === HASH || this.p >= t.length) {
        this.nextLine();
        item = this.ind > col ? this.blockNode(this.ind) : emptyScalar(this.lastEnd);
      } else if (this.isSeqDash(this.p)) bail();
      else if (c === LBRACKET || c === LBRACE) item = this.flowThenEol();
      else {
        const itemCol = this.p - this.lineStart;
        const s = this.scalarOrKey(false);
        if (this.isKey) item = this.blockMap(itemCol, s);
        else {
          this.endLine();
          item = asValue(s);
        }
      }
      this.stack.push(item);
      if (this.ind === col && this.isSeqDash(this.p)) continue;
      if (this.ind > col) bail();
      break;
    }
    node.end = this.lastEnd;
    node.items = this.take(base);
    return node;
  }

  /** A single-line flow collection at the cursor. */
  private flow(): YMap | YSeq {
    const t = this.t;
    const start = this.p;
    const isMap = t.charCodeAt(start) === LBRACE;
    const close = isMap ? RBRACE : RBRACKET;
    const node: YMap | YSeq = isMap
      ? { kind: 'map', flow: true, items: NO_ITEMS, start, end: 0 }
      : { kind: 'seq', flow: true, items: NO_ITEMS, start, end: 0 };
    const base = this.stack.length;
    this.p++;
    this.lastEnd = start + 1;
    this.flowSpace();
    if (t.charCodeAt(this.p) !== close) {
      let seen: Map<string, YKey> | undefined;
      for (;;) {
        if (node.kind === 'map') {
          const c = t.charCodeAt(this.p);
          if (c === LBRACKET || c === LBRACE) bail();
          const key = this.scalarOrKey(true);
          if (!this.isKey) bail();
          this.flowSpace();
          seen = addPair(this.stack as YPair[], base, key, this.flowItem(), this.errors, seen);
        } else this.stack.push(this.flowItem());
        this.flowSpace();
        const c = t.charCodeAt(this.p);
        if (c === COMMA) {
          this.p++;
          this.flowSpace();
          if (t.charCodeAt(this.p) === close) bail(); // trailing comma
          continue;
        }
        if (c === close) break;
        bail();
      }
    }
    this.p++;
    node.end = this.p;
    this.lastEnd = this.p;
    (node.items as unknown[]) = this.take(base);
    return node;
  }

  private flowItem(): YNode {
    const c = this.t.charCodeAt(this.p);
    if (c === LBRACKET || c === LBRACE) return this.flow();
    const s = this.scalarOrKey(true);
    if (this.isKey) bail(); // a single-pair mapping inside a flow sequence
    return asValue(s);
  }

  /** Spaces inside a flow collection; line breaks and comments there take the general path. */
  private flowSpace(): void {
    const t = this.t;
    while (t.charCodeAt(this.p) === SP) this.p++;
    const c = t.charCodeAt(this.p);
    if (c === LF || c === CR || c === HASH || this.p >= t.length) bail();
  }

  /** A plain or quoted scalar at the cursor; sets isKey (and consumes the `:`) when a key indicator follows. */
  private scalarOrKey(inFlow: boolean): YKey {
    const t = this.t;
    const start = this.p;
    const c = t.charCodeAt(start);
    let s: YKey;
    if (c === DQUOTE || c === SQUOTE) {
      let p = start + 1;
      let doubled = false;
      for (;;) {
        const d = t.charCodeAt(p);
        if (d === LF || d === CR || p >= t.length || (d === BACKSLASH && c === DQUOTE)) bail();
        if (d === c) {
          if (c === SQUOTE && t.charCodeAt(p + 1) === SQUOTE) {
            doubled = true;
            p += 2;
            continue;
          }
          break;
        }
        p++;
      }
      const close = p;
      p++;
      while (t.charCodeAt(p) === SP) p++;
      this.p = p;
      this.isKey = false;
      if (t.charCodeAt(p) === COLON) {
        if (!isWsOrEol(t.charCodeAt(p + 1))) bail();
        this.isKey = true;
        this.p = p + 1;
      }
      const raw = doubled ? t.slice(start + 1, close).replace(/''/g, "'") : this.text(start + 1, close);
      s = (this.isKey ? makeKey : makeScalar)(raw, c === DQUOTE ? 'double' : 'single', start, close + 1);
    } else {
      if (
        NOT_PLAIN_START.has(c) ||
        (c === DASH && (isWsOrEol(t.charCodeAt(start + 1)) || isFlowIndicator(t.charCodeAt(start + 1))))
      )
        bail();
      const end = plainEnd(t, start, inFlow);
      this.isKey = plain.isKey;
      this.p = plain.next;
      s = (this.isKey ? makeKey : makeScalar)(this.text(start, end), 'plain', start, end);
    }
    if (s.end > this.lastEnd) this.lastEnd = s.end;
    return s;
  }

  private take<T>(base: number): T[] {
    const items = this.stack.slice(base) as T[];
    this.stack.length = base;
    return items;
  }

  /** Keys repeat on every item (`name`, `ip`…): intern them; values are sliced. */
  private text(start: number, end: number): string {
    // Short values repeat too (roles, `4`, `enp1s0`, `rack-3`); long ones are mostly unique
    // (addresses, MACs, host names), where a lookup would only cost time.
    return this.isKey || end - start <= 8 ? this.keys.get(start, end) : this.t.slice(start, end);
  }
}

/**
 * Parses `text` when it stays inside the fast subset; undefined means "use the general parser".
 * `strict` rethrows internal errors instead of falling back (for tests: a bug must not hide).
 */
export function parseFast(text: string, strict = false): YamlDoc | undefined {
  const parser = new FastParser(text);
  try {
    const root = parser.parse();
    return { text, root, errors: parser.errors };
  } catch (e) {
    if (e === BAIL || !strict) return undefined;
    throw e;
  }
}
