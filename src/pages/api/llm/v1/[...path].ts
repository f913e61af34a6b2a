/**
 * `/api/llm/v1/*`: adapts Astro's route to the framework-free LLM proxy
 * (src/server/llm/proxy.ts). The proxy is built at the first request from the
 * server secrets declared in astro.config.mjs (the rows of src/server/llm/settings.ts);
 * nothing is created at import.
 */

import { getSecret } from 'astro:env/server';
import type { APIRoute } from 'astro';
import { pacedBy } from '../../../../server/llm/node-response-pacing.ts';
import { siteProxy } from '../../../../server/llm/site-proxy.ts';

export const prerender = false;

// Paced: a stream is read no faster than the client takes it (see node-response-pacing.ts).
export const ALL: APIRoute = async ({ request, clientAddress }) =>
  pacedBy(await siteProxy(getSecret)(request, { clientAddress }));
