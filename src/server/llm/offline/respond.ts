/**
 * The offline model behind the OpenAI wire format: paced like a real model
 * (time to first token from the prompt, then a delay per token), streamed or
 * not, with `max_tokens` truncation and `usage`.
 */
import type { ChatRequest } from '../chat-request.ts';
import { messageText } from '../chat-request.ts';
import { jsonResponse } from '../errors.ts';
import { generatorStream, SSE_HEADERS, sseEvent } from '../sse-response.ts';
import type { Clock, Logger } from '../types.ts';
import { type AnswerKind, answerPrompt, countTokens, hashText, tokenize } from './answer.ts';

/** The least a story takes in total at delay scale 1, so a few-second timeout always fires. */
export const STORY_MIN_MS = 6500;

/** A completion the offline model will produce, with its pacing. */
export interface OfflinePlan {
  kind: AnswerKind;
  /** The pieces streamed, already cut to the token limit. */
  tokens: string[];
  finishReason: 'stop' | 'length';
  promptTokens: number;
  /** Milliseconds before the first token (at delay scale 1). */
  firstTokenMs: number;
  /** Milliseconds before each following token (index 0 is unused: the first token comes at `firstTokenMs`). */
  tokenMs: number[];
  /** Deterministic id suffix. */
  hash: number;
}

/** The text the model answers: the last user message (or the last message of any role). */
function promptOf(request: Pick<ChatRequest, 'messages'>): string {
  const messages = request.messages;
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (message?.role === 'user') return messageText(message);
  }
  const last = messages.at(-1);
  return last ? messageText(last) : '';
}

/** Plans the completion of `request`: a pure function of its messages and token limit. */
export function planCompletion(request: Pick<ChatRequest, 'messages' | 'maxTokens'>): OfflinePlan {
  const prompt = promptOf(request);
  const answer = answerPrompt(prompt);
  const all = tokenize(answer.text);
  const limit = request.maxTokens ?? Number.POSITIVE_INFINITY;
  const tokens = all.slice(0, limit);
  const hash = hashText(prompt);
  const firstTokenMs = 100 + (hash % 401);
  const tokenMs = tokens.map((_, index) =>
    index === 0 ? 0 : 15 + (hashText(String(index), hash) % 11),
  );
  if (answer.kind === 'story' && tokens.length === all.length) {
    const total = firstTokenMs + tokenMs.reduce((sum, ms) => sum + ms, 0);
    if (total < STORY_MIN_MS && tokens.length > 1) {
      const extra = Math.ceil((STORY_MIN_MS - total) / (tokens.length - 1));
      for (let index = 1; index < tokenMs.length; index += 1)
        tokenMs[index] = (tokenMs[index] ?? 0) + extra;
    }
  }
  const promptTokens = request.messages.reduce(
    (sum, message) => sum + 4 + countTokens(messageText(message)),
    3,
  );
  return {
    kind: answer.kind,
    tokens,
    finishReason: tokens.length < all.length ? 'length' : 'stop',
    promptTokens,
    firstTokenMs,
    tokenMs,
    hash,
  };
}

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

function usageOf(plan: OfflinePlan) {
  return {
    prompt_tokens: plan.promptTokens,
    completion_tokens: plan.tokens.length,
    total_tokens: plan.promptTokens + plan.tokens.length,
  };
}

/** Answers a validated chat request with the offline model. */
export async function offlineResponse(
  request: ChatRequest,
  options: OfflineResponseOptions,
): Promise<Response> {
  const { clock, delayScale } = options;
  const plan = planCompletion(request);
  const id = `chatcmpl-offline-${plan.hash.toString(16).padStart(8, '0')}`;
  const created = Math.floor(Date.now() / 1000);
  const wait = async (ms: number, signal: AbortSignal) => {
    const scaled = ms * delayScale;
    if (scaled > 0) await clock.sleep(scaled, signal);
  };

  if (!request.stream) {
    try {
      const total = plan.firstTokenMs + plan.tokenMs.reduce((sum, ms) => sum + ms, 0);
      await wait(total, options.signal);
    } finally {
      options.finish();
    }
    return jsonResponse({
      id,
      object: 'chat.completion',
      created,
      model: request.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: plan.tokens.join(''), refusal: null },
          logprobs: null,
          finish_reason: plan.finishReason,
        },
      ],
      usage: usageOf(plan),
      system_fingerprint: 'yieldbook-offline',
    });
  }

  const chunk = (delta: Record<string, unknown>, finishReason: string | null) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model: request.model,
    system_fingerprint: 'yieldbook-offline',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  });
  async function* events(signal: AbortSignal) {
    const both = AbortSignal.any([signal, options.signal]);
    await wait(plan.firstTokenMs, both);
    yield sseEvent(chunk({ role: 'assistant', content: '', refusal: null }, null));
    for (const [index, token] of plan.tokens.entries()) {
      if (index > 0) await wait(plan.tokenMs[index] ?? 0, both);
      yield sseEvent(chunk({ content: token }, null));
    }
    yield sseEvent(chunk({}, plan.finishReason));
    if (request.includeUsage) {
      yield sseEvent({
        id,
        object: 'chat.completion.chunk',
        created,
        model: request.model,
        system_fingerprint: 'yieldbook-offline',
        choices: [],
        usage: usageOf(plan),
      });
    }
    yield sseEvent('[DONE]');
  }
  return new Response(generatorStream(events, options.finish, options.logger), {
    status: 200,
    headers: SSE_HEADERS,
  });
}
