import { NotShareableError } from './errors.ts';

/** What may cross, said once for every error message. */
const WHAT_CROSSES =
  'what crosses: primitives, arrays, plain objects, binary data; through runString also SharedArrayBuffer and channels';

/** Where a value may go: `runString`'s `shared` (by `postMessage`) or a channel (bytes in shared memory). */
export type Route = 'shared' | 'channel';

/** A value that is passed by reference (shared memory, channels), recognised by the caller. */
export type IsReference = (value: object) => boolean;

function typeName(value: object): string {
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null;
  const name = proto?.constructor?.name;
  return typeof name === 'string' && name !== '' ? name : 'object';
}

function refuse(path: string, why: string): never {
  throw new NotShareableError(`${path} cannot cross into an isolate: ${why} (${WHAT_CROSSES})`);
}

function isSharedMemory(value: object): boolean {
  return (
    typeof SharedArrayBuffer === 'function' &&
    (value instanceof SharedArrayBuffer ||
      (ArrayBuffer.isView(value) && value.buffer instanceof SharedArrayBuffer))
  );
}

/**
 * Checks that `value` can cross into an isolate by `route`, or throws a
 * `NotShareableError` naming the first offending part (`shared.point.x`) and
 * saying why. Like Python's shareable types, the rule is strict on purpose:
 * structured cloning would silently turn a class instance into a plain object
 * and drop its methods; here that is an error.
 */
export function checkShareable(
  value: unknown,
  path: string,
  route: Route,
  isReference: IsReference,
  seen: Set<object> = new Set(),
): void {
  if (typeof value === 'symbol') refuse(path, 'a symbol is unique to the realm that made it');
  if (typeof value === 'function') {
    refuse(
      path,
      'an isolate shares no code with its creator, so a function cannot cross; put it in the code string',
    );
  }
  if (typeof value !== 'object' || value === null) return;
  const object = value as object;
  if (isReference(object) || isSharedMemory(object)) {
    if (route === 'channel') {
      refuse(path, `a ${typeName(object)} is not sent over a channel; pass it to runString`);
    }
    return;
  }
  if (object instanceof ArrayBuffer || ArrayBuffer.isView(object)) return;
  if (seen.has(object)) refuse(path, 'the value refers back to itself (a cycle)');
  seen.add(object);
  if (Array.isArray(object)) {
    object.forEach((item: unknown, i) => {
      checkShareable(item, `${path}[${i}]`, route, isReference, seen);
    });
  } else {
    const proto: unknown = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) {
      const name = typeName(object);
      refuse(
        path,
        `an instance of ${name} would arrive without its class and methods; pass a plain object`,
      );
    }
    for (const [key, item] of Object.entries(object)) {
      checkShareable(item, `${path}.${key}`, route, isReference, seen);
    }
  }
  seen.delete(object);
}
