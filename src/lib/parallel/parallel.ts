import { AutoBatcher } from './auto-batch.ts';
import { joinParts, packBatch } from './batch.ts';
import { cpuCount } from './cpu-count.ts';
import { abortReason } from './errors.ts';
import { runBatch, WorkerPool } from './pool.ts';
import type { Batch, TaskRef } from './protocol.ts';
import { type ModuleTask, type Task, toTaskRef } from './task.ts';

const DELAYED: unique symbol = Symbol('yieldbook.parallel.delayed') as never;

/** A call written down to run later: what `delayed(fn)(...args)` returns. */
export interface DelayedCall<R = unknown> {
  readonly [DELAYED]: true;
  readonly task: Task;
  readonly args: readonly unknown[];
  /** Types only: the call's result. */
  readonly result?: R;
}

/**
 * Captures a call without making it: `delayed(fn)(1, 2)` is the triple
 * (fn, [1, 2]) that `Parallel` sends to a worker.
 *
 * @example
 * await new Parallel({ nJobs: 2 }).run([1, 2, 3].map((n) => delayed(square)(n)));
 */
export function delayed<A extends unknown[], R>(task: Task<A, R>): (...args: A) => DelayedCall<R> {
  if (typeof task !== 'function' && (typeof task !== 'object' || task === null)) {
    throw new TypeError(
      `Expected \`delayed\` to get a function or a module task, got ${String(task)}`,
    );
  }
  return (...args) => Object.freeze({ [DELAYED]: true as const, task, args });
}

/** How `run` returns results. */
export type ReturnAs = 'list' | 'generator' | 'generator_unordered';

/** Options of `new Parallel`, with joblib's meanings. */
export interface ParallelOptions<M extends ReturnAs = 'list'> {
  /**
   * How many workers: `-1` all CPUs, `-2` all but one (`cpuCount() + 1 + nJobs`),
   * `1` no workers at all (a plain loop in this thread). `0` is an error.
   * @default 1
   */
  nJobs?: number | string | null;
  /**
   * Calls per message: a positive integer, or `'auto'` to start at 1 and,
   * while batches finish in under 0.2 s, take as many calls as would take
   * 0.4 s at the measured pace (joblib's auto-batching, without its limit of
   * doubling per step; see `AutoBatcher`). The calls left at the end are cut
   * into `2 × nJobs` pieces so every worker gets a share.
   * @default 'auto'
   */
  batchSize?: number | 'auto';
  /** `'list'` (a promise of all results), `'generator'` (in order) or `'generator_unordered'`. */
  returnAs?: M;
  /**
   * Run on this pool, which stays open; by default each run starts and stops
   * its own. On a given pool, `'auto'` keeps the batch size it learned from
   * one run to the next (joblib does so inside `with Parallel(...)`); with a
   * pool of its own, each run starts again at one call.
   */
  pool?: WorkerPool;
}

/** What the last `run` did: the batch sizes it used, in dispatch order. */
export interface ParallelStats {
  tasks: number;
  batchSizes: number[];
}

type RunResult<M extends ReturnAs, R> = M extends 'list'
  ? Promise<Awaited<R>[]>
  : AsyncGenerator<Awaited<R>, void, undefined>;

const RETURN_AS: readonly ReturnAs[] = ['list', 'generator', 'generator_unordered'];

/** joblib's `effective_n_jobs`: the number of workers `nJobs` asks for on this machine. */
export function effectiveNJobs(nJobs: number | string | null | undefined = 1): number {
  if (nJobs === null || nJobs === undefined) return 1;
  const value = typeof nJobs === 'string' ? Number(nJobs) : nJobs;
  if (typeof value !== 'number' || Number.isNaN(value) || !Number.isInteger(Math.trunc(value))) {
    throw new TypeError(`nJobs could not be converted to an integer: ${String(nJobs)}`);
  }
  if (typeof nJobs === 'string' && !/^\s*-?\d+\s*$/.test(nJobs)) {
    throw new TypeError(`nJobs could not be converted to an integer: ${nJobs}`);
  }
  const n = Math.trunc(value);
  if (n === 0) throw new RangeError('nJobs == 0 in Parallel has no meaning');
  return n < 0 ? Math.max(cpuCount() + 1 + n, 1) : n;
}

function isDelayed(value: unknown): value is DelayedCall {
  return typeof value === 'object' && value !== null && DELAYED in value;
}

/**
 * joblib's `Parallel`: runs delayed calls on `nJobs` workers, batching tiny
 * tasks, and returns results in order (or as they finish). The first error
 * cancels everything still queued or running and is thrown as it was raised.
 *
 * @example
 * const results = await new Parallel({ nJobs: -1 }).run(
 *   items.map((item) => delayed(work)(item)),
 * );
 */
export class Parallel<M extends ReturnAs = 'list'> {
  readonly nJobs: number;
  readonly batchSize: number | 'auto';
  readonly returnAs: M;
  readonly #pool: WorkerPool | undefined;
  #running = false;
  #stats: ParallelStats = { tasks: 0, batchSizes: [] };
  /** On a given pool, the batch size learned so far, kept from run to run. */
  #batcher: AutoBatcher | undefined;

  constructor(options: ParallelOptions<M> = {}) {
    this.nJobs = effectiveNJobs(options.nJobs);
    const { batchSize = 'auto' } = options;
    if (batchSize !== 'auto' && (!Number.isInteger(batchSize) || batchSize < 1)) {
      throw new RangeError(
        `batchSize must be 'auto' or a positive integer, got: ${String(batchSize)}`,
      );
    }
    this.batchSize = batchSize;
    const returnAs = (options.returnAs ?? 'list') as M;
    if (!RETURN_AS.includes(returnAs)) {
      throw new TypeError(
        `Expected \`returnAs\` to be "list", "generator" or "generator_unordered", got ${String(returnAs)}`,
      );
    }
    this.returnAs = returnAs;
    this.#pool = options.pool;
  }

  /** What the last run did. */
  get stats(): ParallelStats {
    return { tasks: this.#stats.tasks, batchSizes: [...this.#stats.batchSizes] };
  }

  /**
   * Runs the calls. Work starts at once, also for the generator forms.
   * Aborting `signal` cancels what is queued or running.
   */
  run<R>(calls: Iterable<DelayedCall<R>>, options: { signal?: AbortSignal } = {}): RunResult<M, R> {
    if (this.#running) {
      throw new Error(
        'This Parallel instance is already running: wait for the previous run to finish, or finish its generator',
      );
    }
    this.#stats = { tasks: 0, batchSizes: [] };
    const source = checkedCalls(calls);
    const ordered = this.returnAs !== 'generator_unordered';
    if (this.returnAs === 'list') {
      return (
        this.nJobs === 1
          ? collect(this.#sequential(source, options.signal))
          : this.#parallelList(source, options.signal)
      ) as RunResult<M, R>;
    }
    const results =
      this.nJobs === 1
        ? this.#sequential(source, options.signal)
        : this.#parallel(source, ordered, options.signal);
    return results as RunResult<M, R>;
  }

  toString(): string {
    return `Parallel(nJobs=${this.nJobs})`;
  }

  async *#sequential(calls: CallSource, signal: AbortSignal | undefined) {
    this.#running = true;
    try {
      for (let call = calls(); call !== undefined; call = calls()) {
        if (signal?.aborted) throw abortReason(signal);
        this.#stats.tasks += 1;
        this.#stats.batchSizes.push(1);
        yield await callHere(call);
      }
    } finally {
      this.#running = false;
    }
  }

  /**
   * Starts dispatching `calls` in batches to the pool; `onBatch` gets each
   * batch's values with the index of its first call and the batch's number. The caller reads the
   * results as it likes (a list, or a generator) and calls `finish` at the end.
   */
  #dispatcher(
    calls: CallSource,
    signal: AbortSignal | undefined,
    ahead: boolean,
    onBatch: (first: number, values: unknown[], batch: number) => void,
  ): Dispatcher {
    this.#running = true;
    const pool = this.#pool ?? new WorkerPool({ maxWorkers: this.nJobs });
    const owned = this.#pool === undefined;
    const controller = new AbortController();
    const forward = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', forward, { once: true });
    // As in joblib, where a backend kept open (`with Parallel(...) as parallel:`) keeps its
    // batch statistics between calls and one started per call starts again at 1.
    if (owned || this.#batcher === undefined) this.#batcher = new AutoBatcher(this.batchSize);
    const batcher = this.#batcher;
    const stats = this.#stats;
    const nJobs = this.nJobs;
    const inFlightLimit = 2 * nJobs;
    const waiting: Batch[] = [];
    let nextIndex = 0;
    let exhausted = false;
    let inFlight = 0;
    let wake: (() => void) | null = null;
    const notify = () => {
      const resolve = wake;
      wake = null;
      resolve?.();
    };

    // Most runs call one task throughout: its ref is looked up once, not per call.
    let lastTask: Task | undefined;
    let lastRef: TaskRef | undefined;
    const refOf = (task: Task): TaskRef => {
      if (task !== lastTask) {
        lastRef = toTaskRef(task);
        lastTask = task;
      }
      return lastRef as TaskRef;
    };

    const refill = () => {
      if (exhausted || waiting.length > 0) return;
      const size = batcher.size;
      const wanted = nJobs * size;
      const tasks: TaskRef[] = [];
      const argsList: unknown[][] = [];
      while (argsList.length < wanted) {
        const call = calls();
        if (call === undefined) {
          exhausted = true;
          break;
        }
        tasks.push(refOf(call.task));
        argsList.push(call.args as unknown[]);
      }
      // At the end of the input, the calls left (less than one batch per worker) are cut into
      // as many pieces as may be in flight, so every worker gets a share; each piece then takes
      // under 0.2 s at the measured pace. joblib cuts 10 × nJobs pieces: for tiny tasks, that
      // is ten times the messages for a balance no one sees.
      const cut = exhausted ? Math.max(1, Math.ceil(argsList.length / inFlightLimit)) : size;
      for (let start = 0; start < argsList.length; start += cut) {
        waiting.push(packBatch(tasks, argsList, start, Math.min(start + cut, argsList.length)));
      }
    };

    const state: Dispatcher = {
      failure: null,
      running: () => !exhausted || waiting.length > 0 || inFlight > 0,
      wait: () =>
        new Promise<void>((resolve) => {
          wake = resolve;
        }),
      finish: () => {
        signal?.removeEventListener('abort', forward);
        if (state.running() && state.failure === null) {
          controller.abort(new Error('The Parallel run was left early'));
        }
        if (owned) pool.terminate();
        this.#running = false;
      },
    };

    const fail = (error: unknown) => {
      if (state.failure !== null) return;
      state.failure = { error };
      controller.abort(error);
      if (owned) pool.terminate();
      notify();
    };

    const dispatch = () => {
      while (state.failure === null && inFlight < inFlightLimit) {
        try {
          refill();
        } catch (error) {
          fail(error);
          return;
        }
        const batch = waiting.shift();
        if (!batch) break;
        const size = batch.args.length;
        const first = nextIndex;
        const number = stats.batchSizes.length;
        nextIndex += size;
        inFlight += 1;
        stats.tasks += size;
        stats.batchSizes.push(size);
        const started = performance.now();
        runBatch(pool, batch, { signal: controller.signal }, ahead).then(
          (batchValues) => {
            inFlight -= 1;
            batcher.completed(size, performance.now() - started);
            onBatch(first, batchValues, number);
            dispatch();
            notify();
          },
          (error: unknown) => {
            inFlight -= 1;
            fail(error);
          },
        );
      }
    };

    dispatch();
    return state;
  }

  /** All results, in order, without a generator step per result. */
  async #parallelList(calls: CallSource, signal: AbortSignal | undefined): Promise<unknown[]> {
    // Each batch's values as they came, joined once at the end: writing them into one array
    // as batches finish out of order would leave holes in it, which makes it slow.
    const parts: unknown[][] = [];
    const run = this.#dispatcher(calls, signal, true, (_first, values, batch) => {
      parts[batch] = values;
    });
    try {
      while (run.running()) {
        if (run.failure !== null) throw run.failure.error;
        await run.wait();
      }
      if (run.failure !== null) throw run.failure.error;
      return joinParts(parts);
    } finally {
      run.finish();
    }
  }

  #parallel(
    calls: CallSource,
    ordered: boolean,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<unknown, void, undefined> {
    const values = new Map<number, unknown>();
    const doneOrder: number[] = [];
    // In order, the order batches start in is not seen, so they may wait on a busy worker
    // (joblib's workers likewise take the next batch from a queue as soon as they are free).
    const run = this.#dispatcher(calls, signal, ordered, (first, batchValues) => {
      batchValues.forEach((value, i) => {
        values.set(first + i, value);
        doneOrder.push(first + i);
      });
    });
    return (async function* results() {
      let yielded = 0;
      try {
        while (true) {
          if (run.failure !== null) throw run.failure.error;
          if (ordered && values.has(yielded)) {
            const value = values.get(yielded);
            values.delete(yielded);
            yielded += 1;
            yield value;
            continue;
          }
          if (!ordered && doneOrder.length > 0) {
            const index = doneOrder.shift() as number;
            const value = values.get(index);
            values.delete(index);
            yielded += 1;
            yield value;
            continue;
          }
          if (!run.running() && values.size === 0) return;
          await run.wait();
        }
      } finally {
        run.finish();
      }
    })();
  }
}

/** A `Parallel` run in progress, as its reader sees it. */
interface Dispatcher {
  /** The first error, once one happened: the run stops. */
  failure: { error: unknown } | null;
  /** Whether calls are left to take, queued or in flight. */
  running(): boolean;
  /** Resolves at the next batch result or failure. */
  wait(): Promise<void>;
  /** Stops what is left (when left early) and the pool it owns. */
  finish(): void;
}

/** The calls of a run, one at a time; undefined once there are no more. */
type CallSource = () => DelayedCall | undefined;

/** Takes the calls in order, checking each is a delayed call as it is taken. */
function checkedCalls(calls: Iterable<DelayedCall>): CallSource {
  if (
    calls === null ||
    typeof (calls as Partial<Iterable<unknown>>)?.[Symbol.iterator] !== 'function'
  ) {
    throw new TypeError(`Expected an iterable of delayed(fn)(...args) calls, got ${String(calls)}`);
  }
  let index = 0;
  const checked = (value: unknown): DelayedCall => {
    if (!isDelayed(value)) {
      throw new TypeError(
        `Expected item ${index} to be a delayed call (delayed(fn)(...args)), got ${String(value)}`,
      );
    }
    index += 1;
    return value;
  };
  if (Array.isArray(calls)) {
    // Read by index: an iterator's step object per call is measurable on tiny tasks.
    const list: readonly unknown[] = calls;
    return () => (index < list.length ? checked(list[index]) : undefined);
  }
  const iterator = calls[Symbol.iterator]();
  return () => {
    const step = iterator.next();
    return step.done ? undefined : checked(step.value);
  };
}

async function callHere(call: DelayedCall): Promise<unknown> {
  const task = call.task;
  if (typeof task === 'function') return task(...call.args);
  const ref = toTaskRef(task as ModuleTask);
  if (ref.kind !== 'module') throw new TypeError('Expected a module task');
  const module = (await import(/* @vite-ignore */ ref.url)) as Record<string, unknown>;
  const fn = module[ref.name];
  if (typeof fn !== 'function')
    throw new TypeError(`Expected export \`${ref.name}\` of ${ref.url} to be a function`);
  return fn(...call.args);
}

async function collect<T>(results: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of results) out.push(value);
  return out;
}
