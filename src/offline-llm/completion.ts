/**
 * The offline model's completions in the OpenAI wire format: the plan of one answer (its
 * tokens and pacing, a pure function of the request), the whole completion, and the chunks
 * of a streamed one. Hosts (the proxy, the service worker) wrap these in a `Response`.
 */
import { type AnswerKind, answerPrompt, countTokens, hashText, tokenize } from './answer.ts';
import { type ChatMessage, messageText } from './messages.ts';

/** The least a story takes in total at delay scale 1, so a few-second timeout always fires. */
export const STORY_MIN_MS = 6500;

/** What the offline model reads of a request. */
export interface OfflineRequest {
  model: string;
  messages: ChatMessage[];
  /** The completion token limit, or null for none. */
  maxTokens: number | null;
  /** Whether a streamed answer ends with a `usage` chunk (`stream_options.include_usage`). */
  includeUsage?: boolean;
}

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
function promptOf(request: Pick<OfflineRequest, 'messages'>): string {
  const messages = request.messages;
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (message?.role === 'user') return messageText(message);
  }
  const last = messages.at(-1);
  return last ? messageText(last) : '';
}

/** Plans the completion of `request`: a pure function of its messages and token limit. */
export function planCompletion(
  request: Pick<OfflineRequest, 'messages' | 'maxTokens'>,
): OfflinePlan {
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

/** Milliseconds (at delay scale 1) until the whole answer is there. */
export function totalMs(plan: OfflinePlan): number {
  return plan.firstTokenMs + plan.tokenMs.reduce((sum, ms) => sum + ms, 0);
}

/** The `id` of a completion and its chunks. */
export function completionId(plan: OfflinePlan): string {
  return `chatcmpl-offline-${plan.hash.toString(16).padStart(8, '0')}`;
}

function usageOf(plan: OfflinePlan) {
  return {
    prompt_tokens: plan.promptTokens,
    completion_tokens: plan.tokens.length,
    total_tokens: plan.promptTokens + plan.tokens.length,
  };
}

/** The body of a non-streamed completion; `created` is in Unix seconds. */
export function completionBody(plan: OfflinePlan, model: string, created: number) {
  return {
    id: completionId(plan),
    object: 'chat.completion',
    created,
    model,
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
  };
}

/**
 * The events of a streamed completion, each an SSE `data:` payload (`'[DONE]'` last):
 * `wait(ms)` is awaited before each token with its delay at scale 1.
 */
export async function* completionChunks(
  plan: OfflinePlan,
  request: Pick<OfflineRequest, 'model' | 'includeUsage'>,
  created: number,
  wait: (ms: number) => Promise<void>,
): AsyncGenerator<unknown, void, undefined> {
  const id = completionId(plan);
  const chunk = (delta: Record<string, unknown>, finishReason: string | null) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model: request.model,
    system_fingerprint: 'yieldbook-offline',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  });
  await wait(plan.firstTokenMs);
  yield chunk({ role: 'assistant', content: '', refusal: null }, null);
  for (const [index, token] of plan.tokens.entries()) {
    if (index > 0) await wait(plan.tokenMs[index] ?? 0);
    yield chunk({ content: token }, null);
  }
  yield chunk({}, plan.finishReason);
  if (request.includeUsage) {
    yield {
      id,
      object: 'chat.completion.chunk',
      created,
      model: request.model,
      system_fingerprint: 'yieldbook-offline',
      choices: [],
      usage: usageOf(plan),
    };
  }
  yield '[DONE]';
}
