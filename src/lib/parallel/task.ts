import { CELL_RUNTIME_NAME } from '../../core/cell-runtime.ts';
import { ShippingError } from './errors.ts';
import { analyseFunction } from './free-names.ts';
import type { TaskRef } from './protocol.ts';
import { WORKER_GLOBALS } from './worker-globals.ts';

const MODULE_TASK: unique symbol = Symbol('yieldbook.parallel.moduleTask') as never;

/** A function a worker imports from a module, by URL and export name. */
export interface ModuleTask<A extends unknown[] = unknown[], R = unknown> {
  readonly [MODULE_TASK]: true;
  readonly url: string;
  readonly name: string;
  /** Types only: the function's signature. */
  readonly signature?: (...args: A) => R;
}

/** What a pool can run: a self-contained function, or an export of a module. */
// biome-ignore lint/suspicious/noExplicitAny: a task may take any arguments.
export type Task<A extends unknown[] = any[], R = unknown> = ((...args: A) => R) | ModuleTask<A, R>;

/**
 * Names the export `name` of the module at `url` as a task: each worker
 * imports the module once. The way to run code that needs imports, or
 * functions that share helpers.
 *
 * @example
 * const fib = fromModule<[number], number>(new URL('./fib.ts', import.meta.url), 'fib');
 */
export function fromModule<A extends unknown[] = unknown[], R = unknown>(
  url: string | URL,
  name = 'default',
): ModuleTask<A, R> {
  if (typeof name !== 'string' || name === '') {
    throw new TypeError(`Expected \`name\` to be an export name, got ${String(name)}`);
  }
  return Object.freeze({ [MODULE_TASK]: true as const, url: String(new URL(url)), name });
}

function isModuleTask(task: unknown): task is ModuleTask {
  return typeof task === 'object' && task !== null && MODULE_TASK in task;
}

/** Why `name`, used by `label` but declared nowhere inside it, cannot be shipped. */
function closureProblem(label: string, name: string): string {
  if (Object.hasOwn(globalThis, name)) {
    return (
      `\`${name}\` is a global here (in a notebook: a top-level name of a cell), ` +
      `but each pool worker has its own globals and no \`${name}\`.`
    );
  }
  return `it closes over \`${name}\`, a variable of the scope ${label} was defined in.`;
}

const shipped = new WeakMap<object, TaskRef>();

/**
 * How `task` reaches a worker. A function is shipped as its source text, so
 * it must be self-contained: every name it uses must be declared inside it,
 * be a parameter, or be a global every worker has. Otherwise this throws a
 * `ShippingError` naming the offending variable (the analog of Python's
 * "can't pickle" for a lambda or a closure).
 */
export function toTaskRef(task: Task): TaskRef {
  if (isModuleTask(task)) return { kind: 'module', url: task.url, name: task.name };
  if (typeof task !== 'function') {
    throw new TypeError(
      `Expected a task to be a function or fromModule(url, name), got ${typeof task}`,
    );
  }
  const cached = shipped.get(task);
  if (cached) return cached;
  const label = task.name ? `\`${task.name}\`` : 'the function';
  const parsed = analyseFunction(Function.prototype.toString.call(task));
  if (!parsed) {
    throw new ShippingError(
      `Cannot send ${label} to a worker: only functions written as \`function\`, arrow or ` +
        'class expressions can be shipped by source (not methods, bound or built-in ' +
        'functions). Wrap it in an arrow function, or use fromModule(url, name).',
    );
  }
  const stray = parsed.free.filter(
    (name) => name !== CELL_RUNTIME_NAME && !WORKER_GLOBALS.has(name),
  );
  if (stray.length > 0) {
    const names = stray.map((name) => `\`${name}\``).join(', ');
    throw new ShippingError(
      `Cannot send ${label} to a worker: ${closureProblem(label, stray[0] as string)} ` +
        `A worker receives only the function's source text, never its surrounding variables ` +
        `(not self-contained: ${names}). Pass the values as arguments, define helpers inside ` +
        'the function, or export the code from a module and use fromModule(url, name).',
    );
  }
  const ref: TaskRef = {
    kind: 'source',
    source: parsed.expression,
    name: task.name || 'anonymous',
  };
  shipped.set(task, ref);
  return ref;
}
