/**
 * `server.mjs` answers `/api/llm/v1/*` before Astro (src/server/http/llm-fast-path.ts).
 * Here the built site is served twice in this process, with the fast path and without it
 * (the Astro route), both in front of one deterministic upstream, and every request gets
 * the same answer from both: status, headers (all but the date and the request id's
 * value) and body bytes. No browser: raw HTTP, so framing headers are compared too.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import process from 'node:process';
import { expect, test } from '@playwright/test';
import { startBenchUpstream } from '../../scripts/support/bench-upstream.ts';
import { start } from '../../server.mjs';
import { type RawAnswer, rawRequest } from './support/raw-http.ts';

interface Ask {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

const ask = (port: number, { method, path, headers = {}, body }: Ask) =>
  rawRequest(port, path, { method, headers: { ...headers, host: 'course.test' }, body });

const chat = (extra: object) =>
  JSON.stringify({
    model: 'bench-model',
    messages: [{ role: 'user', content: 'What is the capital of France?' }],
    ...extra,
  });
const json = { 'content-type': 'application/json' };

const ASKS: Record<string, Ask> = {
  'the model list': { method: 'GET', path: '/api/llm/v1/models' },
  'the model list, HEAD': { method: 'HEAD', path: '/api/llm/v1/models' },
  'the model list with a query': { method: 'GET', path: '/api/llm/v1/models?limit=1' },
  'one model': { method: 'GET', path: '/api/llm/v1/models/bench-model' },
  'an unknown model': { method: 'GET', path: '/api/llm/v1/models/nope' },
  'an unknown path': { method: 'GET', path: '/api/llm/v1/embeddings' },
  'the base path': { method: 'GET', path: '/api/llm/v1' },
  'GET on chat': { method: 'GET', path: '/api/llm/v1/chat/completions' },
  'a completion': {
    method: 'POST',
    path: '/api/llm/v1/chat/completions',
    headers: json,
    body: chat({}),
  },
  'a streamed completion': {
    method: 'POST',
    path: '/api/llm/v1/chat/completions',
    headers: json,
    body: chat({ stream: true }),
  },
  'a same-origin completion': {
    method: 'POST',
    path: '/api/llm/v1/chat/completions',
    headers: { ...json, origin: 'http://course.test' },
    body: chat({}),
  },
  'broken JSON': {
    method: 'POST',
    path: '/api/llm/v1/chat/completions',
    headers: json,
    body: '{"model":',
  },
  'a cross-site form post': {
    method: 'POST',
    path: '/api/llm/v1/chat/completions',
    headers: { 'content-type': 'text/plain', origin: 'http://elsewhere.test' },
    body: chat({}),
  },
  'a post with no type and no origin': {
    method: 'POST',
    path: '/api/llm/v1/chat/completions',
    body: chat({}),
  },
};

let upstream: Awaited<ReturnType<typeof startBenchUpstream>>;
let fast: Server;
let astro: Server;
const portOf = (server: Server) => (server.address() as AddressInfo).port;

test.beforeAll(async () => {
  upstream = await startBenchUpstream();
  // Both servers read these: the fast path at its first request, the route through astro:env.
  Object.assign(process.env, {
    LLM_BASE_URL: `${upstream.origin}/v1`,
    LLM_API_KEY: 'fake-key-fast-path',
    LLM_MODELS: 'bench-model',
    LLM_ACCESS: 'open',
  });
  // Without TLS both are plain HTTP/1.1 servers.
  fast = (await start({ port: 0, host: '127.0.0.1', signals: false })) as Server;
  astro = (await start({
    port: 0,
    host: '127.0.0.1',
    llmFastPath: false,
    signals: false,
  })) as Server;
});

test.afterAll(async () => {
  for (const server of [fast, astro]) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
  await upstream.close();
  for (const name of ['LLM_BASE_URL', 'LLM_API_KEY', 'LLM_MODELS']) delete process.env[name];
});

for (const [name, one] of Object.entries(ASKS)) {
  test(`${name}: the fast path answers what the Astro route answered`, async () => {
    const viaAstro = await ask(portOf(astro), one);
    const viaFast = await ask(portOf(fast), one);
    expect(viaFast.status).toBe(viaAstro.status);
    const comparable = ({ headers }: RawAnswer) => {
      const { date, 'x-request-id': id, ...rest } = headers;
      return { ...rest, date: typeof date, 'x-request-id': typeof id };
    };
    expect(comparable(viaFast)).toEqual(comparable(viaAstro));
    expect(viaFast.body.toString('utf8')).toBe(viaAstro.body.toString('utf8'));
  });
}
