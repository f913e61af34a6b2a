import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequestFromNodeRequest, writeResponse } from 'astro/app/node';
import { afterEach, describe, expect, it } from 'vitest';
import { parseProxyConfig } from '../../../../src/server/llm/config.ts';
import { nodeResponseStore, pacedBy } from '../../../../src/server/llm/node-response-pacing.ts';
import { createLlmProxy } from '../../../../src/server/llm/proxy.ts';
import { atRest, countingBody } from '../../support/counting-body.ts';
import { chunkEvent } from './fake-upstream.ts';
import { closeServer, deferred, FakeClock, recordingLogger } from './support.ts';

const MB = 1_048_576;

let server: Server | null = null;

afterEach(async () => {
  const closing = server;
  server = null;
  await closeServer(closing);
});

/**
 * Serves the proxy the way the built site does: `server.mjs` puts the Node response in
 * the store, the route paces its body, Astro's own `writeResponse` writes it.
 */
async function serveLikeTheSite(upstreamBody: () => ReadableStream<Uint8Array>) {
  const handler = createLlmProxy({
    config: parseProxyConfig({ LLM_BASE_URL: 'http://127.0.0.1:9/v1', LLM_MODELS: 'up-model' }),
    fetch: async () =>
      new Response(upstreamBody(), { headers: { 'Content-Type': 'text/event-stream' } }),
    clock: new FakeClock(),
    logger: recordingLogger(),
  });
  server = createServer((req, res) => {
    void nodeResponseStore().run(res, async () => {
      const request = createRequestFromNodeRequest(req);
      await writeResponse(pacedBy(await handler(request, { clientAddress: 'test' })), res);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('a streamed answer written by Astro’s Node writer', { timeout: 60_000 }, () => {
  it('stops reading the upstream while the client does not read, and resumes when it does', async () => {
    const chunk = new TextEncoder().encode(chunkEvent('x'.repeat(1000)).repeat(64));
    const total = 100 * MB;
    const upstream = countingBody(chunk, { total });
    const { state } = upstream;
    const port = await serveLikeTheSite(() => upstream.body);
    const response = deferred<IncomingMessage>();
    const client = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/llm/v1/chat/completions',
        headers: { 'Content-Type': 'application/json' },
      },
      (incoming) => {
        incoming.pause();
        response.resolve(incoming);
      },
    );
    client.end(
      JSON.stringify({
        model: 'up-model',
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      }),
    );
    const incoming = await response.promise;
    expect(incoming.statusCode).toBe(200);

    // The client reads nothing: what the server pulled is what fits in the socket buffers.
    const paused = await atRest(() => state.produced);
    expect(paused).toBeLessThan(32 * MB);

    // It reads 8 MB more: the upstream is pulled again.
    let received = 0;
    const more = deferred();
    incoming.on('data', (part: Buffer) => {
      received += part.length;
      if (received >= 8 * MB) {
        incoming.pause();
        more.resolve();
      }
    });
    incoming.resume();
    await more.promise;
    expect(state.produced).toBeGreaterThan(paused);

    // It goes away: the upstream is dropped.
    incoming.destroy();
    await upstream.cancelled;
    expect(state.produced).toBeLessThan(total);
  });

  it('leaves a response alone when there is no Node response to pace by', async () => {
    const plain = new Response('text');
    expect(pacedBy(plain, undefined)).toBe(plain);
    expect(
      await pacedBy(new Response('text'), {
        writableNeedDrain: false,
        destroyed: false,
        once: () => {},
        off: () => {},
      }).text(),
    ).toBe('text');
  });
});
