import type { CellRuntime } from '../../core/cell-runtime.ts';
import type { OutputItem } from '../../core/output-item.ts';
import type { SerializedError } from '../../core/serialized-error.ts';
// The two globals only: the rest of `yieldbook/display` (charts, downloads) loads when a cell imports it.
import { display } from '../../lib/display/display.ts';
import { nextDisplayId } from '../../lib/display/hook.ts';
import { progress } from '../../lib/display/progress.ts';
import { installSiteInfo, type SiteInfo } from '../../lib/llm/site.ts';
import {
  type KernelEvent,
  type KernelRequest,
  PROTOCOL_VERSION,
  type RunStatus,
} from '../protocol.ts';
import { fromPrebuilt } from '../transform/prebuilt.ts';
import { captureConsole } from './console-capture.ts';
import { installDisplayHook } from './display-hook.ts';
import { type CellSourceMap, ErrorMapper } from './errors.ts';
import { inspectValue } from './format.ts';
import { Interrupts, isInterruptError } from './interrupt.ts';
import { createKernelRuntime } from './kernel-runtime.ts';
import { loadCellModule } from './module-registry.ts';
import { OutputBuffer } from './output-buffer.ts';
import { RunContext } from './run-context.ts';
import { RunTimers } from './timers.ts';
import { listenForUncaught } from './uncaught.ts';

/** The worker side of a message channel (`self` in a worker, a fake in tests). */
export interface KernelPort {
  postMessage(message: KernelEvent): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

/** A transformed cell, as `transformCell` in `../transform/transform.ts` returns it. */
export interface TransformedCellLike extends Omit<CellSourceMap, 'cellId'> {
  code: string;
  declared: string[];
  url: string;
}

/** The cell transform (`transformCell`), passed in so tests can use a stand-in. */
export type CellTransform = (
  source: string,
  options: { cellId: string; runId: number },
) => TransformedCellLike;

/** Options of `Kernel`. */
export interface KernelOptions {
  port: KernelPort;
  /**
   * Loads the cell transform (`transformCell`), on the first run of a cell that
   * comes without its build-time compilation; tests can pass a stand-in.
   */
  loadTransform: () => Promise<CellTransform>;
  /** The global object cells share. @default globalThis */
  scope?: typeof globalThis;
  /** Loads what a cell imports. @default loadCellModule */
  load?: (specifier: string) => Promise<Record<string, unknown>>;
}

type RunRequest = Extract<KernelRequest, { type: 'run' }>;
type InitRequest = Extract<KernelRequest, { type: 'init' }>;

interface Session {
  interrupts: Interrupts;
  timers: RunTimers;
  output: OutputBuffer;
  runtime: CellRuntime;
  teardown: (() => void)[];
  /** What cells read through `yieldbook/llm`; the token changes when the reader signs in or out. */
  site: SiteInfo;
}

function isSyntaxErrorWithPosition(
  error: unknown,
): error is SyntaxError & { line: number; column: number } {
  return (
    error instanceof SyntaxError &&
    typeof (error as { line?: unknown }).line === 'number' &&
    typeof (error as { column?: unknown }).column === 'number'
  );
}

/**
 * Runs cells one at a time in a shared global scope and reports over `port`
 * exactly as `protocol.ts` describes: `ready` after `init`, then `started`,
 * batched `output` and `finished` for each run, output of late timers and
 * promises included.
 */
export class Kernel {
  readonly #port: KernelPort;
  readonly #loadTransform: () => Promise<CellTransform>;
  #transform: Promise<CellTransform> | null = null;
  readonly #scope: typeof globalThis;
  readonly #load: (specifier: string) => Promise<Record<string, unknown>>;
  readonly #context = new RunContext();
  readonly #errors = new ErrorMapper();
  #session: Session | null = null;
  #queue: Promise<void> = Promise.resolve();
  #executionCount = 0;

  constructor(options: KernelOptions) {
    this.#port = options.port;
    this.#loadTransform = options.loadTransform;
    this.#scope = options.scope ?? globalThis;
    this.#load = options.load ?? loadCellModule;
  }

  /** Starts listening for requests on the port. */
  listen(): void {
    this.#port.addEventListener('message', this.#onMessage);
  }

  /** Stops listening and puts back every global the kernel replaced. */
  close(): void {
    this.#port.removeEventListener('message', this.#onMessage);
    for (const undo of this.#session?.teardown.reverse() ?? []) undo();
    this.#session = null;
  }

  readonly #onMessage = (event: { data: unknown }): void => {
    const request = event.data as KernelRequest;
    try {
      switch (request?.type) {
        case 'init':
          this.#init(request);
          return;
        case 'run':
          this.#queue = this.#queue.then(() => this.#run(request));
          return;
        case 'interrupt':
          this.#interrupt(request.runId);
          return;
        case 'ping':
          this.#port.postMessage({ type: 'pong', id: request.id });
          return;
        case 'access': {
          const session = this.#requireSession();
          session.site = { ...session.site, token: request.token };
          installSiteInfo(this.#scope, session.site);
          return;
        }
        default:
          throw new TypeError(
            `Expected a kernel request of type init, run, interrupt, ping or access, got ${inspectValue(request, 1)}`,
          );
      }
    } catch (error) {
      this.#port.postMessage({ type: 'fatal', error: this.#errors.serialize(error) });
    }
  };

  #init(request: InitRequest): void {
    if (this.#session) throw new Error('Expected one `init` per kernel, got a second one');
    const scope = this.#scope;
    const context = this.#context;
    const interrupts = new Interrupts(
      request.interruptBuffer ? new Int32Array(request.interruptBuffer) : null,
    );
    const report = (runId: number, error: unknown) => {
      if (isInterruptError(error)) return;
      output.push(runId, { kind: 'error', error: this.#errors.serialize(error), late: true });
    };
    const timers = new RunTimers(scope, context, report);
    const site: SiteInfo = { origin: request.origin, base: request.base, token: request.token };
    const output = new OutputBuffer({
      cap: request.outputCap,
      send: (runId, items) => this.#port.postMessage({ type: 'output', runId, items }),
      now: () => performance.now(),
      schedule: (callback, ms) => timers.rawSetTimeout(callback, ms),
    });
    const push = (item: OutputItem) => output.push(context.current, item);
    const runtime = createKernelRuntime({
      scope,
      context,
      interrupts,
      load: this.#load,
      result: (runId, value) => {
        if (value !== undefined) output.push(runId, { kind: 'result', text: inspectValue(value) });
      },
    });
    timers.install();
    const teardown: (() => void)[] = [() => timers.uninstall()];
    teardown.push(
      captureConsole(scope.console, {
        write: (stream, text) => push({ kind: 'stream', stream, text }),
        display: (data) =>
          push({ kind: 'display', displayId: nextDisplayId(), update: false, data }),
        isCapped: () => output.isCapped(context.current),
        countDropped: (chars) => output.countDropped(context.current, chars),
        trace: () => {
          const frames = this.#errors.frames(new Error('trace').stack ?? '');
          return frames.map((f) => `    at ${f.cellId}:${f.line}:${f.column}`);
        },
        now: () => performance.now(),
      }),
      installDisplayHook(scope, () => {
        const runId = context.current;
        return (displayId, update, data) =>
          output.push(runId, { kind: 'display', displayId, update, data });
      }),
      installGlobals(scope, { display, progress }),
      installSiteInfo(scope, site),
      listenForUncaught(scope, (error) => report(context.current, error)),
      announceClose(scope, () => this.#port.postMessage({ type: 'closed' })),
    );
    this.#session = { interrupts, timers, output, runtime, teardown, site };
    this.#port.postMessage({
      type: 'ready',
      protocol: PROTOCOL_VERSION,
      crossOriginIsolated: Boolean(
        (scope as { crossOriginIsolated?: boolean }).crossOriginIsolated,
      ),
    });
  }

  #interrupt(runId: number | null): void {
    const session = this.#requireSession();
    if (runId === null) {
      session.timers.clear(null);
      return;
    }
    session.interrupts.interrupt(runId);
    session.timers.clear(runId);
  }

  async #run(request: RunRequest): Promise<void> {
    const session = this.#requireSession();
    const { runId } = request;
    this.#executionCount += 1;
    const executionCount = this.#executionCount;
    let status: RunStatus = 'done';
    let error: SerializedError | undefined;
    let start = performance.now();
    // A browser tells of a promise rejected and never handled in a task of its own, queued
    // when the task that rejected it ends. This run may begin in that very task (its request
    // waited behind the previous run), and that report would then find this run current and
    // land on the wrong cell. Two turns of the event loop let it go first, to the run that
    // was current when the promise was rejected: the first ends the task, the second is
    // queued behind the report. Node reports at once, before the next task.
    if (executionCount > 1) {
      await nextTask(session.timers);
      await nextTask(session.timers);
    }
    try {
      // Compiled before `started`, which means the cell's own code is about to run:
      // loading the transformer for the first edited cell is not the cell's time.
      const body = await this.#compile(request).catch((thrown: unknown) => ({ thrown }));
      this.#port.postMessage({ type: 'started', runId, executionCount });
      start = performance.now();
      if ('thrown' in body) throw body.thrown;
      if ('syntax' in body) {
        status = 'error';
        error = body.syntax;
      } else {
        this.#context.current = runId;
        await body.run(session.runtime);
        if (session.interrupts.isInterrupted(runId)) status = 'interrupted';
      }
    } catch (thrown) {
      const interrupted = isInterruptError(thrown) || session.interrupts.isInterrupted(runId);
      status = interrupted ? 'interrupted' : 'error';
      error = this.#errors.serialize(thrown);
    }
    if (error) session.output.push(runId, { kind: 'error', error, late: false });
    session.output.flush();
    const durationMs = performance.now() - start;
    this.#port.postMessage(
      error
        ? { type: 'finished', runId, status, durationMs, error }
        : { type: 'finished', runId, status, durationMs },
    );
  }

  /**
   * Transforms (or takes the build's compilation of) a cell and evaluates it
   * into its body function, or its syntax error.
   */
  async #compile(
    request: RunRequest,
  ): Promise<{ run: (runtime: CellRuntime) => Promise<unknown> } | { syntax: SerializedError }> {
    const { runId, cellId, code, prebuilt } = request;
    let cell: Omit<TransformedCellLike, 'declared'>;
    if (prebuilt !== undefined) {
      cell = fromPrebuilt(prebuilt, { cellId, runId });
    } else {
      this.#transform ??= this.#loadTransform();
      const transform = await this.#transform;
      try {
        cell = transform(code, { cellId, runId });
      } catch (thrown) {
        if (isSyntaxErrorWithPosition(thrown))
          return { syntax: this.#errors.serializeSyntax(thrown, cellId) };
        throw thrown;
      }
    }
    this.#errors.register(cell.url, {
      cellId,
      originalPosition: (line, column) => cell.originalPosition(line, column),
    });
    // Called through a variable, eval is indirect: the cell runs in the global scope, not this module's.
    // biome-ignore lint/security/noGlobalEval: evaluating the reader's cell is what the kernel is for.
    const evaluate = globalThis.eval;
    return { run: evaluate(cell.code) as (runtime: CellRuntime) => Promise<unknown> };
  }

  #requireSession(): Session {
    if (!this.#session) throw new Error('Expected `init` before any other kernel request');
    return this.#session;
  }
}

/** Defines the globals every cell sees; returns a function that removes them. */
function installGlobals(scope: object, globals: Record<string, unknown>): () => void {
  for (const [name, value] of Object.entries(globals)) {
    Object.defineProperty(scope, name, {
      value,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  return () => {
    for (const name of Object.keys(globals)) Reflect.deleteProperty(scope, name);
  };
}

/**
 * Wraps the worker's `close` so the page hears of it: a closed worker answers
 * nothing more, and without a word the page would wait for its cell forever.
 */
function announceClose(scope: object, announce: () => void): () => void {
  const worker = scope as { close?: unknown };
  const close = worker.close;
  if (typeof close !== 'function') return () => {};
  const own = Object.hasOwn(worker, 'close');
  worker.close = function closeKernel(this: unknown) {
    announce();
    return Reflect.apply(close, this, []);
  };
  return () => {
    if (own) worker.close = close;
    else Reflect.deleteProperty(worker, 'close');
  };
}

/** Resolves in a later task: every task already queued (and every microtask) runs first. */
function nextTask(timers: RunTimers): Promise<void> {
  const { promise, resolve } = Promise.withResolvers<void>();
  timers.rawSetTimeout(resolve, 0);
  return promise;
}
