/** Where two values first differ, and what each side holds there. */
export interface Difference {
  /** Path from the top value to the difference, like `[1].name` (empty at the top). */
  path: string;
  actual: unknown;
  expected: unknown;
  /** Why the two values at `path` differ, when that is not just "not equal". */
  reason?: string;
}

type Seen = Map<object, object>;

/**
 * Compares two values deeply and returns the first difference, or `null` when they
 * are equal.
 *
 * - Primitives compare with `Object.is`, so `NaN` equals `NaN` and `-0` differs from `0`.
 * - Arrays and typed arrays compare element by element; a typed array never equals
 *   a typed array of another kind.
 * - Maps compare values under the same keys; Sets match each element with an equal one.
 * - Dates compare their time, regular expressions their source and flags.
 * - Other objects need the same prototype and equal own enumerable properties.
 *   Iterators compare by identity: reading one to compare it would use it up.
 *
 * @example
 * findDifference({ a: [1, 2] }, { a: [1, 3] });
 * // → { path: '.a[1]', actual: 2, expected: 3 }
 */
export function findDifference(actual: unknown, expected: unknown): Difference | null {
  return compare(actual, expected, '', new Map());
}

function compare(actual: unknown, expected: unknown, path: string, seen: Seen): Difference | null {
  if (Object.is(actual, expected)) return null;
  const here = { path, actual, expected };
  if (!isObject(actual) || !isObject(expected)) return here;
  if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) {
    return { ...here, reason: 'different kinds of value' };
  }
  // A cycle that reached this same pair again: equal so far, and going on would never end.
  if (seen.get(actual) === expected) return null;
  seen.set(actual, expected);

  if (actual instanceof Map && expected instanceof Map)
    return compareMaps(actual, expected, path, seen);
  if (actual instanceof Set && expected instanceof Set) return compareSets(actual, expected, path);
  if (actual instanceof Date && expected instanceof Date) {
    return Object.is(actual.getTime(), expected.getTime()) ? null : here;
  }
  if (actual instanceof RegExp && expected instanceof RegExp) {
    return String(actual) === String(expected) ? null : here;
  }
  if (isIterator(actual)) return { ...here, reason: 'two different iterators' };
  // Arrays need no length check: an extra or missing index is reported where it is.
  return compareProperties(actual, expected, path, seen);
}

function compareProperties(actual: object, expected: object, path: string, seen: Seen) {
  const actualKeys = Object.keys(actual);
  const expectedKeys = Object.keys(expected);
  const indexed = Array.isArray(actual) || ArrayBuffer.isView(actual);
  for (const key of new Set([...expectedKeys, ...actualKeys])) {
    const at = path + (indexed ? `[${key}]` : `.${key}`);
    const a: unknown = Reflect.get(actual, key);
    const e: unknown = Reflect.get(expected, key);
    if (!Object.hasOwn(actual, key)) return { path: at, actual: a, expected: e, reason: 'missing' };
    if (!Object.hasOwn(expected, key)) {
      return { path: at, actual: a, expected: e, reason: 'not expected' };
    }
    const difference = compare(a, e, at, seen);
    if (difference) return difference;
  }
  return null;
}

function compareMaps(
  actual: Map<unknown, unknown>,
  expected: Map<unknown, unknown>,
  path: string,
  seen: Seen,
): Difference | null {
  for (const [key, value] of expected) {
    const at = `${path}.get(${describeKey(key)})`;
    if (!actual.has(key))
      return { path: at, actual: undefined, expected: value, reason: 'missing' };
    const difference = compare(actual.get(key), value, at, seen);
    if (difference) return difference;
  }
  for (const [key, value] of actual) {
    if (!expected.has(key)) {
      const at = `${path}.get(${describeKey(key)})`;
      return { path: at, actual: value, expected: undefined, reason: 'not expected' };
    }
  }
  return null;
}

function compareSets(
  actual: Set<unknown>,
  expected: Set<unknown>,
  path: string,
): Difference | null {
  const unmatched = [...actual];
  for (const element of expected) {
    const index = unmatched.findIndex((candidate) => findDifference(candidate, element) === null);
    if (index === -1) {
      return { path, actual, expected, reason: 'an expected element is missing' };
    }
    unmatched.splice(index, 1);
  }
  if (unmatched.length > 0) return { path, actual, expected, reason: 'extra elements' };
  return null;
}

/** Functions are left out on purpose: two functions are equal only when they are the same one. */
function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** An object with its own `next` method: a generator or another iterator. */
export function isIterator(value: unknown): value is Iterator<unknown> {
  return isObject(value) && typeof (value as { next?: unknown }).next === 'function';
}

function describeKey(key: unknown): string {
  return typeof key === 'string' ? JSON.stringify(key) : String(key);
}
