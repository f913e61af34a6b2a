/**
 * The one message protocol between an isolate's creator and the isolate's
 * worker (`isolate.worker.ts`). Nothing else crosses that `postMessage` boundary.
 *
 * Flow: the creator posts `run` messages; the isolate runs them one at a time,
 * in order, and answers each with `done` or `failed`. `console` messages carry
 * what the code printed, always before the `done` of the run that printed it.
 * `exit` says the isolate ended itself (`close()`).
 */

/** A channel as it crosses `postMessage`: its shared memory, rebuilt on the other side. */
export interface PackedChannel {
  readonly __yieldbookChannel: 1;
  readonly buffer: SharedArrayBuffer;
}

/** An error raised inside an isolate, as it comes back. */
export interface IsolateErrorInfo {
  name: string;
  message: string;
  /** 1-based line in the code string, when the error points into it. */
  line?: number;
  /** 1-based column in the code string (of the JavaScript after types were removed). */
  column?: number;
  /** The stack, with frames in the code string as `code:<line>:<column>`. */
  stack: string;
}

/** Creator → isolate. */
export type ToIsolate = {
  type: 'run';
  runId: number;
  code: string;
  /** Names to define as globals first; channels packed as `PackedChannel`. */
  shared: Record<string, unknown>;
};

/** Console methods an isolate forwards, and the stream each writes to. */
export type ConsoleMethod = 'log' | 'info' | 'debug' | 'warn' | 'error';

/** Isolate → creator. */
export type FromIsolate =
  | { type: 'console'; method: ConsoleMethod; args: unknown[] }
  | { type: 'done'; runId: number }
  | { type: 'failed'; runId: number; error: IsolateErrorInfo }
  | { type: 'exit' };
