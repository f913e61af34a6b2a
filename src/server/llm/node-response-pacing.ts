/**
 * Pacing a response body by the Node response it is written to.
 *
 * Astro's Node adapter writes a body with `destination.write(chunk)` in a loop and
 * ignores `false` (astro 7.3, `writeResponse` in astro/dist/core/app/node.js), so it
 * pulls the body as fast as it is produced whatever the client does: a client that
 * stopped reading made the server buffer a whole upstream stream. `server.mjs` runs each
 * request with its Node response in the store below; the LLM route wraps its body so
 * that each read first waits until that response has drained. Where there is no store
 * (`astro dev`, the plain Node server of the tests), responses pass through unchanged.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Where the store is registered on `globalThis`: `server.mjs` and the built route are
 * separate module graphs, so a global symbol is what they can share.
 */
const NODE_RESPONSE_STORE = Symbol.for('yieldbook.nodeResponse');

/**
 * The part of a Node writable (a `ServerResponse` or an `Http2ServerResponse`) the pacing
 * uses. An `Http2ServerResponse` has no `destroyed`; its `writableNeedDrain` is false once
 * its stream is destroyed.
 */
export interface DrainingWritable {
  readonly writableNeedDrain: boolean;
  readonly destroyed?: boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
}

/** The store holding the Node response of the request being handled (created at the first call). */
export function nodeResponseStore(): AsyncLocalStorage<DrainingWritable> {
  const registry = globalThis as { [NODE_RESPONSE_STORE]?: AsyncLocalStorage<DrainingWritable> };
  registry[NODE_RESPONSE_STORE] ??= new AsyncLocalStorage<DrainingWritable>();
  return registry[NODE_RESPONSE_STORE];
}

/**
 * Resolves once `target` can take more (undefined when it already can, or has closed). Both
 * listeners go once either fires: a slow client makes a writer wait thousands of times.
 */
export function drained(target: DrainingWritable): Promise<void> | undefined {
  if (!target.writableNeedDrain || target.destroyed) return undefined;
  return new Promise<void>((resolve) => {
    const done = () => {
      target.off('drain', done);
      target.off('close', done);
      resolve();
    };
    target.once('drain', done);
    target.once('close', done);
  });
}

/**
 * `response` with a body that is read no faster than `target` drains: each read of the
 * body first waits for `target` to take more. No queue is added, so nothing is held back
 * while the client keeps up.
 * @default target the Node response of the current request, from `nodeResponseStore()`
 */
export function pacedBy(
  response: Response,
  target: DrainingWritable | undefined = nodeResponseStore().getStore(),
): Response {
  if (target === undefined || response.body === null) return response;
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        await drained(target);
        const step = await reader.read();
        if (step.done) controller.close();
        else controller.enqueue(step.value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
