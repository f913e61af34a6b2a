/**
 * The proxy's configuration: where it connects, which models it allows, and
 * its limits. Read from the server environment (the rows of settings.ts), validated once.
 */

import { OFFLINE_FAST_MODEL_ID, OFFLINE_MODEL_ID } from '../../offline-llm/models.ts';
import {
  DEFAULT_LIMITS,
  type LimitValues,
  limitsOf,
  type ProxyEnv,
  readSettings,
} from './settings.ts';

// The offline models' ids are shared with the service worker of static sites.
export {
  OFFLINE_FAST_FACTOR,
  OFFLINE_FAST_MODEL_ID,
  OFFLINE_MODEL_ID,
} from '../../offline-llm/models.ts';

/** The offline models: always open, never counted against a budget. */
export const OFFLINE_MODEL_IDS: readonly string[] = [OFFLINE_MODEL_ID, OFFLINE_FAST_MODEL_ID];

/** Validated configuration of the proxy. */
export interface ProxyConfig {
  /** The fixed upstream, or null for the built-in offline model. */
  upstream: { baseUrl: string; apiKey: string | null } | null;
  /** Allowed model ids, the default first; with an upstream, its models then the offline ones. */
  models: readonly string[];
  /** Limits applied to every request, one per `limit` row of settings.ts; see docs/proxy.md. */
  limits: LimitValues;
  /** Multiplies the offline model's delays: 1 is realistic, 0 answers at once. */
  offlineDelayScale: number;
}

export { DEFAULT_LIMITS, type ProxyEnv };

function parseBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    // Not echoed: a mistyped URL may still carry a token.
    throw new TypeError(
      `Expected LLM_BASE_URL to be an absolute http(s) URL, got ${value.length} characters that do not parse as one`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`Expected LLM_BASE_URL to use http or https, got ${url.protocol}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new TypeError('Expected LLM_BASE_URL without credentials; put the key in LLM_API_KEY');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new TypeError('Expected LLM_BASE_URL without a query or fragment');
  }
  return url.href.replace(/(?<!\/)\/+$/, '');
}

/** Validates the environment into a configuration; throws a `TypeError` naming the bad variable. */
export function parseProxyConfig(env: ProxyEnv): ProxyConfig {
  const values = readSettings(env);
  const limits = limitsOf(values);
  const offlineDelayScale = values.LLM_OFFLINE_DELAY_SCALE;
  const listed = (values.LLM_MODELS ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  const defaultModel = values.LLM_DEFAULT_MODEL;

  if (values.LLM_BASE_URL === null) {
    // No upstream: the offline model (and its fast variant) only, whatever else is listed.
    return {
      upstream: null,
      models: [OFFLINE_MODEL_ID, OFFLINE_FAST_MODEL_ID],
      limits,
      offlineDelayScale,
    };
  }
  const baseUrl = parseBaseUrl(values.LLM_BASE_URL);
  const first = defaultModel ?? listed[0];
  if (first === undefined) {
    throw new TypeError(
      'Expected LLM_MODELS (or LLM_DEFAULT_MODEL) to name at least one model when LLM_BASE_URL is set',
    );
  }
  const upstreamModels = [first, ...listed.filter((id) => id !== first)];
  // The offline models stay listed after the upstream's: they cost nothing, so every lesson
  // runs for every reader, with or without access to the paid ones.
  const models = [
    ...upstreamModels,
    ...OFFLINE_MODEL_IDS.filter((id) => !upstreamModels.includes(id)),
  ];
  return { upstream: { baseUrl, apiKey: values.LLM_API_KEY }, models, limits, offlineDelayScale };
}
