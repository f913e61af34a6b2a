import { ChannelClosedError } from './errors.ts';

/**
 * The shared memory behind a channel: a header of `Int32` slots and a ring of
 * bytes holding length-prefixed messages. Every change bumps `VERSION` and
 * notifies it, which is what a waiting `recv` (or a `send` waiting for room)
 * sleeps on. A short spin lock guards the ring: it is taken by page code too,
 * where `Atomics.wait` is not allowed, and is only held to copy bytes.
 */
const LOCK = 0;
const VERSION = 1;
const COUNT = 2;
const HEAD = 3;
const TAIL = 4;
const USED = 5;
const CLOSED = 6;
const ID = 7;
const HEADER_BYTES = 8 * Int32Array.BYTES_PER_ELEMENT;
const PREFIX = 4;
/** Spins before a held lock is declared stuck (an isolate destroyed in the middle of a copy). */
const MAX_SPINS = 50_000_000;

/** Returned by `tryTake` when the channel holds no message. */
export const EMPTY: unique symbol = Symbol('empty');

/** One channel's shared memory and the operations on it, usable in any thread. */
export class ChannelBuffer {
  readonly buffer: SharedArrayBuffer;
  readonly #header: Int32Array;
  readonly #ring: Uint8Array;

  constructor(buffer: SharedArrayBuffer) {
    if (!(buffer instanceof SharedArrayBuffer) || buffer.byteLength <= HEADER_BYTES + PREFIX) {
      throw new TypeError(
        `Expected a channel's SharedArrayBuffer, got ${Object.prototype.toString.call(buffer)}`,
      );
    }
    this.buffer = buffer;
    this.#header = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    this.#ring = new Uint8Array(buffer, HEADER_BYTES);
  }

  /** Fresh shared memory for a channel with room for `capacity` bytes of messages. */
  static allocate(id: number, capacity: number): ChannelBuffer {
    const buffer = new ChannelBuffer(new SharedArrayBuffer(HEADER_BYTES + capacity));
    buffer.#header[ID] = id;
    return buffer;
  }

  get id(): number {
    return Atomics.load(this.#header, ID);
  }
  get capacity(): number {
    return this.#ring.length;
  }
  get closed(): boolean {
    return Atomics.load(this.#header, CLOSED) === 1;
  }
  /** Messages waiting to be received. */
  get size(): number {
    return Atomics.load(this.#header, COUNT);
  }
  /** The change counter to wait on (`Atomics.wait(header, VERSION, version)`). */
  get version(): number {
    return Atomics.load(this.#header, VERSION);
  }
  get header(): Int32Array {
    return this.#header;
  }
  static readonly VERSION = VERSION;

  /** Appends a message; false when there is not enough room right now. */
  tryPut(bytes: Uint8Array): boolean {
    const need = PREFIX + bytes.length;
    if (need > this.capacity) {
      throw new RangeError(
        `Expected a message of at most ${this.capacity - PREFIX} bytes for channel ${this.id}, got ${bytes.length}; create the channel with a larger \`capacity\``,
      );
    }
    return this.#locked(
      () => {
        if (this.closed) throw new ChannelClosedError(`Channel ${this.id} is closed`);
        if (this.capacity - this.#slot(USED) < need) return false;
        const prefix = new Uint8Array(PREFIX);
        new DataView(prefix.buffer).setUint32(0, bytes.length, true);
        let tail = this.#slot(TAIL);
        tail = this.#copyIn(prefix, tail);
        tail = this.#copyIn(bytes, tail);
        this.#header[TAIL] = tail;
        this.#header[USED] = this.#slot(USED) + need;
        this.#header[COUNT] = this.#slot(COUNT) + 1;
        return true;
      },
      (put) => put,
    );
  }

  /** Removes and returns the oldest message's bytes, or `EMPTY`. */
  tryTake(): Uint8Array | typeof EMPTY {
    return this.#locked(
      () => {
        if (this.#header[COUNT] === 0) return EMPTY;
        let head = this.#slot(HEAD);
        const prefix = new Uint8Array(PREFIX);
        head = this.#copyOut(prefix, head);
        const bytes = new Uint8Array(new DataView(prefix.buffer).getUint32(0, true));
        head = this.#copyOut(bytes, head);
        this.#header[HEAD] = head;
        this.#header[USED] = this.#slot(USED) - PREFIX - bytes.length;
        this.#header[COUNT] = this.#slot(COUNT) - 1;
        return bytes;
      },
      (taken) => taken !== EMPTY,
    );
  }

  /** Marks the channel closed and wakes every waiter. */
  close(): void {
    this.#locked(
      () => {
        this.#header[CLOSED] = 1;
      },
      () => true,
    );
  }

  /** A header slot read under the lock. */
  #slot(index: number): number {
    return this.#header[index] ?? 0;
  }

  #copyIn(bytes: Uint8Array, at: number): number {
    const first = Math.min(bytes.length, this.capacity - at);
    this.#ring.set(bytes.subarray(0, first), at);
    this.#ring.set(bytes.subarray(first), 0);
    return (at + bytes.length) % this.capacity;
  }

  #copyOut(bytes: Uint8Array, at: number): number {
    const first = Math.min(bytes.length, this.capacity - at);
    bytes.set(this.#ring.subarray(at, at + first));
    bytes.set(this.#ring.subarray(0, bytes.length - first), first);
    return (at + bytes.length) % this.capacity;
  }

  /** Runs `work` holding the lock; when `changed(result)`, bumps the version and wakes waiters. */
  #locked<T>(work: () => T, changed: (result: T) => boolean): T {
    let spins = 0;
    while (Atomics.compareExchange(this.#header, LOCK, 0, 1) !== 0) {
      spins += 1;
      if (spins > MAX_SPINS) {
        throw new Error(
          `Channel ${this.id} stayed locked: an isolate was probably destroyed while sending or receiving; create a new channel`,
        );
      }
    }
    let result: T;
    try {
      result = work();
    } finally {
      // The atomic store publishes the plain reads and writes above (release).
      Atomics.store(this.#header, LOCK, 0);
    }
    if (changed(result)) {
      Atomics.add(this.#header, VERSION, 1);
      Atomics.notify(this.#header, VERSION);
    }
    return result;
  }
}
