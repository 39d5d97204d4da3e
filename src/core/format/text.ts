// What every string value of a topology must be before its type is even asked: one line, no
// control characters, nothing invisible that reorders text, no blanks at either end. A value
// that passes can only break out of its context through characters its type then refuses.

/**
 * C0 and C1 controls (newline, tab, carriage return, NUL, DEL...), the Unicode line and paragraph
 * separators (line breaks to YAML 1.1 and JavaScript), the byte-order mark and the bidirectional
 * overrides that make text read differently from what it is.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

/** Blanks JavaScript's trim() removes; the first and last character are compared against it. */
const BLANK = /\s/;

export interface TextFault {
  /** `value-control` (a control character inside) or `value-whitespace` (blanks at an end only). */
  code: 'value-control' | 'value-whitespace';
  /** What is wrong, for the message: `contains a line break (U+000A) at character 9`. */
  why: string;
}

const NAMES: Record<number, string> = {
  0x0a: 'a line break',
  0x0d: 'a carriage return',
  0x09: 'a tab',
  0x00: 'a NUL character',
  0x2028: 'a line separator',
  0x2029: 'a paragraph separator',
};

function describe(c: number): string {
  return `${NAMES[c] ?? 'a control character'} (U+${c.toString(16).toUpperCase().padStart(4, '0')})`;
}

/**
 * Undefined for a clean value. Cheap for the usual short ASCII name or address: one pass over
 * the characters, no regular expression, no allocation.
 */
export function textFault(s: string): TextFault | undefined {
  const n = s.length;
  let plain = true;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) {
      plain = false;
      break;
    }
  }
  if (plain) return undefined;
  const trimmed = s.trim();
  const inner = CONTROL.exec(trimmed);
  if (inner)
    return {
      code: 'value-control',
      why: `contains ${describe(inner[0].charCodeAt(0))} at character ${s.indexOf(inner[0]) + 1}`,
    };
  if (n > 0 && (BLANK.test(s[0]) || BLANK.test(s[n - 1]))) {
    const edge = CONTROL.exec(s);
    return {
      code: 'value-whitespace',
      why: edge ? `ends or starts with ${describe(edge[0].charCodeAt(0))}` : 'has blanks at its start or end',
    };
  }
  return undefined;
}

/** A value as messages show it: quoted, escapes visible, cut short. */
export function shown(s: string, max = 60): string {
  const q = JSON.stringify(s).replace(
    /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return q.length <= max ? q : `${q.slice(0, max - 2)}…"`;
}
