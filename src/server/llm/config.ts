/**
 * The proxy's configuration: where it connects, which models it allows, and
 * its limits. Read from the server environment (names below), validated once.
 */

/** Model id of the built-in offline model, served when no upstream is configured. */
export const OFFLINE_MODEL_ID = 'yieldbook-offline';

/**
 * The same offline model at a twentieth of the delays, listed second. A browser opens at most
 * six HTTP/1.1 connections to a site, so thousands of requests from a page run six at a
 * time whatever the code asks; this variant keeps such a run short.
 */
export const OFFLINE_FAST_MODEL_ID = 'yieldbook-offline-fast';

/** How much faster the fast variant is paced. */
export const OFFLINE_FAST_FACTOR = 0.05;

/** Limits applied to every request; see docs/proxy.md. */
export interface ProxyLimits {
  /** Largest request body accepted, in bytes (413 above). */
  maxBodyBytes: number;
  /** Cap on `max_tokens` / `max_completion_tokens`; larger values are clamped to it. */
  maxTokens: number;
  /** Requests one client may have in flight at once (429 above). */
  maxConcurrent: number;
  /** Sustained requests per second per client (token bucket refill). */
  ratePerSecond: number;
  /** Requests a client may make in a burst before the rate applies (token bucket size). */
  rateBurst: number;
  /** How long the upstream may take to answer, and to send the next chunk of a stream (504). */
  upstreamTimeoutMs: number;
  /** Largest non-streamed upstream body read, in bytes (502 above; reading stops there). */
  maxResponseBytes: number;
  /** Largest single event of an upstream stream, in bytes (the stream ends with an error event). */
  maxEventBytes: number;
  /** Longest a relayed stream may last, in ms, from the upstream's headers (then an error event). */
  streamMaxMs: number;
}

/** Validated configuration of the proxy. */
export interface ProxyConfig {
  /** The fixed upstream, or null for the built-in offline model. */
  upstream: { baseUrl: string; apiKey: string | null } | null;
  /** Allowed model ids, the default first. */
  models: readonly string[];
  limits: ProxyLimits;
  /** Multiplies the offline model's delays: 1 is realistic, 0 answers at once. */
  offlineDelayScale: number;
}

/** The defaults of every limit (also written in the README and docs/proxy.md). */
export const DEFAULT_LIMITS: Readonly<ProxyLimits> = {
  maxBodyBytes: 1_048_576,
  maxTokens: 4096,
  maxConcurrent: 64,
  ratePerSecond: 200,
  rateBurst: 400,
  upstreamTimeoutMs: 60_000,
  maxResponseBytes: 8_388_608,
  maxEventBytes: 1_048_576,
  streamMaxMs: 600_000,
};

/** The environment variables the proxy reads, as strings (or numbers, as `astro:env` gives them). */
export interface ProxyEnv {
  LLM_BASE_URL?: string | undefined;
  LLM_API_KEY?: string | undefined;
  LLM_MODELS?: string | undefined;
  LLM_DEFAULT_MODEL?: string | undefined;
  LLM_MAX_BODY_BYTES?: string | number | undefined;
  LLM_MAX_TOKENS?: string | number | undefined;
  LLM_MAX_CONCURRENT?: string | number | undefined;
  LLM_RATE_PER_SECOND?: string | number | undefined;
  LLM_RATE_BURST?: string | number | undefined;
  LLM_TIMEOUT_MS?: string | number | undefined;
  LLM_MAX_RESPONSE_BYTES?: string | number | undefined;
  LLM_MAX_EVENT_BYTES?: string | number | undefined;
  LLM_STREAM_MAX_MS?: string | number | undefined;
  LLM_OFFLINE_DELAY_SCALE?: string | number | undefined;
}

function present(value: string | number | undefined): value is string | number {
  return value !== undefined && String(value).trim() !== '';
}

function numberSetting(
  name: keyof ProxyEnv,
  value: string | number | undefined,
  fallback: number,
  { min, integer }: { min: number; integer: boolean },
): number {
  if (!present(value)) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min || (integer && !Number.isInteger(parsed))) {
    const kind = integer ? 'an integer' : 'a number';
    throw new TypeError(`Expected ${name} to be ${kind} of at least ${min}, got ${String(value)}`);
  }
  return parsed;
}

function parseBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new TypeError(`Expected LLM_BASE_URL to be an absolute http(s) URL, got ${value}`);
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
  return url.href.replace(/\/+$/, '');
}

/** Validates the environment into a configuration; throws a `TypeError` naming the bad variable. */
export function parseProxyConfig(env: ProxyEnv): ProxyConfig {
  const limits: ProxyLimits = {
    maxBodyBytes: numberSetting(
      'LLM_MAX_BODY_BYTES',
      env.LLM_MAX_BODY_BYTES,
      DEFAULT_LIMITS.maxBodyBytes,
      { min: 1, integer: true },
    ),
    maxTokens: numberSetting('LLM_MAX_TOKENS', env.LLM_MAX_TOKENS, DEFAULT_LIMITS.maxTokens, {
      min: 1,
      integer: true,
    }),
    maxConcurrent: numberSetting(
      'LLM_MAX_CONCURRENT',
      env.LLM_MAX_CONCURRENT,
      DEFAULT_LIMITS.maxConcurrent,
      { min: 1, integer: true },
    ),
    ratePerSecond: numberSetting(
      'LLM_RATE_PER_SECOND',
      env.LLM_RATE_PER_SECOND,
      DEFAULT_LIMITS.ratePerSecond,
      { min: 0.001, integer: false },
    ),
    rateBurst: numberSetting('LLM_RATE_BURST', env.LLM_RATE_BURST, DEFAULT_LIMITS.rateBurst, {
      min: 1,
      integer: true,
    }),
    upstreamTimeoutMs: numberSetting(
      'LLM_TIMEOUT_MS',
      env.LLM_TIMEOUT_MS,
      DEFAULT_LIMITS.upstreamTimeoutMs,
      { min: 1, integer: true },
    ),
    maxResponseBytes: numberSetting(
      'LLM_MAX_RESPONSE_BYTES',
      env.LLM_MAX_RESPONSE_BYTES,
      DEFAULT_LIMITS.maxResponseBytes,
      { min: 1, integer: true },
    ),
    maxEventBytes: numberSetting(
      'LLM_MAX_EVENT_BYTES',
      env.LLM_MAX_EVENT_BYTES,
      DEFAULT_LIMITS.maxEventBytes,
      { min: 1, integer: true },
    ),
    streamMaxMs: numberSetting(
      'LLM_STREAM_MAX_MS',
      env.LLM_STREAM_MAX_MS,
      DEFAULT_LIMITS.streamMaxMs,
      { min: 1, integer: true },
    ),
  };
  const offlineDelayScale = numberSetting(
    'LLM_OFFLINE_DELAY_SCALE',
    env.LLM_OFFLINE_DELAY_SCALE,
    1,
    { min: 0, integer: false },
  );
  const listed = present(env.LLM_MODELS)
    ? String(env.LLM_MODELS)
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== '')
    : [];
  const defaultModel = present(env.LLM_DEFAULT_MODEL) ? String(env.LLM_DEFAULT_MODEL).trim() : null;

  if (!present(env.LLM_BASE_URL)) {
    // No upstream: the offline model (and its fast variant) only, whatever else is listed.
    return {
      upstream: null,
      models: [OFFLINE_MODEL_ID, OFFLINE_FAST_MODEL_ID],
      limits,
      offlineDelayScale,
    };
  }
  const baseUrl = parseBaseUrl(String(env.LLM_BASE_URL));
  const first = defaultModel ?? listed[0];
  if (first === undefined) {
    throw new TypeError(
      'Expected LLM_MODELS (or LLM_DEFAULT_MODEL) to name at least one model when LLM_BASE_URL is set',
    );
  }
  const models = [first, ...listed.filter((id) => id !== first)];
  const apiKey = present(env.LLM_API_KEY) ? String(env.LLM_API_KEY).trim() : null;
  return { upstream: { baseUrl, apiKey }, models, limits, offlineDelayScale };
}
