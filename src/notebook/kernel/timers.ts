import type { RunContext } from './run-context.ts';

type Callback = (...args: unknown[]) => unknown;
type Handle = unknown;

/** The scheduling functions the kernel wraps; all optional so any global scope fits. */
export interface TimerScope {
  setTimeout?: unknown;
  clearTimeout?: unknown;
  setInterval?: unknown;
  clearInterval?: unknown;
  queueMicrotask?: unknown;
  requestAnimationFrame?: unknown;
  cancelAnimationFrame?: unknown;
}

const NAMES = [
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
] as const;

type Kind = 'timeout' | 'interval' | 'frame';

/**
 * Wraps the global scheduling functions so a callback runs in the run that
 * scheduled it (its output is attributed there), its uncaught errors are
 * reported to that run, and an interrupt can cancel what a run left pending.
 */
export class RunTimers {
  readonly #scope: Record<string, unknown>;
  readonly #context: RunContext;
  readonly #onError: (runId: number, error: unknown) => void;
  readonly #originals = new Map<string, unknown>();
  readonly #pending = new Map<number, Map<Handle, Kind>>();

  constructor(
    scope: TimerScope,
    context: RunContext,
    onError: (runId: number, error: unknown) => void,
  ) {
    this.#scope = scope as Record<string, unknown>;
    this.#context = context;
    this.#onError = onError;
  }

  /** Replaces the scope's functions with the wrappers (restored by `uninstall`). */
  install(): void {
    for (const name of NAMES) {
      const original = this.#scope[name];
      if (typeof original === 'function') this.#originals.set(name, original.bind(this.#scope));
    }
    const wrap = (name: string, kind: Kind, clearName: string) => {
      const original = this.#originals.get(name) as
        | ((cb: Callback, ...rest: unknown[]) => Handle)
        | undefined;
      if (!original) return;
      this.#scope[name] = (callback: unknown, ...rest: unknown[]) => {
        if (typeof callback !== 'function') return original(callback as Callback, ...rest);
        const runId = this.#context.current;
        const handle: Handle = original(
          (...args: unknown[]) => {
            if (kind !== 'interval') this.#forget(runId, handle);
            this.#call(runId, () => callback(...args));
          },
          ...rest,
        );
        this.#track(runId, handle, kind);
        return handle;
      };
      const clear = this.#originals.get(clearName) as ((handle: Handle) => void) | undefined;
      if (clear) {
        this.#scope[clearName] = (handle: Handle) => {
          for (const [runId, handles] of this.#pending)
            if (handles.delete(handle)) this.#prune(runId);
          clear(handle);
        };
      }
    };
    wrap('setTimeout', 'timeout', 'clearTimeout');
    wrap('setInterval', 'interval', 'clearInterval');
    wrap('requestAnimationFrame', 'frame', 'cancelAnimationFrame');
    const microtask = this.#originals.get('queueMicrotask') as
      | ((cb: () => void) => void)
      | undefined;
    if (microtask) {
      this.#scope.queueMicrotask = (callback: unknown) => {
        if (typeof callback !== 'function') return microtask(callback as () => void);
        const runId = this.#context.current;
        microtask(() => this.#call(runId, () => callback()));
      };
    }
  }

  /** Puts the original functions back. */
  uninstall(): void {
    for (const [name, original] of this.#originals) this.#scope[name] = original;
    this.#originals.clear();
  }

  /** The unwrapped `setTimeout`, for the kernel's own scheduling (never attributed to a run). */
  get rawSetTimeout(): (callback: () => void, ms: number) => Handle {
    const original = this.#originals.get('setTimeout') ?? this.#scope.setTimeout;
    return original as (callback: () => void, ms: number) => Handle;
  }

  /** Cancels the timers, intervals and frames of `runId`, or of every run with null. */
  clear(runId: number | null): void {
    const runs = runId === null ? [...this.#pending.keys()] : [runId];
    for (const id of runs) {
      const handles = this.#pending.get(id);
      if (!handles) continue;
      this.#pending.delete(id);
      for (const [handle, kind] of handles) {
        const name =
          kind === 'timeout'
            ? 'clearTimeout'
            : kind === 'interval'
              ? 'clearInterval'
              : 'cancelAnimationFrame';
        (this.#originals.get(name) as ((handle: Handle) => void) | undefined)?.(handle);
      }
    }
  }

  /** How many timers, intervals and frames `runId` has pending. */
  pendingCount(runId: number): number {
    return this.#pending.get(runId)?.size ?? 0;
  }

  #call(runId: number, fn: () => unknown): void {
    try {
      this.#context.enter(runId, fn);
    } catch (error) {
      this.#onError(runId, error);
    }
  }

  #track(runId: number, handle: Handle, kind: Kind): void {
    let handles = this.#pending.get(runId);
    if (!handles) {
      handles = new Map();
      this.#pending.set(runId, handles);
    }
    handles.set(handle, kind);
  }

  #forget(runId: number, handle: Handle): void {
    this.#pending.get(runId)?.delete(handle);
    this.#prune(runId);
  }

  #prune(runId: number): void {
    if (this.#pending.get(runId)?.size === 0) this.#pending.delete(runId);
  }
}
