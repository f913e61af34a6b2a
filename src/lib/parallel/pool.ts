import { hasSharedMemory } from '../../core/environment.ts';
import { asCompleted } from './as-completed.ts';
import { callBatch, joinParts } from './batch.ts';
import { cpuCount } from './cpu-count.ts';
import {
  abortReason,
  fromWireError,
  PoolClosedError,
  PoolTerminatedError,
  WorkerDiedError,
} from './errors.ts';
import { Fifo } from './fifo.ts';
import { type Job, settleJob } from './job.ts';
import { type FeedHost, type FeedSink, MapFeed } from './map-feed.ts';
import type { Batch, PoolReply } from './protocol.ts';
import { type Task, toTaskRef } from './task.ts';
import { Timeline, type TimelineEntry } from './timeline.ts';
import { defaultWorkerFactory, type WorkerFactory } from './worker-factory.ts';
import { type LaneEvents, WorkerLane } from './worker-lane.ts';

/** Options of `new WorkerPool`. */
export interface WorkerPoolOptions {
  /**
   * How many workers at most run at once. Workers start lazily, when there
   * is work for them.
   * @default cpuCount()
   */
  maxWorkers?: number;
  /** Starts a worker; the default starts `pool.worker.ts` (a Web Worker, or a Node thread). */
  createWorker?: WorkerFactory;
  /**
   * How long an aborted task may take to notice the abort (at its next loop
   * iteration, for functions defined in a notebook cell) before its worker is
   * terminated and replaced.
   * @default 200
   */
  abortGraceMs?: number;
  /**
   * Messages a worker may hold at once: the one it runs and those waiting
   * behind it. More than one hides the round trip between tiny tasks (the
   * worker starts the next as soon as one ends). With shared memory, a
   * message waiting behind a slow one is taken back for a worker that becomes
   * idle (through a claim flag), so no task waits while another worker is
   * free; the order in which tasks start can then differ from the order they
   * were submitted. By default only `map`, `starmap` and `Parallel` in order,
   * whose results come back in input order, send a second message ahead
   * (with shared memory); others send a message only to an idle worker, in
   * submission order.
   * @default 1
   */
  messagesPerWorker?: number;
}

/** Options of each call. */
export interface CallOptions {
  /** Aborting rejects the call at once and stops the task (see `abortGraceMs`). */
  signal?: AbortSignal;
  /** Objects to transfer instead of copying (ArrayBuffers, MessagePorts…). */
  transfer?: Transferable[];
}

/** Options of `map`, `starmap` and `mapUnordered`. */
export interface MapOptions {
  signal?: AbortSignal;
  /**
   * How many items one message carries. Larger chunks amortise the cost of a
   * message (joblib's `batch_size`, multiprocessing's `chunksize`).
   * @default 1
   */
  chunkSize?: number;
}

type State = 'open' | 'closing' | 'closed';

/** `WorkerPool`'s way in for `runCalls`, set by the class itself: the method stays private. */
let enqueueBatch: (
  pool: WorkerPool,
  batch: Batch,
  options: CallOptions,
  ahead: boolean,
) => Promise<unknown[]>;

function positiveInteger(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TypeError(`Expected \`${name}\` to be a positive integer, got ${String(value)}`);
  }
  return value;
}

const epochNow = () => performance.timeOrigin + performance.now();

/**
 * A pool of workers running tasks in parallel: JavaScript's
 * `concurrent.futures.ProcessPoolExecutor` / `multiprocessing.Pool`. Workers
 * share no memory with the caller; arguments and results are copied by
 * structured clone (the analog of pickling), except what is transferred or
 * lives in a `SharedArrayBuffer`. The pool queues messages and hands each to
 * a lane (`worker-lane.ts`: one worker and the messages it holds).
 *
 * @example
 * const pool = new WorkerPool({ maxWorkers: 4 });
 * const square = (x: number) => x * x;
 * console.log(await pool.map(square, [1, 2, 3])); // [ 1, 4, 9 ]
 * await pool.close();
 */
export class WorkerPool {
  readonly maxWorkers: number;
  readonly #createWorker: WorkerFactory;
  readonly #grace: number;
  readonly #depth: number;
  readonly #lanes: WorkerLane[] = [];
  /** Single messages, and maps that make theirs as lanes free up (`MapFeed`), in submission order. */
  readonly #queue = new Fifo<Job | MapFeed>();
  readonly #timeline = new Timeline();
  readonly #epoch = epochNow();
  readonly #drained = new Set<() => void>();
  #nextId = 1;
  #state: State = 'open';
  readonly #laneEvents: LaneEvents = {
    answered: (lane, job, reply) => this.#answered(lane, job, reply),
    unsendable: (_lane, job, error) => {
      settleJob(job, error);
      this.#pump();
    },
    died: (lane, running, waiting, reason) => this.#died(lane, running, waiting, reason),
    replaced: (_lane, waiting) => {
      this.#queue.unshift(...waiting);
      this.#pump();
    },
  };
  readonly #feedHost: FeedHost = {
    abort: (job, reason) => this.#abort(job, reason),
    dropped: (feed) => {
      this.#queue.remove(feed);
      this.#checkDrained();
    },
  };

  static {
    enqueueBatch = (pool, batch, options, ahead) => pool.#enqueue(batch, options, undefined, ahead);
  }

  constructor(options: WorkerPoolOptions = {}) {
    this.maxWorkers = positiveInteger(options.maxWorkers ?? cpuCount(), 'maxWorkers');
    this.#createWorker = options.createWorker ?? defaultWorkerFactory;
    this.#grace = options.abortGraceMs ?? 200;
    this.#depth = positiveInteger(options.messagesPerWorker ?? 1, 'messagesPerWorker');
  }

  /** Runs `task(...args)` on a worker. Rejects with the task's own error (name, message, stack). */
  submit<A extends unknown[], R>(task: Task<A, R>, ...args: A): Promise<Awaited<R>> {
    return this.call(task, args);
  }

  /** `submit` with options: an `AbortSignal`, objects to transfer. */
  async call<A extends unknown[], R>(
    task: Task<A, R>,
    args: A,
    options: CallOptions = {},
  ): Promise<Awaited<R>> {
    const [value] = await this.#enqueue(callBatch(toTaskRef(task), args), options);
    return value as Awaited<R>;
  }

  /**
   * Runs `task` on each item; results in input order. The first failure
   * rejects and cancels the rest. Items are read chunk by chunk as workers
   * free up (an array up to the length it had when the map started), so a
   * change to them during the map reaches the chunks not sent yet.
   */
  async map<T, R>(
    task: Task<[T], R>,
    items: Iterable<T>,
    options: MapOptions = {},
  ): Promise<Awaited<R>[]> {
    return this.#collect(task, items, options, true);
  }

  /** Like `map`, but each item is an argument list: `task(...item)`. */
  async starmap<A extends unknown[], R>(
    task: Task<A, R>,
    items: Iterable<A>,
    options: MapOptions = {},
  ): Promise<Awaited<R>[]> {
    return this.#collect(task, items, options, false);
  }

  #collect<R>(
    // biome-ignore lint/suspicious/noExplicitAny: the callers type the task against their items.
    task: Task<any, unknown>,
    items: Iterable<unknown>,
    options: MapOptions,
    unary: boolean,
  ): Promise<R[]> {
    return new Promise((resolve, reject) => {
      // Each chunk's values as they came, joined once at the end.
      const parts: unknown[][] = [];
      // The results come back together, so the order tasks start in is not seen: messages may go ahead.
      this.#feed(task, items, options, unary, true, {
        values: (part, values) => {
          parts[part] = values;
        },
        end: (failure) => (failure ? reject(failure.error) : resolve(joinParts(parts) as R[])),
      });
    });
  }

  /** Runs `task` on each item and yields results as they finish (completion order). */
  async *mapUnordered<T, R>(
    task: Task<[T], R>,
    items: Iterable<T>,
    options: MapOptions = {},
  ): AsyncGenerator<Awaited<R>, void, undefined> {
    const { signal } = options;
    const ready = new Fifo<unknown>();
    let failure: { error: unknown } | null = null;
    let ended = false;
    let wake: (() => void) | null = null;
    const feed = this.#feed(task, items, options, true, false, {
      values: (_part, values) => {
        for (const value of values) ready.push(value);
        wake?.();
      },
      end: (end) => {
        failure = end;
        ended = true;
        wake?.();
      },
    });
    try {
      while (true) {
        if (signal?.aborted) throw abortReason(signal);
        if (ready.length > 0) {
          yield ready.shift() as Awaited<R>;
          continue;
        }
        if (failure !== null) throw (failure as { error: unknown }).error;
        if (ended) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
      }
    } finally {
      // Left early (or failed): the tasks still queued or running stop.
      feed.stop(new Error('The map ended'));
    }
  }

  /** Yields the values of `promises` in the order they settle (see `asCompleted`). */
  asCompleted<T>(
    promises: Iterable<Promise<T>>,
    options: { signal?: AbortSignal } = {},
  ): AsyncGenerator<T, void, undefined> {
    return asCompleted(promises, options);
  }

  /** Tasks that ran, per worker lane, with start and end times: what `timelineChart` draws. */
  timeline(): TimelineEntry[] {
    return this.#timeline.entries();
  }

  /** How many workers are started now. */
  get size(): number {
    return this.#lanes.filter((lane) => lane.started).length;
  }

  /**
   * Stops taking work, lets queued and running tasks finish, then stops the
   * workers. Resolves when they are stopped.
   */
  close(): Promise<void> {
    if (this.#state === 'open') this.#state = 'closing';
    return new Promise((resolve) => {
      this.#drained.add(resolve);
      this.#checkDrained();
    });
  }

  /** Stops every worker now; queued and running tasks reject with a `PoolTerminatedError`. */
  terminate(): void {
    this.#state = 'closed';
    const error = new PoolTerminatedError('The pool was terminated');
    for (const queued of this.#queue.drain()) {
      if (queued instanceof MapFeed) queued.stop(error);
      else settleJob(queued, error);
    }
    for (const lane of this.#lanes) {
      for (const job of lane.release()) settleJob(job, error);
      lane.stop();
    }
    for (const resolve of this.#drained) resolve();
    this.#drained.clear();
  }

  /**
   * Queues a map whose messages are made as lanes free up (see `MapFeed`);
   * throws what is wrong before anything is queued.
   */
  #feed(
    // biome-ignore lint/suspicious/noExplicitAny: the callers type the task against their items.
    task: Task<any, unknown>,
    items: Iterable<unknown>,
    options: MapOptions,
    unary: boolean,
    ahead: boolean,
    sink: FeedSink,
  ): MapFeed {
    const chunkSize = positiveInteger(options.chunkSize ?? 1, 'chunkSize');
    const ref = toTaskRef(task);
    const { signal } = options;
    const empty = Array.isArray(items) && items.length === 0;
    if (!empty && this.#state !== 'open') {
      throw new PoolClosedError('Cannot submit tasks to a pool after close() or terminate()');
    }
    if (!empty && signal?.aborted) throw abortReason(signal);
    const feed = new MapFeed({ ref, items, chunkSize, unary, ahead, signal }, this.#feedHost, sink);
    if (!feed.spent) {
      this.#queue.push(feed);
      this.#pump();
    }
    return feed;
  }

  #enqueue(batch: Batch, options: CallOptions, group?: Job[], ahead = false): Promise<unknown[]> {
    if (this.#state !== 'open') {
      return Promise.reject(
        new PoolClosedError('Cannot submit tasks to a pool after close() or terminate()'),
      );
    }
    const { signal, transfer = [] } = options;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<unknown[]>((resolve, reject) => {
      const job: Job = {
        id: this.#nextId++,
        batch,
        label: batch.tasks[0]?.name ?? 'task',
        ahead,
        transfer,
        resolve,
        reject,
        settled: false,
        signal,
        onAbort: undefined,
      };
      if (group) {
        group.push(job);
      } else if (signal) {
        job.onAbort = () => this.#abort(job, abortReason(signal));
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.#queue.push(job);
      this.#pump();
    });
  }

  #abort(job: Job, reason: unknown): void {
    if (job.settled) return;
    settleJob(job, reason);
    if (this.#queue.remove(job)) {
      this.#checkDrained();
      return;
    }
    this.#lanes.find((candidate) => candidate.holds(job))?.stopAborted();
  }

  /** The lane for the next message: an idle one, else a new one, else one with room. */
  #freeLane(ahead: boolean): WorkerLane | undefined {
    const idle = this.#lanes.find((lane) => lane.load === 0);
    if (idle) return idle;
    if (this.#lanes.length < this.maxWorkers) {
      const lane = new WorkerLane({
        index: this.#lanes.length,
        createWorker: this.#createWorker,
        abortGraceMs: this.#grace,
        events: this.#laneEvents,
      });
      this.#lanes.push(lane);
      return lane;
    }
    // Sent ahead, a message can still be taken back for an idle worker (with shared memory).
    const depth = ahead && hasSharedMemory() ? Math.max(this.#depth, 2) : this.#depth;
    let best: WorkerLane | undefined;
    for (const lane of this.#lanes) {
      if (lane.load < depth && (!best || lane.load < best.load)) best = lane;
    }
    return best;
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      const head = this.#queue.peek() as Job | MapFeed;
      const lane = this.#freeLane(head.ahead);
      if (!lane) return;
      if (!(head instanceof MapFeed)) {
        this.#queue.shift();
        lane.dispatch(head);
        continue;
      }
      const job = head.take(this.#nextId);
      // A feed that failed while taking has already dropped itself from the queue.
      if (head.spent && this.#queue.peek() === head) this.#queue.shift();
      if (job) {
        this.#nextId += 1;
        lane.dispatch(job);
      }
    }
    this.#rebalance();
    this.#checkDrained();
  }

  /** With nothing queued, an idle worker takes a message still waiting on a busy one. */
  #rebalance(): void {
    for (const idle of this.#lanes) {
      if (idle.load > 0) continue;
      for (const busy of this.#lanes) {
        if (busy.load < 2) continue;
        const job = busy.steal();
        if (job) {
          idle.dispatch(job);
          break;
        }
      }
    }
  }

  #answered(lane: WorkerLane, job: Job, reply: PoolReply): void {
    this.#timeline.add({
      lane: lane.index,
      label: job.label,
      calls: job.batch.args.length,
      start: reply.started - this.#epoch,
      end: reply.ended - this.#epoch,
      ok: reply.type === 'done',
    });
    if (reply.type === 'done') settleJob(job, undefined, reply.values);
    else settleJob(job, fromWireError(reply.error));
    lane.stopAborted();
    this.#pump();
  }

  #died(lane: WorkerLane, running: Job | undefined, waiting: Job[], reason: string): void {
    // Messages behind the running one never started: they go back to the queue.
    this.#queue.unshift(...waiting.filter((candidate) => !candidate.settled));
    if (running) {
      settleJob(
        running,
        new WorkerDiedError(
          `Worker ${lane.index} of the pool stopped while running \`${running.label}\`: ${reason}. ` +
            'The task was not retried; a new worker takes its place.',
        ),
      );
    }
    this.#pump();
  }

  #checkDrained(): void {
    if (this.#state !== 'closing' || this.#queue.length > 0) return;
    if (this.#lanes.some((lane) => lane.load > 0)) return;
    this.#state = 'closed';
    for (const lane of this.#lanes) lane.stop();
    for (const resolve of this.#drained) resolve();
    this.#drained.clear();
  }
}

/**
 * Queues one message's worth of calls on `pool`, possibly of several tasks;
 * `ahead` lets it wait on a busy worker, as `map`'s messages do. Internal: for
 * `Parallel`, which batches calls itself; not part of `yieldbook/parallel`.
 */
export function runBatch(
  pool: WorkerPool,
  batch: Batch,
  options: CallOptions = {},
  ahead = false,
): Promise<unknown[]> {
  return enqueueBatch(pool, batch, options, ahead);
}
