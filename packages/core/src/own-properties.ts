/**
 * Keys that reach an object's prototype rather than the object when used as property names of an
 * ordinary object (`obj.__proto__ = …`, `obj.constructor.prototype.x = …`). Objects built from
 * user or server data (`--set` paths, query parameters, column names) refuse them.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether `key` is one of {@link FORBIDDEN_KEYS}. */
export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

/**
 * An empty object without a prototype: every key, `__proto__` included, is plain data, and no
 * key that was never set can be inherited from a polluted `Object.prototype`.
 */
export function createRecord<T = unknown>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * A prototype-free copy of the own enumerable properties of an options object. Reading a setting
 * that decides where secrets go (IMS URL, base URL, `fetch`, token store) from the copy can never
 * pick up a value planted on `Object.prototype`. Anything that is not an object gives an empty copy.
 */
export function ownProperties<T extends object>(value: T): T {
  const copy = createRecord();
  if (typeof value !== 'object' || value === null) return copy as T;
  for (const key of Object.keys(value)) copy[key] = (value as Record<string, unknown>)[key];
  return copy as T;
}
