/**
 * The contract between transformed cell code and whoever runs it. The cell
 * transform (src/notebook/transform) emits calls on a parameter named `__yb`;
 * the kernel (src/notebook/kernel/kernel-runtime.ts) passes the full runtime,
 * and a pool worker (src/lib/parallel/worker-runtime.ts) passes its own to
 * functions a cell defined, whose source carries the same calls.
 *
 * Shape of the code the transform produces (one line of preamble, no added
 * line breaks, so lines stay where the author wrote them):
 *
 * ```js
 * (async function (__yb) { "use strict"; __yb.declare(["a","gen"]); <body…>
 * })
 * //# sourceURL=yieldbook-cell/<cellId>/<runId>.js
 * ```
 *
 * @typeParam Box - What `wait` settles with and `resume` takes back: the
 *   kernel boxes the value with its run (`AwaitBox`); a runtime that keeps no
 *   run passes values through.
 */
export interface CellRuntime<Box = AwaitBox> {
  /**
   * Called first with every top-level name the cell declares (`const`, `let`,
   * `var`, `function`, `class`, `import` bindings). Each becomes a writable
   * global, so cells share one scope and a cell can be run again.
   */
  declare(names: readonly string[]): void;
  /** After a top-level `const` is assigned: make those globals read-only until redeclared. */
  seal(names: readonly string[]): void;
  /** Interrupt check at every loop iteration and generator resumption; returns its argument. */
  tick<T>(value: T): T;
  /**
   * Wraps the operand of every `await` in cell code (`__yb.resume(await __yb.wait(x))`):
   * settles with `x`, boxed with the run that was current, or rejects at once when
   * the run is interrupted.
   */
  wait(value: unknown): Box | PromiseLike<Box>;
  /** Unboxes after an `await`: restores the run context, checks for interrupt, returns the value. */
  resume(box: Box): unknown;
  /**
   * Wraps the iterable of `for await` so each step is interruptible and keeps
   * the run context. `for await` accepts a sync iterable too, so a runtime may
   * hand the iterable back unchanged.
   */
  iterate(iterable: unknown): AsyncIterable<unknown> | Iterable<unknown>;
  /** `import x from "spec"` and `import("spec")` become `__yb.import("spec")`. */
  import(specifier: string): Promise<Record<string, unknown>>;
  /** Receives the value of the cell's last expression statement. */
  result(value: unknown): void;
}

/** An awaited value together with the run it belongs to. */
export interface AwaitBox {
  readonly value: unknown;
  readonly runId: number;
}

/** The name of the parameter transformed code calls the runtime through. */
export const CELL_RUNTIME_NAME = '__yb';

/** A method transformed code calls. */
export type CellRuntimeMethod = keyof CellRuntime;

/**
 * How transformed code names a runtime method (`__yb.tick`). The transform
 * builds its calls with it, so a method it emits is one the interface has.
 */
export function runtimeMember<M extends CellRuntimeMethod>(
  method: M,
): `${typeof CELL_RUNTIME_NAME}.${M}` {
  return `${CELL_RUNTIME_NAME}.${method}`;
}
