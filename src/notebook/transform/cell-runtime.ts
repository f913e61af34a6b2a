/**
 * What transformed cell code calls at run time. The transform emits calls on a
 * parameter named `__yb`; the kernel passes an object implementing this.
 *
 * Shape of the code the transform produces (one line of preamble, no added
 * line breaks, so lines stay where the author wrote them):
 *
 * ```js
 * (async function (__yb) { "use strict"; __yb.declare(["a","gen"]); <body…>
 * })
 * //# sourceURL=yieldbook-cell/<cellId>/<runId>.js
 * ```
 */
export interface CellRuntime {
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
  wait(value: unknown): Promise<AwaitBox>;
  /** Unboxes after an `await`: restores the run context, checks for interrupt, returns the value. */
  resume(box: AwaitBox): unknown;
  /** Wraps the iterable of `for await` so each step is interruptible and keeps the run context. */
  iterate(iterable: unknown): AsyncIterable<unknown>;
  /** `import x from "spec"` becomes `await __yb.import("spec")`. */
  import(specifier: string): Promise<Record<string, unknown>>;
  /** Receives the value of the cell's last expression statement. */
  result(value: unknown): void;
}

/** An awaited value together with the run it belongs to. */
export interface AwaitBox {
  readonly value: unknown;
  readonly runId: number;
}
