// The document outline: cluster, networks, hosts (with role), VIPs, pools and services.
import type { YKey, YMap, YNode, YScalar } from '../yaml/ast';

export type SymbolKind =
  'file' | 'cluster' | 'section' | 'network' | 'host' | 'interface' | 'vip' | 'pool' | 'service' | 'field';

export interface DocSymbol {
  name: string;
  detail: string;
  kind: SymbolKind;
  /** Whole entity. */
  start: number;
  end: number;
  /** The part to highlight and reveal (its name). */
  selectionStart: number;
  selectionEnd: number;
  children: DocSymbol[];
}

function get(n: YNode | undefined, key: string): YNode | undefined {
  if (!n || n.kind !== 'map') return undefined;
  return n.items.find((p) => p.key.text === key)?.value;
}
function text(n: YNode | undefined): string {
  return n && n.kind === 'scalar' && !n.empty ? n.text : '';
}
function scalarOf(n: YNode | undefined): YScalar | undefined {
  return n && n.kind === 'scalar' && !n.empty ? n : undefined;
}
function list(n: YNode | undefined): string[] {
  return n && n.kind === 'seq' ? n.items.map(text).filter(Boolean) : [];
}

function entity(n: YNode, kind: SymbolKind, fallback: string, detail: string, children: DocSymbol[] = []): DocSymbol {
  const nameNode = scalarOf(get(n, 'name'));
  const first = n.kind === 'map' && n.items.length ? n.items[0].key : undefined;
  const sel = nameNode ?? first ?? { start: n.start, end: n.start };
  const end = Math.max(n.end, sel.end);
  return {
    name: nameNode?.text || fallback,
    detail,
    kind,
    start: Math.min(n.start, sel.start),
    end,
    selectionStart: sel.start,
    selectionEnd: sel.end,
    children,
  };
}

function items(n: YNode | undefined): YNode[] {
  return n && n.kind === 'seq' ? n.items.filter((x) => x.kind === 'map') : [];
}

function hostDetail(n: YNode): string {
  const role = text(get(n, 'role'));
  const ips = items(get(n, 'interfaces'))
    .map((i) => text(get(i, 'ip')) || text(get(i, 'ip6')))
    .filter(Boolean);
  const vm = get(n, 'vm') ? 'VM' : '';
  return [role, ips[0] ?? '', vm].filter(Boolean).join(' · ');
}

function interfaces(n: YNode): DocSymbol[] {
  return items(get(n, 'interfaces')).map((i, k) => {
    const name = text(get(i, 'name')) || text(get(i, 'network')) || `interface ${k + 1}`;
    const s = entity(i, 'interface', name, [text(get(i, 'ip')), text(get(i, 'mac'))].filter(Boolean).join(' '));
    const sel = scalarOf(get(i, 'name')) ?? scalarOf(get(i, 'network'));
    if (sel) {
      s.name = name;
      s.selectionStart = sel.start;
      s.selectionEnd = sel.end;
    }
    return s;
  });
}

function section(
  key: YKey,
  value: YNode,
  detail: string,
  children: DocSymbol[],
  kind: SymbolKind = 'section',
): DocSymbol {
  return {
    name: key.text,
    detail,
    kind,
    start: key.start,
    end: Math.max(value.end, key.end),
    selectionStart: key.start,
    selectionEnd: key.end,
    children,
  };
}

/** Outline of the document; empty when the text has no mapping at the top. */
export function documentSymbols(root: YNode | null): DocSymbol[] {
  if (!root || root.kind !== 'map') return [];
  const out: DocSymbol[] = [];
  for (const { key, value } of (root as YMap).items) {
    switch (key.text) {
      case 'cluster': {
        const detail = [text(get(value, 'name')), text(get(value, 'platform')), text(get(value, 'baseDomain'))]
          .filter(Boolean)
          .join(' · ');
        out.push(section(key, value, detail, [], 'cluster'));
        break;
      }
      case 'networks':
        out.push(
          section(
            key,
            value,
            `${items(value).length}`,
            items(value).map((n, i) =>
              entity(
                n,
                'network',
                `network ${i + 1}`,
                [text(get(n, 'cidr')), text(get(n, 'cidr6'))].filter(Boolean).join(' '),
              ),
            ),
          ),
        );
        break;
      case 'hosts':
        out.push(
          section(
            key,
            value,
            `${items(value).length}`,
            items(value).map((n, i) => entity(n, 'host', `host ${i + 1}`, hostDetail(n), interfaces(n))),
          ),
        );
        break;
      case 'vips':
        out.push(
          section(
            key,
            value,
            `${items(value).length}`,
            items(value).map((n, i) =>
              entity(
                n,
                'vip',
                `vip ${i + 1}`,
                [text(get(n, 'ip')), text(get(n, 'purpose'))].filter(Boolean).join(' · '),
              ),
            ),
          ),
        );
        break;
      case 'pools':
        out.push(
          section(
            key,
            value,
            `${items(value).length}`,
            items(value).map((n, i) => entity(n, 'pool', `pool ${i + 1}`, list(get(n, 'addresses')).join(', '))),
          ),
        );
        break;
      case 'services': {
        const children =
          value.kind === 'map'
            ? value.items.map((p) => {
                const hosts = [text(get(p.value, 'host')), ...list(get(p.value, 'hosts'))].filter(Boolean);
                return section(p.key, p.value, hosts.join(', '), [], 'service');
              })
            : [];
        out.push(section(key, value, '', children));
        break;
      }
      default:
        out.push(section(key, value, value.kind === 'scalar' ? value.text : '', [], 'field'));
    }
  }
  return out;
}
