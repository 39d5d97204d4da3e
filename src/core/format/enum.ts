// Membership in an enumeration. The enumerations themselves are `as const` arrays (core/model,
// core/problems, core/view/types); their types, the schema's `enum`s and every guard derive from them.

/** Whether `v` is one of `options`, narrowing it to the array's element type. */
export function isOneOf<T extends string | number>(v: unknown, options: readonly T[]): v is T {
  return (options as readonly unknown[]).includes(v);
}
