import { CELL_RUNTIME_NAME, type CellRuntime } from '../../core/cell-runtime.ts';
import { decodeShared } from '../shared/revive.ts';
import { abortError, toWireError } from './errors.ts';
import {
  type Batch,
  CLAIM_SLOTS,
  CLAIMED,
  type PoolReply,
  type PoolRequest,
  type TaskRef,
} from './protocol.ts';

/** The part of a worker's global scope the runtime uses. */
export interface TaskPort {
  postMessage(message: PoolReply): void;
  addEventListener(type: 'message', listener: (event: { data: PoolRequest }) => void): void;
}

type AnyFunction = (...args: unknown[]) => unknown;

const now = () => performance.timeOrigin + performance.now();

/**
 * The `__yb` a shipped function finds in a worker. Functions defined in a
 * notebook cell were rewritten by the kernel's transform and call `__yb` at
 * every loop iteration and await (src/core/cell-runtime.ts); here those
 * calls are pass-throughs, and `tick` checks the pool's abort flag so an
 * aborted task stops at its next loop iteration.
 */
function createTaskRuntime(aborted: () => boolean): CellRuntime<unknown> {
  const tick = <T>(value: T): T => {
    if (aborted()) throw abortError('The task was aborted');
    return value;
  };
  return {
    tick,
    wait: (value: unknown) => value,
    resume: tick,
    // `for await` checks what it gets, as it would have without the rewrite.
    iterate: (iterable: unknown) => iterable as AsyncIterable<unknown>,
    import(specifier: string): Promise<Record<string, unknown>> {
      if (specifier.startsWith('yieldbook/')) {
        return Promise.reject(
          new Error(
            `Cannot import "${specifier}" inside a pool task: pass shared values as arguments instead`,
          ),
        );
      }
      return import(/* @vite-ignore */ specifier) as Promise<Record<string, unknown>>;
    },
    declare(): void {},
    seal(): void {},
    result(): void {},
  } satisfies CellRuntime<unknown>;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * Serves one pool worker: compiles shipped functions once (cached by source),
 * imports module tasks once, and runs the calls of each `run` message in order.
 * Calls run synchronously one after the other until one returns a promise:
 * only then does the run wait, so a batch of tiny synchronous tasks costs no
 * promise per call.
 */
export function serveTasks(port: TaskPort): void {
  let flag: Int32Array | null = null;
  let claims: Int32Array | null = null;
  let current = 0;
  const runtime = createTaskRuntime(() => flag !== null && Atomics.load(flag, 0) === current);
  const compiled = new Map<string, AnyFunction>();
  const modules = new Map<string, Promise<Record<string, unknown>>>();
  const imported = new Map<string, AnyFunction>();

  function compile(task: Extract<TaskRef, { kind: 'source' }>): AnyFunction {
    let fn = compiled.get(task.source);
    if (!fn) {
      const name = task.name.replace(/[^\w$]/g, '_');
      const factory = new Function(
        CELL_RUNTIME_NAME,
        `"use strict"; return (${task.source});\n//# sourceURL=yieldbook-pool/${name}.js`,
      ) as (runtime: CellRuntime<unknown>) => AnyFunction;
      fn = factory(runtime);
      compiled.set(task.source, fn);
    }
    return fn;
  }

  async function importTask(task: Extract<TaskRef, { kind: 'module' }>): Promise<AnyFunction> {
    let loading = modules.get(task.url);
    if (!loading) {
      loading = import(/* @vite-ignore */ task.url) as Promise<Record<string, unknown>>;
      modules.set(task.url, loading);
    }
    const exported = (await loading)[task.name];
    if (typeof exported !== 'function') {
      throw new TypeError(`Expected export \`${task.name}\` of ${task.url} to be a function`);
    }
    const fn = exported as AnyFunction;
    imported.set(`${task.name} ${task.url}`, fn);
    return fn;
  }

  /** The batch's functions, in the order of `batch.tasks`: at once when all are ready. */
  function resolveAll(batch: Batch): AnyFunction[] | Promise<AnyFunction[]> {
    const fns: (AnyFunction | Promise<AnyFunction>)[] = batch.tasks.map((task) =>
      task.kind === 'source'
        ? compile(task)
        : (imported.get(`${task.name} ${task.url}`) ?? importTask(task)),
    );
    return fns.every((fn) => typeof fn === 'function') ? (fns as AnyFunction[]) : Promise.all(fns);
  }

  /** Runs the calls from `start` on; returns the values, or a promise of them once a call is async. */
  function runFrom(
    fns: AnyFunction[],
    batch: Batch,
    args: unknown[],
    values: unknown[],
    start: number,
  ): unknown[] | Promise<unknown[]> {
    const { which, unary = false } = batch;
    for (let index = start; index < args.length; index += 1) {
      const fn = fns[which === null ? 0 : (which[index] as number)] as AnyFunction;
      const value = unary ? fn(args[index]) : fn(...(args[index] as unknown[]));
      if (isThenable(value)) {
        return Promise.resolve(value).then((settled) => {
          values.push(settled);
          return runFrom(fns, batch, args, values, index + 1);
        });
      }
      values.push(value);
    }
    return values;
  }

  function run(batch: Batch, shared: boolean): unknown[] | Promise<unknown[]> {
    const args = shared ? (decodeShared(batch.args) as unknown[]) : batch.args;
    const fns = resolveAll(batch);
    return isThenable(fns)
      ? fns.then((ready) => runFrom(ready, batch, args, [], 0))
      : runFrom(fns, batch, args, [], 0);
  }

  function reply(id: number, batch: Batch, values: unknown[], started: number): void {
    try {
      port.postMessage({ type: 'done', id, values, started, ended: now() });
    } catch (error) {
      throw new TypeError(
        `The result of \`${batch.tasks[0]?.name}\` cannot be sent back from the worker: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
  }

  function fail(id: number, error: unknown, started: number): void {
    port.postMessage({ type: 'failed', id, error: toWireError(error), started, ended: now() });
  }

  // Runs are queued by the pool one at a time per worker (or a few, with
  // `messagesPerWorker`); they run in arrival order, one at a time.
  const queue: Extract<PoolRequest, { type: 'run' }>[] = [];
  let busy = false;

  function next(): void {
    while (!busy) {
      const request = queue.shift();
      if (!request) return;
      const { id, batch, shared, claim } = request;
      // The pool took this message back for an idle worker: it runs there, not here.
      if (claims && claim > 0 && Atomics.compareExchange(claims, claim, 0, CLAIMED) !== 0) continue;
      current = id;
      const started = now();
      let result: unknown[] | Promise<unknown[]>;
      try {
        result = run(batch, shared);
      } catch (error) {
        fail(id, error, started);
        current = 0;
        continue;
      }
      if (!isThenable(result)) {
        try {
          reply(id, batch, result, started);
        } catch (error) {
          fail(id, error, started);
        }
        current = 0;
        continue;
      }
      busy = true;
      result
        .then((values) => reply(id, batch, values, started))
        .catch((error: unknown) => fail(id, error, started))
        .finally(() => {
          current = 0;
          busy = false;
          next();
        });
    }
  }

  port.addEventListener('message', ({ data }) => {
    if (data.type === 'init') {
      flag = data.abortFlag ? new Int32Array(data.abortFlag) : null;
      claims = data.abortFlag && data.abortFlag.byteLength >= 4 * (CLAIM_SLOTS + 1) ? flag : null;
      return;
    }
    queue.push(data);
    next();
  });
}
