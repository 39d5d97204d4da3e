// Small helpers shared by the checks: problem builders, name rules, sorted-address lookups.
import type { Path, Topology } from '../model';
import type { Problem, RelatedPath, Severity } from '../problems';
import { closest } from '../schema/structure';

export function problem(
  code: string,
  severity: Severity,
  message: string,
  path: Path,
  related?: RelatedPath[],
  data?: Record<string, string | number>,
): Problem {
  const p: Problem = { code, severity, message, path };
  if (related && related.length) p.related = related;
  if (data) p.data = data;
  return p;
}

export { isDnsLabel, isDnsName } from '../format/dns';

/** Why `s` is not a DNS label, in words. */
export function labelProblem(s: string): string {
  if (s.length > 63) return `is ${s.length} characters long (at most 63)`;
  if (/[A-Z]/.test(s)) return 'has upper-case letters (use lower case)';
  if (s.startsWith('-') || s.endsWith('-')) return 'starts or ends with "-"';
  if (s.includes('.')) return 'contains "." (a single label is needed)';
  if (s.includes('_')) return 'contains "_" (use "-")';
  return 'may contain only a-z, 0-9 and "-"';
}

/** A name that is not in `taken`: `base-2`, `base-3`, ... */
export function freeName(base: string, taken: Set<string>): string {
  for (let i = 2; ; i++) {
    const n = `${base}-${i}`;
    if (!taken.has(n)) return n;
  }
}

/** " (did you mean lan?)" when a close name exists. */
export function didYouMean(word: string, options: Iterable<string>): string {
  const c = closest(word, [...options].filter(Boolean));
  return c ? ` (did you mean ${c}?)` : '';
}

export function isOkd(t: Topology): boolean {
  return t.cluster.platform === 'okd-upi' || t.cluster.platform === 'okd-ipi';
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * At most this many related locations per problem: one address shared by 1,000 hosts must not
 * make 1,000 diagnostics of 1,000 entries each.
 */
export const RELATED_MAX = 20;

/**
 * The related list of a collision: the first RELATED_MAX of `others`, then one "and N more" entry
 * at the next one. `total` is how many others there are (`others` may hold only the first ones).
 */
export function cappedRelated<T>(others: readonly T[], total: number, entry: (o: T) => RelatedPath): RelatedPath[] {
  const out = others.slice(0, RELATED_MAX).map(entry);
  if (total > RELATED_MAX && others.length > RELATED_MAX) {
    out.push({ message: `and ${total - RELATED_MAX} more`, path: entry(others[RELATED_MAX]).path });
  }
  return out;
}

/** " and N more" after the first of `total` others, or nothing. */
export function andMore(total: number, what = 'more'): string {
  return total > 1 ? ` and ${total - 1} ${what}` : '';
}
