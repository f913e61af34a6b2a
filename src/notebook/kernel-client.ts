import { hasSharedMemory } from '../core/environment.ts';
import type { OutputItem } from '../core/output-item.ts';
import type { SerializedError } from '../core/serialized-error.ts';
import { KERNEL, type KernelText, LANGS, type Lang } from '../i18n/ui.ts';
import {
  INTERRUPT_BUFFER_BYTES,
  INTERRUPT_SLOT,
  isKernelEvent,
  type KernelEvent,
  type KernelRequest,
  PROGRESS_SLOT,
  PROTOCOL_VERSION,
  type RunStatus,
} from './protocol.ts';
import type { PrebuiltCell } from './transform/prebuilt.ts';

/** What the client needs of a worker (a DOM `Worker` or the `web-worker` package's). */
export interface WorkerLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
}

/** Status of the kernel, as the page shows it. */
export type KernelStatus = 'off' | 'starting' | 'idle' | 'busy' | 'restarting' | 'failed';

/**
 * What the heartbeat says of the kernel while a cell runs: `ok` (it answers),
 * `busy` (it has not answered, but cell code is still making progress: a busy
 * loop, which Interrupt stops), `unresponsive` (no answer and no progress: stuck
 * where no interrupt check runs, such as a promise chain that re-queues itself
 * forever, or dead) or `closed` (a cell called `self.close()`).
 */
export type KernelHealth = 'ok' | 'busy' | 'unresponsive' | 'closed';

/** Options of `KernelClient`. */
export interface KernelClientOptions {
  createWorker(): WorkerLike;
  /** Absolute origin of the site, passed to the kernel. */
  origin: string;
  /** The site's base path, passed to the kernel. @default '/' */
  base?: string;
  /** The reader's access token at start (see `setAccessToken`). @default null */
  token?: string | null;
  /** Path of the lesson page. */
  page: string;
  /** Characters of output kept per run. @default 100000 */
  outputCap?: number;
  /** How long an interrupted cell may take to stop before the worker is replaced. @default 1500 */
  interruptGraceMs?: number;
  /** How long the worker may take to answer `init`. @default 15000 */
  startTimeoutMs?: number;
  /**
   * How often a running kernel is pinged. A ping unanswered for three intervals
   * makes the kernel `busy` or `unresponsive` (`onHealth`).
   * @default 1000
   */
  heartbeatMs?: number;
  /** The language of what the client says on the page (restart reasons, timeouts). @default 'en' */
  lang?: Lang;
}

/** Options of one run. */
export interface RunOptions {
  onStarted?(executionCount: number): void;
  /**
   * Receives output batches, also those arriving after the run finished (timers,
   * promises settling later), until the same cell runs again or the kernel restarts.
   */
  onOutput(items: OutputItem[]): void;
  /** Interrupt the run after this many milliseconds. */
  timeoutMs?: number;
  /** Aborting interrupts the run (or cancels it while queued). */
  signal?: AbortSignal;
  /** The build's compilation of `code` (the cell as the lesson wrote it). */
  prebuilt?: PrebuiltCell;
}

/** How a run ended. */
export interface RunOutcome {
  status: RunStatus;
  durationMs: number;
  error?: SerializedError;
}

interface ActiveRun {
  runId: number;
  resolve(outcome: RunOutcome): void;
  options: RunOptions;
  timedOut: number | null;
}

/** Said when the worker had to be replaced because an interrupted cell kept running. */
export const RESTART_REASON_STUCK = KERNEL.en.restartedStuck;

/** Said when Interrupt replaced a kernel that had stopped answering (or closed itself). */
export const RESTART_REASON_UNRESPONSIVE = KERNEL.en.restartedUnresponsive;

/** Why a run cannot start in a kernel a cell closed. */
export const KERNEL_CLOSED = KERNEL.en.closedByCell;

type ErrorItem = Extract<OutputItem, { kind: 'error' }>;

function errorItem(name: string, message: string): ErrorItem {
  return { kind: 'error', late: false, error: { name, message, stack: `${name}: ${message}` } };
}

function timeoutItem(timeoutMs: number, words: KernelText): ErrorItem {
  return errorItem('TimeoutError', words.timedOut(timeoutMs));
}

/**
 * The page's (and the headless runner's) handle on a kernel worker: starts it,
 * runs cells one at a time, routes output (late output included) to the run
 * that made it, interrupts through the shared flag and the `interrupt`
 * message, and replaces the worker when a cell will not stop.
 */
export class KernelClient {
  readonly #options: KernelClientOptions;
  /** What the client says on the page, in `options.lang`. */
  readonly #words: KernelText;
  #worker: WorkerLike | null = null;
  #flag: Int32Array | null = null;
  #status: KernelStatus = 'off';
  #starting: Promise<void> | null = null;
  #failStart: ((error: Error) => void) | null = null;
  #failure: string | null = null;
  #nextRunId = 0;
  #active: ActiveRun | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #generation = 0;
  #token: string | null;
  /**
   * Where each run's output goes, by `runId`. A finished run keeps its route for
   * late output; the next run of the same cell ends it (the page shows only the
   * newest run of a cell), so routes do not pile up over a long session.
   */
  readonly #outputs = new Map<number, (items: OutputItem[]) => void>();
  /** The newest run of each cell, by cell id: the one whose route stays open. */
  readonly #latestRun = new Map<string, number>();
  readonly #statusListeners = new Set<(status: KernelStatus) => void>();
  readonly #restartListeners = new Set<(reason: string) => void>();
  readonly #healthListeners = new Set<(health: KernelHealth) => void>();
  #health: KernelHealth = 'ok';
  #heartbeat: ReturnType<typeof setInterval> | null = null;

  constructor(options: KernelClientOptions) {
    if (typeof options?.createWorker !== 'function') {
      throw new TypeError(
        `Expected \`createWorker\` to be a function, got ${typeof options?.createWorker}`,
      );
    }
    if (options.lang !== undefined && !LANGS.includes(options.lang)) {
      throw new TypeError(
        `Expected \`lang\` to be one of ${LANGS.join(', ')}, got ${String(options.lang)}`,
      );
    }
    this.#options = options;
    this.#words = KERNEL[options.lang ?? 'en'];
    this.#token = options.token ?? null;
  }

  /**
   * The reader signed in (`token`) or out (null): the kernel's cells send the new token
   * from their next client on, and a restarted kernel starts with it.
   */
  setAccessToken(token: string | null): void {
    if (token !== null && typeof token !== 'string') {
      throw new TypeError(`Expected \`token\` to be a string or null, got ${typeof token}`);
    }
    if (token === this.#token) return;
    this.#token = token;
    this.#post({ type: 'access', token });
  }

  /** Current status. */
  get status(): KernelStatus {
    return this.#status;
  }

  /** Calls `listener` on every status change; returns an unsubscribe function. */
  onStatus(listener: (status: KernelStatus) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /** What the heartbeat last found (`ok` when no cell runs). */
  get health(): KernelHealth {
    return this.#health;
  }

  /** Calls `listener` whenever the heartbeat's finding changes; returns an unsubscribe function. */
  onHealth(listener: (health: KernelHealth) => void): () => void {
    this.#healthListeners.add(listener);
    return () => this.#healthListeners.delete(listener);
  }

  /** Calls `listener` with the reason whenever the worker is replaced; returns an unsubscribe function. */
  onRestarted(listener: (reason: string) => void): () => void {
    this.#restartListeners.add(listener);
    return () => this.#restartListeners.delete(listener);
  }

  /** Starts the worker and waits for `ready`. Safe to call again while starting or started. */
  start(): Promise<void> {
    if (this.#starting) return this.#starting;
    this.#setStatus(this.#status === 'restarting' ? 'restarting' : 'starting');
    this.#failure = null;
    const generation = ++this.#generation;
    const worker = this.#options.createWorker();
    this.#worker = worker;
    this.#flag = hasSharedMemory()
      ? new Int32Array(new SharedArrayBuffer(INTERRUPT_BUFFER_BYTES))
      : null;
    const starting = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => fail(new Error(this.#words.didNotStart(this.#startTimeout))),
        this.#startTimeout,
      );
      const fail = (error: Error) => {
        clearTimeout(timer);
        if (generation !== this.#generation) return;
        this.#fail(error.message);
        reject(error);
      };
      this.#failStart = fail;
      worker.addEventListener('message', (event) => {
        if (generation !== this.#generation || !isKernelEvent(event.data)) return;
        if (event.data.type === 'ready') {
          clearTimeout(timer);
          this.#failStart = null;
          if (event.data.protocol !== PROTOCOL_VERSION) {
            fail(
              new Error(
                `Expected kernel protocol ${PROTOCOL_VERSION}, got ${event.data.protocol}: reload the page`,
              ),
            );
            return;
          }
          this.#setStatus(this.#active ? 'busy' : 'idle');
          resolve();
          return;
        }
        this.#onEvent(event.data);
      });
      worker.addEventListener('error', (event: Partial<ErrorEvent>) => {
        if (generation !== this.#generation) return;
        const detail =
          (typeof event.message === 'string' && event.message) ||
          (event.error instanceof Error && event.error.message) ||
          (event instanceof Error && event.message) ||
          'the worker script could not be loaded (is it served with the isolation headers?)';
        const error = new Error(this.#words.failedBecause(detail));
        if (this.#failStart) this.#failStart(error);
        else this.#fail(error.message);
      });
    });
    this.#starting = starting;
    starting.catch(() => {});
    this.#post({
      type: 'init',
      interruptBuffer: (this.#flag?.buffer as SharedArrayBuffer | undefined) ?? null,
      origin: this.#options.origin,
      base: this.#options.base ?? '/',
      token: this.#token,
      page: this.#options.page,
      outputCap: this.#options.outputCap ?? 100_000,
    });
    return starting;
  }

  /** Queues a cell; resolves when it finished (or was interrupted, timed out, or lost to a restart). */
  run(cellId: string, code: string, options: RunOptions): Promise<RunOutcome> {
    if (typeof options?.onOutput !== 'function') {
      throw new TypeError(
        `Expected \`onOutput\` to be a function, got ${typeof options?.onOutput}`,
      );
    }
    const outcome = this.#queue.then(() => this.#execute(cellId, code, options));
    this.#queue = outcome.catch(() => {});
    return outcome;
  }

  /**
   * Stops the running cell: sets the shared flag and sends `interrupt`. If the
   * cell is still running after the grace period, replaces the worker; a kernel
   * found `unresponsive` or `closed` is replaced at once.
   */
  async interrupt(): Promise<'stopped' | 'restarted' | 'idle'> {
    const active = this.#active;
    if (!active && this.#health === 'closed') {
      this.#replace(this.#words.restartedUnresponsive);
      await this.start().catch(() => {});
      return 'restarted';
    }
    if (!active) {
      if (this.#worker && this.#status === 'idle') this.#post({ type: 'interrupt', runId: null });
      return 'idle';
    }
    return this.#interruptRun(active);
  }

  /** Replaces the worker with a fresh kernel (every variable is lost). */
  async restart(): Promise<void> {
    this.#replace(this.#words.restarted);
    await this.start();
  }

  /** Terminates the worker. Runs still waiting resolve as interrupted. */
  close(): void {
    this.#teardown(this.#words.closed);
    this.#setStatus('off');
  }

  get #startTimeout(): number {
    return this.#options.startTimeoutMs ?? 15_000;
  }

  async #execute(cellId: string, code: string, options: RunOptions): Promise<RunOutcome> {
    options.signal?.throwIfAborted();
    if (this.#status === 'failed') throw new Error(this.#failure ?? this.#words.failed);
    if (this.#health === 'closed') throw new Error(this.#words.closedByCell);
    // A kernel still starting is sent the run at once, behind its `init`: it handles its
    // messages in order, so the first Run does not wait for `ready` to come back before
    // the cell is posted. A start that fails still fails the run (below).
    const starting = this.start();
    const pending = this.#status === 'starting' || this.#status === 'restarting' ? starting : null;
    if (pending === null) await starting;
    options.signal?.throwIfAborted();
    const runId = ++this.#nextRunId;
    const { promise, resolve } = Promise.withResolvers<RunOutcome>();
    const active: ActiveRun = { runId, resolve, options, timedOut: null };
    this.#active = active;
    const previous = this.#latestRun.get(cellId);
    if (previous !== undefined) this.#outputs.delete(previous);
    this.#latestRun.set(cellId, runId);
    this.#outputs.set(runId, (items) => this.#deliver(active, items));
    this.#setStatus('busy');
    const onAbort = () => void this.#interruptRun(active);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const { prebuilt } = options;
    this.#post(
      prebuilt === undefined
        ? { type: 'run', runId, cellId, code }
        : { type: 'run', runId, cellId, code, prebuilt },
    );
    let timer: ReturnType<typeof setTimeout> | null = null;
    try {
      // The heartbeat and the run's timeout count from a kernel that is up.
      if (pending !== null) await pending;
      const timeoutMs = options.timeoutMs;
      if (timeoutMs !== undefined && timeoutMs > 0 && this.#active === active) {
        timer = setTimeout(() => {
          active.timedOut = timeoutMs;
          void this.#interruptRun(active);
        }, timeoutMs);
      }
      this.#startHeartbeat();
      return await promise;
    } finally {
      this.#stopHeartbeat();
      if (timer !== null) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (this.#active === active) this.#active = null;
      if (this.#flag) Atomics.compareExchange(this.#flag, INTERRUPT_SLOT, runId, 0);
      if (this.#status === 'busy') this.#setStatus('idle');
    }
  }

  #deliver(active: ActiveRun, items: OutputItem[]): void {
    // After a timeout, the kernel's own "Interrupted" error is replaced by the explanation.
    const shown =
      active.timedOut === null
        ? items
        : items.filter((item) => item.kind !== 'error' || item.error.name !== 'InterruptError');
    if (shown.length > 0) active.options.onOutput(shown);
  }

  async #interruptRun(active: ActiveRun): Promise<'stopped' | 'restarted' | 'idle'> {
    if (this.#active !== active) return 'idle';
    if (this.#health === 'unresponsive' || this.#health === 'closed') {
      // Nothing will answer the interrupt: a fresh kernel at once, not after the grace period.
      this.#replace(this.#words.restartedUnresponsive);
      await this.start().catch(() => {});
      return 'restarted';
    }
    const { promise: finished, resolve } = Promise.withResolvers<void>();
    const original = active.resolve;
    active.resolve = (outcome) => {
      resolve();
      original(outcome);
    };
    if (this.#flag) Atomics.store(this.#flag, INTERRUPT_SLOT, active.runId);
    this.#post({ type: 'interrupt', runId: active.runId });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<'grace'>((settle) => {
      timer = setTimeout(() => settle('grace'), this.#options.interruptGraceMs ?? 1500);
    });
    const winner = await Promise.race([finished.then(() => 'finished' as const), grace]);
    clearTimeout(timer);
    if (winner === 'finished') return 'stopped';
    if (this.#active !== active) return 'stopped';
    this.#replace(this.#words.restartedStuck);
    await this.start().catch(() => {});
    return 'restarted';
  }

  #onEvent(event: KernelEvent): void {
    switch (event.type) {
      case 'started':
        if (this.#active?.runId === event.runId)
          this.#active.options.onStarted?.(event.executionCount);
        return;
      case 'output':
        this.#outputs.get(event.runId)?.(event.items);
        return;
      case 'finished': {
        const active = this.#active;
        if (active?.runId !== event.runId) return;
        if (active.timedOut !== null) {
          const item = timeoutItem(active.timedOut, this.#words);
          active.options.onOutput([item]);
          active.resolve({
            status: 'interrupted',
            durationMs: event.durationMs,
            error: item.error,
          });
          return;
        }
        const outcome: RunOutcome = { status: event.status, durationMs: event.durationMs };
        if (event.error) outcome.error = event.error;
        active.resolve(outcome);
        return;
      }
      case 'fatal':
        this.#active?.resolve({ status: 'error', durationMs: 0, error: event.error });
        return;
      case 'pong':
        if (event.id === this.#pingId) {
          this.#pingSentAt = null;
          this.#setHealth('ok');
        }
        return;
      case 'closed': {
        this.#setHealth('closed');
        // The closing cell's own `finished` may never come: end its run with the reason.
        const active = this.#active;
        if (active !== null) {
          const item = errorItem('KernelClosed', this.#words.closedByCell);
          active.options.onOutput([item]);
          active.resolve({ status: 'error', durationMs: 0, error: item.error });
        }
        return;
      }
      case 'ready':
        return;
    }
  }

  /** Terminates the worker, ends the active run as interrupted and tells listeners why. */
  #replace(reason: string): void {
    this.#teardown(reason);
    this.#setStatus('restarting');
    for (const listener of this.#restartListeners) listener(reason);
  }

  #teardown(reason: string): void {
    this.#generation += 1;
    this.#stopHeartbeat();
    this.#setHealth('ok');
    this.#worker?.terminate();
    this.#worker = null;
    this.#starting = null;
    this.#failStart = null;
    this.#outputs.clear();
    this.#latestRun.clear();
    const active = this.#active;
    this.#active = null;
    if (active) {
      const item =
        active.timedOut === null
          ? errorItem('KernelRestart', reason)
          : timeoutItem(active.timedOut, this.#words);
      active.options.onOutput([item]);
      active.resolve({ status: 'interrupted', durationMs: 0, error: item.error });
    }
  }

  #fail(reason: string): void {
    this.#failure = reason;
    this.#worker?.terminate();
    this.#worker = null;
    this.#starting = null;
    this.#outputs.clear();
    this.#latestRun.clear();
    this.#setStatus('failed');
    this.#active?.resolve({
      status: 'error',
      durationMs: 0,
      error: errorItem('KernelError', reason).error,
    });
    this.#active = null;
  }

  #pingId = 0;
  #pingSentAt: number | null = null;
  #progress: number | undefined;

  /** Pings the kernel while a run goes on, and judges its silence. */
  #startHeartbeat(): void {
    this.#stopHeartbeat();
    const interval = this.#options.heartbeatMs ?? 1000;
    this.#pingSentAt = null;
    this.#progress = this.#readProgress();
    this.#heartbeat = setInterval(() => {
      if (this.#health === 'closed') return;
      const now = Date.now();
      if (this.#pingSentAt === null) {
        this.#pingSentAt = now;
        this.#post({ type: 'ping', id: ++this.#pingId });
        return;
      }
      if (now - this.#pingSentAt < 3 * interval) return;
      const progress = this.#readProgress();
      const moving = progress !== undefined && progress !== this.#progress;
      this.#progress = progress;
      this.#setHealth(moving ? 'busy' : 'unresponsive');
    }, interval);
  }

  #stopHeartbeat(): void {
    if (this.#heartbeat !== null) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
    this.#pingSentAt = null;
    if (this.#health === 'busy' || this.#health === 'unresponsive') this.#setHealth('ok');
  }

  #readProgress(): number | undefined {
    return this.#flag === null ? undefined : Atomics.load(this.#flag, PROGRESS_SLOT);
  }

  #setHealth(health: KernelHealth): void {
    if (this.#health === health) return;
    this.#health = health;
    for (const listener of this.#healthListeners) listener(health);
  }

  #post(message: KernelRequest): void {
    this.#worker?.postMessage(message);
  }

  #setStatus(status: KernelStatus): void {
    if (this.#status === status) return;
    this.#status = status;
    for (const listener of this.#statusListeners) listener(status);
  }
}
