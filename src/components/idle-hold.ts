/**
 * Holds back one `requestIdleCallback` until it is wanted. Starlight's search
 * (`@astrojs/starlight/components/Search.astro`) imports the Pagefind UI, ~26 KB gzip of
 * JavaScript, in an idle callback it schedules on `DOMContentLoaded`. Search.astro opens a
 * hold just around that listener, so the import waits for the reader to head for search
 * instead, and a lesson page loads a few KB of JavaScript before any interaction.
 *
 * Runs in the browser; the scheduler is passed in so that tests can use a fake one.
 */

/** The part of `window` a hold replaces while it is open. */
export interface IdleScheduler {
  requestIdleCallback?:
    | ((callback: IdleRequestCallback, options?: IdleRequestOptions) => number)
    | undefined;
}

/** One held idle callback: captured between `open()` and `close()`, run by `release()`. */
export interface IdleHold {
  /**
   * Until `close()` or the first call, `requestIdleCallback` keeps its callback instead of
   * scheduling it (or runs it at once if `release()` came first); the first call closes the hold.
   */
  open(): void;
  /** Puts the scheduler's own `requestIdleCallback` back, or removes it if it had none. */
  close(): void;
  /**
   * Runs the held callback, once. Resolves when the callback (or the promise it returns)
   * has settled, and rejects if it fails; resolves at once if the hold closed empty.
   */
  release(): Promise<void>;
}

/** A held callback runs because it is needed, not because the browser is idle. */
const DEADLINE: IdleDeadline = { didTimeout: false, timeRemaining: () => 0 };

/** Creates a hold on `scheduler` (in the page, `window`); it does nothing until `open()`. */
export function createIdleHold(scheduler: IdleScheduler): IdleHold {
  let state: 'ready' | 'open' | 'closed' = 'ready';
  let own: PropertyDescriptor | undefined;
  let held: IdleRequestCallback | undefined;
  let released = false;
  let start: (() => void) | undefined;
  // Starts once the callback is both wanted and captured (or will never be).
  const ran = new Promise<void>((resolve) => {
    start = resolve;
  }).then(() => held?.(DEADLINE));
  const settle = (): void => {
    if (released && state === 'closed') start?.();
  };

  const close = (): void => {
    if (state !== 'open') return;
    state = 'closed';
    if (own === undefined) delete scheduler.requestIdleCallback;
    else Object.defineProperty(scheduler, 'requestIdleCallback', own);
    settle();
  };

  return {
    open() {
      if (state !== 'ready') return;
      state = 'open';
      own = Object.getOwnPropertyDescriptor(scheduler, 'requestIdleCallback');
      scheduler.requestIdleCallback = (callback) => {
        held = callback;
        close();
        return 0;
      };
    },
    close,
    release() {
      released = true;
      settle();
      return ran;
    },
  };
}

let pageHold: IdleHold | undefined;

/**
 * The page's one hold on Starlight's idle Pagefind import, shared by the two scripts of
 * `Search.astro`; created on first use, on `window`.
 */
export function pagefindHold(): IdleHold {
  pageHold ??= createIdleHold(window);
  return pageHold;
}
