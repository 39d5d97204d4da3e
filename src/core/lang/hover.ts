// Hover: what an address is (network, owners, how full the network is), how full a network or
// pool is, and the schema's documentation for keys.
import type { Analysis } from '../analyze';
import type { Path, Topology } from '../model';
import type { YKey, YNode } from '../yaml/ast';
import { schemaAt } from '../schema/structure';
import { contains, parseAddr, parseCidr, parseRangeOrCidr } from '../ip';
import { cursorContext } from './context';
import { docOf } from './completion';
import { definitionKind, referenceKind, type NameKind } from './names';
import { networkUsage, ownersOf, poolUsage, vipBackends, type Usage } from '../facts';
import { countText } from '../text';

export interface HoverInfo {
  markdown: string;
  start: number;
  end: number;
}

export interface ScalarHit {
  scalar: YKey;
  path: Path;
  isKey: boolean;
}

/** The scalar (key or value) under `offset`, with its path. */
export function scalarAt(root: YNode | null, offset: number): ScalarHit | undefined {
  let node: YNode | null = root;
  const path: Path = [];
  while (node) {
    if (node.kind === 'scalar')
      return offset >= node.start && offset <= node.end && !node.empty
        ? { scalar: node, path, isKey: false }
        : undefined;
    let next: YNode | null = null;
    if (node.kind === 'map') {
      for (const p of node.items) {
        if (offset >= p.key.start && offset <= p.key.end && !p.key.empty)
          return { scalar: p.key, path: [...path, p.key.text], isKey: true };
        if (offset >= p.value.start && offset <= p.value.end) {
          path.push(p.key.text);
          next = p.value;
          break;
        }
      }
    } else if (node.kind === 'seq') {
      const i = node.items.findIndex((it) => offset >= it.start && offset <= it.end);
      if (i >= 0) {
        path.push(i);
        next = node.items[i];
      }
    }
    node = next;
  }
  return undefined;
}

function pct(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  return `${Math.round((part * 1000) / whole) / 10}%`;
}

export function usageLine(name: string, cidr: string, u: Usage): string {
  const usable = u.size - u.reserved;
  const parts = [`**${name}** \`${cidr}\`: ${countText(usable)} usable`, `${countText(u.used)} assigned`];
  if (u.dynamic > 0) parts.push(`${countText(u.dynamic)} in DHCP ranges`);
  if (u.pooled > 0) parts.push(`${countText(u.pooled)} in pools`);
  parts.push(`**${countText(u.free)} free** (${pct(usable - u.free, usable)} used)`);
  return parts.join(' · ');
}

function networkHover(t: Topology, name: string): string | undefined {
  const lines: string[] = [];
  const n = t.networks.find((x) => x.name === name);
  if (!n) return undefined;
  for (const [fam, cidr] of [
    [4, n.cidr],
    [6, n.cidr6],
  ] as const) {
    const u = cidr ? networkUsage(t, name, fam) : undefined;
    if (u && cidr) lines.push(usageLine(name, cidr, u));
  }
  const users = t.hosts.filter((h) => h.interfaces.some((i) => i.network === name)).length;
  lines.push(
    `${users} host${users === 1 ? '' : 's'} attached${n.gateway ? ` · gateway ${n.gateway}` : ''}${n.dhcp?.ranges.length ? ` · DHCP ${n.dhcp.ranges.map((r) => r.text).join(', ')}` : ''}`,
  );
  return lines.join('\n\n');
}

function addressHover(t: Topology, text: string): string | undefined {
  const a = parseAddr(text);
  if (!a) return undefined;
  const lines: string[] = [`**${text}**`];
  const { owners, ranges } = ownersOf(t, text);
  const labels = [...owners.map((o) => o.label), ...ranges.map((r) => r.label)];
  const claimants = owners.filter((o) => o.kind === 'interface' || o.kind === 'vip').length + ranges.length;
  if (labels.length === 0) lines.push('Not used by anything in this file.');
  else lines.push(`Used by ${labels.join(', ')}${claimants > 1 ? ' — **collision**' : ''}`);
  const nets = t.networks.filter((n) => {
    const c = parseCidr(a.family === 4 ? n.cidr : n.cidr6);
    return c && contains(c, a);
  });
  if (nets.length === 0) lines.push('Outside every network in this file.');
  for (const n of nets) {
    const u = networkUsage(t, n.name, a.family);
    const cidr = a.family === 4 ? n.cidr : n.cidr6;
    if (u && cidr) lines.push(usageLine(n.name, cidr, u));
  }
  return lines.join('\n\n');
}

function entityHover(t: Topology, kind: NameKind, name: string): string | undefined {
  switch (kind) {
    case 'network':
      return networkHover(t, name);
    case 'host': {
      const h = t.hosts.find((x) => x.name === name);
      if (!h) return `No host named **${name}** in this file.`;
      const ifs = h.interfaces.map(
        (i) => `- ${i.network}: ${[i.ip, i.ip6, i.mac].filter(Boolean).join(' · ') || '(no address)'}`,
      );
      const runs = Object.values(t.services)
        .filter((sv) => sv?.hosts.includes(h.name))
        .map((sv) => sv!.kind);
      const behind = t.vips.filter((v) => vipBackends(t, v).includes(h)).map((v) => v.name);
      const holds = t.vips.filter((v) => v.holders.includes(h.name)).map((v) => v.name);
      const guests = t.hosts.filter((g) => g.vm?.on === h.name).length;
      const roles = [
        runs.length ? `Runs ${runs.join(', ')}` : '',
        behind.length ? `backend of VIP ${behind.join(', ')}` : '',
        holds.length ? `holds VIP ${holds.join(', ')}` : '',
        guests ? `hosts ${guests} VM${guests === 1 ? '' : 's'}` : '',
      ]
        .filter(Boolean)
        .join(' · ');
      return [
        `**${h.name}** — ${h.role}${h.vm ? `, VM on ${h.vm.on ?? '?'}` : ''}`,
        ...ifs,
        ...(roles ? ['', roles] : []),
      ].join('\n');
    }
    case 'vip': {
      const v = t.vips.find((x) => x.name === name);
      if (!v) return undefined;
      const backends = [...v.backends.roles.map((r) => `role ${r}`), ...v.backends.hosts].join(', ');
      return `**VIP ${v.name}** (${v.purpose}) ${v.ip}${v.ports.length ? ` ports ${v.ports.join(', ')}` : ''}${backends ? `\n\nBackends: ${backends}` : ''}`;
    }
    case 'pool': {
      const p = t.pools.find((x) => x.name === name);
      if (!p) return undefined;
      const u = poolUsage(t, name);
      const size = u?.size ?? 0;
      const taken = u && u.used ? `, ${countText(u.used)} taken by static addresses` : '';
      const free = u ? ` · **${countText(u.free)} free**${taken}` : '';
      return `**MetalLB pool ${p.name}** (${p.protocol}): ${countText(size)} address${size === 1 ? '' : 'es'} in ${p.addresses.map((a) => a.text).join(', ')}${p.network ? ` on ${p.network}` : ''}${free}`;
    }
  }
}

function rangeHover(text: string): string | undefined {
  if (!text.includes('-') && !text.includes('/')) return undefined;
  const r = parseRangeOrCidr(text);
  if (!r.range) return r.error;
  return `**${text}**: ${r.range.end - r.range.start + 1n} addresses`;
}

/** Hover at `offset`, or undefined. `schemaDocs: false` leaves out what a schema-aware YAML extension already shows. */
export function hover(analysis: Analysis, offset: number, opts: { schemaDocs?: boolean } = {}): HoverInfo | undefined {
  const h = hoverAll(analysis, offset, opts.schemaDocs !== false);
  return h && h.markdown ? h : undefined;
}

function hoverAll(analysis: Analysis, offset: number, schemaDocs: boolean): HoverInfo | undefined {
  const t = analysis.topology;
  const hit = scalarAt(analysis.doc.root, offset);
  if (!hit) {
    // Broken buffer: at least document the key being typed.
    const ctx = cursorContext(analysis.doc.text, offset);
    const word = analysis.doc.text.slice(ctx.start, ctx.end);
    if (ctx.kind !== 'key' || !word) return undefined;
    const doc = schemaDocs ? docOf(schemaAt([...ctx.path, word])) : undefined;
    return doc ? { markdown: `**${word}**\n\n${doc}`, start: ctx.start, end: ctx.end } : undefined;
  }
  const span = { start: hit.scalar.start, end: hit.scalar.end };
  const doc = schemaDocs ? docOf(schemaAt(hit.path)) : undefined;
  if (hit.isKey) {
    if (hit.path.length === 2 && hit.path[0] === 'layout' && t) {
      const kinds: NameKind[] = ['host', 'network', 'vip', 'pool'];
      const found = kinds
        .map((k) => (hasEntity(t, k, hit.scalar.text) ? entityHover(t, k, hit.scalar.text) : undefined))
        .filter(Boolean);
      return {
        markdown: found.length
          ? found.join('\n\n---\n\n')
          : `Nothing named **${hit.scalar.text}** in this file; this position is unused.`,
        ...span,
      };
    }
    return doc ? { markdown: `**${hit.scalar.text}**\n\n${doc}`, ...span } : undefined;
  }
  const text = hit.scalar.text;
  const sections: string[] = [];
  if (t) {
    const kind = definitionKind(hit.path) ?? referenceKind(hit.path);
    if (kind) sections.push(entityHover(t, kind, text) ?? `No ${kind} named **${text}** in this file.`);
    else if (parseAddr(text)) sections.push(addressHover(t, text) ?? '');
    else if (hit.path[hit.path.length - 1] === 'cidr' && hit.path[0] === 'networks') {
      const n = t.networks.find((x) => x.path[1] === hit.path[1]);
      if (n) sections.push(networkHover(t, n.name) ?? '');
    } else {
      const r = rangeHover(text);
      if (r) sections.push(r);
    }
  }
  if (doc) sections.push(doc);
  const markdown = sections.filter(Boolean).join('\n\n---\n\n');
  return markdown ? { markdown, ...span } : undefined;
}

function hasEntity(t: Topology, k: NameKind, name: string): boolean {
  const list = k === 'host' ? t.hosts : k === 'network' ? t.networks : k === 'vip' ? t.vips : t.pools;
  return list.some((x) => x.name === name);
}
