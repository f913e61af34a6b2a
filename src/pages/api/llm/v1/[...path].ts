/**
 * `/api/llm/v1/*`: adapts Astro's route to the framework-free LLM proxy
 * (src/server/llm/proxy.ts). The proxy is built at the first request from the
 * server secrets declared in astro.config.mjs (the rows of src/server/llm/settings.ts);
 * nothing is created at import.
 */

import { getSecret } from 'astro:env/server';
import type { APIRoute } from 'astro';
import { resolvedClientAddress } from '../../../../server/http/client-address.ts';
import { configuredProxy } from '../../../../server/llm/configured-proxy.ts';
import { pacedBy } from '../../../../server/llm/node-response-pacing.ts';
import { LLM_SETTINGS, type ProxyEnv } from '../../../../server/llm/settings.ts';
import type { ProxyHandler } from '../../../../server/llm/types.ts';

export const prerender = false;

let handler: ProxyHandler | null = null;

/** The proxy (or, when the configuration is invalid, a handler answering 503). */
function proxy(): ProxyHandler {
  if (handler) return handler;
  const env: ProxyEnv = Object.fromEntries(LLM_SETTINGS.map(({ name }) => [name, getSecret(name)]));
  handler = configuredProxy(env);
  return handler;
}

// Paced: a stream is read no faster than the client takes it (see node-response-pacing.ts).
// The client is the address server.mjs resolved under TRUST_PROXY (client-address.ts).
export const ALL: APIRoute = async ({ request, clientAddress }) =>
  pacedBy(await proxy()(request, { clientAddress: resolvedClientAddress() ?? clientAddress }));
