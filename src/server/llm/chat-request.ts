/** Reading and validating a `POST /chat/completions` body, with OpenAI-shaped errors. */
import { ApiError } from './errors.ts';

/** A chat message as the proxy needs to see it; other fields are passed on untouched. */
export interface ChatMessage {
  role: string;
  content?: unknown;
  [field: string]: unknown;
}

/** A validated chat completion request. */
export interface ChatRequest {
  /** The body as the client sent it, with `model` checked and token limits clamped. */
  body: Record<string, unknown> & { model: string; messages: ChatMessage[] };
  model: string;
  messages: ChatMessage[];
  stream: boolean;
  includeUsage: boolean;
  /** The effective completion token limit (after clamping), or null when none was asked for. */
  maxTokens: number | null;
}

/** Reads the body as text, refusing more than `maxBytes` (413) without reading further. */
export async function readBody(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new ApiError(413, `Request body is larger than the limit of ${maxBytes} bytes`, {
      code: 'request_too_large',
    });
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge();
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError(400, 'Request body is not valid UTF-8', { code: 'invalid_body' });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}

function tokenLimit(body: Record<string, unknown>, name: string): number | null {
  const value = body[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ApiError(
      400,
      `Expected \`${name}\` to be a positive integer, got ${JSON.stringify(value)}`,
      {
        param: name,
        code: 'invalid_value',
      },
    );
  }
  return value;
}

/**
 * Parses and checks a chat completion body: JSON object, a known `model`, a
 * non-empty `messages` array of objects with a string `role`, boolean
 * `stream`, positive integer token limits (clamped to `maxTokensCap`).
 */
export function parseChatRequest(
  text: string,
  options: { models: readonly string[]; maxTokensCap: number },
): ChatRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ApiError(400, `Request body is not valid JSON: ${reason}`, { code: 'invalid_json' });
  }
  if (!isRecord(parsed)) {
    throw new ApiError(
      400,
      `Expected the request body to be a JSON object, got ${kindOf(parsed)}`,
      {
        code: 'invalid_json',
      },
    );
  }
  const body = parsed;
  const model = body.model;
  if (typeof model !== 'string' || model === '') {
    throw new ApiError(
      400,
      model === undefined
        ? 'Missing required parameter: `model`'
        : `Expected \`model\` to be a non-empty string, got ${kindOf(model)}`,
      { param: 'model', code: model === undefined ? 'missing_required_parameter' : 'invalid_type' },
    );
  }
  if (!options.models.includes(model)) {
    throw new ApiError(
      404,
      `The model \`${model.slice(0, 200)}\` does not exist on this server. Available: ${options.models.join(', ')}`,
      { param: 'model', code: 'model_not_found' },
    );
  }
  const messages = body.messages;
  if (messages === undefined) {
    throw new ApiError(400, 'Missing required parameter: `messages`', {
      param: 'messages',
      code: 'missing_required_parameter',
    });
  }
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new ApiError(
      400,
      `Expected \`messages\` to be a non-empty array, got ${kindOf(messages)}${Array.isArray(messages) ? ' with no items' : ''}`,
      {
        param: 'messages',
        code: 'invalid_value',
      },
    );
  }
  messages.forEach((message: unknown, index) => {
    if (!isRecord(message) || typeof message.role !== 'string') {
      throw new ApiError(
        400,
        `Expected \`messages[${index}]\` to be an object with a string \`role\``,
        {
          param: `messages[${index}]`,
          code: 'invalid_value',
        },
      );
    }
  });
  const stream = body.stream ?? false;
  if (typeof stream !== 'boolean') {
    throw new ApiError(400, `Expected \`stream\` to be a boolean, got ${kindOf(stream)}`, {
      param: 'stream',
      code: 'invalid_type',
    });
  }
  const streamOptions = body.stream_options;
  if (streamOptions !== undefined && streamOptions !== null && !isRecord(streamOptions)) {
    throw new ApiError(
      400,
      `Expected \`stream_options\` to be an object, got ${kindOf(streamOptions)}`,
      {
        param: 'stream_options',
        code: 'invalid_type',
      },
    );
  }
  const includeUsage = isRecord(streamOptions) && streamOptions.include_usage === true;

  let maxTokens: number | null = null;
  for (const name of ['max_tokens', 'max_completion_tokens'] as const) {
    const limit = tokenLimit(body, name);
    if (limit === null) continue;
    const clamped = Math.min(limit, options.maxTokensCap);
    body[name] = clamped;
    maxTokens = maxTokens === null ? clamped : Math.min(maxTokens, clamped);
  }
  return {
    body: body as ChatRequest['body'],
    model,
    messages: messages as ChatMessage[],
    stream,
    includeUsage,
    maxTokens,
  };
}

/** The text of a message's `content` (a string, or the text parts of an array). */
export function messageText(message: ChatMessage): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => (isRecord(part) && typeof part.text === 'string' ? part.text : ''))
    .join('');
}
