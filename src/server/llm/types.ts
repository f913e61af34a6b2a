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

/**
 * Reads a body chunk by chunk. A WHATWG stream's reader has this shape, and so has the
 * reader over a Node stream (node-body.ts), which the Node server and the upstream client
 * use so that no WHATWG stream stands on the hot path.
 */
export interface ChunkReader {
  read(): Promise<ReadableStreamReadResult<Uint8Array>>;
  /** Stops reading and drops what is left (the stream, and its connection, go away). */
  cancel(reason?: unknown): Promise<void>;
}

/** A body that can be read once: a `ReadableStream` is one. */
export interface BodySource {
  getReader(): ChunkReader;
  cancel(reason?: unknown): Promise<void>;
}

/** What the proxy reads of a request or a response's headers: a fetch `Headers` is one. */
export interface HeaderReader {
  /** The header's value (repeated ones joined with `, `), or null. */
  get(name: string): string | null;
}

/** What the proxy reads of an upstream answer: a fetch `Response` is one. */
export interface UpstreamResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: HeaderReader;
  readonly body: BodySource | null;
}

/** What the proxy sends upstream: always a POST of a JSON text, redirects not followed. */
export interface UpstreamInit {
  method: string;
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
  redirect: 'manual';
}

/**
 * Reaches the upstream: `fetch` is one; the default is the `node:http` client with
 * keep-alive (node-upstream.ts).
 */
export type FetchLike = (input: string, init: UpstreamInit) => Promise<UpstreamResponse>;

/** What the proxy reads of a request: a fetch `Request` is one, and so is the Node server's (node-server.ts). */
export interface ProxyRequest {
  /** The absolute URL. */
  readonly url: string;
  readonly method: string;
  readonly headers: HeaderReader;
  /** Aborts when the client goes away. */
  readonly signal: AbortSignal;
  readonly body: BodySource | null;
}

/** Per-request information the host server knows and the `Request` does not. */
export interface RequestInfo {
  /** The client's address, the key of its limits. */
  clientAddress: string;
}

/** A fetch-style handler for everything under the proxy's base path. */
export type ProxyHandler = (request: ProxyRequest, info: RequestInfo) => Promise<Response>;

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
