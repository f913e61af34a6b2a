import { isChannel } from './channel.ts';
import { IsolateGoneError, RunFailedError } from './errors.ts';
import type { ConsoleMethod, FromIsolate } from './protocol.ts';
import { checkShareable } from './shareable.ts';
import { type IsolateWorker, type SpawnIsolate, spawnIsolateWorker } from './spawn.ts';

/** Receives what code inside an isolate prints. @default forwards to this side's `console` */
export type IsolateOutput = (method: ConsoleMethod, args: unknown[]) => void;

/** Options of `create`. */
export interface CreateOptions {
  /** Starts the isolate's worker (tests pass their own). @default spawnIsolateWorker */
  spawn?: SpawnIsolate;
  /** Where the isolate's `console` output goes. @default the creator's `console` */
  output?: IsolateOutput;
}

/** Options of `runString`. */
export interface RunStringOptions {
  /**
   * Aborting rejects the run and destroys the isolate: code running in a
   * worker cannot be stopped any other way.
   */
  signal?: AbortSignal;
}

interface PendingRun {
  resolve(): void;
  reject(error: Error): void;
}

interface Isolate {
  worker: IsolateWorker;
  pending: Map<number, PendingRun>;
  /** Why the isolate cannot run code any more, once it cannot. */
  gone: string | null;
}

const isolates = new Map<number, Isolate>();
let lastIsolateId = 0;
let lastRunId = 0;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/u;

function toConsole(method: ConsoleMethod, args: unknown[]): void {
  console[method](...args);
}

function lookUp(id: number): Isolate {
  const isolate = isolates.get(id);
  if (!isolate) {
    throw new IsolateGoneError(
      `Expected the id of a live isolate, got ${String(id)} (destroyed, or never created); live: ${[...isolates.keys()].join(', ') || 'none'}`,
    );
  }
  return isolate;
}

/** Marks the isolate unusable and rejects what it was running. */
function endIsolate(isolate: Isolate, reason: string): void {
  if (isolate.gone !== null) return;
  isolate.gone = reason;
  for (const run of isolate.pending.values()) run.reject(new IsolateGoneError(reason));
  isolate.pending.clear();
}

/**
 * Starts an isolated interpreter and returns its id (Python's
 * `interpreters.create()`). It is a worker: its own global scope, its own
 * event loop, a thread of its own, nothing shared with its creator unless
 * passed in.
 *
 * @example
 * const id = create();
 * await runString(id, 'console.log("Hello, isolates")');
 * destroy(id);
 */
export function create(options: CreateOptions = {}): number {
  const { spawn = spawnIsolateWorker, output = toConsole } = options;
  if (typeof spawn !== 'function' || typeof output !== 'function') {
    throw new TypeError(
      `Expected \`spawn\` and \`output\` to be functions, got ${typeof spawn} and ${typeof output}`,
    );
  }
  lastIsolateId += 1;
  const id = lastIsolateId;
  const isolate: Isolate = { worker: spawn(), pending: new Map(), gone: null };
  isolates.set(id, isolate);
  isolate.worker.onMessage((message: FromIsolate) => {
    switch (message.type) {
      case 'console':
        output(message.method, message.args);
        return;
      case 'done':
        isolate.pending.get(message.runId)?.resolve();
        isolate.pending.delete(message.runId);
        return;
      case 'failed':
        isolate.pending.get(message.runId)?.reject(new RunFailedError(id, message.error));
        isolate.pending.delete(message.runId);
        return;
      case 'exit':
        endIsolate(isolate, `Isolate ${id} ended itself (its code called close())`);
        return;
    }
  });
  isolate.worker.onExit((reason) => endIsolate(isolate, `Isolate ${id} stopped: ${reason}`));
  return id;
}

/**
 * Runs `code` (TypeScript or JavaScript, as a script) in isolate `id` and
 * resolves when it has finished (Python's `interpreters.run_string`). The
 * names in `shared` become globals of the isolate first; their values are
 * copied, except shared memory and channels, which both sides then use.
 * Globals the code defines stay for the next `runString` on the same isolate.
 * Runs on one isolate happen one after another, in the order asked.
 *
 * @throws {NotShareableError} synchronously, when a value in `shared` cannot cross.
 * @throws {RunFailedError} (the promise) when the code raised an error: its name, message and line.
 * @throws {IsolateGoneError} (the promise) when the isolate was destroyed or died before finishing.
 */
export function runString(
  id: number,
  code: string,
  shared: Readonly<Record<string, unknown>> = {},
  options: RunStringOptions = {},
): Promise<void> {
  const isolate = lookUp(id);
  if (typeof code !== 'string') {
    throw new TypeError(`Expected \`code\` to be a string of code, got ${typeof code}`);
  }
  if (typeof shared !== 'object' || shared === null || Array.isArray(shared)) {
    throw new TypeError(
      `Expected \`shared\` to be an object of names to values, got ${Array.isArray(shared) ? 'an array' : String(shared)}`,
    );
  }
  const packed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(shared)) {
    if (!IDENTIFIER.test(name)) {
      throw new TypeError(
        `Expected the names in \`shared\` to be identifiers (they become globals), got ${JSON.stringify(name)}`,
      );
    }
    checkShareable(value, `shared.${name}`, 'shared', isChannel);
    packed[name] = pack(value);
  }
  if (isolate.gone !== null) return Promise.reject(new IsolateGoneError(isolate.gone));
  const { signal } = options;
  signal?.throwIfAborted();
  lastRunId += 1;
  const runId = lastRunId;
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      reject(signal?.reason);
      destroy(id);
    };
    const settle = () => signal?.removeEventListener('abort', onAbort);
    isolate.pending.set(runId, {
      resolve: () => {
        settle();
        resolve();
      },
      reject: (error) => {
        settle();
        reject(error);
      },
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    isolate.worker.postMessage({ type: 'run', runId, code, shared: packed });
  });
}

/** Replaces channel ends by their packed form, deeply (values were checked already). */
function pack(value: unknown): unknown {
  if (isChannel(value)) return value.pack();
  if (Array.isArray(value)) return value.map(pack);
  if (
    typeof value === 'object' &&
    value !== null &&
    !ArrayBuffer.isView(value) &&
    !(value instanceof ArrayBuffer) &&
    !(typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer)
  ) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, pack(item)]));
  }
  return value;
}

/**
 * Ends isolate `id` (Python's `interpreters.destroy`): its worker is
 * terminated at once, even in the middle of running code, and any run still
 * waiting rejects with `IsolateGoneError`.
 */
export function destroy(id: number): void {
  const isolate = lookUp(id);
  isolates.delete(id);
  endIsolate(isolate, `Isolate ${id} was destroyed before the code finished`);
  isolate.worker.terminate();
}

/** Ids of the isolates not destroyed yet (Python's `interpreters.list_all()`). */
export function listAll(): number[] {
  return [...isolates.keys()];
}
