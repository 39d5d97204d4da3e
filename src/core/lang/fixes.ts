// Quick fixes as plain text edits, keyed on problem codes and their `data` (see docs/codes):
// assign the next free IP, generate a MAC, shrink a DHCP range around reservations, rename a
// duplicate, take the suggested spelling.
import type { TextEdit } from '../text';
import type { Analysis } from '../analyze';
import type { Path, Topology } from '../model';
import type { LocatedProblem } from '../problems';
import { keyAt, nodeAt, type YKey, type YMap, type YNode, type YScalar } from '../yaml/ast';
import { closest } from '../schema/structure';
import { formatAddr, parseAddr, parseRangeOrCidr, type Family } from '../ip';
import { freshMac, largestGap, nextFreeIp, takenSpans } from './addresses';

export { largestGap };
import { definitionKind } from './names';
import { renameAt } from './navigation';
import { silenceFixes } from './silence';
import type { QuickFix } from './types';

export type { QuickFix };

export type { TextEdit };
export { applyEdits } from '../text';

function scalar(n: YNode | undefined): YScalar | undefined {
  return n && n.kind === 'scalar' ? n : undefined;
}
function child(n: YNode | undefined, key: string): YNode | undefined {
  return n && n.kind === 'map' ? n.items.find((p) => p.key.text === key)?.value : undefined;
}

/** The scalar a problem is about: the node at its path, or the named field of the entity there. */
function targetScalar(root: YNode | null, path: Path, field: string): YScalar | undefined {
  const n = nodeAt(root, path);
  return scalar(n) ?? scalar(child(n, field));
}

/** Replaces a scalar's text, keeping its quote style when it had one. */
function replaceScalar(docText: string, s: YKey, value: string, forceQuote = false): TextEdit {
  const q = s.style === 'single' ? "'" : s.style === 'double' || forceQuote ? '"' : '';
  if (s.empty) {
    // An absent value sits at its key; the new text goes after the colon.
    const colon = docText.indexOf(':', s.start);
    const at = colon < 0 ? s.start : colon + 1;
    return { start: at, end: at, newText: ` ${q}${value}${q}` };
  }
  return { start: s.start, end: s.end, newText: `${q}${value}${q}` };
}

function ipFix(a: Analysis, p: LocatedProblem, t: Topology): QuickFix[] {
  // A gateway or DNS server that is also a VIP: the VIP end moves, never the router or resolver.
  if (/^gateway6?$/.test(String(p.path[p.path.length - 1])) || p.path[p.path.length - 2] === 'dns') return [];
  const network = typeof p.data?.network === 'string' ? p.data.network : undefined;
  const field = typeof p.data?.ip === 'string' && p.data.ip.includes(':') ? 'ip6' : 'ip';
  const s = targetScalar(a.doc.root, p.path, field);
  if (!s) return [];
  const family: Family = parseAddr(s.text)?.family ?? (field === 'ip6' ? 6 : 4);
  const ip = nextFreeIp(t, network, family, new Set([s.text]));
  if (!ip) return [];
  return [
    {
      title: `Use the next free address ${ip}${network ? ` of ${network}` : ''}`,
      edits: [replaceScalar(a.doc.text, s, ip)],
      preferred: true,
    },
  ];
}

/** An interface without any address: add `ip:` with the next free address of its network. */
function addIpFix(a: Analysis, p: LocatedProblem, t: Topology): QuickFix[] {
  const n = nodeAt(a.doc.root, p.path);
  if (!n || n.kind !== 'map') return [];
  const network = typeof p.data?.network === 'string' ? p.data.network : undefined;
  const ip = nextFreeIp(t, network);
  if (!ip) return [];
  const title = `Assign the next free address ${ip}${network ? ` of ${network}` : ''}`;
  const existing = scalar(child(n, 'ip'));
  const edit = existing ? replaceScalar(a.doc.text, existing, ip) : insertField(a, n, 'ip', ip);
  return edit ? [{ title, edits: [edit], preferred: p.severity !== 'info' }] : [];
}

function lineEndAfter(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  const end = nl < 0 ? text.length : nl;
  return text[end - 1] === '\r' ? end - 1 : end;
}

/** Adds `key: value` to a mapping, in its own style (flow or block). */
function insertField(a: Analysis, map: YMap, key: string, value: string): TextEdit | undefined {
  const last = map.items[map.items.length - 1];
  if (!last) return undefined;
  const lastEnd = Math.max(last.value.end, last.key.end);
  if (map.flow) return { start: lastEnd, end: lastEnd, newText: `, ${key}: ${value}` };
  const col = a.lines.position(map.items[0].key.start).column;
  const at = lineEndAfter(a.doc.text, lastEnd);
  const eol = a.doc.text.includes('\r\n') ? '\r\n' : '\n';
  return { start: at, end: at, newText: `${eol}${' '.repeat(col)}${key}: ${value}` };
}

function macFix(a: Analysis, p: LocatedProblem, t: Topology): QuickFix[] {
  const mac = freshMac(t, JSON.stringify(p.path));
  const title = `Generate a new MAC ${mac}`;
  const s = targetScalar(a.doc.root, p.path, 'mac');
  if (s && p.code !== 'mac-missing')
    return [{ title, edits: [replaceScalar(a.doc.text, s, mac, true)], preferred: true }];
  // Missing: find the interface map (the path may name the interface, its `mac`, or the host).
  let n = nodeAt(a.doc.root, p.path);
  if (!n && p.path[p.path.length - 1] === 'mac') n = nodeAt(a.doc.root, p.path.slice(0, -1));
  if (n && n.kind === 'map' && !child(n, 'network')) {
    const ifs = child(n, 'interfaces');
    n =
      ifs && ifs.kind === 'seq' ? ifs.items.find((i) => i.kind === 'map' && !scalar(child(i, 'mac'))?.text) : undefined;
  }
  if (!n || n.kind !== 'map') return [];
  const existing = scalar(child(n, 'mac'));
  if (existing) return [{ title, edits: [replaceScalar(a.doc.text, existing, mac, true)], preferred: true }];
  const edit = insertField(a, n, 'mac', `"${mac}"`);
  return edit ? [{ title: `Add a generated MAC ${mac}`, edits: [edit], preferred: true }] : [];
}

function dhcpFix(a: Analysis, p: LocatedProblem, t: Topology): QuickFix[] {
  const net = t.networks.find((n) => n.name === p.data?.network);
  const idx = Number(p.data?.rangeIndex ?? 0);
  const r = net?.dhcp?.ranges[idx];
  if (!net || !r) return [];
  const s = scalar(nodeAt(a.doc.root, r.path));
  const range = parseRangeOrCidr(r.text).range;
  if (!s || !range) return [];
  const taken = takenSpans(
    t,
    range.family,
    (x) => x.kind === 'dhcp' && x.name === net.name && x.start === range.start && x.end === range.end,
  );
  const gap = largestGap(range.start, range.end, taken);
  if (!gap) return [];
  const text = `${formatAddr(range.family, gap[0])}-${formatAddr(range.family, gap[1])}`;
  if (text === r.text.replace(/\s+/g, '')) return [];
  return [
    {
      title: `Shrink the DHCP range to ${text} (${gap[1] - gap[0] + 1n} addresses, no reservations inside)`,
      edits: [replaceScalar(a.doc.text, s, text)],
      preferred: true,
    },
  ];
}

function renameFix(a: Analysis, p: LocatedProblem): QuickFix[] {
  const suggestion = p.data?.suggestion;
  if (typeof suggestion !== 'string' || !suggestion) return [];
  const s = targetScalar(a.doc.root, p.path, 'name');
  if (!s) return [];
  return [
    {
      title: `Rename this ${String(p.data?.kind ?? 'entry')} to "${suggestion}"`,
      edits: [replaceScalar(a.doc.text, s, suggestion)],
      preferred: true,
    },
  ];
}

/** Swaps the scalar at the problem with the list item `data.swapWith` of the same list. */
function swapFix(a: Analysis, p: LocatedProblem): QuickFix[] {
  const j = p.data?.swapWith;
  const first = scalar(nodeAt(a.doc.root, p.path));
  const last = p.path[p.path.length - 1];
  if (typeof j !== 'number' || typeof last !== 'number' || !first) return [];
  const other = scalar(nodeAt(a.doc.root, [...p.path.slice(0, -1), j]));
  if (!other) return [];
  const text = a.doc.text;
  return [
    {
      title: `Move ${other.text} to the front`,
      edits: [replaceScalar(text, first, other.text), replaceScalar(text, other, first.text)],
      preferred: true,
    },
  ];
}

function replacementFix(a: Analysis, p: LocatedProblem): QuickFix[] {
  if (p.data?.swapWith !== undefined) return swapFix(a, p);
  const replacement = p.data?.replacement;
  if (typeof replacement !== 'string') return [];
  if (p.code === 'schema-unknown-field') {
    const k = keyAt(a.doc.root, p.path);
    return k
      ? [
          {
            title: `Change "${k.text}" to "${replacement}"`,
            edits: [replaceScalar(a.doc.text, k, replacement)],
            preferred: true,
          },
        ]
      : [];
  }
  const s = scalar(nodeAt(a.doc.root, p.path));
  // A block scalar's range is its content only: rewriting it is left to the user.
  if (!s || s.style === 'literal' || s.style === 'folded') return [];
  const title =
    p.code === 'value-whitespace'
      ? `Remove the blanks around "${replacement}"`
      : `Change "${s.text}" to "${replacement}"`;
  return [{ title, edits: [replaceScalar(a.doc.text, s, replacement)], preferred: true }];
}

function refFix(a: Analysis, p: LocatedProblem, t: Topology, kind: 'network' | 'host' | 'pool'): QuickFix[] {
  const s = scalar(nodeAt(a.doc.root, p.path));
  if (!s || s.empty) return [];
  const names = (kind === 'network' ? t.networks : kind === 'host' ? t.hosts : t.pools)
    .map((x) => x.name)
    .filter(Boolean);
  const best = closest(s.text, names);
  const ordered = best ? [best, ...names.filter((n) => n !== best)] : names;
  return ordered.slice(0, 5).map((n) => ({
    title: `Change to ${kind} "${n}"`,
    edits: [replaceScalar(a.doc.text, s, n)],
    preferred: n === best,
  }));
}

/** A DNS label close to `name`: lower case, only a-z 0-9 and '-', at most 63 characters. */
export function toDnsLabel(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, 63)
    .replace(/^-+|-+$/g, '');
}

function dnsFix(a: Analysis, p: LocatedProblem, t: Topology): QuickFix[] {
  const s = scalar(nodeAt(a.doc.root, p.path));
  const kind = definitionKind(p.path);
  if (!s || s.empty || (!kind && !(p.path.length === 2 && p.path[0] === 'cluster' && p.path[1] === 'name'))) return [];
  let label = toDnsLabel(s.text);
  if (!label || label === s.text) return [];
  if (kind) {
    const taken = new Set([...t.hosts, ...t.networks, ...t.vips, ...t.pools].map((x) => x.name));
    for (let i = 2, base = label; taken.has(label); i++) label = `${base}-${i}`;
    const r = renameAt(a, s.start, label);
    if ('error' in r) return [];
    return [
      {
        title: `Rename to "${label}" everywhere (${r.edits.length} place${r.edits.length === 1 ? '' : 's'})`,
        edits: r.edits,
        preferred: true,
      },
    ];
  }
  return [{ title: `Change to "${label}"`, edits: [replaceScalar(a.doc.text, s, label)], preferred: true }];
}

/** metallb-version-missing: write either era's version into `cluster` (data.crd / data.configmap). */
function metallbVersionFixes(a: Analysis, p: LocatedProblem): QuickFix[] {
  const cluster = nodeAt(a.doc.root, ['cluster']);
  if (!cluster || cluster.kind !== 'map' || child(cluster, 'metallbVersion')) return [];
  const out: QuickFix[] = [];
  for (const [key, what] of [
    ['crd', 'custom resources, MetalLB v0.13 and later'],
    ['configmap', 'the ConfigMap of MetalLB before v0.13'],
  ] as const) {
    const v = p.data?.[key];
    const edit = typeof v === 'string' ? insertField(a, cluster, 'metallbVersion', v) : undefined;
    if (edit) out.push({ title: `Set cluster.metallbVersion: ${v} (${what})`, edits: [edit], preferred: false });
  }
  return out;
}

const IP_CODES = new Set([
  'ip-duplicate',
  'ip-outside-network',
  'ip-network-address',
  'ip-broadcast-address',
  'vip-collision',
]);
/** Problems whose data.replacement is the corrected text of the scalar they point at. */
const REPLACEMENT_CODES = new Set([
  'schema-enum',
  'schema-unknown-field',
  'schema-range',
  'value-whitespace',
  'pool-host-bits',
  'net-cidr-host-bits',
  'pool-network-address',
  'dns-not-cluster-server',
  'pool-bare-address',
  'installer-mtu',
  'installer-provisioning',
]);
const MAC_CODES = new Set(['mac-invalid', 'mac-duplicate', 'mac-multicast', 'mac-missing']);

/** Fixes for one problem: the mechanical repairs, then (warnings, info) silencing it. Never throws. */
export function quickFixes(a: Analysis, p: LocatedProblem): QuickFix[] {
  let silence: QuickFix[] = [];
  try {
    silence = silenceFixes(a.doc.text, p);
  } catch {
    // As below: a convenience must not break the lightbulb.
  }
  return [...repairs(a, p), ...silence];
}

function repairs(a: Analysis, p: LocatedProblem): QuickFix[] {
  const t = a.topology;
  try {
    if (REPLACEMENT_CODES.has(p.code)) return replacementFix(a, p);
    if (!t) return [];
    if (IP_CODES.has(p.code)) return ipFix(a, p, t);
    if (MAC_CODES.has(p.code)) return macFix(a, p, t);
    // Either side can move: shrink the range (preferred, keeps the host's address) or move the host.
    if (p.code === 'interface-no-address') return addIpFix(a, p, t);
    if (p.code === 'dhcp-reservation-in-range')
      return [...dhcpFix(a, p, t), ...ipFix(a, p, t).map((f) => ({ ...f, preferred: false }))];
    if (p.code === 'name-duplicate') return renameFix(a, p);
    if (p.code === 'name-invalid-dns') return dnsFix(a, p, t);
    if (p.code === 'ref-unknown-network') return refFix(a, p, t, 'network');
    if (p.code === 'ref-unknown-host') return refFix(a, p, t, 'host');
    if (p.code === 'ref-unknown-pool') return refFix(a, p, t, 'pool');
    if (p.code === 'metallb-version-missing') return metallbVersionFixes(a, p);
  } catch {
    // A fix is a convenience: a bug here must not break the lightbulb for other problems.
  }
  return [];
}

/** Fixes for every problem overlapping [start, end]. */
export function fixesInRange(a: Analysis, start: number, end: number): { problem: LocatedProblem; fix: QuickFix }[] {
  const out: { problem: LocatedProblem; fix: QuickFix }[] = [];
  for (const p of a.problems) {
    if (p.end < start || p.start > end) continue;
    for (const fix of quickFixes(a, p)) out.push({ problem: p, fix });
  }
  return out;
}
