/** Infrastructure the proxy is given rather than reaching for globals, so tests can replace it. */

/** Time, as the proxy sees it. */
export interface Clock {
  /** Milliseconds, monotonic enough for rate limits and timeouts. */
  now(): number;
  /** Resolves after `ms` milliseconds; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Where the proxy reports what it did; never given a key. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** The `fetch` used to reach the upstream. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Per-request information the host server knows and the `Request` does not. */
export interface RequestInfo {
  /** The client's address, the key of its limits. */
  clientAddress: string;
}

/** A fetch-style handler for everything under the proxy's base path. */
export type ProxyHandler = (request: Request, info: RequestInfo) => Promise<Response>;

/** The real clock: `performance.now()` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
