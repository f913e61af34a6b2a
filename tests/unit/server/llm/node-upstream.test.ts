/**
 * The default upstream client (src/server/llm/node-upstream.ts) through the whole proxy:
 * connections kept alive and reused, and an upstream that drops the connection part-way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { nodeUpstream } from '../../../../src/server/llm/node-upstream.ts';
import type { FetchLike } from '../../../../src/server/llm/types.ts';
import {
  chunkEvent,
  completionBody,
  type FakeUpstream,
  startFakeUpstream,
} from './fake-upstream.ts';
import { type ProxyUnderTest, startProxy } from './harness.ts';

const KEY = 'fake-key-test-0123456789abcdef';
let upstream: FakeUpstream | undefined;
let proxy: ProxyUnderTest | undefined;

afterEach(async () => {
  await proxy?.close();
  await upstream?.close();
});

async function start(
  fetch?: FetchLike,
): Promise<{ upstream: FakeUpstream; proxy: ProxyUnderTest }> {
  upstream = await startFakeUpstream();
  proxy = await startProxy(
    {
      LLM_BASE_URL: `${upstream.origin}/v1`,
      LLM_API_KEY: KEY,
      LLM_MODELS: 'up-model',
      LLM_TIMEOUT_MS: '5000',
    },
    fetch === undefined ? {} : { fetch },
  );
  return { upstream, proxy };
}

async function post(target: ProxyUnderTest, body: object): Promise<Response> {
  return fetch(`${target.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      model: 'up-model',
      messages: [{ role: 'user', content: 'x' }],
      ...body,
    }),
  });
}

describe('the default upstream client', { timeout: 30_000 }, () => {
  it('keeps its connection to the upstream open and reuses it for the next request', async () => {
    const { upstream, proxy } = await start();
    const ports: Array<number | undefined> = [];
    upstream.behave((_request, response, raw) => {
      ports.push(raw.socket.remotePort);
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(completionBody('hi')));
    });
    for (let index = 0; index < 3; index += 1) {
      const answer = await post(proxy, {});
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ choices: [{ message: { content: 'hi' } }] });
    }
    expect(ports).toHaveLength(3);
    expect(new Set(ports).size).toBe(1);
  });

  it('ends a stream with an error event when the upstream drops the connection mid-stream', async () => {
    const { upstream, proxy } = await start();
    upstream.behave((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/event-stream' });
      response.write(chunkEvent('first'), () => response.socket?.destroy());
    });
    const answer = await post(proxy, { stream: true });
    expect(answer.status).toBe(200);
    const text = await answer.text();
    expect(text.startsWith(chunkEvent('first'))).toBe(true);
    expect(text).toContain('"code":"upstream_disconnected"');
    expect(text).not.toContain('[DONE]');
  });
});

describe.each([
  ['fetch', () => (input, init) => fetch(input, init)],
  ['node:http', () => nodeUpstream()],
] as Array<[string, () => FetchLike]>)(
  'through %s, an upstream that closes mid-body',
  (_name, client) => {
    it('is answered 502 upstream_disconnected, and the next request is served', {
      timeout: 30_000,
    }, async () => {
      const { upstream, proxy } = await start(client());
      upstream.behave((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
        response.write('{"id":"chatcmpl-up",', () => response.socket?.destroy());
      });
      const cut = await post(proxy, {});
      expect(cut.status).toBe(502);
      expect(await cut.json()).toMatchObject({
        error: { type: 'api_error', code: 'upstream_disconnected' },
      });
      upstream.behave((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(completionBody('again')));
      });
      const next = await post(proxy, {});
      expect(next.status).toBe(200);
    });
  },
);

describe('closing the proxy', { timeout: 30_000 }, () => {
  it('closes its idle connections to the upstream', async () => {
    const { upstream, proxy } = await start();
    const socketClosed = new Promise<void>((resolve) => {
      upstream.behave((_request, response, raw) => {
        raw.socket.once('close', () => resolve());
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(completionBody('hi')));
      });
    });
    const answer = await post(proxy, {});
    expect(answer.status).toBe(200);
    await answer.text();
    await proxy.handler.close();
    await socketClosed;
  });
});
