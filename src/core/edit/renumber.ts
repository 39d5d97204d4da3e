// Renumber network (issue 13): move a network to another prefix and every address written in the
// old one with it, keeping each host part (10.0.0.21 in 10.0.0.0/24 -> 10.9.0.21 in 10.9.0.0/24).
// Every scalar value of the file is read, so hosts, VIPs, pools, DHCP ranges, gateways, DNS servers,
// the machine network, BMC addresses, noProxy entries and addresses inside URLs or kernel arguments
// all follow; comments and the other family are left alone. One plan: one undo step.
import type { Path, Topology } from '../model';
import type { GraphEdit } from './types';
import type { YNode } from '../yaml/ast';
import {
  cidrsOverlap,
  contains,
  formatAddr,
  formatCidr,
  parseAddr,
  parseCidr,
  sizeOf,
  type Cidr,
  type Family,
} from '../ip';
import type { TextEdit } from './format';
import { EditError, resolve, type Ctx } from './tree';
import type { Plan } from './add';

type Renumber = Extract<GraphEdit, { kind: 'renumber' }>;

// An address, maybe with a prefix, standing alone in a value (not part of a longer word or number).
const TOKEN: Record<Family, RegExp> = {
  4: /(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(?:\/(\d{1,3}))?(?!\w|\.\d)/g,
  6: /(?<![\w:.])([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})(?:\/(\d{1,3}))?(?![\w:])/g,
};

interface Move {
  from: Cidr;
  to: Cidr;
  /** Addresses whose host part does not fit the new prefix, with where they are. */
  misfits: string[];
}

/** Every scalar value with its path; the layout section holds positions, never addresses. */
function eachValue(
  node: YNode | null,
  path: Path,
  visit: (n: Extract<YNode, { kind: 'scalar' }>, path: Path) => void,
): void {
  if (!node) return;
  if (node.kind === 'scalar') visit(node, path);
  else if (node.kind === 'seq') node.items.forEach((it, i) => eachValue(it, [...path, i], visit));
  else if (node.kind === 'map') {
    for (const p of node.items)
      if (!(path.length === 0 && p.key.text === 'layout')) eachValue(p.value, [...path, p.key.text], visit);
  }
}

/** The new text of one address token, or undefined when it is not in the old network. */
function moved(m: Move, addrText: string, prefixText: string | undefined, where: () => string): string | undefined {
  const a = parseAddr(addrText);
  if (!a || !contains(m.from, a)) return undefined;
  const prefix = prefixText === undefined ? undefined : Number(prefixText);
  // A wider network that holds this one (a machine network /16) is not this network's to move.
  if (prefix !== undefined && prefix < m.from.prefix) return undefined;
  const offset = a.value - m.from.base;
  const keepsPrefix = prefix !== undefined && prefix > m.from.prefix;
  const span = keepsPrefix ? sizeOf({ ...m.from, prefix: prefix!, base: a.value }) - 1n : 0n;
  const size = sizeOf(m.to);
  const broadcast = m.to.family === 4 && m.to.prefix <= 30 && prefix === undefined && offset === size - 1n;
  if (offset + span >= size || broadcast) {
    m.misfits.push(`${addrText}${prefixText ? `/${prefixText}` : ''} (${where()})`);
    return undefined;
  }
  const addr = formatAddr(m.to.family, m.to.base + offset);
  if (prefix === undefined) return addr;
  return `${addr}/${keepsPrefix ? prefix : m.to.prefix}`;
}

/** Replaces the old network's addresses inside one scalar's source text. */
function renumberScalar(ctx: Ctx, m: Move, start: number, end: number, where: () => string): TextEdit | undefined {
  const src = ctx.text.slice(start, end);
  let changed = false;
  const out = src.replace(TOKEN[m.from.family], (whole, addr: string, prefix: string | undefined) => {
    const next = moved(m, addr, prefix, where);
    if (next === undefined) return whole;
    changed = true;
    return next;
  });
  return changed ? { start, end, newText: out } : undefined;
}

/** "hosts › master-0 › interfaces › 0 › ip": top-level list items by the name written in them. */
function describe(ctx: Ctx, path: Path): string {
  return path
    .map((seg, i) => {
      const name = i === 1 && typeof seg === 'number' ? resolve(ctx.root, [path[0], seg, 'name']).node : undefined;
      return name?.kind === 'scalar' && !name.empty ? name.text : String(seg);
    })
    .join(' › ');
}

function target(t: Topology, e: Renumber): Move {
  const net = t.networks.find((n) => n.name === e.network);
  if (!net) throw new EditError(`No network named ${e.network}`);
  const to = parseCidr(e.cidr);
  if (!to) throw new EditError(`"${e.cidr}" is not a network: write address/prefix, e.g. 10.1.0.0/24`);
  if (to.hostBits) throw new EditError(`${e.cidr} has host bits set: the network address is ${formatCidr(to)}`);
  const from = parseCidr(to.family === 4 ? net.cidr : net.cidr6);
  if (!from) throw new EditError(`Network ${net.name} has no valid IPv${to.family} subnet to renumber`);
  for (const n of t.networks) {
    if (n === net || n.name === net.name) continue;
    const other = [parseCidr(n.cidr), parseCidr(n.cidr6)].find((c) => c && cidrsOverlap(c, to));
    if (other) throw new EditError(`${formatCidr(to)} overlaps network ${n.name} (${formatCidr(other)})`);
  }
  return { from, to, misfits: [] };
}

/** Moves `network` (its subnet of the new CIDR's family) to `cidr`, with every address in it. */
export function renumber(ctx: Ctx, t: Topology, e: Renumber): Plan {
  const m = target(t, e);
  if (m.from.base === m.to.base && m.from.prefix === m.to.prefix)
    return { edits: [], noop: `${e.network} is already ${formatCidr(m.to)}` };
  const edits: TextEdit[] = [];
  eachValue(ctx.root, [], (n, path) => {
    if (n.empty || n.kind !== 'scalar') return;
    const edit = renumberScalar(ctx, m, n.start, n.end, () => describe(ctx, path));
    if (edit) edits.push(edit);
  });
  if (m.misfits.length) {
    const shown = m.misfits.slice(0, 3).join(', ') + (m.misfits.length > 3 ? ` and ${m.misfits.length - 3} more` : '');
    const one = m.misfits.length === 1;
    throw new EditError(
      `${formatCidr(m.to)} is too small for ${e.network}: the host part${one ? '' : 's'} of ${shown} ${one ? 'does' : 'do'} not fit (a /${m.to.prefix} has ${sizeOf(m.to)} addresses). Choose a larger prefix or move those addresses first.`,
    );
  }
  return { edits };
}
