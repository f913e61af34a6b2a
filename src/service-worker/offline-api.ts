/**
 * The LLM proxy's paths answered in the browser, for a static host with no server: the
 * offline models only (src/offline-llm), open to everyone, paced as the proxy paces them.
 * `GET models`, `GET models/{id}`, `GET access` and `POST chat/completions` (streamed or
 * not), with the proxy's OpenAI-shaped errors for anything else.
 */
import {
  completionBody,
  completionChunks,
  type OfflineRequest,
  planCompletion,
  totalMs,
} from '../offline-llm/completion.ts';
import type { ChatMessage } from '../offline-llm/messages.ts';
import {
  OFFLINE_FAST_FACTOR,
  OFFLINE_FAST_MODEL_ID,
  OFFLINE_MODEL_ID,
} from '../offline-llm/models.ts';

/** Delay scale of each offline model. */
const PACE: Readonly<Record<string, number>> = {
  [OFFLINE_MODEL_ID]: 1,
  [OFFLINE_FAST_MODEL_ID]: OFFLINE_FAST_FACTOR,
};

const MODELS = Object.keys(PACE).map((id) => ({
  id,
  object: 'model',
  created: 0,
  owned_by: 'yieldbook',
}));

/** What `GET access` says on a site with no server: open, offline models only. */
export const STATIC_ACCESS = {
  access: 'open',
  student: null,
  expires: null,
  reason: null,
  offline: true,
} as const;

/** Options of `offlineApi`. */
export interface OfflineApiOptions {
  /** The proxy's path with a trailing slash, e.g. `/repo/api/llm/v1/`. */
  prefix: string;
  /** Resolves after `ms`, or rejects when `signal` aborts first. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

function refuse(status: number, code: string, message: string, param: string | null = null) {
  const type = status === 404 ? 'not_found_error' : 'invalid_request_error';
  return json({ error: { message, type, param, code } }, status);
}

/** The offline request in a chat completion body, or the response refusing it. */
function readChat(body: unknown): (OfflineRequest & { stream: boolean }) | Response {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return refuse(400, 'invalid_type', 'Expected the request body to be a JSON object');
  }
  const fields = body as Record<string, unknown>;
  const { model, messages, stream } = fields;
  if (typeof model !== 'string' || model === '') {
    return refuse(400, 'invalid_type', 'Expected `model` to be a non-empty string', 'model');
  }
  if (!(model in PACE)) {
    // The proxy's words exactly: lessons print this error and hold it to their expected output.
    return refuse(
      404,
      'model_not_found',
      `The model \`${model.slice(0, 200)}\` does not exist on this server. Available: ${Object.keys(PACE).join(', ')}`,
      'model',
    );
  }
  const valid = (message: unknown) =>
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { role?: unknown }).role === 'string';
  if (!Array.isArray(messages) || messages.length === 0 || !messages.every(valid)) {
    return refuse(
      400,
      'invalid_value',
      'Expected `messages` to be a non-empty array of messages with a `role`',
      'messages',
    );
  }
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') {
    return refuse(400, 'invalid_type', 'Expected `stream` to be a boolean', 'stream');
  }
  const limit = fields.max_completion_tokens ?? fields.max_tokens ?? null;
  if (limit !== null && !(Number.isSafeInteger(limit) && (limit as number) > 0)) {
    return refuse(
      400,
      'invalid_value',
      'Expected `max_tokens` to be a positive integer',
      'max_tokens',
    );
  }
  const options = fields.stream_options;
  return {
    model,
    messages: messages as ChatMessage[],
    maxTokens: limit as number | null,
    stream: stream === true,
    includeUsage:
      typeof options === 'object' &&
      options !== null &&
      (options as { include_usage?: unknown }).include_usage === true,
  };
}

/** A byte stream of SSE events pulled from `events`; cancelling it stops the generator. */
function eventStream(
  events: (signal: AbortSignal) => AsyncGenerator<unknown, void, undefined>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const abort = new AbortController();
  const iterator = events(abort.signal);
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const step = await iterator.next();
          if (step.done) {
            controller.close();
            return;
          }
          const data = typeof step.value === 'string' ? step.value : JSON.stringify(step.value);
          controller.enqueue(encoder.encode(`data: ${data}\n\n`));
        } catch (error) {
          if (!abort.signal.aborted) controller.error(error);
        }
      },
      async cancel(reason) {
        abort.abort(reason);
        await iterator.return(undefined).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
}

async function chat(request: Request, options: OfflineApiOptions): Promise<Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return refuse(400, 'invalid_json', 'Expected the request body to be JSON');
  }
  const chatRequest = readChat(body);
  if (chatRequest instanceof Response) return chatRequest;
  const scale = PACE[chatRequest.model] ?? 1;
  const plan = planCompletion(chatRequest);
  const created = Math.floor(Date.now() / 1000);
  const wait = (ms: number, signal: AbortSignal) =>
    ms * scale > 0 ? options.sleep(ms * scale, signal) : Promise.resolve();
  if (!chatRequest.stream) {
    await wait(totalMs(plan), request.signal);
    return json(completionBody(plan, chatRequest.model, created));
  }
  const stream = eventStream((signal) =>
    completionChunks(plan, chatRequest, created, (ms) =>
      wait(ms, AbortSignal.any([signal, request.signal])),
    ),
  );
  return new Response(stream, {
    status: 200,
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-store',
    },
  });
}

/** Answers one request under `options.prefix` with the offline models. */
export async function offlineApi(request: Request, options: OfflineApiOptions): Promise<Response> {
  const { pathname } = new URL(request.url);
  const rest = pathname.slice(options.prefix.length);
  const method = request.method.toUpperCase();
  if (method === 'GET' && rest === 'models') return json({ object: 'list', data: MODELS });
  if (method === 'GET' && rest.startsWith('models/')) {
    let id = rest.slice('models/'.length);
    try {
      id = decodeURIComponent(id);
    } catch {
      // Left as sent: it names no model either way.
    }
    const found = MODELS.find((entry) => entry.id === id);
    return found === undefined
      ? refuse(
          404,
          'model_not_found',
          `The model \`${id.slice(0, 200)}\` does not exist on this server`,
          'model',
        )
      : json(found);
  }
  if (method === 'GET' && rest === 'access') return json(STATIC_ACCESS);
  if (method === 'POST' && rest === 'chat/completions') return chat(request, options);
  return refuse(
    404,
    'unknown_url',
    `Unknown path /${rest.slice(0, 200)} (${method}): this site has no server; its offline models answer GET models, GET access and POST chat/completions`,
  );
}
