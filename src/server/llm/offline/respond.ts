/**
 * The offline model behind the OpenAI wire format: paced like a real model
 * (time to first token from the prompt, then a delay per token), streamed or
 * not, with `max_tokens` truncation and `usage`. What it says and how it is paced
 * live in src/offline-llm, shared with the static site's service worker.
 */
import {
  completionBody,
  completionChunks,
  planCompletion,
  totalMs,
} from '../../../offline-llm/completion.ts';
import type { ChatRequest } from '../chat-request.ts';
import { jsonResponse } from '../errors.ts';
import { generatorStream, SSE_HEADERS, sseEvent } from '../sse-response.ts';
import type { Clock, Logger } from '../types.ts';

export {
  type OfflinePlan,
  planCompletion,
  STORY_MIN_MS,
} from '../../../offline-llm/completion.ts';

/** Options of `offlineResponse`. */
export interface OfflineResponseOptions {
  clock: Clock;
  /** Multiplies every delay; 0 answers at once. */
  delayScale: number;
  /** Aborts when the client goes away. */
  signal: AbortSignal;
  /** Called once when the response is complete or abandoned. */
  finish: () => void;
  /** Gets the error when the answer fails halfway through its stream. */
  logger?: Logger;
}

/** Answers a validated chat request with the offline model. */
export async function offlineResponse(
  request: ChatRequest,
  options: OfflineResponseOptions,
): Promise<Response> {
  const { clock, delayScale } = options;
  const plan = planCompletion(request);
  const created = Math.floor(Date.now() / 1000);
  const wait = async (ms: number, signal: AbortSignal) => {
    const scaled = ms * delayScale;
    if (scaled > 0) await clock.sleep(scaled, signal);
  };

  if (!request.stream) {
    try {
      await wait(totalMs(plan), options.signal);
    } finally {
      options.finish();
    }
    return jsonResponse(completionBody(plan, request.model, created));
  }

  async function* events(signal: AbortSignal) {
    const both = AbortSignal.any([signal, options.signal]);
    const chunks = completionChunks(plan, request, created, (ms) => wait(ms, both));
    for await (const payload of chunks) yield sseEvent(payload);
  }
  return new Response(generatorStream(events, options.finish, options.logger), {
    status: 200,
    headers: SSE_HEADERS,
  });
}
