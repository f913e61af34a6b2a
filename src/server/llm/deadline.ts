/** A time limit on work in progress, on the proxy's clock. */
import { type Clock, systemClock } from './types.ts';

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
  // On the real clock, one timer: a request starts three deadlines, and each one's
  // `AbortController`, abort listener and abort event on cancel were about 9 % of the
  // proxy's CPU per request (docs/benchmarks.md, "LLM proxy").
  if (clock === systemClock) return timerDeadline(ms, onExpire);
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

/** A deadline on `setTimeout` alone, for the system clock. */
function timerDeadline(ms: number, onExpire: () => Error): Deadline {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onExpire()), ms);
  });
  // Raced by the work it limits; a rejection after that race settled is nobody's to handle.
  expired.catch(() => {});
  return { expired, cancel: () => clearTimeout(timer) };
}
