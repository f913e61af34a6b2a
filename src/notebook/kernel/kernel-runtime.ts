import type { AwaitBox, CellRuntime } from '../../core/cell-runtime.ts';
import type { Interrupts } from './interrupt.ts';
import type { RunContext } from './run-context.ts';

/** What the runtime needs from the kernel. */
export interface KernelRuntimeOptions {
  /** The global object cells share. */
  scope: object;
  context: RunContext;
  interrupts: Interrupts;
  load(specifier: string): Promise<Record<string, unknown>>;
  /** The value of the last expression of the cell running as `runId`. */
  result(runId: number, value: unknown): void;
}

function isBox(value: unknown): value is AwaitBox {
  return typeof value === 'object' && value !== null && 'runId' in value && 'value' in value;
}

/**
 * The `__yb` object transformed cells call: declarations become globals of
 * the shared scope, and every loop, generator step and await checks for an
 * interrupt and restores the run the code belongs to.
 */
export function createKernelRuntime(options: KernelRuntimeOptions): CellRuntime {
  const { scope, context, interrupts } = options;

  const runtime: CellRuntime = {
    declare(names) {
      for (const name of names) {
        const existing = Object.getOwnPropertyDescriptor(scope, name);
        if (existing && !existing.configurable) {
          if (existing.writable || existing.set) continue;
          throw new TypeError(`Cannot declare \`${name}\` in a cell: it is a read-only global`);
        }
        Object.defineProperty(scope, name, {
          value: existing && 'value' in existing ? existing.value : undefined,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      }
    },
    seal(names) {
      for (const name of names) {
        const existing = Object.getOwnPropertyDescriptor(scope, name);
        if (!existing?.configurable || !('value' in existing)) continue;
        Object.defineProperty(scope, name, { ...existing, writable: false });
      }
    },
    tick(value) {
      interrupts.check(context.current);
      return value;
    },
    wait(value) {
      return interrupts.wait(context.current, value);
    },
    resume(box) {
      if (!isBox(box)) return box;
      context.current = box.runId;
      interrupts.check(box.runId);
      return box.value;
    },
    iterate(iterable) {
      return iterateInRun(runtime, context, iterable);
    },
    import(specifier) {
      return options.load(specifier);
    },
    result(value) {
      options.result(context.current, value);
    },
  };
  return runtime;
}

/** `for await` over `iterable` where each step is interruptible and returns to the run. */
async function* iterateInRun(
  runtime: CellRuntime,
  context: RunContext,
  iterable: unknown,
): AsyncGenerator<unknown, void, undefined> {
  const runId = context.current;
  const source = iterable as Partial<AsyncIterable<unknown> & Iterable<unknown>> | null | undefined;
  const asyncFactory = source?.[Symbol.asyncIterator];
  const syncFactory = source?.[Symbol.iterator];
  if (typeof asyncFactory !== 'function' && typeof syncFactory !== 'function') {
    throw new TypeError(`${String(iterable)} is not async iterable`);
  }
  const isAsync = typeof asyncFactory === 'function';
  const factory = (isAsync ? asyncFactory : syncFactory) as (
    this: unknown,
  ) => AsyncIterator<unknown>;
  // A sync iterator's `next` returns results directly; `wait` below accepts both.
  const iterator = factory.call(source);
  let finished = false;
  let failed = false;
  try {
    while (true) {
      const step = runtime.resume(await runtime.wait(iterator.next())) as IteratorResult<unknown>;
      if (step.done) {
        finished = true;
        return;
      }
      // A sync iterable's values are awaited by `for await`, so await them here too.
      const value = isAsync ? step.value : runtime.resume(await runtime.wait(step.value));
      context.current = runId;
      yield value;
      context.current = runId;
      runtime.tick(undefined);
    }
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    if (!finished) {
      const closing = iterator.return?.();
      // After an interrupt the source may be stuck in a step that never settles:
      // waiting for it to close would keep the run from ever finishing.
      if (failed) Promise.resolve(closing).catch(() => {});
      else await closing;
    }
  }
}
