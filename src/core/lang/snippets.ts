// Snippet text completion inserts: escaped values, choices, a new mapping's required keys, a whole
// host with a free address and MAC, and the names a reference may take.
import type { Path, Topology } from '../model';
import { resolveRef, schemaAt, type SchemaNode } from '../schema/structure';
import { referenceKind, type NameKind } from './names';
import { freshMac, nextFreeIp } from './addresses';

export function esc(s: string): string {
  return s.replace(/[\\$}]/g, (c) => `\\${c}`);
}

export function typeOf(s: SchemaNode | undefined): string | undefined {
  return s?.type ?? (s?.properties ? 'object' : undefined);
}

/** Body of a new mapping with its required keys, as snippet lines indented by `pad`. */
export function choice(tab: { n: number }, values: string[]): string {
  return `\${${tab.n++}|${values.map((v) => esc(v).replace(/[,|]/g, '')).join(',')}|}`;
}

/** Body of a new mapping with its required keys, as snippet lines indented by `pad`; names offered where a reference goes. */
export function requiredBody(
  s: SchemaNode,
  itemPath: Path,
  t: Topology | null,
  pad: string,
  tab: { n: number },
): string[] {
  const lines: string[] = [];
  for (const r of s.required ?? []) {
    const child = s.properties?.[r] ? resolveRef(s.properties[r]) : undefined;
    const ref = referenceKind([...itemPath, r]);
    const names =
      ref && t
        ? namesOf(t, ref)
            .map((n) => n.name)
            .filter(Boolean)
        : [];
    if (child?.enum) lines.push(`${pad}${r}: ${choice(tab, child.enum.map(String))}`);
    else if (names.length) lines.push(`${pad}${r}: ${choice(tab, names)}`);
    else if (typeOf(child) === 'array') lines.push(`${pad}${r}: [\${${tab.n++}}]`);
    else lines.push(`${pad}${r}: \${${tab.n++}}`);
  }
  return lines;
}

export function namesOf(t: Topology, kind: NameKind): { name: string; detail: string; sort: string }[] {
  switch (kind) {
    case 'network':
      return t.networks.map((n) => ({ name: n.name, detail: n.cidr, sort: n.name }));
    case 'host':
      return t.hosts.map((h) => ({
        name: h.name,
        detail: h.role,
        sort: `${h.role === 'hypervisor' ? 0 : 1}${h.name}`,
      }));
    case 'vip':
      return t.vips.map((v) => ({ name: v.name, detail: v.ip, sort: v.name }));
    case 'pool':
      return t.pools.map((p) => ({ name: p.name, detail: p.addresses.map((a) => a.text).join(', '), sort: p.name }));
  }
}

/** A whole host entry: name, role, and an interface on the first network with a free IP and MAC. */
export function newHostSnippet(t: Topology): string | undefined {
  const net = t.networks.find((n) => n.name && nextFreeIp(t, n.name));
  if (!net) return undefined;
  const ip = nextFreeIp(t, net.name) ?? '';
  const taken = new Set(t.hosts.map((h) => h.name));
  let n = t.hosts.length;
  while (taken.has(`host-${n}`)) n++;
  const roles = (resolveRef(schemaAt(['hosts', 0, 'role']) ?? {}).enum ?? []).map(String);
  const ordered = ['worker', ...roles.filter((r) => r !== 'worker')];
  return [
    `- name: \${1:host-${n}}`,
    `  role: \${2|${ordered.join(',')}|}`,
    '  interfaces:',
    `    - network: ${esc(net.name)}`,
    `      ip: ${ip}`,
    `      mac: "${freshMac(t, `host-${n}`)}"`,
    '$0',
  ].join('\n');
}
