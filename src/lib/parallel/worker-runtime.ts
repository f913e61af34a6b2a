import { CELL_RUNTIME_NAME, type CellRuntime } from '../../core/cell-runtime.ts';
import { decodeShared } from '../shared/revive.ts';
import { abortError, toWireError } from './errors.ts';
import type { Call, PoolReply, PoolRequest, TaskRef } from './protocol.ts';

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

/**
 * Serves one pool worker: compiles shipped functions once (cached by source),
 * imports module tasks once, and runs the calls of each `run` message in order.
 */
export function serveTasks(port: TaskPort): void {
  let flag: Int32Array | null = null;
  let current = 0;
  const runtime = createTaskRuntime(() => flag !== null && Atomics.load(flag, 0) === current);
  const compiled = new Map<string, AnyFunction>();
  const modules = new Map<string, Promise<Record<string, unknown>>>();

  async function resolve(task: TaskRef): Promise<AnyFunction> {
    if (task.kind === 'source') {
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
    let loading = modules.get(task.url);
    if (!loading) {
      loading = import(/* @vite-ignore */ task.url) as Promise<Record<string, unknown>>;
      modules.set(task.url, loading);
    }
    const exported = (await loading)[task.name];
    if (typeof exported !== 'function') {
      throw new TypeError(`Expected export \`${task.name}\` of ${task.url} to be a function`);
    }
    return exported as AnyFunction;
  }

  async function run(calls: Call[]): Promise<unknown[]> {
    const values: unknown[] = [];
    for (const call of calls) {
      const fn = await resolve(call.task);
      values.push(await fn(...(decodeShared(call.args) as unknown[])));
    }
    return values;
  }

  // Runs are queued by the pool one at a time per worker; this chain keeps that order anyway.
  let queue = Promise.resolve();
  port.addEventListener('message', ({ data }) => {
    if (data.type === 'init') {
      flag = data.abortFlag ? new Int32Array(data.abortFlag) : null;
      return;
    }
    const { id, calls } = data;
    queue = queue.then(async () => {
      current = id;
      const started = now();
      try {
        const values = await run(calls);
        try {
          port.postMessage({ type: 'done', id, values, started, ended: now() });
        } catch (error) {
          throw new TypeError(
            `The result of \`${calls[0]?.task.name}\` cannot be sent back from the worker: ${
              error instanceof Error ? error.message : String(error)
            }`,
          );
        }
      } catch (error) {
        port.postMessage({ type: 'failed', id, error: toWireError(error), started, ended: now() });
      } finally {
        current = 0;
      }
    });
  });
}
