/**
 * The proxy built from the `LLM_*` environment, as the Astro route serves it. A bad
 * configuration does not crash the site: every request gets a 503 in the proxy's own
 * words, and the log (redacted) names the setting to fix.
 */
import { parseAccessConfig } from '../access/config.ts';
import { AccessGate } from '../access/gate.ts';
import { parseProxyConfig } from './config.ts';
import { ApiError } from './errors.ts';
import { pinoLogger, redactingLogger } from './log.ts';
import { createLlmProxy, type LlmProxy, type LlmProxyOptions } from './proxy.ts';
import { createRedactor } from './redaction.ts';
import type { ProxyEnv } from './settings.ts';

/**
 * `createLlmProxy` from `env`, with classroom access and budgets (src/server/access), or a
 * handler answering 503 when `env` does not parse.
 */
export function configuredProxy(
  env: ProxyEnv,
  options: Omit<LlmProxyOptions, 'config'> = {},
): LlmProxy {
  const secrets = [env.LLM_API_KEY, env.LLM_ACCESS_SECRET, env.REDIS_URL].map((value) =>
    value === undefined ? null : String(value),
  );
  const logger = redactingLogger(options.logger ?? pinoLogger(), createRedactor(secrets));
  try {
    const config = parseProxyConfig(env);
    const access =
      options.access ??
      new AccessGate({
        config: parseAccessConfig(env),
        logger,
        offline: config.upstream === null,
        // A lease outlives the longest stream, then stops counting (a server that died).
        leaseMs: config.limits.streamMaxMs + config.limits.upstreamTimeoutMs,
      });
    return createLlmProxy({ ...options, config, access });
  } catch (error) {
    logger.error('llm proxy configuration is invalid', {
      detail: error instanceof Error ? error.message : String(error),
    });
    // The setting's value (a URL with a token in its query, say) stays in the server log.
    const refusal = new ApiError(
      503,
      "The site's language model service is misconfigured; tell the course's operator (the server log names the setting)",
      { type: 'api_error', code: 'proxy_misconfigured' },
    );
    return Object.assign(async () => refusal.toResponse(), {
      reply: async () => refusal.toReply(),
      ready: async () => false,
      close: async () => {},
    });
  }
}
