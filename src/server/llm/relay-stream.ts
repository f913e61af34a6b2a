/**
 * Relaying an upstream event stream to the client. The relay reads the upstream
 * only when the client has taken what came before (a pull with no queue of its
 * own), so a client that stops reading stops the upstream too and the server holds
 * at most one chunk and one unfinished event per stream. Each event goes out as soon
 * as its blank line arrives.
 *
 * The relay never fails its stream: whatever goes wrong upstream (a stall, a stream
 * over its time limit, an oversized event, a dropped connection) ends it with one
 * OpenAI-shaped error event, `data: {"error":{"message","type","param","code"}}`,
 * and no `[DONE]`, which the `openai` SDK raises as an `APIError`. (A failed stream
 * would leave the host to end the response as it likes: Astro's Node adapter writes
 * the text `Internal server error` into it.)
 */
import { ApiError } from './errors.ts';
import type { Redactor } from './redaction.ts';
import { SseFramer } from './sse-relay.ts';
import { sseEvent } from './sse-response.ts';
import type { BodySource, Clock, Logger } from './types.ts';

/** Everything `relayEventStream` needs. */
export interface RelayOptions {
  clock: Clock;
  logger: Logger;
  /** Applied to every event relayed (and to what is logged of a failure). */
  redact: Redactor;
  /** Longest wait for the upstream's next chunk, in ms (`LLM_TIMEOUT_MS`). */
  idleTimeoutMs: number;
  /** Longest the whole stream may last, in ms, counted from now (`LLM_STREAM_MAX_MS`). */
  maxDurationMs: number;
  /** Largest single event, in bytes (`LLM_MAX_EVENT_BYTES`). */
  maxEventBytes: number;
  /** Aborted when the relay ends early, to drop the upstream request. */
  upstream: AbortController;
  /** Aborts when the client goes away (the upstream read then fails quietly). */
  signal?: AbortSignal;
  /** Called once, however the stream ends (completed, failed, or cancelled by the client). */
  finish: () => void;
  /** Sees each whole event before it is relayed; returns what to relay ('' for nothing). */
  tap?: (event: string) => string;
}

function streamError(message: string, code: string): ApiError {
  return new ApiError(502, message, { type: 'api_error', code });
}

/** The client's stream of `body`'s events; see the module comment. */
export function relayEventStream(
  body: BodySource,
  options: RelayOptions,
): ReadableStream<Uint8Array> {
  const { clock, redact, idleTimeoutMs, maxDurationMs } = options;
  const encoder = new TextEncoder();
  const reader = body.getReader();
  const framer = new SseFramer({ maxEventBytes: options.maxEventBytes });
  const timers = new AbortController();
  let ended = false;
  let stalled = false;
  let expired = false;

  /** Stops reading the upstream; the reader's pending read, if any, resolves as done. */
  const dropUpstream = () => {
    options.upstream.abort(new Error('relay ended'));
    reader.cancel().catch(() => {});
  };
  const end = () => {
    if (ended) return;
    ended = true;
    timers.abort();
    dropUpstream();
    options.finish();
  };
  /** Ends the client's stream with `error` as an event, after `before` (events still to send). */
  const fail = (
    controller: ReadableStreamDefaultController<Uint8Array>,
    error: ApiError,
    { before = '', reason }: { before?: string; reason?: string } = {},
  ) => {
    options.logger.warn('upstream stream ended early', {
      code: error.code,
      ...(reason === undefined ? {} : { reason }),
    });
    controller.enqueue(encoder.encode(before + sseEvent(error.toBody())));
    controller.close();
    end();
  };

  // The time limit holds even while the client is not reading: the upstream is dropped at
  // once, and the client gets the error event when it reads next.
  clock.sleep(maxDurationMs, timers.signal).then(
    () => {
      expired = true;
      dropUpstream();
    },
    () => {},
  );

  async function next(): Promise<ReadableStreamReadResult<Uint8Array>> {
    const stop = new AbortController();
    const onTimersDone = () => stop.abort();
    timers.signal.addEventListener('abort', onTimersDone, { once: true });
    clock.sleep(idleTimeoutMs, stop.signal).then(
      () => {
        stalled = true;
        dropUpstream();
      },
      () => {},
    );
    try {
      return await reader.read();
    } finally {
      stop.abort();
      timers.signal.removeEventListener('abort', onTimersDone);
    }
  }

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          let step: ReadableStreamReadResult<Uint8Array>;
          try {
            step = await next();
          } catch (error) {
            if (ended) return;
            if (options.signal?.aborted) {
              end();
              return;
            }
            if (!expired && !stalled) {
              const cause =
                error instanceof Error && error.cause instanceof Error ? error.cause : null;
              const reason = redact(
                `${error instanceof Error ? error.message : String(error)}${cause ? `: ${cause.message}` : ''}`,
              );
              // A half-received event is dropped: glued to the error event it would spoil both.
              fail(
                controller,
                streamError(
                  'The model server closed the connection before the stream ended',
                  'upstream_disconnected',
                ),
                { reason },
              );
              return;
            }
            step = { done: true, value: undefined };
          }
          if (ended) return;
          if (expired) {
            fail(
              controller,
              streamError(
                `The stream was ended after ${maxDurationMs} ms, the longest the proxy allows`,
                'stream_time_limit',
              ),
            );
            return;
          }
          if (stalled) {
            fail(
              controller,
              new ApiError(504, `The model server sent nothing for ${idleTimeoutMs} ms`, {
                type: 'api_error',
                code: 'upstream_timeout',
              }),
            );
            return;
          }
          if (step.done) {
            const flushed = framer.flush();
            const rest =
              flushed === '' || options.tap === undefined ? flushed : options.tap(flushed);
            if (rest !== '') controller.enqueue(encoder.encode(redact(rest)));
            controller.close();
            end();
            return;
          }
          const pushed = framer.push(step.value);
          const events = options.tap === undefined ? pushed : pushed.map(options.tap);
          const text = events.length > 0 ? redact(events.join('')) : '';
          if (framer.overflowed) {
            fail(
              controller,
              streamError(
                `The model server sent an event larger than ${options.maxEventBytes} bytes`,
                'upstream_event_too_large',
              ),
              { before: text },
            );
            return;
          }
          if (text !== '') {
            controller.enqueue(encoder.encode(text));
            return;
          }
        }
      },
      cancel() {
        end();
      },
    },
    { highWaterMark: 0 },
  );
}
