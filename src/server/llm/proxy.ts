/**
 * The LLM proxy: an OpenAI-compatible, fetch-style handler for everything
 * under `/api/llm/v1/`. Framework-free: the Astro route, the headless lesson
 * checker and the tests all call `createLlmProxy` and hand it requests.
 *
 * - `GET  /models`, `GET /models/{id}`: the allowed models, the default first.
 * - `POST /chat/completions`: validated, limited per client, then answered by
 *   the backend the model id routes to (routes.ts). A paid (upstream) model first
 *   passes classroom access and budgets (src/server/access/gate.ts).
 * - `GET  /access`: who the request's token says it is, nothing counted.
 */

import { randomUUID } from 'node:crypto';
import type { AccessGate, Identity } from '../access/gate.ts';
import type { ChatBackend } from './backend.ts';
import { parseChatRequest, readBody } from './chat-request.ts';
import { OFFLINE_MODEL_IDS, type ProxyConfig } from './config.ts';
import { ApiError, jsonReply } from './errors.ts';
import { ClientLimiter } from './limiter.ts';
import { pinoLogger, redactingLogger, withFields } from './log.ts';
import { type NodeUpstream, nodeUpstream } from './node-upstream.ts';
import { createRedactor } from './redaction.ts';
import { RefusalLog } from './refusal-log.ts';
import { modelRoutes } from './routes.ts';
import { isTextReply, type ProxyReply, replyResponse, withReplyHeader } from './text-reply.ts';
import {
  type Clock,
  type FetchLike,
  type Logger,
  type ProxyHandler,
  type ProxyRequest,
  type RequestInfo,
  systemClock,
} from './types.ts';
import { meteredTokens, startMeter, type UsageMeter } from './usage-meter.ts';

/** Options of `createLlmProxy`. */
export interface LlmProxyOptions {
  config: ProxyConfig;
  /** Reaches the upstream. @default a `node:http` client with keep-alive connections (node-upstream.ts), closed by `close()` */
  fetch?: FetchLike;
  clock?: Clock;
  /** Where lines go; every string in them is redacted first. @default pino to stdout */
  logger?: Logger;
  /** Refusals of one client are logged at most once per this many ms. @default 10000 */
  logIntervalMs?: number;
  /** The path the handler is mounted at. @default '/api/llm/v1' */
  basePath?: string;
  /** Overrides `config.offlineDelayScale` (0: the offline model answers at once). */
  offlineDelayScale?: number;
  /**
   * Classroom access and budgets for paid models. @default none: paid models are open to
   * anyone, with no budget but the per-client limits
   */
  access?: AccessGate;
}

/** The proxy's handler, with the state of its budget store. */
export type LlmProxy = ProxyHandler & {
  /**
   * The handler's answer before it is made a `Response`: a text reply for every JSON answer
   * (text-reply.ts), which a Node host writes in one `end` (`writeReply`, node-server.ts).
   * The handler is `replyResponse` of this.
   */
  reply(request: ProxyRequest, info: RequestInfo): Promise<ProxyReply>;
  /** Whether the budget store answers (always true without Redis): for a health check. */
  ready(): Promise<boolean>;
  /** Closes the budget store's connection and the idle upstream connections. */
  close(): Promise<void>;
};

/** Nobody: what a request is when the proxy has no access gate. */
const ANONYMOUS: Identity = { student: null, issuedAt: 0, expires: null, reason: null };

/** Builds the proxy's handler. Nothing runs until the first request. */
export function createLlmProxy(options: LlmProxyOptions): LlmProxy {
  const { config } = options;
  const ownUpstream = options.fetch === undefined ? nodeUpstream() : null;
  const fetchUpstream: FetchLike = options.fetch ?? (ownUpstream as NodeUpstream);
  const clock = options.clock ?? systemClock;
  const redact = createRedactor([config.upstream?.apiKey]);
  const logger = redactingLogger(options.logger ?? pinoLogger(), redact);
  const refusals = new RefusalLog({
    logger,
    now: () => clock.now(),
    ...(options.logIntervalMs === undefined ? {} : { intervalMs: options.logIntervalMs }),
  });
  const basePath = (options.basePath ?? '/api/llm/v1').replace(/(?<!\/)\/+$/, '');
  const delayScale = options.offlineDelayScale ?? config.offlineDelayScale;
  const limiter = new ClientLimiter({
    maxConcurrent: config.limits.maxConcurrent,
    ratePerSecond: config.limits.ratePerSecond,
    rateBurst: config.limits.rateBurst,
    now: () => clock.now(),
  });
  const routes = modelRoutes(config, {
    fetch: fetchUpstream,
    clock,
    offlineDelayScale: delayScale,
  });
  const modelIds = [...routes.keys()];
  const models = [...routes].map(([id, backend]) => ({
    id,
    object: 'model',
    created: 0,
    owned_by: backend.ownedBy,
  }));

  const gate = options.access ?? null;
  const paidModels = new Set(
    config.upstream === null ? [] : modelIds.filter((id) => !OFFLINE_MODEL_IDS.includes(id)),
  );

  function route(request: ProxyRequest): {
    name: 'models' | 'model' | 'chat' | 'access';
    id?: string;
  } {
    const { pathname } = new URL(request.url);
    if (pathname !== basePath && !pathname.startsWith(`${basePath}/`)) {
      throw new ApiError(404, `Unknown path ${pathname.slice(0, 200)}`, { code: 'unknown_url' });
    }
    const rest = pathname.slice(basePath.length).replace(/^\/+|(?<!\/)\/+$/g, '');
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
    if (rest === 'access') {
      allow('GET');
      return { name: 'access' };
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

  async function chat(
    request: ProxyRequest,
    clientAddress: string,
    log: Logger,
  ): Promise<ProxyReply> {
    // A student's limits follow the student, not the address: a class behind one NAT is
    // not one bucket. The token is only checked here (no store); access is decided below.
    const identity = gate?.identify(request.headers.get('authorization')) ?? ANONYMOUS;
    const permit = limiter.acquire(gate?.limiterKey(identity, clientAddress) ?? clientAddress);
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
      const text = await readBody(request, {
        maxBytes: config.limits.maxBodyBytes,
        timeoutMs: config.limits.bodyTimeoutMs,
        clock,
      });
      const chatRequest = parseChatRequest(text, {
        models: modelIds,
        maxTokensCap: config.limits.maxTokens,
      });
      // Checked by parseChatRequest: the model is one of the routes.
      const backend = routes.get(chatRequest.model) as ChatBackend;
      let finish = permit.release;
      let meter: UsageMeter | undefined;
      if (gate !== null && paidModels.has(chatRequest.model)) {
        const lease = await gate.admit(identity);
        const counted = startMeter(text);
        meter = counted;
        finish = () => {
          permit.release();
          // The store sends the release in the turn of the event loop that writes the
          // response's end, and the response waits for no second round trip.
          lease.finish(meteredTokens(counted));
        };
      }
      handedOver = true;
      return await backend.complete(chatRequest, {
        signal: request.signal,
        finish,
        logger: log,
        ...(meter === undefined ? {} : { meter }),
      });
    } finally {
      if (!handedOver) permit.release();
    }
  }

  async function handle(
    request: ProxyRequest,
    clientAddress: string,
    log: Logger,
  ): Promise<ProxyReply> {
    const target = route(request);
    if (target.name === 'models') return jsonReply({ object: 'list', data: models });
    if (target.name === 'access') {
      const offline = config.upstream === null;
      if (gate === null) {
        return jsonReply({
          access: 'open',
          student: null,
          expires: null,
          reason: null,
          offline,
        });
      }
      return jsonReply(await gate.describe(gate.identify(request.headers.get('authorization'))));
    }
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
      return jsonReply(found);
    }
    return chat(request, clientAddress, log);
  }

  const reply = async (request: ProxyRequest, info: RequestInfo): Promise<ProxyReply> => {
    const started = clock.now();
    const requestId = randomUUID();
    let response: ProxyReply;
    let detail: string | null = null;
    try {
      response = await handle(
        request,
        info.clientAddress,
        withFields(logger, { requestId, client: info.clientAddress }),
      );
    } catch (error) {
      if (error instanceof ApiError) {
        response = error.toReply();
        detail = error.detail;
      } else if (request.signal.aborted) {
        // The client went away; nobody reads this.
        response = new ApiError(499, 'The client closed the request', {
          code: 'client_closed',
        }).toReply();
      } else {
        detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
        response = new ApiError(500, 'The proxy failed to handle the request', {
          code: 'internal_error',
        }).toReply();
      }
    }
    response = withHeader(response, 'x-request-id', requestId);
    // Successful requests are not logged one by one (a lesson sends thousands).
    if (response.status < 400) {
      refusals.tick();
      return response;
    }
    refusals.record({
      client: info.clientAddress,
      status: response.status,
      requestId,
      method: request.method,
      path: new URL(request.url).pathname.slice(0, 200),
      ms: Math.round(clock.now() - started),
      detail,
    });
    return response;
  };
  const handler: ProxyHandler = async (request, info) => replyResponse(await reply(request, info));
  return Object.assign(handler, {
    reply,
    ready: async () => (gate === null ? true : gate.ready()),
    close: async () => {
      ownUpstream?.close();
      await gate?.close();
    },
  });
}

/**
 * `response` with a header set (copied when its headers are immutable, as a fetched one's
 * are); a text reply is copied with the header.
 */
function withHeader(response: ProxyReply, name: string, value: string): ProxyReply {
  if (isTextReply(response)) return withReplyHeader(response, name, value);
  try {
    response.headers.set(name, value);
    return response;
  } catch {
    const headers = new Headers(response.headers);
    headers.set(name, value);
    return new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  }
}
