/**
 * The messages between a `WorkerPool` and its workers (`pool.worker.ts`).
 * Nothing else crosses that `postMessage` boundary.
 */

/** How many claim slots a worker's shared flags hold; a lane uses them in turn. */
export const CLAIM_SLOTS = 256;
/** A claim slot's value once its worker started the message. */
export const CLAIMED = 1;
/** A claim slot's value once the pool took the message back to give it to another worker. */
export const STOLEN = 2;

/** Where a worker finds the function to run. */
export type TaskRef =
  /** An export of a module the worker imports by URL. */
  | { kind: 'module'; url: string; name: string }
  /** A self-contained function, shipped as its source text and compiled once per worker. */
  | { kind: 'source'; source: string; name: string };

/**
 * One message's calls, laid out for a cheap structured clone: each distinct
 * task once, and one argument list per call, or one argument per call when
 * every call takes exactly one (`unary`): one array of N values clones several
 * times faster than N arrays of one value. A map's calls all run `tasks[0]`
 * (`which` is null); a batch mixing tasks says, per call, which one it runs.
 */
export interface Batch {
  tasks: TaskRef[];
  /** Per call, its index in `tasks`; null when every call runs `tasks[0]`. */
  which: number[] | null;
  /**
   * Per call, its (structured-cloneable) argument list; with `unary`, its one
   * argument itself.
   */
  args: unknown[];
  /** Whether each call takes exactly one argument, held in `args` as it is. */
  unary?: boolean;
}

/** An error as it crosses back: the original name, message and stack. */
export interface WireError {
  /** False when a non-Error value was thrown; `value` is then that value. */
  isError: boolean;
  name: string;
  message: string;
  stack: string;
  value?: unknown;
}

/** Pool → worker. */
export type PoolRequest =
  | {
      type: 'init';
      /** The worker's lane number (for names in errors). */
      lane: number;
      /**
       * Null without shared memory. Else an `Int32Array`: slot 0 is the abort
       * flag (the pool writes there the id of a task to abort); slots 1 to
       * `CLAIM_SLOTS` are claims, one per message (`claim`): the worker swaps
       * 0 for `CLAIMED` before running a message, and skips it when the pool
       * got there first (`STOLEN`) and gave it to an idle worker.
       */
      abortFlag: SharedArrayBuffer | null;
    }
  /**
   * Run the batch's calls one after the other; reply with all their values, or
   * the first error. `shared` says whether the arguments hold shared
   * primitives in wire form (the worker revives them only then).
   */
  | {
      type: 'run';
      id: number;
      batch: Batch;
      shared: boolean;
      /** This message's claim slot in the shared flags (1 to `CLAIM_SLOTS`), or 0 for none. */
      claim: number;
    };

/** Worker → pool. Times are epoch milliseconds (`timeOrigin + now()`), comparable across workers. */
export type PoolReply =
  | { type: 'done'; id: number; values: unknown[]; started: number; ended: number }
  | { type: 'failed'; id: number; error: WireError; started: number; ended: number };
