// Graph edits -> minimal text edits. Pure: (text, parsed doc, topology, GraphEdit) in, a list
// of non-overlapping replacements out. Only the affected ranges change; comments, key order,
// quoting, flow/block style and blank lines elsewhere stay byte-identical.
import type { Topology } from '../model';
import type { YamlDoc } from '../yaml/ast';
import type { GraphEdit } from './types';
import { detectStyle, emitLike, emitScalar, type TextEdit, type Tpl } from './format';
import { EditError, removeEntry, replaceScalar, resolve, setAt, type Ctx } from './tree';
import { addHost, addNetwork, addPool, addVip, connect, type Plan } from './add';
import { disconnect, remove, rename } from './refs';
import { forgetLayout, layoutEdits, nodeExists } from './layout';
import { setServices } from './services';
import { renumber } from './renumber';

export type { TextEdit } from './format';
export { detectStyle, emitScalar, isSafePlain } from './format';

export interface EditInput {
  text: string;
  doc: YamlDoc;
  topology: Topology | null;
}

export interface EditOutput {
  outcome: 'applied' | 'noop' | 'error';
  /** Sorted by start, non-overlapping; empty unless outcome is 'applied'. */
  edits: TextEdit[];
  created?: string[];
  message?: string;
}

const NAME_FIELD: Record<string, 'host' | 'network' | 'vip' | 'pool'> = {
  hosts: 'host',
  networks: 'network',
  vips: 'vip',
  pools: 'pool',
};

function setField(ctx: Ctx, t: Topology, e: Extract<GraphEdit, { kind: 'setField' }>): Plan {
  const { path, value } = e;
  // Renaming through the inspector must update references too.
  if (
    path.length === 3 &&
    path[2] === 'name' &&
    typeof path[1] === 'number' &&
    NAME_FIELD[path[0] as string] &&
    typeof value === 'string'
  ) {
    const kind = NAME_FIELD[path[0] as string];
    const node = resolve(ctx.root, path).node;
    if (node?.kind === 'scalar' && !node.empty && node.text !== value) {
      const list = kind === 'host' ? t.hosts : kind === 'network' ? t.networks : kind === 'vip' ? t.vips : t.pools;
      if (list.some((x) => x.name === node.text))
        return rename(ctx, t, { kind: 'rename', id: `${kind}:${node.text}`, newName: value });
    }
  }
  const { node, parent } = resolve(ctx.root, path);
  if (value === null) {
    const last = path[path.length - 1];
    if (!node) return { edits: [], noop: 'The field is already absent' };
    if (typeof last !== 'string' || parent?.kind !== 'map') throw new EditError('Only mapping keys can be removed');
    const edit = removeEntry(ctx, parent, last);
    return edit ? { edits: [edit] } : { edits: [], noop: 'The field is already absent' };
  }
  const key = String(path[path.length - 1]);
  const quote = key === 'mac' ? ctx.style.macQuote : undefined;
  if (!Array.isArray(value) && node?.kind === 'scalar') {
    const pair = resolve(ctx.root, path).pair;
    if (!node.empty && node.value === value && typeof value !== 'string')
      return { edits: [], noop: 'The value is unchanged' };
    if (!node.empty && typeof value === 'string' && node.text === value && typeof node.value === 'string')
      return { edits: [], noop: 'The value is unchanged' };
    return {
      edits: [
        replaceScalar(
          ctx,
          node,
          pair?.key,
          quote && node.style === 'plain' ? emitScalar(value, quote) : emitLike(node, value),
        ),
      ],
    };
  }
  const tpl: Tpl = Array.isArray(value)
    ? { t: 'seq', flow: true, items: value.map((v) => ({ t: 'scalar', text: emitScalar(v) })) }
    : { t: 'scalar', text: emitScalar(value, quote) };
  return { edits: [setAt(ctx, path, tpl)] };
}

function plan(ctx: Ctx, t: Topology, edit: GraphEdit): Plan {
  switch (edit.kind) {
    case 'addHost':
      return addHost(ctx, t, edit);
    case 'addNetwork':
      return addNetwork(ctx, t, edit);
    case 'addVip':
      return addVip(ctx, t, edit);
    case 'addPool':
      return addPool(ctx, t, edit);
    case 'delete':
      return remove(ctx, t, edit);
    case 'rename':
      return rename(ctx, t, edit);
    case 'connect':
      return connect(ctx, t, edit);
    case 'disconnect':
      return disconnect(ctx, t, edit);
    case 'setField':
      return setField(ctx, t, edit);
    case 'setServices':
      return setServices(ctx, t, edit);
    case 'renumber':
      return renumber(ctx, t, edit);
    case 'move': {
      const edits = layoutEdits(ctx, t, edit.positions, (id) => nodeExists(t, id));
      return edits.length ? { edits } : { edits: [], noop: 'The positions are unchanged' };
    }
    case 'autoLayout':
      return forgetLayout(ctx);
  }
}

/** Turns one graph edit into text edits. Never throws: problems come back as outcome 'error'. */
export function planGraphEdit(input: EditInput, edit: GraphEdit): EditOutput {
  const { text, doc, topology } = input;
  if (!topology || doc.errors.some((e) => e.code === 'yaml-syntax')) {
    return {
      outcome: 'error',
      edits: [],
      message: 'The YAML has a syntax error; fix it in the text before editing the graph',
    };
  }
  const ctx: Ctx = { text, root: doc.root, style: detectStyle(text, doc.root) };
  try {
    const p = plan(ctx, topology, edit);
    const edits = normalise(text, p.edits);
    if (!edits.length) return { outcome: 'noop', edits: [], message: p.noop ?? 'Nothing to change' };
    return { outcome: 'applied', edits, created: p.created };
  } catch (e) {
    if (e instanceof EditError) return { outcome: 'error', edits: [], message: e.message };
    return { outcome: 'error', edits: [], message: `Internal error while editing: ${(e as Error).message}` };
  }
}

/**
 * Sorts edits, drops no-ops and edits inside a removed range (e.g. a backend reference inside
 * a deleted VIP), merges touching deletions and same-offset inserts. Overlaps are a bug.
 */
export function normalise(text: string, edits: TextEdit[]): TextEdit[] {
  const list = edits
    .filter((e) => !(e.newText === text.slice(e.start, e.end)))
    .map((e, i) => ({ ...e, i }))
    .sort((a, b) => a.start - b.start || a.end - a.start - (b.end - b.start) || a.i - b.i);
  const out: TextEdit[] = [];
  for (const e of list) {
    const prev = out[out.length - 1];
    if (!prev || e.start >= prev.end) {
      if (prev && prev.start === prev.end && e.start === e.end && prev.start === e.start) {
        prev.newText += e.newText;
        continue;
      }
      out.push({ start: e.start, end: e.end, newText: e.newText });
      continue;
    }
    // Overlap: keep the deletion that covers it; merge two deletions.
    if (prev.newText === '' && e.end <= prev.end) continue;
    if (prev.newText === '' && e.newText === '') {
      prev.end = Math.max(prev.end, e.end);
      continue;
    }
    if (e.start <= prev.start && e.end >= prev.end && e.newText === '') {
      out[out.length - 1] = { start: e.start, end: e.end, newText: '' };
      continue;
    }
    if (e.start >= prev.start && e.end <= prev.end && prev.start !== prev.end) continue;
    throw new Error(`overlapping edits at ${e.start}`);
  }
  return out;
}

export { applyEdits } from '../text';
