/**
 * The proxy with classroom access, in process, for the access tests: a fake loopback
 * upstream that reports its `usage`, and the proxy on a loopback port with an access gate
 * over the store a test opens (in process or Redis), with tokens signed by one secret.
 */
import { parseAccessConfig } from '../../../../src/server/access/config.ts';
import { AccessGate } from '../../../../src/server/access/gate.ts';
import type { AccessStore, Budgets } from '../../../../src/server/access/store.ts';
import { signToken } from '../../../../src/server/access/token.ts';
import type { ProxyEnv } from '../../../../src/server/llm/settings.ts';
import { chunkEvent, type FakeUpstream, startFakeUpstream } from '../llm/fake-upstream.ts';
import { type ProxyUnderTest, startProxy } from '../llm/harness.ts';
import { recordingLogger } from '../llm/support.ts';

/** `LLM_ACCESS_SECRET` of every proxy here. */
export const SECRET = 'a-test-secret-of-at-least-32-characters!';

/** An access token of `sub` signed with {@link SECRET}, issued at `iat`, expiring at `exp` (unix seconds). */
export function signedToken(sub: string, iat: number, exp: number): string {
  return signToken({ sub, iat, exp }, SECRET);
}

/** An upstream `usage` of `total` tokens, 3 of them the prompt's. */
export function usage(total: number) {
  return { prompt_tokens: 3, completion_tokens: total - 3, total_tokens: total };
}

/** What the fake upstream answers. */
export interface UpstreamOptions {
  /** `total_tokens` of a JSON answer's usage. */
  tokens: number;
  /** `total_tokens` of a stream's usage chunk, sent when the request asks for it. */
  streamTokens: number;
  /** Answers wait for it (requests held in flight). */
  hold?: Promise<void>;
}

/**
 * The fake upstream of `up-model`: a JSON answer "Hi" with its `usage`, or a stream of
 * "Hel", "lo", a usage-only chunk when `stream_options.include_usage` asks for it (as the
 * proxy does for paid streams), and `[DONE]`.
 */
export async function startUsageUpstream(options: UpstreamOptions): Promise<FakeUpstream> {
  const started = await startFakeUpstream();
  started.behave(async (request, response) => {
    await options.hold;
    const body = JSON.parse(request.body) as {
      stream?: boolean;
      stream_options?: { include_usage?: boolean };
    };
    if (body.stream !== true) {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(
        JSON.stringify({
          id: 'c',
          object: 'chat.completion',
          created: 1,
          model: 'up-model',
          choices: [
            { index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' },
          ],
          usage: usage(options.tokens),
        }),
      );
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/event-stream' });
    response.write(chunkEvent('Hel'));
    response.write(chunkEvent('lo'));
    if (body.stream_options?.include_usage === true) {
      response.write(
        `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'up-model', choices: [], usage: usage(options.streamTokens) })}\n\n`,
      );
    }
    response.end('data: [DONE]\n\n');
  });
  return started;
}

/** A running proxy with classroom access, its upstream and its store. */
export interface AccessProxy<S extends AccessStore> {
  proxy: ProxyUnderTest;
  upstream: FakeUpstream;
  store: S;
  /** Closes the proxy, then the upstream, then the store. */
  close(): Promise<void>;
}

/** How {@link startAccessProxy} builds the proxy. */
export interface AccessProxyOptions<S extends AccessStore> extends UpstreamOptions {
  /** Settings added to the upstream's (`LLM_BASE_URL`, `LLM_MODELS`) and `LLM_ACCESS_SECRET`. */
  env?: ProxyEnv;
  /** Opens the store, given the budgets the settings name. */
  store: (budgets: Budgets) => S | Promise<S>;
  /** The gate's wall clock, ms since the epoch. @default Date.now */
  now?: () => number;
}

/** Starts the fake upstream and, in front of it, the proxy with an access gate over a new store. */
export async function startAccessProxy<S extends AccessStore>(
  options: AccessProxyOptions<S>,
): Promise<AccessProxy<S>> {
  const upstream = await startUsageUpstream(options);
  const env: ProxyEnv = {
    LLM_BASE_URL: `${upstream.origin}/v1`,
    LLM_MODELS: 'up-model',
    LLM_ACCESS_SECRET: SECRET,
    ...options.env,
  };
  const config = parseAccessConfig(env);
  const store = await options.store(config.budgets);
  const access = new AccessGate({
    config,
    logger: recordingLogger(),
    offline: false,
    leaseMs: 60_000,
    store,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const proxy = await startProxy(env, { access, offlineDelayScale: 0 });
  return {
    proxy,
    upstream,
    store,
    close: async () => {
      await proxy.close();
      await upstream.close();
      await store.close();
    },
  };
}
