/**
 * Forwarding a validated chat request to the configured upstream. The URL is
 * the configured base plus `/chat/completions`, always: nothing the client
 * sends takes part in it. Only the JSON body is forwarded, with the server's
 * key; the client's headers are not.
 */
import type { ChatBackend } from '../backend.ts';
import type { ChatRequest } from '../chat-request.ts';
import { startDeadline } from '../deadline.ts';
import { ApiError, type ApiErrorBody, jsonTextReply } from '../errors.ts';
import { isRecord } from '../is-record.ts';
import { readCappedText } from '../read-capped-body.ts';
import type { Redactor } from '../redaction.ts';
import { relayEventStream } from '../relay-stream.ts';
import { SSE_HEADERS } from '../sse-response.ts';
import type { ProxyReply } from '../text-reply.ts';
import type { Clock, FetchLike, Logger, UpstreamResponse } from '../types.ts';
import { meterEvents, meterReply, type UsageMeter } from '../usage-meter.ts';

/** Everything `forwardChat` needs. */
export interface UpstreamOptions {
  baseUrl: string;
  apiKey: string | null;
  /**
   * Applied to everything relayed to the client (replies, stream events): masks the key and
   * pieces of it, which an upstream may quote in a 200's body. Never cuts.
   */
  redact: Redactor;
  fetch: FetchLike;
  clock: Clock;
  logger: Logger;
  timeoutMs: number;
  /** Largest non-streamed body read (`LLM_MAX_RESPONSE_BYTES`). */
  maxResponseBytes: number;
  /** Largest event of a stream (`LLM_MAX_EVENT_BYTES`). */
  maxEventBytes: number;
  /** Longest a stream may last (`LLM_STREAM_MAX_MS`). */
  streamMaxMs: number;
  /** Aborts when the client goes away. */
  signal: AbortSignal;
  /** Called once when the response is complete or abandoned. */
  finish: () => void;
  /**
   * Counts the request's tokens (a paid request under budgets). A stream then asks the
   * upstream for its usage, and the usage-only chunk reaches only clients that asked.
   */
  meter?: UsageMeter;
}

/** Largest upstream error body read, in bytes (the rest is dropped). */
const MAX_ERROR_BYTES = 65_536;

class TimeoutError extends Error {
  constructor() {
    super('upstream timed out');
    this.name = 'TimeoutError';
  }
}

/** Runs `work`, aborting `abort` and rejecting with `TimeoutError` when it takes longer than `ms`. */
async function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  clock: Clock,
  abort: AbortController,
): Promise<T> {
  const deadline = startDeadline(clock, ms, () => {
    abort.abort(new TimeoutError());
    return new TimeoutError();
  });
  try {
    return await Promise.race([work, deadline.expired]);
  } finally {
    deadline.cancel();
  }
}

function timeoutError(ms: number): ApiError {
  return new ApiError(504, `The model server did not answer within ${ms} ms`, {
    type: 'api_error',
    code: 'upstream_timeout',
  });
}

/** An identifier-like string (an error code, type or parameter name) safe to pass on. */
function identifier(value: unknown, redact: Redactor): string | null {
  if (typeof value !== 'string' || !/^[A-Za-z][\w.[\]-]{0,63}$/.test(value)) return null;
  return redact(value) === value ? value : null;
}

/**
 * The upstream's error for the client: its status (a refused key becomes 502), and the
 * proxy's own words. The upstream's text can quote the key or pieces of it, so it goes
 * only to the log (`detail`, redacted there); only identifier-like `type`, `param` and
 * `code` values are passed on.
 */
function upstreamError(
  status: number,
  text: string,
  redact: Redactor,
  retryAfter: string | null,
): ApiError {
  let body: Partial<ApiErrorBody> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (isRecord(parsed) && isRecord(parsed.error)) body = parsed.error as Partial<ApiErrorBody>;
    else if (isRecord(parsed) && typeof parsed.message === 'string')
      body = { message: parsed.message };
  } catch {
    if (text.trim() !== '') body = { message: text.trim() };
  }
  const detail = `upstream ${status}: ${String(body.message ?? '').slice(0, 500)}`;
  if (status === 401 || status === 403) {
    return new ApiError(
      502,
      "The site's language model service refused the server's credentials; tell the course's operator",
      { type: 'api_error', code: 'upstream_auth_failed', detail },
    );
  }
  const code = identifier(body.code, redact);
  const what = `status ${status}${code === null ? '' : `, ${code}`}`;
  const message =
    status === 429
      ? `The model server is busy (${what}); retry later`
      : status >= 500
        ? `The model server failed (${what}); the server log has the details`
        : `The model server refused the request (${what}); the server log has the details`;
  const type = identifier(body.type, redact);
  return new ApiError(status, message, {
    ...(type === null ? {} : { type }),
    param: identifier(body.param, redact),
    code,
    detail,
    ...(retryAfter !== null && /^\d{1,6}$/.test(retryAfter)
      ? { headers: { 'Retry-After': retryAfter } }
      : {}),
  });
}

/**
 * Sends `request` upstream and relays the answer: JSON as a text reply (text-reply.ts), or
 * SSE event by event in a `Response`.
 */
export async function forwardChat(
  request: ChatRequest,
  options: UpstreamOptions,
): Promise<ProxyReply> {
  const { clock, timeoutMs } = options;
  const abort = new AbortController();
  const onClientGone = () => abort.abort(options.signal.reason);
  if (options.signal.aborted) onClientGone();
  else options.signal.addEventListener('abort', onClientGone, { once: true });
  let handedOver = false;
  const cleanup = () => {
    options.signal.removeEventListener('abort', onClientGone);
    options.finish();
  };
  try {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: request.stream ? 'text/event-stream' : 'application/json',
    };
    if (options.apiKey !== null) headers.Authorization = `Bearer ${options.apiKey}`;
    let response: UpstreamResponse;
    try {
      response = await withTimeout(
        options.fetch(`${options.baseUrl}/chat/completions`, {
          method: 'POST',
          headers,
          body:
            options.meter !== undefined && request.stream
              ? JSON.stringify({ ...request.body, stream_options: { include_usage: true } })
              : JSON.stringify(request.body),
          signal: abort.signal,
          redirect: 'manual',
        }),
        timeoutMs,
        clock,
        abort,
      );
    } catch (error) {
      if (error instanceof TimeoutError) throw timeoutError(timeoutMs);
      if (options.signal.aborted) throw error;
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : null;
      const reason = error instanceof Error ? error.message : String(error);
      throw new ApiError(502, 'The model server could not be reached', {
        type: 'api_error',
        code: 'upstream_unreachable',
        detail: `upstream unreachable: ${reason}${cause ? ` (${cause.message})` : ''}`,
      });
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => {});
      throw new ApiError(
        502,
        `The model server answered with a redirect (${response.status}), which the proxy does not follow`,
        {
          type: 'api_error',
          code: 'upstream_redirect',
        },
      );
    }
    if (!response.ok) {
      const text = await withTimeout(
        readCappedText(response, MAX_ERROR_BYTES, { keepStart: true }).then((read) => read.text),
        timeoutMs,
        clock,
        abort,
      ).catch((error: unknown) => {
        if (error instanceof TimeoutError) throw timeoutError(timeoutMs);
        return '';
      });
      throw upstreamError(
        response.status,
        text,
        options.redact,
        response.headers.get('retry-after'),
      );
    }
    const isStream = (response.headers.get('content-type') ?? '').includes('text/event-stream');
    if (!isStream || response.body === null) {
      let read: { text: string; complete: boolean };
      try {
        read = await withTimeout(
          readCappedText(response, options.maxResponseBytes),
          timeoutMs,
          clock,
          abort,
        );
      } catch (error) {
        if (error instanceof TimeoutError) throw timeoutError(timeoutMs);
        if (options.signal.aborted) throw error;
        // A dropped connection is the upstream's failure, not the proxy's (500).
        throw new ApiError(502, 'The model server closed the connection before its answer ended', {
          type: 'api_error',
          code: 'upstream_disconnected',
          detail: `upstream body: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
      if (!read.complete) {
        throw new ApiError(
          502,
          `The model server sent a response larger than ${options.maxResponseBytes} bytes, the most the proxy reads`,
          { type: 'api_error', code: 'upstream_response_too_large' },
        );
      }
      if (options.meter !== undefined) meterReply(options.meter, read.text);
      const clean = options.redact(read.text);
      // Passed on as text, not re-serialised, once it is JSON: a body cut short or garbled
      // would reach the reader's SDK as a parse error with status 200.
      if (!isJson(clean)) {
        throw new ApiError(502, 'The model server sent a response that is not JSON', {
          type: 'api_error',
          code: 'upstream_invalid_response',
        });
      }
      return jsonTextReply(clean, response.status);
    }
    handedOver = true;
    const events = relayEventStream(response.body, {
      clock,
      logger: options.logger,
      redact: options.redact,
      idleTimeoutMs: timeoutMs,
      maxDurationMs: options.streamMaxMs,
      maxEventBytes: options.maxEventBytes,
      upstream: abort,
      signal: options.signal,
      finish: cleanup,
      ...(options.meter === undefined
        ? {}
        : { tap: meterEvents(options.meter, request.includeUsage) }),
    });
    return new Response(events, { status: 200, headers: SSE_HEADERS });
  } finally {
    if (!handedOver) cleanup();
  }
}

/** Options of `upstreamBackend`: `forwardChat`'s, less what each request brings. */
export type UpstreamBackendOptions = Omit<
  UpstreamOptions,
  'signal' | 'finish' | 'logger' | 'meter'
>;

/** The configured OpenAI-compatible upstream as a backend. */
export function upstreamBackend(options: UpstreamBackendOptions): ChatBackend {
  return {
    ownedBy: 'upstream',
    complete: (request, call) =>
      forwardChat(request, {
        ...options,
        signal: call.signal,
        finish: call.finish,
        logger: call.logger,
        ...(call.meter === undefined ? {} : { meter: call.meter }),
      }),
  };
}

/** Whether `text` is one JSON object or array. */
function isJson(text: string): boolean {
  if (!/^\s*[{[]/.test(text)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
