/**
 * The default upstream client (src/server/llm/node-upstream.ts) through the whole proxy:
 * connections kept alive and reused, and an upstream that drops the connection part-way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../../../src/server/llm/types.ts';
import {
  postChat,
  startUpstreamProxy,
  UPSTREAM_CLIENTS,
  type UpstreamProxy,
} from '../../support/upstream-proxy.ts';
import { chunkEvent, completionBody, type FakeUpstream } from './fake-upstream.ts';
import type { ProxyUnderTest } from './harness.ts';

let upstream: FakeUpstream | undefined;
let proxy: ProxyUnderTest | undefined;

afterEach(async () => {
  await proxy?.close();
  await upstream?.close();
});

async function start(fetch?: FetchLike): Promise<UpstreamProxy> {
  const started = await startUpstreamProxy({ fetch });
  ({ upstream, proxy } = started);
  return started;
}

const post = (target: ProxyUnderTest, body: object) =>
  postChat(target, { model: 'up-model', messages: [{ role: 'user', content: 'x' }], ...body });

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

describe.each(Object.entries(UPSTREAM_CLIENTS))(
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
