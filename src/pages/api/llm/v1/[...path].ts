/**
 * `/api/llm/v1/*`: adapts Astro's route to the framework-free LLM proxy
 * (src/server/llm/proxy.ts). The proxy is built at the first request from the
 * server secrets declared in astro.config.mjs (the rows of src/server/llm/settings.ts);
 * nothing is created at import. server.mjs answers these paths before Astro
 * (src/server/http/llm-fast-path.ts); this route serves `astro dev` and
 * `start({ llmFastPath: false })`.
 */

import { getSecret } from 'astro:env/server';
import type { APIRoute } from 'astro';
import { resolvedClientAddress } from '../../../../server/http/client-address.ts';
import { pacedBy } from '../../../../server/llm/node-response-pacing.ts';
import { siteProxy } from '../../../../server/llm/site-proxy.ts';

export const prerender = false;

// Paced: a stream is read no faster than the client takes it (see node-response-pacing.ts).
// The client is the address server.mjs resolved under TRUST_PROXY (client-address.ts).
export const ALL: APIRoute = async ({ request, clientAddress }) =>
  pacedBy(
    await siteProxy(getSecret)(request, {
      clientAddress: resolvedClientAddress() ?? clientAddress,
    }),
  );
