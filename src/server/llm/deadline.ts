/** A time limit on work in progress, on the proxy's clock. */
import type { Clock } from './types.ts';

/** A running time limit, from `startDeadline`. */
export interface Deadline {
  /**
   * Rejects with `onExpire`'s error once the time is up; never settles if cancelled first.
   * Race the work against it.
   */
  readonly expired: Promise<never>;
  /** Stops the clock; call it once the work is done, however it ended. */
  cancel(): void;
}

/**
 * The reason a cancelled deadline's sleep is aborted with. One shared value: `abort()`
 * without a reason builds a `DOMException` with its stack, and every request cancels two
 * deadlines (about 2 % of the proxy's CPU per request, docs/benchmarks.md, "Proxy").
 */
const CANCELLED = new Error('deadline cancelled');

/** Starts a limit of `ms` on `clock`; `onExpire` runs when it passes and names the error. */
export function startDeadline(clock: Clock, ms: number, onExpire: () => Error): Deadline {
  const stop = new AbortController();
  const expired = clock.sleep(ms, stop.signal).then(
    () => {
      throw onExpire();
    },
    // Cancelled: the work finished first and nobody awaits this any more.
    () => new Promise<never>(() => {}),
  );
  return { expired, cancel: () => stop.abort(CANCELLED) };
}
