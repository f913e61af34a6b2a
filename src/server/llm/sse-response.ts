/** Building streamed responses: SSE headers and a byte stream fed by an async generator. */
import { ApiError } from './errors.ts';
import type { Logger } from './types.ts';

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
 *
 * A generator that throws ends the stream with one OpenAI-shaped error event (and no
 * `[DONE]`), which the `openai` SDK raises as an `APIError`; the error itself goes to
 * `logger`. The stream is closed, never failed: a failed one would leave the host to end
 * the response as it likes (Astro's Node adapter writes `Internal server error` into it).
 */
export function generatorStream(
  produce: (signal: AbortSignal) => AsyncGenerator<string | Uint8Array, void, undefined>,
  finish: () => void,
  logger?: Logger,
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
          logger?.error('response stream failed', {
            detail: error instanceof Error ? (error.stack ?? error.message) : String(error),
          });
          const failure = new ApiError(
            500,
            'The proxy failed while answering; the stream ends here',
            { type: 'api_error', code: 'internal_error' },
          );
          controller.enqueue(encoder.encode(sseEvent(failure.toBody())));
          controller.close();
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
