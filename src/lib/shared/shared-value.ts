import { requireSharedMemory } from './isolation.ts';
import { isAtomicKind, kindConstructor, type SharedKind, type SharedTypedArray } from './kinds.ts';
import { Lock } from './lock.ts';
import { type SharedWire, TO_WIRE, type Wireable } from './wire.ts';

/**
 * One number in shared memory, with its own lock (the analog of
 * `multiprocessing.Value`). `value` reads and writes are single memory
 * operations, so `v.value += 1` from several workers loses updates, as in
 * Python; `add` is atomic (Atomics for integers, the lock for floats).
 *
 * @example
 * const hits = new SharedValue('int32', 0);
 * await pool.map(work, [hits, hits]); // each worker calls hits.add(1)
 */
export class SharedValue implements Wireable {
  readonly kind: SharedKind;
  readonly #cells: SharedTypedArray;
  readonly #lock: Lock;

  constructor(kind: SharedKind, initial = 0, shared?: { buffer: SharedArrayBuffer; lock: Lock }) {
    const Typed = kindConstructor(kind);
    this.kind = kind;
    if (shared === undefined) {
      requireSharedMemory('SharedValue');
      this.#cells = new Typed(new SharedArrayBuffer(Typed.BYTES_PER_ELEMENT));
      this.#cells[0] = initial;
      this.#lock = new Lock();
    } else {
      this.#cells = new Typed(shared.buffer, 0, 1);
      this.#lock = shared.lock;
    }
  }

  /** The current value (a plain load: not ordered with other workers' writes). */
  get value(): number {
    return this.#cells[0] as number;
  }

  set value(next: number) {
    this.#cells[0] = next;
  }

  /** Adds `delta` atomically and returns the previous value. */
  add(delta: number): number {
    if (isAtomicKind(this.kind)) return Atomics.add(this.#cells as Int32Array, 0, delta);
    return this.#lock.withLock(() => {
      const previous = this.#cells[0] as number;
      this.#cells[0] = previous + delta;
      return previous;
    });
  }

  /** The lock that guards compound updates (`withLock(() => { v.value = f(v.value) })`). */
  getLock(): Lock {
    return this.#lock;
  }

  [TO_WIRE](): SharedWire {
    return {
      yieldbookShared: 'SharedValue',
      kind: this.kind,
      buffer: this.#cells.buffer,
      length: 1,
      lock: this.#lock[TO_WIRE](),
    };
  }
}
