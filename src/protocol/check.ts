// Tiny validators for untrusted JSON (messages cross the webview boundary). Pure, no deps.

export type Obj = Record<string, unknown>;

/** A plain object whose keys are exactly within `allowed` (extra keys mean a foreign payload). */
export function isObj(v: unknown, allowed?: readonly string[]): v is Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  if (allowed) for (const k of Object.keys(v)) if (!allowed.includes(k)) return false;
  return true;
}

export function isStr(v: unknown, max = 1024, min = 0): v is string {
  return typeof v === 'string' && v.length <= max && v.length >= min;
}
export function optStr(v: unknown, max = 1024): boolean {
  return v === undefined || isStr(v, max);
}
export function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
export function optNum(v: unknown): boolean {
  return v === undefined || isNum(v);
}
export function isInt(v: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}
export function optBool(v: unknown): boolean {
  return v === undefined || typeof v === 'boolean';
}
export function isOneOf<T extends string>(v: unknown, options: readonly T[]): v is T {
  return typeof v === 'string' && (options as readonly string[]).includes(v);
}
export function isArr<T>(v: unknown, item: (x: unknown) => x is T, max = 100_000): v is T[] {
  return Array.isArray(v) && v.length <= max && v.every((x) => item(x));
}
export function arrOf(item: (x: unknown) => boolean, max = 100_000): (v: unknown) => boolean {
  return (v) => Array.isArray(v) && v.length <= max && v.every((x) => item(x));
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A document path: string keys (not prototype names) and non-negative integer indexes. */
export function isPath(v: unknown, maxLen = 32): v is (string | number)[] {
  return (
    Array.isArray(v) &&
    v.length <= maxLen &&
    v.every(
      (s) =>
        (typeof s === 'string' && s.length > 0 && s.length <= 256 && !FORBIDDEN_KEYS.has(s)) || isInt(s, 0, 10_000_000),
    )
  );
}

export function isPosition(v: unknown): v is { x: number; y: number } {
  return isObj(v, ['x', 'y']) && isNum(v.x) && isNum(v.y) && Math.abs(v.x) <= 1e7 && Math.abs(v.y) <= 1e7;
}
export function optPosition(v: unknown): boolean {
  return v === undefined || isPosition(v);
}
