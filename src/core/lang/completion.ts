// Completion: keys from the schema, enum values, names where a reference is expected, the next
// free IP of the interface's network and a fresh MAC. Pure: (text, offset) in, items out.
import { analyze, type Analysis } from '../analyze';
import type { Path, Topology } from '../model';
import { resolveRef, schemaAt, type SchemaNode } from '../schema/structure';
import { cursorContext, type CursorContext } from './context';
import { Lines, commentStart } from './lines';
import { referenceKind } from './names';
import { findNetwork, freshMac, largestFreeRange, nextFreeIp } from './addresses';
import { parseCidr, formatAddr } from '../ip';
import { hostAddress } from '../facts';
import { directiveItems } from './directives';
import { skeletonItems } from './skeleton';
import type { Completion } from './types';
import { esc, namesOf, newHostSnippet, requiredBody, typeOf } from './snippets';

export type { Completion };

/** Above this size re-analysing on a completion request costs more than a keystroke may take. */
const LARGE = 100_000;

/**
 * A topology good enough for names and addresses, even when the buffer does not parse right now:
 * the text with the line being typed blanked out (usually the only broken one), or for large
 * files the last topology that parsed (`lastGood`), which is at most a few keystrokes old.
 */
export function lenientTopology(
  text: string,
  offset: number,
  analysis?: Analysis,
  lastGood?: Topology | null,
): Topology | null {
  const a = analysis ?? analyze(text);
  if (a.topology) return a.topology;
  if (lastGood && text.length > LARGE) return lastGood;
  const ls = new Lines(text);
  const L = ls.lineOf(offset);
  const s = ls.start(L);
  const e = s + ls.raw(L).length;
  return analyze(text.slice(0, s) + ' '.repeat(e - s) + text.slice(e)).topology ?? lastGood ?? null;
}

export function docOf(s: SchemaNode | undefined): string | undefined {
  if (!s) return undefined;
  const parts = [s.markdownDescription ?? s.description ?? ''];
  if (s.enum) parts.push(`Allowed: ${s.enum.map((v) => `\`${String(v)}\``).join(', ')}`);
  if (s.default !== undefined) parts.push(`Default: \`${JSON.stringify(s.default)}\``);
  if (s.examples?.length) parts.push(`Example: \`${String(s.examples[0])}\``);
  const out = parts.filter(Boolean).join('\n\n');
  return out || undefined;
}

/** Quotes a value when YAML would read it as something else (or the user started a quote). */
function quoteFor(value: string, prefix: string, force = false): string {
  const q = prefix.startsWith('"') || prefix.startsWith("'") ? prefix[0] : force ? '"' : '';
  return q ? `${q}${value}${q}` : value;
}

function keyItems(ctx: CursorContext, text: string, t: Topology | null, lineIndent: number): Completion[] {
  const s = schemaAt(ctx.path);
  if (!s) return [];
  const out: Completion[] = [];
  const hasColon = text[ctx.end] === ':' || /^\s*:/.test(text.slice(ctx.end, ctx.end + 3));
  const rel = ' '.repeat(Math.max(0, ctx.column - lineIndent));
  for (const [key, raw] of Object.entries(s.properties ?? {})) {
    if (ctx.siblings.has(key)) continue;
    const child = schemaAt([...ctx.path, key]);
    const ty = typeOf(child);
    let insertText = `${key}: `;
    let snippet = false;
    if (hasColon) insertText = key;
    else if (ctx.flow) insertText = `${key}: `;
    else if (ty === 'object') {
      insertText = `${key}:\n${rel}  $0`;
      snippet = true;
    } else if (ty === 'array') {
      const itemType = typeOf(child?.items && resolveRef(child.items));
      insertText = itemType === 'object' ? `${key}:\n${rel}  - $0` : `${key}: [$0]`;
      snippet = true;
    } else if (child?.enum) {
      insertText = `${key}: \${1|${child.enum.map((v) => esc(String(v)).replace(/[,|]/g, '')).join(',')}|}`;
      snippet = true;
    }
    const required = (s.required ?? []).includes(key);
    out.push({
      label: key,
      kind: 'property',
      detail: required ? `${ty ?? ''} (required)` : ty,
      documentation: docOf(child ?? raw),
      insertText,
      snippet,
      start: ctx.start,
      end: ctx.end,
      sortText: `${required ? '0' : '1'}${key}`,
    });
  }
  // Free-form maps keyed by entity names (layout).
  if (typeof s.additionalProperties === 'object' && ctx.path.length === 1 && ctx.path[0] === 'layout' && t) {
    const names = [
      ...t.hosts.map((h) => h.name),
      ...t.networks.map((n) => n.name),
      ...t.vips.map((v) => v.name),
      ...t.pools.map((p) => p.name),
    ];
    for (const name of new Set(names)) {
      if (!name || ctx.siblings.has(name)) continue;
      out.push({
        label: name,
        kind: 'reference',
        detail: 'graph position',
        insertText: hasColon ? name : `${name}: { x: \${1:0}, y: \${2:0} }`,
        snippet: !hasColon,
        start: ctx.start,
        end: ctx.end,
      });
    }
  }
  return out;
}

function valueItems(ctx: CursorContext, path: Path, t: Topology | null): Completion[] {
  const s = schemaAt(path);
  const out: Completion[] = [];
  const span = { start: ctx.start, end: ctx.end };
  const add = (c: Omit<Completion, 'start' | 'end'>) =>
    out.push({ ...c, ...span, filterText: c.filterText ?? c.insertText });
  const enumValues = s?.enum ?? (s?.type === 'boolean' ? [true, false] : undefined);
  for (const v of enumValues ?? []) {
    add({
      label: String(v),
      kind: 'enum',
      insertText: quoteFor(String(v), ctx.prefix),
      snippet: false,
      documentation: docOf(s),
      preselect: s?.default === v,
    });
  }
  const ref = referenceKind(path);
  if (ref && t) {
    for (const n of namesOf(t, ref)) {
      if (!n.name) continue;
      add({
        label: n.name,
        kind: 'reference',
        detail: `${ref} · ${n.detail}`,
        insertText: quoteFor(n.name, ctx.prefix),
        snippet: false,
        sortText: n.sort,
      });
    }
  }
  const last = path[path.length - 1];
  const parent = path.slice(0, -1);
  const isInterface = parent.length === 4 && parent[0] === 'hosts' && parent[2] === 'interfaces';
  const isVip = parent.length === 2 && parent[0] === 'vips';
  if (t && (isInterface || isVip) && (last === 'ip' || last === 'ip6')) {
    const net = ctx.siblings.get('network');
    const family = last === 'ip' ? 4 : 6;
    const ip = nextFreeIp(t, net || undefined, family);
    const n = findNetwork(t, net || undefined);
    if (ip && n)
      add({
        label: ip,
        kind: 'address',
        detail: `next free address in ${n.name} (${family === 4 ? n.cidr : n.cidr6})`,
        insertText: quoteFor(ip, ctx.prefix),
        snippet: false,
        preselect: true,
        sortText: '0',
      });
  }
  if (isInterface && last === 'mac') {
    const mac = freshMac(t, JSON.stringify(path));
    add({
      label: mac,
      kind: 'mac',
      detail: 'new locally administered MAC (52:54:00 block, unused in this file)',
      insertText: quoteFor(mac, ctx.prefix, true),
      snippet: false,
      preselect: true,
      filterText: quoteFor(mac, ctx.prefix, true),
    });
  }
  const netOf = (i: string | number | undefined) => t?.networks.find((n) => n.path[1] === i);
  // DNS servers: the address the dns service host has on this network.
  if (t && path.length === 4 && path[0] === 'networks' && path[2] === 'dns') {
    const n = netOf(path[1]);
    for (const name of t.services.dns?.hosts ?? []) {
      const h = t.hosts.find((x) => x.name === name);
      const ip = h && n ? hostAddress(h, n.name) : undefined;
      if (ip)
        add({
          label: ip,
          kind: 'address',
          detail: `${name} runs the DNS service`,
          insertText: quoteFor(ip, ctx.prefix),
          snippet: false,
        });
    }
  }
  // Gateways: a hypervisor on the network usually routes for it.
  if (t && parent.length === 2 && parent[0] === 'networks' && last === 'gateway') {
    const n = netOf(parent[1]);
    for (const h of t.hosts.filter((x) => x.role === 'hypervisor')) {
      const ip = n ? hostAddress(h, n.name) : undefined;
      if (ip) add({ label: ip, kind: 'address', detail: `hypervisor ${h.name}`, insertText: ip, snippet: false });
    }
  }
  if (t && path.length === 4 && path[1] === 'networking' && path[2] === 'machineNetwork') {
    for (const n of t.networks)
      if (n.cidr)
        add({
          label: n.cidr,
          kind: 'address',
          detail: `network ${n.name}`,
          insertText: quoteFor(n.cidr, ctx.prefix),
          snippet: false,
        });
  }
  if (parent.length === 2 && parent[0] === 'networks' && last === 'gateway') {
    const c = parseCidr(ctx.siblings.get('cidr'));
    if (c && c.prefix < 31)
      add({
        label: formatAddr(c.family, c.base + 1n),
        kind: 'address',
        detail: 'first address of the network',
        insertText: formatAddr(c.family, c.base + 1n),
        snippet: false,
      });
  }
  // A new DHCP range or pool entry: the largest block nobody uses yet.
  const netIndex = parent[0] === 'networks' && last === 'range' ? parent[1] : undefined;
  const poolIndex = path.length === 4 && path[0] === 'pools' && path[2] === 'addresses' ? path[1] : undefined;
  if (t && (netIndex !== undefined || poolIndex !== undefined)) {
    const net =
      netIndex !== undefined
        ? t.networks.find((n) => n.path[1] === netIndex)?.name
        : t.pools.find((p) => p.path[1] === poolIndex)?.network;
    const range = net ? largestFreeRange(t, net) : undefined;
    if (range)
      add({
        label: range,
        kind: 'address',
        detail: `largest unused block of ${net}`,
        insertText: quoteFor(range, ctx.prefix),
        snippet: false,
      });
  }
  // Schema examples help for versions and file paths; for addresses they would only mislead.
  for (const ex of !enumValues && !ref ? (s?.examples ?? []) : []) {
    const v = String(ex);
    if (/^[0-9a-f.:/-]+$/i.test(v) || v === String(s?.default)) continue;
    add({
      label: v,
      kind: 'value',
      detail: 'example',
      insertText: quoteFor(v, ctx.prefix),
      snippet: false,
      sortText: `9${v}`,
    });
  }
  if (s?.default !== undefined && !enumValues) {
    add({
      label: String(s.default),
      kind: 'value',
      detail: 'default',
      insertText: quoteFor(String(s.default), ctx.prefix),
      snippet: false,
      documentation: docOf(s),
    });
  }
  return out;
}

function itemItems(ctx: CursorContext, t: Topology | null): Completion[] {
  const s = schemaAt(ctx.path);
  const items = s?.items ? resolveRef(s.items) : undefined;
  if (!items) return [];
  if (typeOf(items) === 'object') {
    const tab = { n: 1 };
    const body = requiredBody(items, [...ctx.path, 0], t, '  ', tab);
    const first = body.length ? body[0].trimStart() : '$0';
    const text = ['- ' + first, ...body.slice(1)].join('\n');
    const out: Completion[] = [];
    const host = ctx.path.length === 1 && ctx.path[0] === 'hosts' && t ? newHostSnippet(t) : undefined;
    if (host)
      out.push({
        label: '- new host on the network',
        kind: 'item',
        detail: 'host with an interface, the next free IP and a new MAC',
        insertText: host,
        snippet: true,
        start: ctx.start,
        end: ctx.end,
        filterText: '-',
        sortText: '0',
      });
    return [
      ...out,
      {
        label: `- new ${String(ctx.path[ctx.path.length - 1]).replace(/s$/, '')}`,
        kind: 'item',
        detail: 'list entry with its required fields',
        documentation: docOf(items),
        insertText: text,
        snippet: true,
        start: ctx.start,
        end: ctx.end,
        filterText: '-',
        sortText: '1',
      },
    ];
  }
  const sub: CursorContext = { ...ctx, prefix: '' };
  return valueItems(sub, [...ctx.path, 0], t).map((c) => ({
    ...c,
    label: c.label,
    insertText: `- ${c.insertText}`,
    filterText: `- ${c.filterText ?? c.label}`,
  }));
}

export interface CompleteOptions {
  /**
   * Leave schema-only items (keys, enum values) out, when another extension (Red Hat YAML with
   * our contributed schema) already offers them, so the list has no duplicates.
   */
  schemaItems?: boolean;
  /** The last topology of this document that parsed (see lenientTopology). */
  lastGood?: Topology | null;
}

const SCHEMA_ONLY = new Set<Completion['kind']>(['property', 'enum']);

/** Completion items at `offset`. */
export function complete(text: string, offset: number, analysis?: Analysis, opts: CompleteOptions = {}): Completion[] {
  const items = completeAll(text, offset, analysis, opts.lastGood);
  return opts.schemaItems === false ? items.filter((c) => !SCHEMA_ONLY.has(c.kind)) : items;
}

function completeAll(text: string, offset: number, analysis?: Analysis, lastGood?: Topology | null): Completion[] {
  const blank = skeletonItems(text);
  if (blank) return blank;
  const ls = new Lines(text);
  const L = ls.lineOf(offset);
  const cs = commentStart(ls.raw(L));
  if (cs >= 0 && cs < offset - ls.start(L)) {
    // Inside a comment: only an okd-topology-disable directive has something to offer.
    const a = analysis ?? (text.length <= LARGE ? analyze(text) : undefined);
    return directiveItems(ls.raw(L).slice(cs, offset - ls.start(L)), L, offset, a) ?? [];
  }
  const ctx = cursorContext(text, offset, ls);
  const t = lenientTopology(text, offset, analysis, lastGood);
  const lineIndent = ls.info(L).indent;
  switch (ctx.kind) {
    case 'key':
      return keyItems(ctx, text, t, Math.min(lineIndent, ctx.column));
    case 'value': {
      // Invoked right after `key:` with no space yet: YAML needs one before the value.
      const lead = !ctx.flow && text[ctx.start - 1] === ':' ? ' ' : '';
      return valueItems(ctx, ctx.path, t).map((c) => (lead ? { ...c, insertText: lead + c.insertText } : c));
    }
    case 'item':
      return itemItems(ctx, t);
  }
}

/**
 * Applies a completion the way VS Code does (snippet placeholders dropped, later lines indented
 * like the current line). For tests and for clients without snippet support.
 */
export function applyCompletion(text: string, c: Completion): string {
  const ls = new Lines(text);
  const indent = ' '.repeat(ls.info(ls.lineOf(c.start)).indent);
  let ins = c.insertText;
  if (c.snippet)
    ins = ins
      .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
      .replace(/\$\{\d+:([^}]*)\}/g, '$1')
      .replace(/\$\{\d+\}|\$\d+/g, '')
      .replace(/\\([\\$}])/g, '$1');
  ins = ins
    .split('\n')
    .map((l, i) => (i === 0 ? l : indent + l))
    .join('\n');
  return text.slice(0, c.start) + ins + text.slice(c.end);
}
