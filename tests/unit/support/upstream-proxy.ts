/**
 * The proxy in front of a fake OpenAI-compatible upstream, as the tests of the upstream
 * clients start it: the server's key, a 5 s upstream timeout and the client under test.
 */
import { nodeUpstream } from '../../../src/server/llm/node-upstream.ts';
import type { FetchLike } from '../../../src/server/llm/types.ts';
import { type FakeUpstream, startFakeUpstream } from '../server/llm/fake-upstream.ts';
import { type ProxyUnderTest, startProxy } from '../server/llm/harness.ts';

/** The key the proxy sends upstream; it must never reach a log line or a client. */
export const UPSTREAM_KEY = 'fake-key-test-0123456789abcdef';

/** A way of calling the upstream; `close` ends the connections it keeps, when it keeps any. */
export type UpstreamClient = FetchLike & { close?: () => void };

/**
 * The two upstream clients, each made anew per call: `fetch` (what tests and other hosts may
 * pass) and the default `node:http` one.
 */
export const UPSTREAM_CLIENTS: Record<'fetch' | 'node:http', () => UpstreamClient> = {
  fetch: () => (input, init) => fetch(input, init),
  'node:http': () => nodeUpstream(),
};

/** Options of `startUpstreamProxy`. */
export interface UpstreamProxyOptions {
  /**
   * The proxy's model allowlist, comma-separated.
   * @default 'up-model'
   */
  models?: string;
  /** The upstream client; the proxy's default (`node:http`) when undefined. */
  fetch?: FetchLike | undefined;
}

/** A fake upstream and the proxy in front of it; each test closes both. */
export interface UpstreamProxy {
  upstream: FakeUpstream;
  proxy: ProxyUnderTest;
}

/** Starts a fake upstream, then a proxy that sends its requests there with `UPSTREAM_KEY`. */
export async function startUpstreamProxy({
  models = 'up-model',
  fetch,
}: UpstreamProxyOptions = {}): Promise<UpstreamProxy> {
  const upstream = await startFakeUpstream();
  const proxy = await startProxy(
    {
      LLM_BASE_URL: `${upstream.origin}/v1`,
      LLM_API_KEY: UPSTREAM_KEY,
      LLM_MODELS: models,
      LLM_TIMEOUT_MS: '5000',
    },
    fetch === undefined ? {} : { fetch },
  );
  return { upstream, proxy };
}

/** Posts a chat completion request to `target` with `fetch`, so the raw answer can be read. */
export function postChat(target: ProxyUnderTest, body: object): Promise<Response> {
  return fetch(`${target.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}
