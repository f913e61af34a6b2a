import { unaryBatch, uniformBatch } from './batch.ts';
import { abortReason } from './errors.ts';
import type { Job } from './job.ts';
import type { TaskRef } from './protocol.ts';

/** What a feed needs from its pool. */
export interface FeedHost {
  /** Stops one of the feed's jobs wherever it is, settling it with `reason`. */
  abort(job: Job, reason: unknown): void;
  /** The feed ended early (a failure, an abort): the pool drops it from its queue. */
  dropped(feed: MapFeed): void;
}

/** Where a feed's results go. */
export interface FeedSink {
  /** Chunk number `part` (0, 1, … in input order) came back with `values`, in any order. */
  values(part: number, values: unknown[]): void;
  /** Called once: `null` when every chunk came back, else the first failure. */
  end(failure: { error: unknown } | null): void;
}

/** What a feed makes jobs of. */
export interface FeedOptions {
  ref: TaskRef;
  items: Iterable<unknown>;
  chunkSize: number;
  /** Whether each item is its call's one argument (`map`), not an argument list (`starmap`). */
  unary: boolean;
  /** Whether its messages may wait on a busy worker (see `messagesPerWorker`). */
  ahead: boolean;
  signal: AbortSignal | undefined;
}

/** Nothing to transfer: shared by every job of every feed, and never written. */
const NO_TRANSFER: Transferable[] = [];

/**
 * The messages of one `map`, `starmap` or `mapUnordered`, made one at a time
 * when the pool has a lane for the next (`take`), not all at once: the items
 * are read chunk by chunk as workers free up, and what is in flight is bounded
 * by the lanes (their `messagesPerWorker`). A map of thousands of tiny tasks
 * then leaves its jobs, batches and slices to the young generation instead of
 * holding them all to its end. The first failure, or the signal aborting,
 * ends the feed: no further chunk is read, and its jobs still out are stopped.
 */
export class MapFeed {
  readonly ahead: boolean;
  readonly #ref: TaskRef;
  readonly #chunkSize: number;
  readonly #unary: boolean;
  readonly #signal: AbortSignal | undefined;
  readonly #host: FeedHost;
  readonly #sink: FeedSink;
  /** An array input, read by index up to its length when the map started; else an iterator. */
  readonly #array: readonly unknown[] | null;
  readonly #end: number;
  readonly #iterator: Iterator<unknown> | null;
  /** Whether the iterator may still give items: neither done nor thrown. */
  #iterating: boolean;
  #next = 0;
  #parts = 0;
  #spent = false;
  #ended = false;
  /** Jobs made and not answered yet: those to stop when the feed ends early. */
  readonly #open = new Set<Job>();
  readonly #reject = (reason: unknown) => this.#fail(reason);
  readonly #onAbort = () => this.#fail(abortReason(this.#signal as AbortSignal));

  /**
   * Reads nothing yet; throws when `items` is not iterable. An empty array
   * ends the feed at once.
   */
  constructor(options: FeedOptions, host: FeedHost, sink: FeedSink) {
    const { items } = options;
    if (Array.isArray(items)) {
      this.#array = items;
      this.#end = items.length;
      this.#iterator = null;
      this.#iterating = false;
    } else if (
      items !== null &&
      typeof (items as Partial<Iterable<unknown>> | undefined)?.[Symbol.iterator] === 'function'
    ) {
      this.#array = null;
      this.#end = 0;
      this.#iterator = items[Symbol.iterator]();
      this.#iterating = true;
    } else {
      throw new TypeError(`Expected \`items\` to be an iterable, got ${String(items)}`);
    }
    this.ahead = options.ahead;
    this.#ref = options.ref;
    this.#chunkSize = options.chunkSize;
    this.#unary = options.unary;
    this.#signal = options.signal;
    this.#host = host;
    this.#sink = sink;
    this.#signal?.addEventListener('abort', this.#onAbort, { once: true });
    if (this.#array !== null && this.#end === 0) {
      this.#spent = true;
      this.#finish();
    }
  }

  /** Whether no more jobs will come: the input is used up, or the feed ended early. */
  get spent(): boolean {
    return this.#spent;
  }

  /** The next chunk as a job numbered `id`; undefined once spent (or when reading the input throws). */
  take(id: number): Job | undefined {
    if (this.#spent) return undefined;
    let args: unknown[];
    try {
      args = this.#read();
    } catch (error) {
      this.#fail(error);
      return undefined;
    }
    if (args.length === 0) {
      this.#finish();
      return undefined;
    }
    const part = this.#parts;
    this.#parts += 1;
    const job: Job = {
      id,
      batch: this.#unary
        ? unaryBatch(this.#ref, args)
        : uniformBatch(this.#ref, args as unknown[][]),
      label: this.#ref.name,
      ahead: this.ahead,
      transfer: NO_TRANSFER,
      signal: undefined,
      onAbort: undefined,
      settled: false,
      resolve: (values) => {
        this.#open.delete(job);
        this.#sink.values(part, values);
        this.#finish();
      },
      reject: this.#reject,
    };
    this.#open.add(job);
    return job;
  }

  /** Ends the feed early with `reason` (the map ended, or the pool was terminated). */
  stop(reason: unknown): void {
    this.#fail(reason);
  }

  /** The next chunk of items: empty once they are used up. */
  #read(): unknown[] {
    const array = this.#array;
    if (array !== null) {
      const start = this.#next;
      const end = Math.min(start + this.#chunkSize, this.#end);
      this.#next = end;
      if (end >= this.#end) this.#spent = true;
      return array.slice(start, end);
    }
    const iterator = this.#iterator as Iterator<unknown>;
    const chunk: unknown[] = [];
    while (chunk.length < this.#chunkSize) {
      let step: IteratorResult<unknown>;
      try {
        step = iterator.next();
      } catch (error) {
        this.#iterating = false;
        throw error;
      }
      if (step.done) {
        this.#iterating = false;
        this.#spent = true;
        break;
      }
      chunk.push(step.value);
    }
    return chunk;
  }

  /** Ends the feed well once the input is used up and every job came back. */
  #finish(): void {
    if (this.#ended || !this.#spent || this.#open.size > 0) return;
    this.#ended = true;
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#sink.end(null);
  }

  #fail(error: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#spent = true;
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#sink.end({ error });
    // A generator left part-way runs its `finally` blocks, as a `for … of` left early would.
    if (this.#iterating) {
      this.#iterating = false;
      try {
        this.#iterator?.return?.();
      } catch {
        // The map already failed with the error that matters.
      }
    }
    const open = [...this.#open];
    this.#open.clear();
    for (const job of open) this.#host.abort(job, error);
    this.#host.dropped(this);
  }
}
