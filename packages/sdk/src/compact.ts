// Object literals without the keys whose value is undefined: `compact({a, b})`
// instead of `...(a !== undefined ? { a } : {})` for each optional key, as
// exactOptionalPropertyTypes wants (an absent key, never `key: undefined`).

/** The keys of T whose type includes undefined become optional, without undefined. */
export type Compact<T> = {
  [K in keyof T as undefined extends T[K] ? never : K]: T[K];
} & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** A copy of `o` without the keys whose value is undefined. */
export function compact<T extends object>(o: T): Compact<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as Compact<T>;
}
