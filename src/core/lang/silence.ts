// The last entries of every warning's and info's lightbulb: silence this check on its line or in the
// whole file with an okd-topology-disable comment (src/core/suppress.ts). Errors must be fixed (or the
// comment written by hand, deliberately).
import type { LocatedProblem } from '../problems';
import type { TextEdit } from '../text';
import type { QuickFix } from './types';
import { silenceable } from '../suppress';

const NEXT_LINE = /^[ \t]*#[ \t]*okd-topology-disable-next-line[ \t]+\S.*$/;
const FILE_WIDE = /^[ \t]*#[ \t]*okd-topology-disable[ \t]+\S[^\n]*$/m;

/** Appends `, code` to a directive line [start, end) (before trailing blanks and a CR). */
function append(text: string, start: number, end: number, code: string): TextEdit {
  const at = start + text.slice(start, end).replace(/[ \t\r]+$/, '').length;
  return { start: at, end: at, newText: `, ${code}` };
}

export function silenceFixes(text: string, p: LocatedProblem): QuickFix[] {
  if (p.severity === 'error' || !silenceable(p.code)) return [];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lineStart = p.start - p.column;
  const lineEnd = (text.indexOf('\n', lineStart) + 1 || text.length + 1) - 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, lineEnd))![0];
  let here: TextEdit = {
    start: lineStart,
    end: lineStart,
    newText: `${indent}# okd-topology-disable-next-line ${p.code}${eol}`,
  };
  if (lineStart > 0) {
    const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    if (NEXT_LINE.test(text.slice(prevStart, lineStart - 1).replace(/\r$/, '')))
      here = append(text, prevStart, lineStart - 1, p.code);
  }
  const m = FILE_WIDE.exec(text);
  const file: TextEdit = m
    ? append(text, m.index, m.index + m[0].length, p.code)
    : { start: 0, end: 0, newText: `# okd-topology-disable ${p.code}${eol}` };
  return [
    { title: `Silence ${p.code} on this line`, edits: [here], preferred: false },
    { title: `Silence ${p.code} in this file`, edits: [file], preferred: false },
  ];
}
