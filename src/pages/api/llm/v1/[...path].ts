/**
 * `/api/llm/v1/*`: adapts Astro's route to the framework-free LLM proxy
 * (src/server/llm/proxy.ts). The proxy is built at the first request from the
 * server secrets declared in astro.config.mjs (the rows of src/server/llm/settings.ts);
 * nothing is created at import.
 */

import { getSecret } from 'astro:env/server';
import type { APIRoute } from 'astro';
import { parseProxyConfig } from '../../../../server/llm/config.ts';
import { ApiError } from '../../../../server/llm/errors.ts';
import { createLlmProxy } from '../../../../server/llm/proxy.ts';
import { LLM_SETTINGS, type ProxyEnv } from '../../../../server/llm/settings.ts';
import { redact } from '../../../../server/llm/sse-relay.ts';
import { consoleLogger, type ProxyHandler } from '../../../../server/llm/types.ts';

export const prerender = false;

let handler: ProxyHandler | null = null;

/** The proxy, or a handler answering 503 that names the bad setting when the configuration is invalid. */
function proxy(): ProxyHandler {
  if (handler) return handler;
  const env: ProxyEnv = Object.fromEntries(LLM_SETTINGS.map(({ name }) => [name, getSecret(name)]));
  try {
    handler = createLlmProxy({ config: parseProxyConfig(env) });
  } catch (error) {
    // Configuration errors name the variable; the key is redacted should it be pasted elsewhere.
    const message = redact(error instanceof Error ? error.message : String(error), [
      String(env.LLM_API_KEY ?? ''),
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

export const ALL: APIRoute = ({ request, clientAddress }) => proxy()(request, { clientAddress });
