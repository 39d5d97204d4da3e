// Silencing a check where the user has decided it does not apply (a one-master lab, DNS run
// elsewhere), with YAML comments that survive every graph edit:
//   # okd-topology-disable ha-masters                  the whole file
//   # okd-topology-disable-next-line port-conflict     the problems starting on the next line
//   ip: 10.0.0.5  # okd-topology-disable-line vip-collision
// Syntax and schema problems cannot be silenced: the model behind the other checks depends on them.
// A directive that silences nothing says so (info), so typos and stale comments do not linger.
import type { LineIndex } from './text';
import type { LocatedProblem } from './problems';
import type { YNode } from './yaml/ast';
import { isTypeProblem } from './format/types';

/** Whether `offset` falls inside a scalar (a `#` in a value or key is text, not a comment). */
function inScalar(node: YNode | null, offset: number): boolean {
  let n: YNode | null | undefined = node;
  while (n && offset >= n.start && offset < n.end) {
    if (n.kind === 'scalar' || n.kind === 'alias') return true;
    let next: YNode | undefined;
    if (n.kind === 'map') {
      for (const p of n.items) {
        if (offset >= p.key.start && offset < p.key.end) return true;
        if (offset >= p.value.start && offset < p.value.end) next = p.value;
      }
    } else {
      next = n.items.find((it) => offset >= it.start && offset < it.end);
    }
    n = next;
  }
  return false;
}

const DIRECTIVE = /(?:^|[ \t])#[ \t]*okd-topology-disable(-next-line|-line)?(?=[ \t]|$)([^\n]*)/gm;
/**
 * Codes a directive can silence: not syntax, schema or value-type problems (a value that is not of
 * its type never reaches a rendered file), nor the directives' own reports.
 */
export function silenceable(code: string): boolean {
  return !isTypeProblem(code) && !/^(yaml-|schema-|internal$|suppress-)/.test(code);
}

/** Codes that were checks once: a directive naming one says where the information went. */
const RETIRED: Record<string, string> = {
  'info-free-addresses': 'free addresses are no longer problems; hover a network or pool, or see the graph',
};

interface Directive {
  scope: 'file' | number;
  codes: Map<string, boolean>;
  start: number;
  end: number;
  line: number;
  column: number;
}

export function applySuppressions(
  text: string,
  lines: LineIndex,
  root: YNode | null,
  problems: LocatedProblem[],
): LocatedProblem[] {
  if (!text.includes('okd-topology-disable')) return problems;
  const directives: Directive[] = [];
  for (const m of text.matchAll(DIRECTIVE)) {
    const start = m.index + m[0].indexOf('#');
    if (inScalar(root, start)) continue;
    const at = lines.position(start);
    const scope = m[1] === '-line' ? at.line : m[1] === '-next-line' ? at.line + 1 : 'file';
    // A second `#` starts a note: `# okd-topology-disable ha-masters # one-master lab`.
    const codes = new Map(
      m[2]
        .split('#')[0]
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((c) => [c, false]),
    );
    directives.push({ scope, codes, start, end: m.index + m[0].length, line: at.line, column: at.column });
  }
  const kept = problems.filter((p) => {
    if (!silenceable(p.code)) return true;
    let silenced = false;
    for (const d of directives) {
      if ((d.scope === 'file' || d.scope === p.line) && d.codes.has(p.code)) {
        d.codes.set(p.code, true);
        silenced = true;
      }
    }
    return !silenced;
  });
  for (const d of directives) {
    const end = lines.position(d.end);
    const at = {
      start: d.start,
      end: d.end,
      line: d.line,
      column: d.column,
      endLine: end.line,
      endColumn: end.column,
      path: [],
      related: [],
    };
    const unused = [...d.codes].filter(([, used]) => !used).map(([c]) => c);
    if (d.codes.size === 0) {
      kept.push({
        ...at,
        code: 'suppress-unused',
        severity: 'info',
        message:
          'okd-topology-disable needs the codes of the checks to silence, e.g. "# okd-topology-disable ha-masters"',
      });
    } else if (unused.length) {
      const where = d.scope === 'file' ? 'in this file' : d.scope === d.line ? 'on this line' : 'on the next line';
      const fixed = unused.filter((c) => !silenceable(c));
      const retired = unused
        .filter((c) => RETIRED[c])
        .map((c) => ` (${c}: ${RETIRED[c]})`)
        .join('');
      const why =
        (fixed.length ? ` (${fixed.join(', ')}: syntax and schema problems cannot be silenced)` : '') + retired;
      kept.push({
        ...at,
        code: 'suppress-unused',
        severity: 'info',
        message: `Nothing to silence ${where} for ${unused.join(', ')}${why}`,
      });
    }
  }
  return kept;
}
