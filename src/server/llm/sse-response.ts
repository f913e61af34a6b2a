/** Building streamed responses: SSE headers and a byte stream fed by an async generator. */

/** Headers of every event stream the proxy sends. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-store',
  'X-Accel-Buffering': 'no',
};

/** One SSE `data:` event carrying `payload` (a string is sent as is, anything else as JSON). */
export function sseEvent(payload: unknown): string {
  return `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`;
}

/**
 * A byte stream pulling from `produce`, which gets a signal that aborts when
 * the reader cancels (the client went away). `finish` runs exactly once,
 * however the stream ends.
 */
export function generatorStream(
  produce: (signal: AbortSignal) => AsyncGenerator<string | Uint8Array, void, undefined>,
  finish: () => void,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const abort = new AbortController();
  const iterator = produce(abort.signal);
  let finished = false;
  const end = () => {
    if (finished) return;
    finished = true;
    finish();
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const step = await iterator.next();
          if (step.done) {
            end();
            controller.close();
            return;
          }
          controller.enqueue(
            typeof step.value === 'string' ? encoder.encode(step.value) : step.value,
          );
        } catch (error) {
          end();
          if (abort.signal.aborted) return;
          controller.error(error);
        }
      },
      async cancel(reason) {
        abort.abort(reason);
        end();
        await iterator.return(undefined).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
}
