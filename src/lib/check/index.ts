/**
 * `yieldbook/check`: the helpers exercise cells use to tell you whether your code
 * is right. Each check prints `✓ <description>` when it passes and throws a
 * {@link CheckError} saying what was expected and what came instead when it fails.
 *
 * @module
 */
import { CheckError } from './check-error.ts';
import { findDifference, isIterator } from './find-difference.ts';
import { formatFailure, show } from './format-failure.ts';

export { CheckError } from './check-error.ts';
export { type Difference, findDifference } from './find-difference.ts';

/**
 * Checks that `actual` deeply equals `expected`: arrays, plain objects, Maps, Sets
 * and typed arrays by their contents, numbers with `Object.is` (so `NaN` equals
 * `NaN` and `-0` differs from `0`).
 *
 * @example
 * check('doubles each value', [1, 2, 3].map((n) => n * 2), [2, 4, 6]);
 * // prints ✓ doubles each value
 */
export function check(description: string, actual: unknown, expected: unknown): void {
  expectDescription(description);
  const difference = findDifference(actual, expected);
  if (difference) {
    const hint =
      isIterator(actual) && Array.isArray(expected)
        ? 'this is an iterator; compare its values with checkIterator, or spread it: [...values]'
        : '';
    const sides = { expected: show(expected), got: show(actual) };
    throw new CheckError(formatFailure(description, sides, difference, hint));
  }
  console.log(`✓ ${description}`);
}

/**
 * Checks that calling `fn` throws. `expected` is either the error's name
 * (`'TypeError'`) or a pattern tested against its `Name: message` text.
 *
 * @example
 * checkThrows('rejects negative sizes', () => new Array(-1), 'RangeError');
 * checkThrows('says why', () => JSON.parse('{'), /JSON/);
 */
export function checkThrows(
  description: string,
  fn: () => unknown,
  expected: string | RegExp,
): void {
  expectDescription(description);
  if (typeof fn !== 'function') {
    throw new TypeError(`Expected \`fn\` to be a function, got ${show(fn)}`);
  }
  if (typeof expected !== 'string' && !(expected instanceof RegExp)) {
    throw new TypeError(
      `Expected \`expected\` to be an error name or a RegExp, got ${show(expected)}`,
    );
  }
  const wanted =
    typeof expected === 'string' ? `a thrown ${expected}` : `an error matching ${expected}`;
  let returned: unknown;
  try {
    returned = fn();
  } catch (error) {
    const text = errorText(error);
    const matches =
      typeof expected === 'string'
        ? text.startsWith(`${expected}:`) || text === expected
        : expected.test(text);
    if (matches) {
      console.log(`✓ ${description}`);
      return;
    }
    throw new CheckError(formatFailure(description, { expected: wanted, got: text }));
  }
  const got = `no error; it returned ${show(returned)}`;
  throw new CheckError(formatFailure(description, { expected: wanted, got }));
}

/** Options of {@link checkIterator}. */
export interface CheckIteratorOptions {
  /**
   * The most values to read before deciding. One more step is always taken to
   * see whether the iterator stops there, so an endless one cannot hang the check.
   * @default expected.length
   */
  limit?: number;
}

/**
 * Checks that an iterable (a generator, say) yields exactly `expected`, in order,
 * and then is done. It reads at most one value more than expected, so a wrong
 * answer that never ends fails instead of running forever. When it stops early it
 * calls the iterator's `return()`, so `finally` blocks run.
 *
 * @example
 * function* three() { yield 1; yield 2; yield 3; }
 * checkIterator('yields 1, 2, 3', three(), [1, 2, 3]);
 * // prints ✓ yields 1, 2, 3
 */
export function checkIterator(
  description: string,
  values: Iterable<unknown> | Iterator<unknown>,
  expected: readonly unknown[],
  options: CheckIteratorOptions = {},
): void {
  expectDescription(description);
  if (!Array.isArray(expected)) {
    throw new TypeError(`Expected \`expected\` to be an array, got ${show(expected)}`);
  }
  const limit = options.limit ?? expected.length;
  if (!Number.isInteger(limit) || limit < expected.length) {
    throw new TypeError(
      `Expected \`limit\` to be an integer of at least ${expected.length}, got ${show(limit)}`,
    );
  }
  const { pulled, done } = pull(toIterator(values), limit);
  const difference = findDifference(pulled, expected);
  if (difference || !done) {
    const got = `${show(pulled)} ${done ? 'and then done' : 'and possibly more'}`;
    const sides = { expected: `${show(expected)} and then done`, got };
    throw new CheckError(formatFailure(description, sides, difference));
  }
  console.log(`✓ ${description}`);
}

/**
 * Reads up to `limit` values, plus one step to see whether the iterator is done
 * there. A value found by that last step is kept, so a failure can show it.
 */
function pull(iterator: Iterator<unknown>, limit: number): { pulled: unknown[]; done: boolean } {
  const pulled: unknown[] = [];
  while (pulled.length <= limit) {
    const step = iterator.next();
    if (step.done) return { pulled, done: true };
    pulled.push(step.value);
  }
  iterator.return?.();
  return { pulled, done: false };
}

function toIterator(values: Iterable<unknown> | Iterator<unknown>): Iterator<unknown> {
  if (typeof values === 'object' && values !== null) {
    if (Symbol.iterator in values && typeof values[Symbol.iterator] === 'function') {
      return values[Symbol.iterator]();
    }
    if (isIterator(values)) return values;
  }
  throw new TypeError(`Expected \`values\` to be an iterable or an iterator, got ${show(values)}`);
}

function expectDescription(description: unknown): asserts description is string {
  if (typeof description !== 'string' || description === '') {
    throw new TypeError(
      `Expected \`description\` to be a non-empty string, got ${show(description)}`,
    );
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `a thrown ${show(error)} (not an Error)`;
}
