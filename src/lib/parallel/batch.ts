import type { Batch, TaskRef } from './protocol.ts';

/**
 * The batch of calls `start` to `end` (excluded) of `tasks[i](...argsList[i])`:
 * each distinct task once (by identity: `toTaskRef` returns one ref per
 * function), `which` only when the calls mix tasks, and the arguments `unary`
 * (one value per call, not a list) when every call takes exactly one.
 */
export function packBatch(
  tasks: readonly TaskRef[],
  argsList: readonly unknown[][],
  start = 0,
  end = argsList.length,
): Batch {
  const first = tasks[start] as TaskRef;
  let uniform = true;
  let unary = true;
  for (let i = start; i < end; i += 1) {
    if (tasks[i] !== first) uniform = false;
    if ((argsList[i] as unknown[]).length !== 1) unary = false;
  }
  const refs: TaskRef[] = [first];
  let which: number[] | null = null;
  if (!uniform) {
    which = [];
    for (let i = start; i < end; i += 1) {
      const task = tasks[i] as TaskRef;
      let index = refs.indexOf(task);
      if (index < 0) index = refs.push(task) - 1;
      which.push(index);
    }
  }
  const args: unknown[] = [];
  for (let i = start; i < end; i += 1) {
    const list = argsList[i] as unknown[];
    args.push(unary ? list[0] : list);
  }
  return unary ? { tasks: refs, which, args, unary } : { tasks: refs, which, args };
}

/** The batch of `argsList.length` calls of the one task `task`. */
export function uniformBatch(task: TaskRef, argsList: unknown[][]): Batch {
  return { tasks: [task], which: null, args: argsList };
}

/** The batch of `values.length` calls `task(value)`: one argument each, sent flat. */
export function unaryBatch(task: TaskRef, values: unknown[]): Batch {
  return { tasks: [task], which: null, args: values, unary: true };
}

/** The batch of the one call `task(...args)`. */
export function callBatch(task: TaskRef, args: unknown[]): Batch {
  return args.length === 1 ? unaryBatch(task, [args[0]]) : uniformBatch(task, [args]);
}

/** How many parts `joinParts` passes to one `concat` (each part is an argument). */
const JOIN_SLICE = 4096;

/**
 * The values of consecutive batches as one array. `concat` copies each part
 * whole, ten times faster than a loop and thirty times faster than
 * `parts.flat()`, which costs about as much per value as a tiny task.
 */
export function joinParts<T>(parts: readonly T[][]): T[] {
  if (parts.length === 1) return parts[0] as T[];
  let out: T[] = [];
  for (let start = 0; start < parts.length; start += JOIN_SLICE) {
    out = out.concat(...parts.slice(start, start + JOIN_SLICE));
  }
  return out;
}

/** How many calls `batch` holds. */
export function batchSize(batch: Batch): number {
  return batch.args.length;
}
