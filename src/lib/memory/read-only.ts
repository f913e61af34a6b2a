/**
 * Read-only typed arrays, the analog of a memory map opened with `mmap_mode='r'`:
 * a view on the loaded bytes (no copy) that refuses writes. JavaScript cannot
 * freeze a typed array, so the view is a Proxy: indexed writes and the mutating
 * methods throw a `TypeError`, everything else reads through to the array.
 */

const MUTATORS = new Set(['fill', 'set', 'copyWithin', 'sort', 'reverse']);
const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const TARGETS = new WeakMap<object, ArrayBufferView>();

type Inspect = (value: unknown, options: unknown) => string;

function refuse(name: string): never {
  // Short enough to print on one 80-character line with its `TypeError: ` prefix.
  throw new TypeError(`${name} is read-only (mmapMode: 'r'); copy it with .slice()`);
}

/** A read-only Proxy over `array`; indexing, length, iteration and non-mutating methods work as usual. */
export function readOnlyView<T extends ArrayBufferView>(array: T): T {
  const name = array.constructor.name;
  const proxy = new Proxy(array, {
    get(target, key) {
      if (key === INSPECT) {
        return (_depth: number, options: unknown, inspect: Inspect) =>
          `${inspect(target, options)} (read-only)`;
      }
      if (typeof key === 'string' && MUTATORS.has(key)) return () => refuse(name);
      const value = Reflect.get(target, key, target);
      if (key === 'subarray') {
        return (...args: unknown[]) =>
          readOnlyView((value as (...a: unknown[]) => ArrayBufferView).apply(target, args));
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set: () => refuse(name),
    defineProperty: () => refuse(name),
    deleteProperty: () => refuse(name),
    setPrototypeOf: () => refuse(name),
  });
  TARGETS.set(proxy, array);
  return proxy;
}

/** True for a view made by {@link readOnlyView}. */
export function isReadOnlyView(value: unknown): boolean {
  return typeof value === 'object' && value !== null && TARGETS.has(value);
}

/** The typed array behind a read-only view (itself for anything else). */
export function unwrapView<T>(value: T): T {
  return (typeof value === 'object' && value !== null ? (TARGETS.get(value) ?? value) : value) as T;
}
