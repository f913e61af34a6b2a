import { ChannelBuffer, EMPTY } from './channel-buffer.ts';
import { decodeValue, encodeValue } from './encode.ts';
import { ChannelClosedError } from './errors.ts';
import type { PackedChannel } from './protocol.ts';
import { checkShareable } from './shareable.ts';

/** Options of `createChannel`. */
export interface ChannelOptions {
  /** Bytes of messages the channel holds before `send` has to wait. @default 1048576 (1 MiB) */
  capacity?: number;
}

/** Options of `Channel.recv`. */
export interface RecvOptions {
  /** Stops waiting; `recv` rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Options of the blocking `recv` inside an isolate. */
export interface BlockingRecvOptions {
  /** Gives up after this many milliseconds with a `TimeoutError`. @default Infinity */
  timeoutMs?: number;
}

let lastId = 0;

function sharedMemoryAvailable(): void {
  if (typeof SharedArrayBuffer !== 'function') {
    throw new Error(
      'Channels need SharedArrayBuffer, which this page does not have: it must be cross-origin isolated (COOP/COEP headers)',
    );
  }
}

/** Behaviour both ends share: id, `send`, `close`. */
abstract class ChannelEnd {
  readonly #memory: ChannelBuffer;

  constructor(memory: ChannelBuffer) {
    this.#memory = memory;
  }

  /** The channel's id, the same on every side. */
  get id(): number {
    return this.#memory.id;
  }
  /** Messages sent and not yet received. */
  get size(): number {
    return this.#memory.size;
  }
  get closed(): boolean {
    return this.#memory.closed;
  }
  /** @internal */
  get memory(): ChannelBuffer {
    return this.#memory;
  }

  /**
   * Sends a copy of `value`: primitives, arrays, plain objects and binary data
   * (see `checkShareable`). Throws `NotShareableError` for anything else.
   */
  send(value: unknown): void {
    checkShareable(value, 'value', 'channel', () => false);
    const bytes = encodeValue(value);
    while (!this.#memory.tryPut(bytes)) this.waitForRoom(this.#memory.version);
  }

  /** No more messages: `send` throws from now on, `recv` throws once the channel is empty. */
  close(): void {
    this.#memory.close();
  }

  /** What to do when the channel is full (block in an isolate, throw outside). */
  protected abstract waitForRoom(version: number): void;

  /** One message if there is one; `EMPTY` otherwise; throws once closed and empty. */
  protected take(): unknown {
    const bytes = this.#memory.tryTake();
    if (bytes !== EMPTY) return decodeValue(bytes);
    if (this.#memory.closed) throw new ChannelClosedError(`Channel ${this.id} is closed and empty`);
    return EMPTY;
  }

  /** The form a channel takes to cross `postMessage`. */
  pack(): PackedChannel {
    return { __yieldbookChannel: 1, buffer: this.#memory.buffer };
  }
}

/**
 * A channel as its creator sees it (a cell, the page, Node): `send` copies a
 * value in, `recv` resolves with the oldest one. `recv` is asynchronous here
 * because blocking would freeze the page (or the kernel, its interrupt and
 * its output); it sleeps on the channel's shared memory with
 * `Atomics.waitAsync`.
 *
 * @example
 * const channel = createChannel();
 * await runString(id, 'channel.send(6 * 7)', { channel });
 * await channel.recv(); // 42
 */
export class Channel extends ChannelEnd {
  /** Resolves with the oldest message, waiting for one if the channel is empty. */
  async recv(options: RecvOptions = {}): Promise<unknown> {
    const { signal } = options;
    for (;;) {
      signal?.throwIfAborted();
      const version = this.memory.version;
      const value = this.take();
      if (value !== EMPTY) return value;
      await changed(this.memory.header, version, signal);
    }
  }

  protected waitForRoom(): void {
    throw new RangeError(
      `Channel ${this.id} is full (${this.memory.capacity} bytes); receive from it first, or create it with a larger \`capacity\``,
    );
  }
}

/**
 * A channel inside an isolate. `recv` blocks the isolate until a message
 * arrives (`Atomics.wait` on the shared memory), like Python's
 * `channels.recv`; `send` blocks while the channel is full.
 */
export class BlockingChannel extends ChannelEnd {
  /** Returns the oldest message, blocking until there is one. */
  recv(options: BlockingRecvOptions = {}): unknown {
    const deadline = performance.now() + (options.timeoutMs ?? Number.POSITIVE_INFINITY);
    for (;;) {
      const version = this.memory.version;
      const value = this.take();
      if (value !== EMPTY) return value;
      const left = deadline - performance.now();
      if (left <= 0) {
        throw new DOMException(
          `No message on channel ${this.id} within the timeout`,
          'TimeoutError',
        );
      }
      Atomics.wait(this.memory.header, ChannelBuffer.VERSION, version, left);
    }
  }

  protected waitForRoom(version: number): void {
    Atomics.wait(this.memory.header, ChannelBuffer.VERSION, version);
  }
}

/** Waits until `VERSION` differs from `version` (or the signal aborts). */
async function changed(header: Int32Array, version: number, signal?: AbortSignal): Promise<void> {
  const waiting =
    typeof Atomics.waitAsync === 'function'
      ? Atomics.waitAsync(header, ChannelBuffer.VERSION, version)
      : { async: true, value: new Promise((done) => setTimeout(done, 4)) };
  if (!waiting.async) return;
  if (!signal) {
    await waiting.value;
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    void Promise.resolve(waiting.value).then(() => {
      signal.removeEventListener('abort', abort);
      resolve();
    });
  });
}

/**
 * A new channel (Python's `channels.create()`). Pass it to `runString` in
 * `shared` and the isolate gets its own end, over the same memory.
 *
 * @example
 * const results = createChannel();
 * await runString(id, 'results.send(input ** 2)', { input: 3, results });
 * console.log(await results.recv()); // 9
 */
export function createChannel(options: ChannelOptions = {}): Channel {
  sharedMemoryAvailable();
  const { capacity = 1 << 20 } = options;
  if (!Number.isInteger(capacity) || capacity < 16) {
    throw new TypeError(
      `Expected \`capacity\` to be an integer of at least 16 bytes, got ${String(capacity)}`,
    );
  }
  lastId += 1;
  return new Channel(ChannelBuffer.allocate(lastId, capacity));
}

/** Whether `value` is a packed channel (as it arrives inside an isolate). */
export function isPackedChannel(value: unknown): value is PackedChannel {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { __yieldbookChannel?: unknown }).__yieldbookChannel === 1 &&
    (value as { buffer?: unknown }).buffer instanceof SharedArrayBuffer
  );
}

/** Rebuilds the isolate's end of a packed channel. */
export function unpackChannel(packed: PackedChannel): BlockingChannel {
  return new BlockingChannel(new ChannelBuffer(packed.buffer));
}

/** Whether `value` is a channel end made by this module. */
export function isChannel(value: unknown): value is Channel | BlockingChannel {
  return value instanceof ChannelEnd;
}
