/** OpenAI-shaped errors: `{ error: { message, type, param, code } }` with a fitting status. */
import { type TextReply, textReply } from './text-reply.ts';

/** The fields of an OpenAI error body. */
export interface ApiErrorBody {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

/** An error the proxy answers with; thrown inside the proxy and turned into a response at the edge. */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly param: string | null;
  readonly code: string | null;
  readonly headers: Readonly<Record<string, string>>;
  /** What the server log gets beside the status (redacted before it is written); never sent. */
  readonly detail: string | null;

  constructor(
    status: number,
    message: string,
    options: {
      type?: string;
      param?: string | null;
      code?: string | null;
      headers?: Record<string, string>;
      detail?: string | null;
    } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.type = options.type ?? defaultType(status);
    this.param = options.param ?? null;
    this.code = options.code ?? null;
    this.headers = options.headers ?? {};
    this.detail = options.detail ?? null;
  }

  toBody(): { error: ApiErrorBody } {
    return {
      error: { message: this.message, type: this.type, param: this.param, code: this.code },
    };
  }

  toResponse(): Response {
    return jsonResponse(this.toBody(), this.status, this.headers);
  }

  /** The same answer as `toResponse`, as a text reply (text-reply.ts). */
  toReply(): TextReply {
    return jsonReply(this.toBody(), this.status, this.headers);
  }
}

function defaultType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

/** A JSON response that is never cached. */
export function jsonResponse(
  body: unknown,
  status = 200,
  headers: Readonly<Record<string, string>> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      ...headers,
    },
  });
}

/** What `jsonResponse` sends, as a text reply (text-reply.ts): the same status, headers and bytes. */
export function jsonReply(
  body: unknown,
  status = 200,
  headers: Readonly<Record<string, string>> = {},
): TextReply {
  return jsonTextReply(JSON.stringify(body), status, headers);
}

/** The headers of every JSON reply, as `textReply` orders them. */
const JSON_HEADERS = textReply('', 200, {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
}).headers;

/** A reply of `text`, already JSON, with the headers of `jsonResponse`. */
export function jsonTextReply(
  text: string,
  status = 200,
  headers: Readonly<Record<string, string>> = {},
): TextReply {
  // Built once for the usual reply with no extra header; sorted per call otherwise.
  if (Object.keys(headers).length === 0)
    return { kind: 'text', status, headers: JSON_HEADERS, text };
  return textReply(text, status, { ...JSON_HEADERS, ...headers });
}
