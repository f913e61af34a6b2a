import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { parseProxyConfig } from '../../../../src/server/llm/config.ts';
import { createLlmProxy } from '../../../../src/server/llm/proxy.ts';
import { type ProxyUnderTest, startProxy } from './harness.ts';
import { FakeClock, recordingLogger } from './support.ts';

const question = JSON.stringify({
  model: 'yieldbook-offline',
  messages: [{ role: 'user', content: 'What is the capital of Chile?' }],
});

let current: ProxyUnderTest | null = null;
afterEach(async () => {
  await current?.close();
  current = null;
});

describe('a request body that arrives too slowly', { timeout: 30_000 }, () => {
  it('is refused with 408 after LLM_BODY_TIMEOUT_MS and frees its slot (handler)', async () => {
    const clock = new FakeClock();
    const handler = createLlmProxy({
      config: parseProxyConfig({ LLM_BODY_TIMEOUT_MS: '1000', LLM_MAX_CONCURRENT: '1' }),
      clock,
      logger: recordingLogger(),
      offlineDelayScale: 0,
    });
    let sent = 0;
    let cancelled = false;
    // One byte per 100 ms of the fake clock, for ever.
    const trickle = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await clock.sleep(100);
        controller.enqueue(new TextEncoder().encode(question.charAt(sent % question.length)));
        sent += 1;
      },
      // A host server's body stream may settle its cancel only when the socket closes
      // (Astro's Node adapter does): the 408 must not wait for it.
      cancel() {
        cancelled = true;
        return new Promise<void>(() => {});
      },
    });
    const pending = handler(
      new Request('http://site/api/llm/v1/chat/completions', {
        method: 'POST',
        body: trickle,
        headers: { 'Content-Type': 'application/json' },
        duplex: 'half',
      } as RequestInit),
      { clientAddress: '10.0.0.1' },
    );
    for (let step = 0; step < 10; step += 1) await clock.advance(100);
    const response = await pending;
    expect(response.status).toBe(408);
    expect(await response.json()).toEqual({
      error: {
        message: 'Request body did not arrive within 1000 ms',
        type: 'invalid_request_error',
        param: null,
        code: 'request_timeout',
      },
    });
    expect(sent).toBeGreaterThan(5);
    expect(cancelled).toBe(true);
    // The client's only slot is free again.
    const next = await handler(
      new Request('http://site/api/llm/v1/chat/completions', { method: 'POST', body: question }),
      { clientAddress: '10.0.0.1' },
    );
    expect(next.status).toBe(200);
  });

  it('is refused with 408 by the Node server while the client is still sending', async () => {
    current = await startProxy(
      { LLM_BODY_TIMEOUT_MS: '1000', LLM_MAX_CONCURRENT: '1' },
      { offlineDelayScale: 0 },
    );
    const { clock } = current;
    const url = new URL(`${current.baseURL}/chat/completions`);
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const outgoing = httpRequest(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      });
      let sent = 0;
      const timer = setInterval(() => {
        if (!outgoing.destroyed) outgoing.write(question.charAt(sent++ % question.length));
      }, 5);
      outgoing.on('response', (incoming) => {
        clearInterval(timer);
        let body = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => {
          body += chunk;
        });
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body }));
        incoming.on('error', reject);
      });
      outgoing.on('error', (error) => {
        clearInterval(timer);
        reject(error);
      });
    });
    await clock.untilSleeping(1);
    await clock.advance(1000);
    const { status, body } = await answer;
    expect(status).toBe(408);
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'request_timeout' } });
    const next = await fetch(url, { method: 'POST', body: question });
    expect(next.status).toBe(200);
  });
});
