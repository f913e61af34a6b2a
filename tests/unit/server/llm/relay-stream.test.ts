import { monitorEventLoopDelay } from 'node:perf_hooks';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { type ProxyEnv, parseProxyConfig } from '../../../../src/server/llm/config.ts';
import { createLlmProxy } from '../../../../src/server/llm/proxy.ts';
import { countingBody } from '../../support/counting-body.ts';
import { readText } from '../../support/sse.ts';
import { postChat, startUpstreamProxy, UPSTREAM_KEY } from '../../support/upstream-proxy.ts';
import { chunkEvent, completionBody, type FakeUpstream } from './fake-upstream.ts';
import type { ProxyUnderTest } from './harness.ts';
import { deferred, FakeClock, recordingLogger, settle } from './support.ts';

const KEY = 'fake-key-relay-0123456789';
const ask = [{ role: 'user' as const, content: 'x' }];
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The proxy's handler with a fetch answering `upstream()`, a fake clock and no server. */
function handlerWith(upstream: () => Response, env: ProxyEnv = {}) {
  const clock = new FakeClock();
  const logger = recordingLogger();
  const handler = createLlmProxy({
    config: parseProxyConfig({
      LLM_BASE_URL: 'http://127.0.0.1:9/v1',
      LLM_API_KEY: KEY,
      LLM_MODELS: 'up-model',
      ...env,
    }),
    fetch: async () => upstream(),
    clock,
    logger,
  });
  const send = (stream: boolean) =>
    handler(
      new Request('http://127.0.0.1/api/llm/v1/chat/completions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ model: 'up-model', messages: ask, stream }),
      }),
      { clientAddress: 'test' },
    );
  return { clock, logger, send };
}

const SSE = { 'Content-Type': 'text/event-stream' };

describe('relaying upstream streams within limits', { timeout: 30_000 }, () => {
  it('reads the upstream only as fast as the client reads', async () => {
    const event = encoder.encode(chunkEvent('x'.repeat(1000)));
    const upstream = countingBody(event, { total: 100 * 1_048_576 });
    const { send } = handlerWith(() => new Response(upstream.body, { headers: SSE }));
    const response = await send(true);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    for (let turn = 0; turn < 200; turn++) await settle();
    expect(upstream.state.produced).toBe(0);
    for (let read = 0; read < 10; read++) await reader.read();
    for (let turn = 0; turn < 200; turn++) await settle();
    expect(upstream.state.produced).toBe(10 * event.length);
    await reader.cancel();
    expect(upstream.state.cancelled).toBe(true);
  });

  it('redacts pieces of the key, not only the whole key, in streams and replies relayed to the client', async () => {
    // Providers quote a refused key masked (`fake...6789`) or in part.
    const leaks = [
      `Incorrect API key ${KEY.slice(0, 4)}...${KEY.slice(-4)}`,
      KEY.slice(0, 16),
      KEY,
    ];
    const events = leaks.map((message) => `data: ${JSON.stringify({ error: { message } })}\n\n`);
    const streamed = handlerWith(() => new Response(events.join('') + events[0], { headers: SSE }));
    const streamText = await readText((await streamed.send(true)).body);
    const replied = handlerWith(
      () =>
        new Response(JSON.stringify({ error: { message: leaks.join(' / ') } }), {
          headers: { 'Content-Type': 'application/json' },
        }),
    );
    const replyText = await (await replied.send(false)).text();
    for (const text of [streamText, replyText]) {
      expect(text).toContain('Incorrect API key [redacted]');
      expect(text).not.toContain(`${KEY.slice(0, 4)}...`);
      expect(text).not.toContain(`...${KEY.slice(-4)}`);
      expect(text).not.toContain(KEY.slice(0, 16));
    }
    // The unterminated last event is redacted too.
    expect(streamText.split('[redacted]').length - 1).toBe(4);
  });

  it('refuses a non-streamed body over LLM_MAX_RESPONSE_BYTES with 502, reading no further', async () => {
    const cap = 1_048_576;
    const chunk = encoder.encode(`{"pad":"${'a'.repeat(65_536 - 9)}`);
    const upstream = countingBody(chunk, { total: 200 * 1_048_576 });
    const { send } = handlerWith(
      () => new Response(upstream.body, { headers: { 'Content-Type': 'application/json' } }),
      { LLM_MAX_RESPONSE_BYTES: String(cap) },
    );
    const response = await send(false);
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({
      error: {
        message: `The model server sent a response larger than ${cap} bytes, the most the proxy reads`,
        type: 'api_error',
        param: null,
        code: 'upstream_response_too_large',
      },
    });
    expect(upstream.state.produced).toBeLessThanOrEqual(cap + chunk.length);
    expect(upstream.state.cancelled).toBe(true);
  });

  it('refuses a body whose Content-Length is over the cap without reading it', async () => {
    const upstream = countingBody(encoder.encode('{}'), { total: 10 });
    const { send } = handlerWith(
      () =>
        new Response(upstream.body, {
          headers: { 'Content-Type': 'application/json', 'Content-Length': '2000' },
        }),
      { LLM_MAX_RESPONSE_BYTES: '1000' },
    );
    const response = await send(false);
    expect(response.status).toBe(502);
    expect(upstream.state.produced).toBe(0);
    expect(upstream.state.cancelled).toBe(true);

    const small = handlerWith(() => Response.json(completionBody('fits')), {
      LLM_MAX_RESPONSE_BYTES: '1000',
    });
    expect(await (await small.send(false)).json()).toMatchObject({
      choices: [{ message: { content: 'fits' } }],
    });
  });

  it('ends a stream whose event passes LLM_MAX_EVENT_BYTES with an error event, in linear work', async () => {
    const cap = 1_048_576;
    const chunk = new Uint8Array(65_536).fill(0x61);
    chunk.set(encoder.encode('data: '));
    // One whole event first, which is relayed before the oversized one.
    const upstream = countingBody(chunk, {
      total: 50 * 1_048_576,
      first: encoder.encode(chunkEvent('before')),
    });
    const { send, logger } = handlerWith(() => new Response(upstream.body, { headers: SSE }), {
      LLM_MAX_EVENT_BYTES: String(cap),
    });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const text = await readText((await send(true)).body);
    delay.disable();
    expect(text).toBe(
      `${chunkEvent('before')}data: ${JSON.stringify({
        error: {
          message: `The model server sent an event larger than ${cap} bytes`,
          type: 'api_error',
          param: null,
          code: 'upstream_event_too_large',
        },
      })}\n\n`,
    );
    expect(upstream.state.produced).toBeLessThanOrEqual(cap + 2 * chunk.length);
    expect(upstream.state.cancelled).toBe(true);
    // A generous bound: the old framer rescanned everything on each chunk and stalled for seconds.
    expect(delay.max).toBeLessThan(1e9);
    expect(logger.lines.join('\n')).toContain('upstream_event_too_large');
  });

  it('ends a stream at LLM_STREAM_MAX_MS, dropping the upstream even while the client does not read', async () => {
    const pending = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(chunkEvent('one')));
        controller.enqueue(encoder.encode(chunkEvent('two')));
      },
      cancel() {
        cancelled.resolve();
      },
    });
    const cancelled = deferred();
    const { send, clock } = handlerWith(() => new Response(pending, { headers: SSE }), {
      LLM_STREAM_MAX_MS: '1000',
      LLM_TIMEOUT_MS: '5000',
    });
    const reader = ((await send(true)).body as ReadableStream<Uint8Array>).getReader();
    expect(decoder.decode((await reader.read()).value)).toBe(chunkEvent('one'));
    // The client pauses; the time limit passes.
    await clock.untilSleeping(1);
    await clock.advance(1000);
    await cancelled.promise;
    const rest = await readText(reader);
    expect(rest).toBe(
      `data: ${JSON.stringify({
        error: {
          message: 'The stream was ended after 1000 ms, the longest the proxy allows',
          type: 'api_error',
          param: null,
          code: 'stream_time_limit',
        },
      })}\n\n`,
    );
  });
});

describe('an upstream that drops the connection mid-stream', { timeout: 30_000 }, () => {
  let upstream: FakeUpstream;
  let proxy: ProxyUnderTest;

  afterEach(async () => {
    for (const line of proxy.logger.lines) expect(line).not.toContain(UPSTREAM_KEY);
    await proxy.close();
    await upstream.close();
  });

  async function start() {
    ({ upstream, proxy } = await startUpstreamProxy());
    upstream.behave((_request, response) => {
      response.writeHead(200, SSE);
      response.write(chunkEvent('first'));
      // Half an event, then the connection goes without the chunked body's end.
      response.write('data: {"choices":[{"del', () => response.socket?.destroy());
    });
  }

  const DISCONNECTED = {
    message: 'The model server closed the connection before the stream ended',
    type: 'api_error',
    param: null,
    code: 'upstream_disconnected',
  };

  it('ends the stream with an OpenAI-shaped error event, no [DONE], no stray text', async () => {
    await start();
    const response = await postChat(proxy, { model: 'up-model', messages: ask, stream: true });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(
      `${chunkEvent('first')}data: ${JSON.stringify({ error: DISCONNECTED })}\n\n`,
    );
    expect(proxy.logger.lines.join('\n')).toContain('upstream_disconnected');
  });

  it('makes the openai SDK raise an APIError that says what happened', async () => {
    await start();
    const stream = await proxy.sdk().chat.completions.create({
      model: 'up-model',
      messages: ask,
      stream: true,
    });
    const received: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((caught: unknown) => caught);
    expect(received).toEqual(['first']);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({
      message: DISCONNECTED.message,
      code: 'upstream_disconnected',
      type: 'api_error',
    });
  });
});
