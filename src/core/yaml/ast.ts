// A small YAML tree with source offsets. Most topology files use a plain block-YAML subset that
// a one-pass parser (./fast) reads directly; anything else goes through js-yaml 5's event stream,
// which gives exact offsets for every scalar. Both build the same tree (a differential test checks).
import { parseEvents, getScalarValue, YAMLException, type Event, type ScalarEvent } from 'js-yaml';
import type { Path } from '../model';
import {
  STYLES,
  KeyInterner,
  addPair,
  emptyScalar,
  makeScalar,
  type Span,
  type YKey,
  type YMap,
  type YNode,
  type YScalar,
  type YSeq,
  type YamlDoc,
  type YamlError,
} from './tree';
import { parseFast } from './fast';

export type { Span, YAlias, YKey, YMap, YNode, YPair, YScalar, YSeq, YamlDoc, YamlError } from './tree';

/** A complex (non-scalar) key, reported and read as an empty one. */
const emptyKey: YKey = { kind: 'scalar', text: '', style: 'plain', empty: true, start: 0, end: 0 };

function scalarFrom(text: string, ev: ScalarEvent, fallbackOffset: number, keys?: KeyInterner): YScalar {
  if (ev.valueStart < 0) return emptyScalar(fallbackOffset);
  const style = STYLES[ev.style] ?? 'plain';
  const decoded = keys && ev.fast ? keys.get(ev.valueStart, ev.valueEnd) : getScalarValue(text, ev);
  const quoted = style === 'single' || style === 'double';
  return makeScalar(decoded, style, quoted ? ev.valueStart - 1 : ev.valueStart, quoted ? ev.valueEnd + 1 : ev.valueEnd);
}

/** Parses YAML text into a located tree. Never throws: errors are returned. */
export function parseYaml(text: string): YamlDoc {
  return parseFast(text) ?? parseYamlEvents(text);
}

/** The general path: js-yaml's events turned into the tree. Exported for the differential test. */
export function parseYamlEvents(text: string): YamlDoc {
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch (e) {
    if (e instanceof YAMLException) {
      const pos = e.mark?.position ?? 0;
      return {
        text,
        root: null,
        errors: [{ code: 'yaml-syntax', message: capitalise(e.reason || 'invalid YAML'), offset: pos }],
      };
    }
    return {
      text,
      root: null,
      errors: [{ code: 'yaml-syntax', message: String((e as Error)?.message ?? e), offset: 0 }],
    };
  }
  const errors: YamlError[] = [];
  let i = 0;
  let docs = 0;
  let root: YNode | null = null;
  let lastEnd = 0;
  const keys = new KeyInterner(text);

  function build(isKey = false): YNode {
    const ev = events[i++];
    switch (ev.type) {
      case 4: {
        const s = scalarFrom(text, ev, lastEnd, isKey ? keys : undefined);
        lastEnd = Math.max(lastEnd, s.end);
        return s;
      }
      case 5:
        lastEnd = Math.max(lastEnd, ev.anchorEnd);
        errors.push({
          code: 'yaml-unsupported',
          message: 'YAML aliases are not supported in a topology file; write the value out',
          offset: ev.anchorStart - 1,
        });
        return { kind: 'alias', start: ev.anchorStart - 1, end: ev.anchorEnd };
      case 3: {
        const node: YMap = { kind: 'map', flow: ev.style === 2, items: [], start: ev.start, end: ev.start };
        let seen: Map<string, YKey> | undefined;
        lastEnd = ev.start + (node.flow ? 1 : 0);
        while (events[i].type !== 6) {
          const k = build(true);
          const v = build();
          const key: YKey = k.kind === 'scalar' ? k : { ...emptyKey, start: k.start, end: k.end };
          if (k.kind !== 'scalar')
            errors.push({
              code: 'yaml-unsupported',
              message: 'Complex (non-scalar) mapping keys are not supported',
              offset: k.start,
            });
          seen = addPair(node.items, 0, key, v, errors, seen);
        }
        i++;
        node.end = closeFlow(node.flow, '}', lastEnd);
        lastEnd = node.end;
        return node;
      }
      case 2: {
        const node: YSeq = { kind: 'seq', flow: ev.style === 2, items: [], start: ev.start, end: ev.start };
        lastEnd = ev.start + 1;
        while (events[i].type !== 6) node.items.push(build());
        i++;
        node.end = closeFlow(node.flow, ']', lastEnd);
        lastEnd = node.end;
        return node;
      }
      default:
        throw new Error(`unexpected YAML event ${ev.type}`);
    }
  }

  // A flow collection ends at its closing bracket; events do not carry it, so find it.
  function closeFlow(flow: boolean, bracket: string, from: number): number {
    if (!flow) return from;
    const at = skipToBracket(text, from, bracket);
    return at < 0 ? from : at + 1;
  }

  while (i < events.length) {
    const ev = events[i];
    if (ev.type === 1) {
      docs++;
      i++;
      if (events[i] && events[i].type !== 6) {
        const node = build();
        if (docs === 1) root = node;
        else
          errors.push({
            code: 'yaml-unsupported',
            message: 'Only the first YAML document is read; remove the extra `---` document',
            offset: node.start,
          });
      }
      i++; // document's POP
    } else i++;
  }
  return { text, root, errors };
}

function skipToBracket(text: string, from: number, bracket: string): number {
  for (let p = from; p < text.length; p++) {
    const c = text[p];
    if (c === bracket) return p;
    if (c === '#') {
      while (p < text.length && text[p] !== '\n') p++;
    } else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r' && c !== ',' && c !== '"' && c !== "'") return -1;
  }
  return -1;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Returns the node's value at `path`, or undefined when it does not exist. */
export function nodeAt(root: YNode | null, path: Path): YNode | undefined {
  let cur: YNode | undefined = root ?? undefined;
  for (const seg of path) {
    if (!cur) return undefined;
    if (typeof seg === 'number') cur = cur.kind === 'seq' ? cur.items[seg] : undefined;
    else cur = cur.kind === 'map' ? cur.items.find((p) => p.key.text === seg)?.value : undefined;
  }
  return cur;
}

/** The key scalar of the last segment of `path`, when that segment is a mapping key. */
export function keyAt(root: YNode | null, path: Path): YKey | undefined {
  if (path.length === 0) return undefined;
  const parent = nodeAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (!parent || parent.kind !== 'map' || typeof last !== 'string') return undefined;
  return parent.items.find((p) => p.key.text === last)?.key;
}

/**
 * The best span for a path: the value node if present (whole node for collections), else the
 * deepest existing ancestor's key. Diagnostics use this so a missing field points at its parent.
 */
export function locate(root: YNode | null, path: Path): Span {
  for (let n = path.length; n >= 0; n--) {
    const p = path.slice(0, n);
    const node = nodeAt(root, p);
    if (!node) continue;
    if (n < path.length) {
      const key = keyAt(root, p);
      if (key) return { start: key.start, end: key.end };
    }
    if (node.kind === 'map' || node.kind === 'seq') {
      const key = n === path.length ? keyAt(root, p) : undefined;
      if (key && !node.flow) return { start: key.start, end: key.end };
      // An unnamed collection (a list item): point at its name, or its first key, not every line.
      if (node.kind === 'map' && node.items.length > 0) {
        const named = node.items.find((it) => it.key.text === 'name') ?? node.items[0];
        const v =
          named.key.text === 'name' && named.value.kind === 'scalar' && !named.value.empty ? named.value : named.key;
        return { start: v.start, end: v.end };
      }
      return { start: node.start, end: node.start + 1 };
    }
    return { start: node.start, end: Math.max(node.end, node.start) };
  }
  return { start: 0, end: 0 };
}
