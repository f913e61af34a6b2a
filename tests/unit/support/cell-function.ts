import type { CellRuntime } from '../../../src/core/cell-runtime.ts';
import { transformCell } from '../../../src/notebook/transform/transform.ts';

/** Passes every call through: the instrumented function runs as written. */
const passThrough: Omit<CellRuntime<unknown>, 'result'> = {
  declare() {},
  seal() {},
  tick: (value) => value,
  wait: (value) => value,
  resume: (box) => box,
  iterate: (iterable) => iterable as AsyncIterable<unknown>,
  import: (specifier) => Promise.reject(new Error(`Cannot import "${specifier}" in a test cell`)),
};

/**
 * A function as a notebook cell defines it: `source`, a function expression,
 * goes through the kernel's transform, so the function's `toString()` carries
 * the runtime calls the transform emits (what a pool worker compiles and what
 * `Memory` hashes and shows).
 */
export function cellFunction<F extends (...args: never[]) => unknown>(source: string): F {
  const cell = transformCell(`(${source})`, { cellId: 'fixture', runId: 1 });
  let value: unknown;
  // Called through a variable, eval is indirect: global scope, as in the kernel.
  // biome-ignore lint/security/noGlobalEval: the kernel evaluates cells with indirect eval; so must the test.
  const indirectEval: (script: string) => unknown = globalThis.eval;
  const run = indirectEval(cell.code) as (runtime: CellRuntime<unknown>) => Promise<void>;
  // The cell reports its last expression before its first await, so `value` is set on return.
  void run({
    ...passThrough,
    result(result) {
      value = result;
    },
  });
  if (typeof value !== 'function') {
    throw new TypeError(`Expected the cell to define a function, got ${typeof value}`);
  }
  return value as F;
}
