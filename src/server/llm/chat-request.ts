/** Reading and validating a `POST /chat/completions` body, with OpenAI-shaped errors. */

import type { ChatMessage } from '../../offline-llm/messages.ts';
import { concatBytes } from './concat-bytes.ts';
import { startDeadline } from './deadline.ts';
import { ApiError } from './errors.ts';
import { isRecord } from './is-record.ts';
import type { Clock, ProxyRequest } from './types.ts';

// Messages and their text are shared with the offline model (src/offline-llm).
export { type ChatMessage, messageText } from '../../offline-llm/messages.ts';

/** A validated chat completion request. */
export interface ChatRequest {
  /** What is forwarded: the allowed fields of the client's body, checked, with a token limit. */
  body: Record<string, unknown> & { model: string; messages: ChatMessage[] };
  model: string;
  messages: ChatMessage[];
  stream: boolean;
  includeUsage: boolean;
  /**
   * The effective completion token limit: the client's, clamped to the cap, or the cap.
   * Always a number from `parseChatRequest`; null only in requests built by hand (no limit).
   */
  maxTokens: number | null;
}

/** Decodes a whole body at once (never `stream: true`), so one decoder serves every request. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Options of `readBody`. */
export interface ReadBodyOptions {
  /** Largest body accepted, in bytes (413 above). */
  maxBytes: number;
  /** Milliseconds the whole body may take to arrive (408 after). */
  timeoutMs: number;
  clock: Clock;
}

/**
 * Reads the body as text, refusing more than `maxBytes` (413) without reading further, and
 * a body that has not fully arrived within `timeoutMs` (408): a client sending a byte at a
 * time would otherwise hold its slot as long as it likes.
 */
export async function readBody(request: ProxyRequest, options: ReadBodyOptions): Promise<string> {
  const { maxBytes, timeoutMs, clock } = options;
  const tooLarge = () =>
    new ApiError(413, `Request body is larger than the limit of ${maxBytes} bytes`, {
      code: 'request_too_large',
    });
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge();
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const deadline = startDeadline(
    clock,
    timeoutMs,
    () =>
      new ApiError(408, `Request body did not arrive within ${timeoutMs} ms`, {
        code: 'request_timeout',
      }),
  );
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), deadline.expired]);
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw tooLarge();
      chunks.push(value);
    }
  } catch (error) {
    // Not awaited: a host's body stream may settle its cancel only once the client's socket
    // closes (Astro's Node adapter does), and the refusal must go out before that.
    reader.cancel().catch(() => {});
    throw error;
  } finally {
    deadline.cancel();
  }
  try {
    return STRICT_UTF8.decode(concatBytes(chunks));
  } catch {
    throw new ApiError(400, 'Request body is not valid UTF-8', { code: 'invalid_body' });
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}

function invalid(param: string, expected: string, value: unknown, got?: string): ApiError {
  got ??= typeof value === 'string' ? JSON.stringify(value.slice(0, 100)) : kindOf(value);
  return new ApiError(400, `Expected \`${param}\` to be ${expected}, got ${got}`, {
    param,
    code: 'invalid_value',
  });
}

function numberIn(min: number, max: number): FieldRule {
  return (value, name) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      throw invalid(name, `a number from ${min} to ${max}`, value);
    }
    return value;
  };
}

/** Checks one field's value: returns what to forward, or throws a 400 naming the field. */
type FieldRule = (value: unknown, name: string) => unknown;

const positiveInteger: FieldRule = (value, name) => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalid(name, 'a positive integer', value);
  }
  return value;
};

/**
 * The fields forwarded upstream, each with its check; anything else is refused with 400
 * `unknown_parameter`. Left out on purpose: `n` above 1 (several paid answers per request),
 * `tools`, `tool_choice`, `functions` and `web_search_options` (calls the provider makes and
 * bills on the server's key), `service_tier` (priority pricing), `store` and `metadata`
 * (keeps readers' text at the provider), `audio` and `modalities` (costly output), and
 * `logit_bias`, `logprobs`, `prediction`, `reasoning_effort` (no lesson needs them). `model`,
 * `messages` and the token limits are checked apart.
 */
const FIELD_RULES: Readonly<Record<string, FieldRule>> = {
  stream: (value, name) => {
    if (typeof value !== 'boolean') throw invalidType(name, 'a boolean', value);
    return value;
  },
  stream_options: (value, name) => {
    if (!isRecord(value)) throw invalidType(name, 'an object', value);
    for (const key of Object.keys(value)) {
      if (key !== 'include_usage')
        throw invalid(name, 'an object with only `include_usage`', value);
    }
    if (value.include_usage !== undefined && typeof value.include_usage !== 'boolean') {
      throw invalid(`${name}.include_usage`, 'a boolean', value.include_usage);
    }
    return value;
  },
  temperature: numberIn(0, 2),
  top_p: numberIn(0, 1),
  presence_penalty: numberIn(-2, 2),
  frequency_penalty: numberIn(-2, 2),
  seed: (value, name) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw invalid(name, 'an integer', value);
    }
    return value;
  },
  stop: (value, name) => {
    const ok =
      typeof value === 'string' ||
      (Array.isArray(value) &&
        value.length <= 4 &&
        value.every((item) => typeof item === 'string'));
    if (!ok) throw invalid(name, 'a string or an array of at most 4 strings', value);
    return value;
  },
  response_format: (value, name) => {
    const types = ['text', 'json_object', 'json_schema'];
    if (!isRecord(value) || typeof value.type !== 'string' || !types.includes(value.type)) {
      throw invalid(name, `an object whose \`type\` is one of ${types.join(', ')}`, value);
    }
    return value;
  },
  user: (value, name) => {
    if (typeof value !== 'string' || value.length > 256) {
      throw invalid(name, 'a string of at most 256 characters', value);
    }
    return value;
  },
  n: (value, name) => {
    if (value !== 1) throw invalid(name, '1 (the proxy asks for one answer per request)', value);
    // 1 is the default: nothing to forward.
    return undefined;
  },
};

/** Fields checked apart from `FIELD_RULES`. */
const CORE_FIELDS = ['model', 'messages', 'max_tokens', 'max_completion_tokens'];

/** Every field a client may send, for error messages. */
const ACCEPTED_FIELDS: readonly string[] = [...CORE_FIELDS, ...Object.keys(FIELD_RULES)];

function invalidType(param: string, expected: string, value: unknown): ApiError {
  return new ApiError(400, `Expected \`${param}\` to be ${expected}, got ${kindOf(value)}`, {
    param,
    code: 'invalid_type',
  });
}

/** Message roles forwarded; `tool` answers tool calls, which the proxy does not forward. */
const ROLES = ['system', 'developer', 'user', 'assistant'];

/** Fields the SDK puts on an assistant message it returned; dropped when a reader sends it back. */
const RESPONSE_ONLY = ['refusal', 'annotations', 'tool_calls', 'function_call', 'audio'];

/** One message, rebuilt from the fields the proxy forwards: `role`, `content` (text), `name`. */
function checkMessage(message: unknown, index: number): ChatMessage {
  const param = `messages[${index}]`;
  if (!isRecord(message) || typeof message.role !== 'string') {
    throw new ApiError(400, `Expected \`${param}\` to be an object with a string \`role\``, {
      param,
      code: 'invalid_value',
    });
  }
  if (!ROLES.includes(message.role)) {
    throw invalid(`${param}.role`, `one of ${ROLES.join(', ')}`, message.role);
  }
  const clean: ChatMessage = { role: message.role };
  for (const [key, value] of Object.entries(message)) {
    if (key === 'role') continue;
    if (key === 'content') {
      clean.content = checkContent(value, `${param}.content`);
    } else if (key === 'name') {
      if (typeof value !== 'string' || value.length > 64) {
        throw invalid(`${param}.name`, 'a string of at most 64 characters', value);
      }
      clean.name = value;
    } else if (
      RESPONSE_ONLY.includes(key) &&
      (value === null || (Array.isArray(value) && value.length === 0))
    ) {
      // An empty leftover of a response: nothing to forward.
    } else {
      throw new ApiError(
        400,
        `The proxy does not forward \`${param}.${key}\`: a message has \`role\`, \`content\` (text) and \`name\``,
        { param: `${param}.${key}`, code: 'unknown_parameter' },
      );
    }
  }
  return clean;
}

/** A message's content: a string, null, or an array of `{ type: 'text', text }` parts. */
function checkContent(value: unknown, param: string): unknown {
  if (value === null || typeof value === 'string') return value;
  if (!Array.isArray(value)) throw invalid(param, 'a string or an array of text parts', value);
  value.forEach((part: unknown, index) => {
    if (
      !isRecord(part) ||
      part.type !== 'text' ||
      typeof part.text !== 'string' ||
      Object.keys(part).some((key) => key !== 'type' && key !== 'text')
    ) {
      throw invalid(
        `${param}[${index}]`,
        '`{ type: "text", text }` (the proxy forwards text only)',
        part,
        isRecord(part) && typeof part.type === 'string'
          ? `a part of type ${JSON.stringify(part.type.slice(0, 40))}`
          : undefined,
      );
    }
  });
  return value;
}

function tokenLimit(body: Record<string, unknown>, name: string): number | null {
  const value = body[name];
  if (value === undefined || value === null) return null;
  return positiveInteger(value, name) as number;
}

/**
 * Parses and checks a chat completion body into what is forwarded: a JSON object with a
 * known `model`, a non-empty `messages` array (text messages only), the fields of
 * `FIELD_RULES`, and always a token limit: the client's, clamped to `maxTokensCap`, or the
 * cap itself. Any other field is refused with 400 naming it.
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
  const forwarded: Record<string, unknown> = {
    model,
    messages: messages.map((message: unknown, index) => checkMessage(message, index)),
  };
  for (const [name, value] of Object.entries(body)) {
    if (CORE_FIELDS.includes(name)) continue;
    const rule = FIELD_RULES[name];
    if (rule === undefined) {
      throw new ApiError(
        400,
        `The proxy does not forward \`${name.slice(0, 100)}\`; it accepts ${ACCEPTED_FIELDS.join(', ')}`,
        { param: name.slice(0, 100), code: 'unknown_parameter' },
      );
    }
    // null means "the default", as in the OpenAI API: nothing to forward.
    if (value === null) continue;
    const checked = rule(value, name);
    if (checked !== undefined) forwarded[name] = checked;
  }
  const stream = forwarded.stream === true;
  const includeUsage =
    isRecord(forwarded.stream_options) && forwarded.stream_options.include_usage === true;

  let maxTokens: number | null = null;
  for (const name of ['max_tokens', 'max_completion_tokens'] as const) {
    const limit = tokenLimit(body, name);
    if (limit === null) continue;
    const clamped = Math.min(limit, options.maxTokensCap);
    forwarded[name] = clamped;
    maxTokens = maxTokens === null ? clamped : Math.min(maxTokens, clamped);
  }
  if (maxTokens === null) {
    // Without a limit the provider's own maximum would apply, paid on the server's key.
    forwarded.max_tokens = options.maxTokensCap;
    maxTokens = options.maxTokensCap;
  }
  return {
    body: forwarded as ChatRequest['body'],
    model,
    messages: forwarded.messages as ChatMessage[],
    stream,
    includeUsage,
    maxTokens,
  };
}
