import type { AwaitBox, CellRuntime } from '../../../../src/core/cell-runtime.ts';
import {
  type TransformedCell,
  transformCell,
} from '../../../../src/notebook/transform/transform.ts';

/** Globals the fake runtimes declared, so each test can leave `globalThis` as it found it. */
const declaredGlobals = new Set<string>();

/**
 * A `CellRuntime` over plain globals that records what the transformed code
 * asks of it. It follows the kernel's contract without any of its machinery.
 */
export class FakeRuntime implements CellRuntime {
  readonly runId: number;
  readonly results: unknown[] = [];
  readonly declared: string[][] = [];
  readonly sealed: string[][] = [];
  readonly imports: string[] = [];
  ticks = 0;
  waits = 0;
  resumes = 0;
  iterations = 0;
  /** Called on every tick; throwing from it interrupts the cell like the real flag check. */
  onTick: ((count: number) => void) | undefined;
  readonly #modules: Readonly<Record<string, Record<string, unknown>>>;

  constructor(runId = 1, modules: Readonly<Record<string, Record<string, unknown>>> = {}) {
    this.runId = runId;
    this.#modules = modules;
  }

  declare(names: readonly string[]): void {
    this.declared.push([...names]);
    for (const name of names) {
      const current = Object.getOwnPropertyDescriptor(globalThis, name);
      Object.defineProperty(globalThis, name, {
        value: current?.value,
        writable: true,
        configurable: true,
        enumerable: true,
      });
      declaredGlobals.add(name);
    }
  }

  seal(names: readonly string[]): void {
    this.sealed.push([...names]);
    for (const name of names) Object.defineProperty(globalThis, name, { writable: false });
  }

  tick<T>(value: T): T {
    this.ticks += 1;
    this.onTick?.(this.ticks);
    return value;
  }

  wait(value: unknown): Promise<AwaitBox> {
    this.waits += 1;
    return Promise.resolve(value).then((settled) => ({ value: settled, runId: this.runId }));
  }

  resume(box: AwaitBox): unknown {
    this.resumes += 1;
    if (box.runId !== this.runId) {
      throw new Error(`Expected a box of run ${this.runId}, got run ${box.runId}`);
    }
    return box.value;
  }

  iterate(iterable: unknown): AsyncIterable<unknown> {
    const source = iterable as AsyncIterable<unknown>;
    const count = (): void => {
      this.iterations += 1;
    };
    return {
      async *[Symbol.asyncIterator]() {
        for await (const item of source) {
          count();
          yield item;
        }
      },
    };
  }

  import(specifier: string): Promise<Record<string, unknown>> {
    this.imports.push(specifier);
    const module = this.#modules[specifier];
    return module === undefined
      ? Promise.reject(new Error(`Cannot find module '${specifier}'`))
      : Promise.resolve(module);
  }

  result(value: unknown): void {
    if (value !== undefined) this.results.push(value);
  }
}

/** Transforms a cell and runs it like the kernel: indirect eval, then a call with the runtime. */
export async function runCell(
  source: string,
  runtime: CellRuntime,
  cellId = 'cell',
  runId = 1,
): Promise<TransformedCell> {
  const cell = transformCell(source, { cellId, runId });
  await evaluateCell(cell.code)(runtime);
  return cell;
}

/** Evaluates transformed code in the global scope, as the kernel does, giving the cell's function. */
export function evaluateCell(code: string): (runtime: CellRuntime) => Promise<void> {
  // Called through a variable, eval is indirect: global scope, strict only by the "use strict" inside.
  // biome-ignore lint/security/noGlobalEval: the kernel evaluates cells with indirect eval; so must the test.
  const indirectEval: (script: string) => unknown = globalThis.eval;
  return indirectEval(code) as (runtime: CellRuntime) => Promise<void>;
}

/** Reads a global a cell declared. */
export function global(name: string): unknown {
  return (globalThis as Record<string, unknown>)[name];
}

/** Removes every global the fake runtimes declared. */
export function forgetGlobals(): void {
  for (const name of declaredGlobals) {
    Reflect.deleteProperty(globalThis, name);
  }
  declaredGlobals.clear();
}
