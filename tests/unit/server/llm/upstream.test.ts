import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../../../src/server/llm/types.ts';
import { readText } from '../../support/sse.ts';
import {
  UPSTREAM_KEY as KEY,
  postChat,
  startUpstreamProxy,
  UPSTREAM_CLIENTS,
  type UpstreamClient,
} from '../../support/upstream-proxy.ts';
import { chunkEvent, completionBody, type FakeUpstream } from './fake-upstream.ts';
import { type ProxyUnderTest, startProxy, until } from './harness.ts';
import { deferred } from './support.ts';

let upstream: FakeUpstream;
let proxy: ProxyUnderTest;
let fetched: string[];

const ask = (content: string) => [{ role: 'user' as const, content }];

const clients: UpstreamClient[] = [];

describe.each(Object.keys(UPSTREAM_CLIENTS) as Array<keyof typeof UPSTREAM_CLIENTS>)(
  'the proxy in front of an OpenAI-compatible upstream, through %s',
  { timeout: 30_000 },
  (client) => {
    beforeEach(async () => {
      fetched = [];
      const send = UPSTREAM_CLIENTS[client]();
      clients.push(send);
      const recordingFetch: FetchLike = (input, init) => {
        fetched.push(input);
        return send(input, init);
      };
      ({ upstream, proxy } = await startUpstreamProxy({
        models: 'up-model,other-model',
        fetch: recordingFetch,
      }));
    });

    afterEach(async () => {
      // The key never appears in anything the proxy logged.
      for (const line of proxy.logger.lines) expect(line).not.toContain(KEY);
      await proxy.close();
      for (const one of clients.splice(0)) one.close?.();
      await upstream.close();
    });

    it('sends the server key (not the client’s) to the fixed URL and relays the answer', async () => {
      upstream.behave((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(completionBody('Bonjour')));
      });
      const completion = await proxy.sdk().chat.completions.create({
        model: 'up-model',
        messages: ask('Hello'),
        max_tokens: 99_999,
      });
      expect(completion.choices[0]?.message.content).toBe('Bonjour');
      expect(completion.model).toBe('up-model');
      const [request] = upstream.received;
      expect(request?.method).toBe('POST');
      expect(request?.url).toBe('/v1/chat/completions');
      expect(request?.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(JSON.parse(request?.body ?? '{}')).toMatchObject({
        model: 'up-model',
        messages: ask('Hello'),
        max_tokens: 4096,
      });
      const models = await proxy.sdk().models.list();
      expect(models.data.map((model) => model.id)).toEqual([
        'up-model',
        'other-model',
        'yieldbook-offline',
        'yieldbook-offline-fast',
      ]);
    });

    it('forwards only the allowed fields, always with a token limit, and refuses the rest', async () => {
      upstream.behave((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(completionBody('ok')));
      });
      await proxy.sdk().chat.completions.create({
        model: 'up-model',
        messages: ask('Hello'),
        temperature: 0.2,
        n: 1,
      });
      expect(JSON.parse(upstream.received[0]?.body ?? '{}')).toEqual({
        model: 'up-model',
        messages: ask('Hello'),
        temperature: 0.2,
        max_tokens: 4096,
      });
      const refusals: [Record<string, unknown>, string][] = [
        [{ n: 5 }, 'n'],
        [{ tools: [{ type: 'function', function: { name: 'f' } }] }, 'tools'],
        [{ service_tier: 'priority' }, 'service_tier'],
        [{ store: true }, 'store'],
        [{ metadata: { run: '1' } }, 'metadata'],
      ];
      for (const [extra, param] of refusals) {
        const error = await proxy
          .sdk()
          .chat.completions.create({ model: 'up-model', messages: ask('x'), ...extra })
          .catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(OpenAI.BadRequestError);
        expect(error).toMatchObject({ status: 400, param });
        expect((error as Error).message).toContain(`\`${param}\``);
      }
      expect(upstream.received).toHaveLength(1);
    });

    it('cannot be redirected by anything in the path, query, headers or body', async () => {
      upstream.behave((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(completionBody('ok')));
      });
      const body = JSON.stringify({
        model: 'up-model',
        messages: ask('x'),
      });
      const attempts = [
        `${proxy.baseURL}/chat/completions?base_url=http://evil.example/&url=http://evil.example/`,
        `${proxy.proxy.origin}/api/llm/v1//chat/completions`,
        `${proxy.baseURL}/chat/completions#http://evil.example`,
      ];
      for (const url of attempts) {
        const response = await fetch(url, {
          method: 'POST',
          body,
          headers: {
            'Content-Type': 'application/json',
            Authorization: 'Bearer client-key',
            'X-Forwarded-Host': 'evil.example',
            'X-Upstream': 'http://evil.example/',
            Forwarded: 'host=evil.example',
          },
        });
        await response.arrayBuffer();
      }
      // Paths that try to climb out of the proxy never reach the upstream at all.
      for (const path of [
        '/../../v1/chat/completions',
        '/%2e%2e/%2e%2e/chat/completions',
        '/chat/completions/../../x',
      ]) {
        const response = await fetch(`${proxy.baseURL}${path}`, {
          method: 'POST',
          body,
          headers: { 'Content-Type': 'application/json' },
        });
        expect(response.status).toBe(404);
        await response.arrayBuffer();
      }
      expect(fetched.every((url) => url === `${upstream.origin}/v1/chat/completions`)).toBe(true);
      expect(upstream.received.length).toBe(fetched.length);
      for (const request of upstream.received) {
        expect(request.url).toBe('/v1/chat/completions');
        expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
        expect(request.headers['x-forwarded-host']).toBeUndefined();
        expect(request.headers['x-upstream']).toBeUndefined();
        expect(request.headers.forwarded).toBeUndefined();
      }
    });

    it('relays a stream event by event as it arrives, [DONE] included', async () => {
      const release = [deferred(), deferred(), deferred()];
      upstream.behave(async (_request, response) => {
        response.writeHead(200, { 'Content-Type': 'text/event-stream' });
        const bytes = Buffer.from(chunkEvent('Grüß ') + chunkEvent('dich'), 'utf8');
        // First event in two pieces split inside a multi-byte character.
        const split = bytes.indexOf(Buffer.from('ü')) + 1;
        response.write(bytes.subarray(0, split));
        await release[0]?.promise;
        response.write(bytes.subarray(split, bytes.length));
        await release[1]?.promise;
        response.write('data: [DO');
        await release[2]?.promise;
        response.end('NE]\n\n');
      });
      const response = await postChat(proxy, {
        model: 'up-model',
        stream: true,
        messages: ask('x'),
      });
      expect(response.headers.get('x-accel-buffering')).toBe('no');
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      const read = async () => decoder.decode((await reader.read()).value);
      release[0]?.resolve();
      // Both events arrive although the upstream has not finished.
      let text = '';
      while (!text.includes('dich')) text += await read();
      expect(text).toBe(chunkEvent('Grüß ') + chunkEvent('dich'));
      release[1]?.resolve();
      release[2]?.resolve();
      const rest = await readText(reader);
      expect(rest).toBe('data: [DONE]\n\n');
    });

    it('streams through the SDK', async () => {
      upstream.behave((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'text/event-stream' });
        response.end(`${chunkEvent('a')}${chunkEvent('b')}data: [DONE]\n\n`);
      });
      const stream = await proxy.sdk().chat.completions.create({
        model: 'up-model',
        messages: ask('x'),
        stream: true,
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      expect(text).toBe('ab');
    });

    it('aborts the upstream request when the client disconnects mid-stream', async () => {
      const upstreamClosed = deferred();
      upstream.behave((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'text/event-stream' });
        response.write(chunkEvent('first'));
        response.on('close', () => upstreamClosed.resolve());
      });
      const abort = new AbortController();
      const stream = await proxy
        .sdk()
        .chat.completions.create(
          { model: 'up-model', messages: ask('x'), stream: true },
          { signal: abort.signal },
        );
      for await (const chunk of stream) {
        expect(chunk.choices[0]?.delta.content).toBe('first');
        abort.abort();
      }
      await upstreamClosed.promise;
    });

    it('answers an upstream 401 in its own words; the key and its pieces reach only the log, redacted', async () => {
      const fragment = `${KEY.slice(0, 4)}...${KEY.slice(-3)}`;
      upstream.behave((_request, response) => {
        response.writeHead(401, { 'Content-Type': 'application/json' });
        response.end(
          JSON.stringify({
            error: {
              message: `Incorrect API key provided: ${fragment}. Full: ${KEY}`,
              type: 'invalid_request_error',
              param: null,
              code: 'invalid_api_key',
            },
          }),
        );
      });
      const raw = await postChat(proxy, { model: 'up-model', messages: ask('x') });
      expect(raw.status).toBe(502);
      const text = await raw.text();
      expect(text).not.toContain(fragment);
      expect(text).not.toContain(KEY.slice(-3));
      expect(JSON.parse(text)).toEqual({
        error: {
          message:
            "The site's language model service refused the server's credentials; tell the course's operator",
          type: 'api_error',
          param: null,
          code: 'upstream_auth_failed',
        },
      });
      const logged = proxy.logger.lines.join('\n');
      expect(logged).toContain('Incorrect API key provided: [redacted]. Full: [redacted]');
      expect(logged).not.toContain(fragment);
      expect(logged).toContain(raw.headers.get('x-request-id'));
    });

    it('gives the client only the status and identifiers of other upstream errors', async () => {
      upstream.behave((_request, response) => {
        response.writeHead(503, { 'Content-Type': 'text/plain' });
        response.end(`overloaded (key ${KEY.slice(0, 4)}****${KEY.slice(-4)})`);
      });
      const raw = await postChat(proxy, { model: 'up-model', messages: ask('x') });
      expect(raw.status).toBe(503);
      expect(await raw.json()).toEqual({
        error: {
          message: 'The model server failed (status 503); the server log has the details',
          type: 'api_error',
          param: null,
          code: null,
        },
      });

      upstream.behave((_request, response) => {
        response.writeHead(400, { 'Content-Type': 'application/json' });
        response.end(
          JSON.stringify({
            error: {
              message: `context too long for ${KEY}`,
              type: 'invalid_request_error',
              param: 'messages',
              code: 'context_length_exceeded',
            },
          }),
        );
      });
      const refused = await proxy
        .sdk()
        .chat.completions.create({ model: 'up-model', messages: ask('x') })
        .catch((caught: unknown) => caught);
      expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
      expect(refused).toMatchObject({
        status: 400,
        param: 'messages',
        code: 'context_length_exceeded',
        type: 'invalid_request_error',
      });
      expect((refused as Error).message).not.toContain('context too long');
    });

    it('answers 504 when the upstream does not answer in time, and drops the upstream request', async () => {
      const upstreamClosed = deferred();
      upstream.behave((_request, response) => {
        response.on('close', () => upstreamClosed.resolve());
      });
      const pending = postChat(proxy, { model: 'up-model', messages: ask('x') });
      await until(() => upstream.received.length === 1 && proxy.clock.pending === 1);
      await proxy.clock.advance(5000);
      const response = await pending;
      expect(response.status).toBe(504);
      expect(await response.json()).toMatchObject({ error: { code: 'upstream_timeout' } });
      await upstreamClosed.promise;
    });

    it('ends a stream with an error event when the upstream stalls between chunks', async () => {
      upstream.behave((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'text/event-stream' });
        response.write(chunkEvent('partial'));
      });
      const response = await postChat(proxy, {
        model: 'up-model',
        messages: ask('x'),
        stream: true,
      });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      expect(first).toBe(chunkEvent('partial'));
      // The stream's time limit and the wait for the next chunk.
      await until(() => proxy.clock.pending === 2);
      await proxy.clock.advance(5000);
      const rest = await readText(reader);
      expect(rest).toContain('"code":"upstream_timeout"');
    });

    it('refuses to follow an upstream redirect and reports an unreachable upstream as 502', async () => {
      upstream.behave((_request, response) => {
        response.writeHead(307, { Location: 'http://evil.example/v1/chat/completions' });
        response.end();
      });
      const redirected = await proxy
        .sdk()
        .chat.completions.create({ model: 'up-model', messages: ask('x') })
        .catch((caught: unknown) => caught);
      expect(redirected).toMatchObject({ status: 502, code: 'upstream_redirect' });
      expect(fetched).toEqual([`${upstream.origin}/v1/chat/completions`]);

      await upstream.close();
      const unreachable = await proxy
        .sdk()
        .chat.completions.create({ model: 'up-model', messages: ask('x') })
        .catch((caught: unknown) => caught);
      expect(unreachable).toMatchObject({ status: 502, code: 'upstream_unreachable' });
    });

    it('passes an upstream 429 on with its Retry-After, and refuses a 200 that is not JSON or is cut short', async () => {
      upstream.behave((_request, response) => {
        response.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '7' });
        response.end(
          JSON.stringify({
            error: { message: 'slow down', type: 'rate_limit_error', code: 'rate_limit_exceeded' },
          }),
        );
      });
      const limited = await proxy
        .sdk()
        .chat.completions.create({ model: 'up-model', messages: ask('x') })
        .catch((caught: unknown) => caught);
      expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
      expect(
        (limited as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after'),
      ).toBe('7');

      upstream.behave((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'text/html' });
        response.end('<html>captive portal</html>');
      });
      const garbled = await proxy
        .sdk()
        .chat.completions.create({ model: 'up-model', messages: ask('x') })
        .catch((caught: unknown) => caught);
      expect(garbled).toMatchObject({ status: 502, code: 'upstream_invalid_response' });

      upstream.behave((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end('{"choices": [ nope');
      });
      const cut = await proxy
        .sdk()
        .chat.completions.create({ model: 'up-model', messages: ask('x') })
        .catch((caught: unknown) => caught);
      expect(cut).toMatchObject({ status: 502, code: 'upstream_invalid_response' });
    });

    it('keeps the key out of logs and responses when the upstream fetch fails with it in the message', async () => {
      await proxy.close();
      proxy = await startProxy(
        { LLM_BASE_URL: `${upstream.origin}/v1`, LLM_API_KEY: KEY, LLM_MODELS: 'up-model' },
        {
          fetch: async () => {
            throw new Error(`connect failed for Bearer ${KEY}`);
          },
        },
      );
      const response = await postChat(proxy, { model: 'up-model', messages: ask('x') });
      expect(response.status).toBe(502);
      expect(await response.text()).not.toContain(KEY);
      expect(proxy.logger.lines.some((line) => line.includes('[redacted]'))).toBe(true);
    });

    it('refuses models outside the allowlist before contacting the upstream', async () => {
      const error = await proxy
        .sdk()
        .chat.completions.create({ model: 'gpt-expensive', messages: ask('x') })
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ status: 404, code: 'model_not_found' });
      expect(upstream.received).toEqual([]);
    });
  },
);
