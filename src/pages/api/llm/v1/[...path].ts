/**
 * `/api/llm/v1/*`: adapts Astro's route to the framework-free LLM proxy
 * (src/server/llm/proxy.ts). The proxy is built at the first request from the
 * server secrets declared in astro.config.mjs; nothing is created at import.
 */

import {
  LLM_API_KEY,
  LLM_BASE_URL,
  LLM_DEFAULT_MODEL,
  LLM_MAX_BODY_BYTES,
  LLM_MAX_CONCURRENT,
  LLM_MAX_EVENT_BYTES,
  LLM_MAX_RESPONSE_BYTES,
  LLM_MAX_TOKENS,
  LLM_MODELS,
  LLM_OFFLINE_DELAY_SCALE,
  LLM_RATE_BURST,
  LLM_RATE_PER_SECOND,
  LLM_STREAM_MAX_MS,
  LLM_TIMEOUT_MS,
} from 'astro:env/server';
import type { APIRoute } from 'astro';
import { parseProxyConfig } from '../../../../server/llm/config.ts';
import { ApiError } from '../../../../server/llm/errors.ts';
import { pacedBy } from '../../../../server/llm/node-response-pacing.ts';
import { createLlmProxy } from '../../../../server/llm/proxy.ts';
import { redact } from '../../../../server/llm/sse-relay.ts';
import { consoleLogger, type ProxyHandler } from '../../../../server/llm/types.ts';

export const prerender = false;

let handler: ProxyHandler | null = null;

/** The proxy, or a handler answering 503 that names the bad setting when the configuration is invalid. */
function proxy(): ProxyHandler {
  if (handler) return handler;
  try {
    handler = createLlmProxy({
      config: parseProxyConfig({
        LLM_BASE_URL,
        LLM_API_KEY,
        LLM_MODELS,
        LLM_DEFAULT_MODEL,
        LLM_MAX_BODY_BYTES,
        LLM_MAX_TOKENS,
        LLM_MAX_CONCURRENT,
        LLM_RATE_PER_SECOND,
        LLM_RATE_BURST,
        LLM_TIMEOUT_MS,
        LLM_MAX_RESPONSE_BYTES,
        LLM_MAX_EVENT_BYTES,
        LLM_STREAM_MAX_MS,
        LLM_OFFLINE_DELAY_SCALE,
      }),
    });
  } catch (error) {
    // Configuration errors name the variable; the key is redacted should it be pasted elsewhere.
    const message = redact(error instanceof Error ? error.message : String(error), [
      LLM_API_KEY ?? '',
    ]);
    consoleLogger.error('LLM proxy configuration is invalid', { reason: message });
    const refusal = new ApiError(503, `The LLM proxy is misconfigured: ${message}`, {
      type: 'api_error',
      code: 'proxy_misconfigured',
    });
    handler = async () => refusal.toResponse();
  }
  return handler;
}

// Paced: a stream is read no faster than the client takes it (see node-response-pacing.ts).
export const ALL: APIRoute = async ({ request, clientAddress }) =>
  pacedBy(await proxy()(request, { clientAddress }));
