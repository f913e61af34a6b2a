import { canBlock } from '../../core/environment.ts';
import { requireSharedMemory } from './isolation.ts';
import { type SharedWire, TO_WIRE, type Wireable } from './wire.ts';

const UNLOCKED = 0;
const LOCKED = 1;
const CONTENDED = 2;

/**
 * A mutual-exclusion lock in one `Int32Array` slot of shared memory, usable
 * from every worker it is sent to (the analog of `multiprocessing.Lock`).
 * Not reentrant. Waiting blocks the thread with `Atomics.wait`; on a
 * browser's main thread, where blocking is forbidden, it spins.
 *
 * @example
 * const lock = new Lock();
 * lock.withLock(() => { counter.value += 1; });
 */
export class Lock implements Wireable {
  readonly #cell: Int32Array;

  constructor(buffer?: SharedArrayBuffer, offset = 0) {
    if (buffer === undefined) {
      requireSharedMemory('Lock');
      this.#cell = new Int32Array(new SharedArrayBuffer(4));
    } else {
      this.#cell = new Int32Array(buffer, offset, 1);
    }
  }

  /** Takes the lock, waiting as long as another holder has it. */
  acquire(): void {
    const cell = this.#cell;
    let state = Atomics.compareExchange(cell, 0, UNLOCKED, LOCKED);
    if (state === UNLOCKED) return;
    const block = canBlock();
    // Drepper's three-state mutex: mark it contended, then sleep until released.
    do {
      if (state === CONTENDED || Atomics.compareExchange(cell, 0, LOCKED, CONTENDED) !== UNLOCKED) {
        if (block) Atomics.wait(cell, 0, CONTENDED);
      }
      state = Atomics.compareExchange(cell, 0, UNLOCKED, CONTENDED);
    } while (state !== UNLOCKED);
  }

  /** Takes the lock if it is free; returns whether it did. */
  tryAcquire(): boolean {
    return Atomics.compareExchange(this.#cell, 0, UNLOCKED, LOCKED) === UNLOCKED;
  }

  /** Releases the lock; throws if it was not held. */
  release(): void {
    const previous = Atomics.exchange(this.#cell, 0, UNLOCKED);
    if (previous === UNLOCKED) {
      throw new Error('Cannot release a Lock that is not held');
    }
    if (previous === CONTENDED) Atomics.notify(this.#cell, 0, 1);
  }

  /** Whether some holder has the lock now. */
  get locked(): boolean {
    return Atomics.load(this.#cell, 0) !== UNLOCKED;
  }

  /** Runs `fn` holding the lock and releases it even when `fn` throws. */
  withLock<T>(fn: () => T): T {
    this.acquire();
    try {
      return fn();
    } finally {
      this.release();
    }
  }

  [TO_WIRE](): SharedWire {
    return {
      yieldbookShared: 'Lock',
      buffer: this.#cell.buffer as SharedArrayBuffer,
      offset: this.#cell.byteOffset,
    };
  }
}
