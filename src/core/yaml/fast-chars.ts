// The characters and character classes the fast YAML path reads by code, and its way out (BAIL).
/** Thrown to leave the subset; caught in parseFast. */
export const BAIL: unique symbol = Symbol('leave the fast path');

export function bail(): never {
  throw BAIL;
}

// Tabs, lone CRs, control characters, BOMs, NEL/LS/PS and astral characters all have special
// rules in YAML; files containing any of them take the general path.
export const OUTSIDE_SUBSET = /[^\n\r\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]|\r(?!\n)/;
/** Printable ASCII and LF only: the usual file, cleared by one cheap scan. */
export const NOT_PLAIN_ASCII = /[^\n\x20-\x7e]/;

export const SP = 32,
  LF = 10,
  CR = 13,
  HASH = 35,
  DASH = 45,
  COLON = 58,
  COMMA = 44;
export const LBRACKET = 91,
  RBRACKET = 93,
  LBRACE = 123,
  RBRACE = 125,
  DQUOTE = 34,
  SQUOTE = 39,
  BACKSLASH = 92;

export const isFlowIndicator = (c: number) =>
  c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
// NaN (past the end) counts as the end of a line.
export const isWsOrEol = (c: number) => c === SP || c === LF || c === CR || c !== c;
/** Characters that cannot start a plain scalar here, or that start YAML features we leave to js-yaml. */
export const NOT_PLAIN_START = new Set([...'#&*!|>\'"%@`?:,[]{}'].map((c) => c.charCodeAt(0)));

/** Where plainEnd left the scan (one shared record: no allocation per scalar on the hot path). */
export const plain = { isKey: false, next: 0 };

/**
 * Scans a plain scalar starting at `p` and returns its end. Sets `plain.isKey` when a key indicator
 * follows, and `plain.next` to where reading goes on (after a key's colon).
 */
export function plainEnd(t: string, p: number, inFlow: boolean): number {
  const n = t.length;
  let end = p;
  plain.isKey = false;
  while (p < n) {
    const c = t.charCodeAt(p);
    if (c === LF || c === CR) break;
    if (c === SP) {
      p++;
      continue;
    }
    if (c === HASH && t.charCodeAt(p - 1) === SP) break;
    if (c === COLON) {
      const d = t.charCodeAt(p + 1);
      if (isWsOrEol(d)) {
        plain.isKey = true;
        plain.next = p + 1;
        return end;
      }
      if (inFlow && isFlowIndicator(d)) bail();
    } else if (inFlow && isFlowIndicator(c)) break;
    p++;
    end = p;
  }
  plain.next = end;
  return end;
}
