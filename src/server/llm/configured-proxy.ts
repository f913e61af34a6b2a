/**
 * The proxy built from the `LLM_*` environment, as the Astro route serves it. A bad
 * configuration does not crash the site: every request gets a 503 in the proxy's own
 * words, and the log (redacted) names the setting to fix.
 */
import { parseProxyConfig } from './config.ts';
import { ApiError } from './errors.ts';
import { pinoLogger, redactingLogger } from './log.ts';
import { createLlmProxy, type LlmProxyOptions } from './proxy.ts';
import { createRedactor } from './redaction.ts';
import type { ProxyEnv } from './settings.ts';
import type { ProxyHandler } from './types.ts';

/** `createLlmProxy` from `env`, or a handler answering 503 when `env` does not parse. */
export function configuredProxy(
  env: ProxyEnv,
  options: Omit<LlmProxyOptions, 'config'> = {},
): ProxyHandler {
  try {
    return createLlmProxy({ ...options, config: parseProxyConfig(env) });
  } catch (error) {
    const logger = redactingLogger(
      options.logger ?? pinoLogger(),
      createRedactor([env.LLM_API_KEY === undefined ? null : String(env.LLM_API_KEY)]),
    );
    logger.error('llm proxy configuration is invalid', {
      detail: error instanceof Error ? error.message : String(error),
    });
    // The setting's value (a URL with a token in its query, say) stays in the server log.
    const refusal = new ApiError(
      503,
      "The site's language model service is misconfigured; tell the course's operator (the server log names the setting)",
      { type: 'api_error', code: 'proxy_misconfigured' },
    );
    return async () => refusal.toResponse();
  }
}
