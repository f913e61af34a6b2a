import { requireSharedMemory } from './isolation.ts';
import { kindConstructor, type SharedKind, type SharedKindArrays, viewAs } from './kinds.ts';
import { Lock } from './lock.ts';
import { type SharedWire, TO_WIRE, type Wireable } from './wire.ts';

/**
 * A typed array over a `SharedArrayBuffer`, with a lock (the analog of
 * `multiprocessing.Array`). Every worker it is sent to sees the same memory:
 * writes need no copying back. `array` is the plain typed array of the kind
 * (`new SharedArray('uint8', n).array` is a `Uint8Array`), so `Atomics` works
 * on it for integer kinds.
 *
 * @example
 * const squares = new SharedArray('float64', 1_000_000);
 * // each worker fills its own slice of squares.array
 */
export class SharedArray<K extends SharedKind = SharedKind> implements Wireable {
  readonly kind: K;
  readonly array: SharedKindArrays[K];
  readonly #lock: Lock;

  constructor(
    kind: K,
    lengthOrValues: number | ArrayLike<number>,
    shared?: { buffer: SharedArrayBuffer; lock: Lock },
  ) {
    const Typed = kindConstructor(kind);
    this.kind = kind;
    if (shared !== undefined) {
      this.array = viewAs(kind, shared.buffer);
      this.#lock = shared.lock;
      return;
    }
    requireSharedMemory('SharedArray');
    const length = typeof lengthOrValues === 'number' ? lengthOrValues : lengthOrValues.length;
    if (!Number.isInteger(length) || length < 0) {
      throw new TypeError(
        `Expected a length that is a non-negative integer, got ${String(length)}`,
      );
    }
    this.array = viewAs(kind, new SharedArrayBuffer(length * Typed.BYTES_PER_ELEMENT));
    if (typeof lengthOrValues !== 'number') this.array.set(lengthOrValues);
    this.#lock = new Lock();
  }

  get length(): number {
    return this.array.length;
  }

  /** The lock that guards compound updates of several elements. */
  getLock(): Lock {
    return this.#lock;
  }

  [TO_WIRE](): SharedWire {
    return {
      yieldbookShared: 'SharedArray',
      kind: this.kind,
      buffer: this.array.buffer,
      length: this.array.length,
      lock: this.#lock[TO_WIRE](),
    };
  }
}
