// The one entry point adapters call: text in, model + located problems out. Never throws.
import { parseYaml, locate, keyAt, type YamlDoc } from './yaml/ast';
import { buildTopology } from './parse';
import { checkStructure } from './schema/structure';
import { runChecks } from './checks/index';
import { LineIndex } from './text';
import { applySuppressions } from './suppress';
import type { Topology } from './model';
import type { LocatedProblem, Problem } from './problems';

export interface Analysis {
  doc: YamlDoc;
  /** Null when the text is not YAML or its root is not a mapping. */
  topology: Topology | null;
  problems: LocatedProblem[];
  lines: LineIndex;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/**
 * Adds the checks' problems to the structure walk's, one report per scalar: where a value is not
 * even of its type (or the schema is otherwise broken there), what a check says about the same
 * scalar (ip-invalid again, or a duplicate of a malformed address) is left out.
 */
function pushChecks(raw: Problem[], checked: Problem[]): void {
  if (raw.length === 0) {
    for (const p of checked) raw.push(p);
    return;
  }
  // Only problems about a value itself; a missing or unknown field says nothing about a scalar.
  const typed = new Set(
    raw
      .filter((p) => p.code !== 'schema-required' && p.code !== 'schema-unknown-field')
      .map((p) => p.path.join('\u0000')),
  );
  for (const p of checked) if (!typed.has(p.path.join('\u0000'))) raw.push(p);
}

export function analyze(text: string): Analysis {
  const lines = new LineIndex(text);
  let doc: YamlDoc;
  try {
    doc = parseYaml(text);
  } catch (e) {
    doc = { text, root: null, errors: [{ code: 'yaml-syntax', message: String((e as Error).message), offset: 0 }] };
  }
  const problems: LocatedProblem[] = [];
  const at = (start: number, end: number) => {
    const s = lines.position(start);
    const e = lines.position(end);
    return { start, end, line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
  };
  for (const err of doc.errors) {
    problems.push({
      code: err.code,
      severity: 'error',
      message: err.message,
      path: [],
      ...at(err.offset, Math.min(text.length, err.offset + 1)),
      related: (err.related ?? []).map((r) => ({ message: r.message, ...at(r.offset, r.offset) })),
    });
  }
  if (doc.errors.some((e) => e.code === 'yaml-syntax')) return { doc, topology: null, problems, lines };
  let topology: Topology | null = null;
  const raw: Problem[] = [];
  try {
    checkStructure(doc.root, raw);
    topology = buildTopology(doc.root);
    if (topology) pushChecks(raw, runChecks(topology));
    else if (doc.root)
      raw.push({
        code: 'schema-type',
        severity: 'error',
        message: 'The top level of a topology file must be a mapping (key: value pairs)',
        path: [],
      });
  } catch (e) {
    raw.push({
      code: 'internal',
      severity: 'error',
      message: `Internal error while checking: ${(e as Error).message}`,
      path: [],
    });
  }
  for (const p of raw) {
    // Problems about a key itself (unknown field) point at the key, not its value.
    const key = p.data?.key ? keyAt(doc.root, p.path) : undefined;
    const span = key ?? locate(doc.root, p.path);
    problems.push({
      ...p,
      ...at(span.start, span.end),
      related: (p.related ?? []).map((r) => {
        const rs = locate(doc.root, r.path);
        return { message: r.message, ...at(rs.start, rs.end) };
      }),
    });
  }
  const shown = applySuppressions(text, lines, doc.root, problems);
  shown.sort((a, b) => a.start - b.start || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return { doc, topology, problems: shown, lines };
}
