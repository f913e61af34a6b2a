/**
 * The routing table: which backend answers which model id. Adding a backend is one file
 * in backends/ and one line here.
 */
import type { ChatBackend } from './backend.ts';
import { offlineBackend } from './backends/offline.ts';
import { upstreamBackend } from './backends/upstream.ts';
import {
  OFFLINE_FAST_FACTOR,
  OFFLINE_FAST_MODEL_ID,
  OFFLINE_MODEL_IDS,
  type ProxyConfig,
} from './config.ts';
import { createRedactor } from './redaction.ts';
import type { Clock, FetchLike } from './types.ts';

/** Infrastructure the backends are built with. */
export interface RouteInfrastructure {
  fetch: FetchLike;
  clock: Clock;
  /** Multiplies the offline model's delays (0: it answers at once). */
  offlineDelayScale: number;
}

/** Every model id the proxy serves, in `/models` order (the default first), with its backend. */
export function modelRoutes(
  config: ProxyConfig,
  infra: RouteInfrastructure,
): ReadonlyMap<string, ChatBackend> {
  const { upstream } = config;
  const offline = offlineBackend({ clock: infra.clock, delayScale: infra.offlineDelayScale });
  const fast = offlineBackend({
    clock: infra.clock,
    delayScale: infra.offlineDelayScale * OFFLINE_FAST_FACTOR,
  });
  const offlineFor = (id: string) => (id === OFFLINE_FAST_MODEL_ID ? fast : offline);
  let backendFor: (id: string) => ChatBackend;
  if (upstream === null) {
    backendFor = offlineFor;
  } else {
    const forward = upstreamBackend({
      baseUrl: upstream.baseUrl,
      apiKey: upstream.apiKey,
      // Client-bound text is redacted in full (no cut), and only of the key and its pieces.
      redact: createRedactor([upstream.apiKey], {
        maxChars: Number.POSITIVE_INFINITY,
        credentials: false,
      }),
      fetch: infra.fetch,
      clock: infra.clock,
      timeoutMs: config.limits.upstreamTimeoutMs,
      maxResponseBytes: config.limits.maxResponseBytes,
      maxEventBytes: config.limits.maxEventBytes,
      streamMaxMs: config.limits.streamMaxMs,
    });
    backendFor = (id) => (OFFLINE_MODEL_IDS.includes(id) ? offlineFor(id) : forward);
  }
  return new Map(config.models.map((id) => [id, backendFor(id)]));
}
