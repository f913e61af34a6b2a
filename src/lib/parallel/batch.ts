import type { Batch, TaskRef } from './protocol.ts';

/**
 * Collects calls into a `Batch`: each distinct task once (by identity:
 * `toTaskRef` returns one ref per function), `which` only when the calls
 * mix tasks.
 */
export class BatchBuilder {
  readonly #tasks: TaskRef[] = [];
  #which: number[] | null = null;
  #args: unknown[][] = [];

  /** How many calls so far. */
  get size(): number {
    return this.#args.length;
  }

  /** Adds the call `task(...args)`. */
  add(task: TaskRef, args: unknown[]): void {
    let index = this.#tasks.indexOf(task);
    if (index < 0) {
      index = this.#tasks.length;
      this.#tasks.push(task);
    }
    if (index !== 0 && this.#which === null) this.#which = new Array(this.#args.length).fill(0);
    this.#which?.push(index);
    this.#args.push(args);
  }

  /** The batch of the calls added so far; the builder starts empty again. */
  take(): Batch {
    const batch: Batch = { tasks: this.#tasks.splice(0), which: this.#which, args: this.#args };
    this.#which = null;
    this.#args = [];
    return batch;
  }
}

/** The batch of `argsList.length` calls of the one task `task`. */
export function uniformBatch(task: TaskRef, argsList: unknown[][]): Batch {
  return { tasks: [task], which: null, args: argsList };
}

/** How many calls `batch` holds. */
export function batchSize(batch: Batch): number {
  return batch.args.length;
}
