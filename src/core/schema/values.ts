// The value check of one scalar against its field's type (src/core/format/types.ts): run by the
// structure walk for every typed scalar, so a value that reaches a config, a path or a command has
// been checked where it is written, with a coded problem at that scalar.
import type { Path } from '../model';
import type { Problem } from '../problems';
import type { YScalar } from '../yaml/ast';
import type { ValueType } from '../format/types';
import { shown, textFault } from '../format/text';

/**
 * Numbers as people write them in configs: digits, a sign, for decimals one point. YAML also reads
 * 1e3, 0x10, 0o17 and .inf as numbers, which the daemons these values end up in do not. A loop,
 * not a regular expression: a 10,000-host file has tens of thousands of small numbers.
 */
function plainNumber(text: string, integer: boolean): boolean {
  let digits = 0;
  let point = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if ((c === 43 || c === 45) && i === 0) continue;
    else if (c === 46 && !integer && !point) point = true;
    else return false;
  }
  return digits > 0;
}

/** A number where the schema wants one: written in plain digits, inside its bounds. */
export function checkNumber(
  node: YScalar,
  s: { type?: string; minimum?: number; maximum?: number },
  vt: ValueType | undefined,
  at: Path,
  where: (p: Path) => string,
  out: Problem[],
): void {
  const integer = s.type === 'integer' || vt?.kind === 'integer';
  const text = node.text;
  const value = node.value as number;
  const bounds = vt ? `; expected ${vt.words}` : '';
  if (!plainNumber(text, integer)) {
    out.push({
      code: 'schema-type',
      severity: 'error',
      path: at.slice(),
      message: `${where(at)} is ${text}; write ${integer ? 'a whole number' : 'a number'} in plain digits${bounds}`,
    });
  } else if (s.minimum !== undefined && value < s.minimum) {
    out.push({
      code: 'schema-range',
      severity: 'error',
      message: `${where(at)} is ${text}; the smallest allowed is ${s.minimum}`,
      path: at.slice(),
      data: { replacement: String(s.minimum) },
    });
  } else if (s.maximum !== undefined && value > s.maximum) {
    out.push({
      code: 'schema-range',
      severity: 'error',
      message: `${where(at)} is ${text}; the largest allowed is ${s.maximum}`,
      path: at.slice(),
      data: { replacement: String(s.maximum) },
    });
  }
}

/** A string-typed scalar: one clean line, then its type's own check. */
export function checkValue(node: YScalar, vt: ValueType, at: Path, where: (p: Path) => string, out: Problem[]): void {
  const text = node.text;
  const fault = textFault(text);
  if (fault) {
    const trimmed = text.trim();
    const fixed = fault.code === 'value-whitespace' ? (vt.normalise?.(trimmed) ?? trimmed) : undefined;
    out.push({
      code: fault.code,
      severity: 'error',
      path: at.slice(),
      message: `${where(at)} ${fault.why}: ${shown(text)}; expected ${vt.words}`,
      data: fixed !== undefined ? { replacement: fixed } : undefined,
    });
    return;
  }
  if (text === '') {
    out.push({
      code: vt.code ?? 'value-invalid',
      severity: 'error',
      path: at.slice(),
      message: `${where(at)} is empty; expected ${vt.words}`,
    });
    return;
  }
  const r = vt.check?.(text);
  if (r === undefined) return;
  const { code, why } = typeof r === 'string' ? { code: vt.code ?? 'value-invalid', why: r } : r;
  const message = vt.ownMessage
    ? `${where(at)}: ${why}`
    : `${where(at)} is ${shown(text)}, not ${vt.words}${why ? `: ${why}` : ''}`;
  out.push({ code, severity: 'error', path: at.slice(), message });
}
