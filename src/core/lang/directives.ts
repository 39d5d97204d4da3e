// Completion inside an okd-topology-disable comment: the codes of the problems the directive would
// silence (this line, the next line, or the whole file), with what each says.
import type { Analysis } from '../analyze';
import type { Completion } from './types';
import { silenceable } from '../suppress';

const DIRECTIVE = /#[ \t]*okd-topology-disable(-next-line|-line)?[ \t]+([^#]*)$/;

/** Items when `beforeCursor` (the comment up to the cursor, from its `#`) is a directive's code list. */
export function directiveItems(
  beforeCursor: string,
  line: number,
  offset: number,
  analysis: Analysis | undefined,
): Completion[] | undefined {
  const m = DIRECTIVE.exec(beforeCursor);
  if (!m) return undefined;
  if (!analysis) return [];
  const word = /[\w-]*$/.exec(m[2])![0];
  const listed = new Set(m[2].split(/[\s,]+/).filter(Boolean));
  const target = m[1] === '-line' ? line : m[1] === '-next-line' ? line + 1 : undefined;
  const seen = new Map<string, { severity: string; message: string; count: number }>();
  for (const p of analysis.problems) {
    if (!silenceable(p.code) || (target !== undefined && p.line !== target) || (listed.has(p.code) && p.code !== word))
      continue;
    const s = seen.get(p.code);
    if (s) s.count++;
    else seen.set(p.code, { severity: p.severity, message: p.message, count: 1 });
  }
  return [...seen].map(([code, s]) => ({
    label: code,
    kind: 'value' as const,
    detail: `${s.severity}${s.count > 1 ? ` × ${s.count}` : ''}`,
    documentation: s.message,
    insertText: code,
    snippet: false,
    start: offset - word.length,
    end: offset,
  }));
}
