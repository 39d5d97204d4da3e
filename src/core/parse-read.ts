// Reading scalars and lists out of the located YAML tree, leniently: a wrong type reads as absent.
import type { YNode } from './yaml/ast';
import type { Path } from './model';

export function get(map: YNode | undefined, key: string): YNode | undefined {
  if (!map || map.kind !== 'map') return undefined;
  for (const p of map.items) if (p.key.text === key) return p.value;
  return undefined;
}
export function str(n: YNode | undefined): string | undefined {
  if (!n || n.kind !== 'scalar' || n.value === null) return undefined;
  return n.text;
}
export function num(n: YNode | undefined): number | undefined {
  return n && n.kind === 'scalar' && typeof n.value === 'number' ? n.value : undefined;
}
export function bool(n: YNode | undefined): boolean | undefined {
  return n && n.kind === 'scalar' && typeof n.value === 'boolean' ? n.value : undefined;
}
export function seq(n: YNode | undefined): YNode[] {
  return n && n.kind === 'seq' ? n.items : [];
}
export function strList(n: YNode | undefined, path: Path): { value: string; path: Path }[] {
  const out: { value: string; path: Path }[] = [];
  seq(n).forEach((it, i) => {
    const v = str(it);
    if (v !== undefined) out.push({ value: v, path: [...path, i] });
  });
  return out;
}
export function oneOf<T extends string, F extends T | undefined>(
  v: string | undefined,
  options: readonly T[],
  fallback: F,
): T | F {
  return v !== undefined && (options as readonly string[]).includes(v) ? (v as T) : fallback;
}
