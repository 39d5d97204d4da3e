// Named entities and every place their names are used: the basis of go to definition, find
// references, rename and the reference completions. Works on the located YAML tree.
import type { Path } from '../model';
import type { YKey, YNode } from '../yaml/ast';

export type NameKind = 'network' | 'host' | 'vip' | 'pool';
/** `any` is a layout key: graph positions are keyed by any entity's name. */
export type RefKind = NameKind | 'any';

export interface NameSite {
  kind: RefKind;
  name: string;
  /** Span of the scalar (quotes included). */
  start: number;
  end: number;
  definition: boolean;
  path: Path;
}

const DEFINITIONS: Record<string, NameKind> = { networks: 'network', hosts: 'host', vips: 'vip', pools: 'pool' };

type Seg = string | '#' | '*';
/** Places that hold a name of another entity; `#` is a list index, `*` any key. */
const REFERENCES: [Seg[], NameKind][] = [
  [['hosts', '#', 'interfaces', '#', 'network'], 'network'],
  [['vips', '#', 'network'], 'network'],
  [['pools', '#', 'network'], 'network'],
  [['vips', '#', 'backends', 'hosts', '#'], 'host'],
  [['vips', '#', 'holders', '#'], 'host'],
  [['services', '*', 'host'], 'host'],
  [['services', '*', 'hosts', '#'], 'host'],
  [['hosts', '#', 'vm', 'on'], 'host'],
];

function matches(pattern: Seg[], path: Path): boolean {
  if (pattern.length !== path.length) return false;
  return pattern.every((p, i) =>
    p === '#' ? typeof path[i] === 'number' : p === '*' ? typeof path[i] === 'string' : p === path[i],
  );
}

/** Which kind of name the scalar at `path` refers to, if it is a reference. */
export function referenceKind(path: Path): NameKind | undefined {
  for (const [p, k] of REFERENCES) if (matches(p, path)) return k;
  return undefined;
}

/** Which kind of entity the scalar at `path` names, if it is a definition (`hosts[3].name`). */
export function definitionKind(path: Path): NameKind | undefined {
  if (path.length === 3 && path[2] === 'name' && typeof path[1] === 'number') return DEFINITIONS[String(path[0])];
  return undefined;
}

function site(kind: RefKind, s: YKey, definition: boolean, path: Path): NameSite {
  return { kind, name: s.text, start: s.start, end: s.end, definition, path };
}

/** Every definition and reference in the document, in document order. */
export function nameSites(root: YNode | null): NameSite[] {
  const out: NameSite[] = [];
  const walk = (n: YNode, path: Path) => {
    if (n.kind === 'scalar') {
      if (n.empty || n.value === null) return;
      const d = definitionKind(path);
      if (d) out.push(site(d, n, true, path));
      const r = referenceKind(path);
      if (r) out.push(site(r, n, false, path));
    } else if (n.kind === 'map') {
      for (const p of n.items) {
        if (path.length === 1 && path[0] === 'layout' && p.key.text)
          out.push(site('any', p.key, false, [...path, p.key.text]));
        walk(p.value, [...path, p.key.text]);
      }
    } else if (n.kind === 'seq') n.items.forEach((it, i) => walk(it, [...path, i]));
  };
  if (root && root.kind === 'map') {
    for (const p of root.items) {
      if (p.key.text === 'layout' && p.value.kind === 'map') walk(p.value, ['layout']);
      else walk(p.value, [p.key.text]);
    }
  }
  return out;
}

function compatible(a: RefKind, b: RefKind): boolean {
  return a === b || a === 'any' || b === 'any';
}

/** The name site under `offset` (inclusive of the end, so a cursor just after a name counts). */
export function siteAt(sites: NameSite[], offset: number): NameSite | undefined {
  return sites.find((s) => offset >= s.start && offset <= s.end);
}

export function definitionsOf(sites: NameSite[], at: NameSite): NameSite[] {
  return sites.filter((s) => s.definition && s.name === at.name && compatible(s.kind, at.kind));
}

/** All uses of the entity named at `at`, its definition included when asked. */
export function referencesOf(sites: NameSite[], at: NameSite, includeDefinition: boolean): NameSite[] {
  // From a layout key the kind is unknown: take the kind of the entity it names, when unique.
  let kind = at.kind;
  if (kind === 'any') {
    const defs = definitionsOf(sites, at);
    if (defs.length > 0 && defs.every((d) => d.kind === defs[0].kind)) kind = defs[0].kind;
  }
  return sites.filter((s) => s.name === at.name && compatible(s.kind, kind) && (includeDefinition || !s.definition));
}
