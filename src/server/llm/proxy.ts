/**
 * The LLM proxy: an OpenAI-compatible, fetch-style handler for everything
 * under `/api/llm/v1/`. Framework-free: the Astro route, the headless lesson
 * checker and the tests all call `createLlmProxy` and hand it requests.
 *
 * - `GET  /models`, `GET /models/{id}`: the allowed models, the default first.
 * - `POST /chat/completions`: validated, limited per client, then answered by
 *   the configured upstream or, when there is none, the built-in offline model.
 */
import { parseChatRequest, readBody } from './chat-request.ts';
import { OFFLINE_FAST_FACTOR, OFFLINE_FAST_MODEL_ID, type ProxyConfig } from './config.ts';
import { ApiError, jsonResponse } from './errors.ts';
import { ClientLimiter } from './limiter.ts';
import { offlineResponse } from './offline/respond.ts';
import { redact } from './sse-relay.ts';
import {
  type Clock,
  consoleLogger,
  type FetchLike,
  type Logger,
  type ProxyHandler,
  systemClock,
} from './types.ts';
import { forwardChat } from './upstream.ts';

/** Options of `createLlmProxy`. */
export interface LlmProxyOptions {
  config: ProxyConfig;
  /** Reaches the upstream. @default globalThis.fetch */
  fetch?: FetchLike;
  clock?: Clock;
  logger?: Logger;
  /** The path the handler is mounted at. @default '/api/llm/v1' */
  basePath?: string;
  /** Overrides `config.offlineDelayScale` (0: the offline model answers at once). */
  offlineDelayScale?: number;
}

/** Created once at the first request; the model list response never changes. */
function modelEntry(id: string, offline: boolean) {
  return { id, object: 'model', created: 0, owned_by: offline ? 'yieldbook' : 'upstream' };
}

/** Builds the proxy's handler. Nothing runs until the first request. */
export function createLlmProxy(options: LlmProxyOptions): ProxyHandler {
  const { config } = options;
  const fetchUpstream: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? consoleLogger;
  const basePath = (options.basePath ?? '/api/llm/v1').replace(/\/+$/, '');
  const delayScale = options.offlineDelayScale ?? config.offlineDelayScale;
  const secrets = config.upstream?.apiKey ? [config.upstream.apiKey] : [];
  const limiter = new ClientLimiter({
    maxConcurrent: config.limits.maxConcurrent,
    ratePerSecond: config.limits.ratePerSecond,
    rateBurst: config.limits.rateBurst,
    now: () => clock.now(),
  });
  const offline = config.upstream === null;
  const models = config.models.map((id) => modelEntry(id, offline));

  function route(request: Request): { name: 'models' | 'model' | 'chat'; id?: string } {
    const { pathname } = new URL(request.url);
    if (pathname !== basePath && !pathname.startsWith(`${basePath}/`)) {
      throw new ApiError(404, `Unknown path ${pathname.slice(0, 200)}`, { code: 'unknown_url' });
    }
    const rest = pathname.slice(basePath.length).replace(/^\/+|\/+$/g, '');
    const allow = (method: string) => {
      if (request.method === method || (method === 'GET' && request.method === 'HEAD')) return;
      throw new ApiError(405, `Expected ${method} for /${rest}, got ${request.method}`, {
        code: 'method_not_allowed',
        headers: { Allow: method === 'GET' ? 'GET, HEAD' : method },
      });
    };
    if (rest === 'models') {
      allow('GET');
      return { name: 'models' };
    }
    if (rest.startsWith('models/')) {
      allow('GET');
      let id: string;
      try {
        id = decodeURIComponent(rest.slice('models/'.length));
      } catch {
        id = rest.slice('models/'.length);
      }
      return { name: 'model', id };
    }
    if (rest === 'chat/completions') {
      allow('POST');
      return { name: 'chat' };
    }
    throw new ApiError(
      404,
      `Unknown path /${rest.slice(0, 200)}: the proxy serves /models and /chat/completions`,
      {
        code: 'unknown_url',
      },
    );
  }

  async function chat(request: Request, clientAddress: string): Promise<Response> {
    const permit = limiter.acquire(clientAddress);
    if (!permit.ok) {
      const what =
        permit.reason === 'concurrency'
          ? `more than ${config.limits.maxConcurrent} requests in flight`
          : `more than ${config.limits.ratePerSecond} requests per second`;
      throw new ApiError(
        429,
        `Too many requests: ${what} from one client. Retry after ${permit.retryAfterSeconds} s.`,
        {
          code:
            permit.reason === 'concurrency'
              ? 'too_many_concurrent_requests'
              : 'rate_limit_exceeded',
          headers: { 'Retry-After': String(permit.retryAfterSeconds) },
        },
      );
    }
    let handedOver = false;
    try {
      const text = await readBody(request, config.limits.maxBodyBytes);
      const chatRequest = parseChatRequest(text, {
        models: config.models,
        maxTokensCap: config.limits.maxTokens,
      });
      handedOver = true;
      if (config.upstream === null) {
        return await offlineResponse(chatRequest, {
          clock,
          delayScale:
            chatRequest.model === OFFLINE_FAST_MODEL_ID
              ? delayScale * OFFLINE_FAST_FACTOR
              : delayScale,
          signal: request.signal,
          finish: permit.release,
        });
      }
      return await forwardChat(chatRequest, {
        baseUrl: config.upstream.baseUrl,
        apiKey: config.upstream.apiKey,
        fetch: fetchUpstream,
        clock,
        logger,
        timeoutMs: config.limits.upstreamTimeoutMs,
        maxResponseBytes: config.limits.maxResponseBytes,
        maxEventBytes: config.limits.maxEventBytes,
        streamMaxMs: config.limits.streamMaxMs,
        signal: request.signal,
        finish: permit.release,
      });
    } finally {
      if (!handedOver) permit.release();
    }
  }

  async function handle(request: Request, clientAddress: string): Promise<Response> {
    const target = route(request);
    if (target.name === 'models') return jsonResponse({ object: 'list', data: models });
    if (target.name === 'model') {
      const found = models.find((model) => model.id === target.id);
      if (!found) {
        throw new ApiError(
          404,
          `The model \`${(target.id ?? '').slice(0, 200)}\` does not exist on this server`,
          {
            param: 'model',
            code: 'model_not_found',
          },
        );
      }
      return jsonResponse(found);
    }
    return chat(request, clientAddress);
  }

  return async (request, info) => {
    const started = clock.now();
    let response: Response;
    try {
      response = await handle(request, info.clientAddress);
    } catch (error) {
      if (error instanceof ApiError) {
        response = error.toResponse();
      } else if (request.signal.aborted) {
        // The client went away; nobody reads this.
        response = new ApiError(499, 'The client closed the request', {
          code: 'client_closed',
        }).toResponse();
      } else {
        const reason = redact(
          error instanceof Error ? (error.stack ?? error.message) : String(error),
          secrets,
        );
        logger.error('proxy failure', { reason });
        response = new ApiError(500, 'The proxy failed to handle the request', {
          code: 'internal_error',
        }).toResponse();
      }
    }
    // Successful requests are not logged one by one (a lesson sends thousands).
    if (response.status < 400) return response;
    const path = new URL(request.url).pathname;
    logger.info('llm request refused or failed', {
      method: request.method,
      path: path.slice(0, 200),
      status: response.status,
      ms: Math.round(clock.now() - started),
      client: info.clientAddress,
    });
    return response;
  };
}
