import { describe, expect, it } from 'vitest';
import { planCompletion } from '../../../src/offline-llm/completion.ts';
import { isWorkerScript } from '../../../src/server/headers/site-headers.ts';
import { parseProxyConfig } from '../../../src/server/llm/config.ts';
import { createLlmProxy } from '../../../src/server/llm/proxy.ts';
import { isWorkerScriptPath, proxyPrefix } from '../../../src/service-worker/config.ts';
import { withSiteHeaders } from '../../../src/service-worker/isolation.ts';
import { offlineApi, STATIC_ACCESS } from '../../../src/service-worker/offline-api.ts';
import { sseData } from '../support/sse.ts';

const HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Content-Security-Policy': "default-src 'self'",
};

describe('withSiteHeaders', () => {
  it("adds the site's headers to a response the host sent without them, body and status kept", async () => {
    const response = withSiteHeaders(
      new Response('<p>hi</p>', { status: 404, headers: { 'Content-Type': 'text/html' } }),
      HEADERS,
    );
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('<p>hi</p>');
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(response.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'self'");
  });

  it('passes a response that carries COEP unchanged: the host or the server sent the headers', () => {
    const sent = new Response('x', {
      headers: { 'Cross-Origin-Embedder-Policy': 'credentialless' },
    });
    const passed = withSiteHeaders(sent, HEADERS);
    expect(passed).toBe(sent);
    expect(passed.headers.get('content-security-policy')).toBeNull();
  });
});

describe('isWorkerScriptPath', () => {
  it("agrees with the server's isWorkerScript at the root, and follows the base path", () => {
    const paths = [
      '/_astro/kernel.worker-BX1_a.js',
      '/_astro/pool.worker-abc.js',
      '/_astro/page.abc.js',
      '/_astro/kernel.worker-abc.js.map',
      '/lessons/kernel.worker-abc.js',
      '/sw.js',
    ];
    for (const path of paths) {
      expect(isWorkerScriptPath(path, '/'), path).toBe(isWorkerScript(path));
      expect(isWorkerScriptPath(`/repo${path}`, '/repo/'), path).toBe(isWorkerScript(path));
    }
    expect(isWorkerScriptPath('/_astro/kernel.worker-abc.js', '/repo/')).toBe(false);
  });
});

describe('offlineApi', () => {
  const prefix = proxyPrefix('/repo/');
  const slept: number[] = [];
  const options = {
    prefix,
    sleep: async (ms: number) => {
      slept.push(ms);
    },
  };
  const call = (path: string, init?: RequestInit) =>
    offlineApi(new Request(`http://site.test${prefix}${path}`, init), options);
  const chat = (body: unknown) =>
    call('chat/completions', { method: 'POST', body: JSON.stringify(body) });
  const ask = { messages: [{ role: 'user', content: 'What is the capital of Italy?' }] };

  it('lists the offline models and says the site is open and offline', async () => {
    const models = await (await call('models')).json();
    expect(models.data.map((model: { id: string }) => model.id)).toEqual([
      'yieldbook-offline',
      'yieldbook-offline-fast',
    ]);
    expect(await (await call('models/yieldbook-offline-fast')).json()).toMatchObject({
      id: 'yieldbook-offline-fast',
    });
    expect(await (await call('access')).json()).toEqual(STATIC_ACCESS);
  });

  it("answers as the proxy's offline model does, paced at the fast model's pace", async () => {
    slept.length = 0;
    const answer = await (await chat({ model: 'yieldbook-offline-fast', ...ask })).json();
    expect(answer.choices[0].message.content).toBe('The capital of Italy is Rome.');
    expect(answer.model).toBe('yieldbook-offline-fast');
    const plan = planCompletion({ ...ask, maxTokens: null });
    const total = plan.firstTokenMs + plan.tokenMs.reduce((sum, ms) => sum + ms, 0);
    expect(slept).toEqual([total * 0.05]);
  });

  it('streams chunks with usage on request, then [DONE]', async () => {
    const response = await chat({
      model: 'yieldbook-offline',
      stream: true,
      stream_options: { include_usage: true },
      ...ask,
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/u);
    const events = sseData(await response.text());
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((data) => JSON.parse(data));
    const text = chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('');
    expect(text).toBe('The capital of Italy is Rome.');
    expect(chunks.at(-1).usage.completion_tokens).toBeGreaterThan(0);
  });

  it('streams a Japanese answer in several chunks of whole characters', async () => {
    const response = await chat({
      model: 'yieldbook-offline',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'アメリカの首都はどこですか？' }],
    });
    const events = sseData(await response.text());
    const chunks = events.slice(0, -1).map((data) => JSON.parse(data));
    const deltas = chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '');
    expect(deltas.join('')).toBe('アメリカ合衆国の首都はワシントンD.C.です。');
    expect(deltas.filter((delta) => delta !== '').length).toBeGreaterThan(5);
    expect(chunks.at(-1).usage.completion_tokens).toBe(13);
  });

  it("refuses another model in the proxy's own words (lessons print them)", async () => {
    const response = await chat({ model: 'no-such-model', ...ask });
    expect((await response.json()).error).toEqual({
      message:
        'The model `no-such-model` does not exist on this server. Available: yieldbook-offline, yieldbook-offline-fast',
      type: 'not_found_error',
      param: 'model',
      code: 'model_not_found',
    });
  });

  it('refuses other models, bad bodies and other paths with OpenAI-shaped errors', async () => {
    const cases: [Promise<Response>, number, string][] = [
      [chat({ model: 'gpt-4o', ...ask }), 404, 'model_not_found'],
      [chat({ model: 'yieldbook-offline', messages: [] }), 400, 'invalid_value'],
      [chat({ model: 'yieldbook-offline', ...ask, max_tokens: 0 }), 400, 'invalid_value'],
      [call('chat/completions', { method: 'POST', body: '{' }), 400, 'invalid_json'],
      [call('embeddings', { method: 'POST', body: '{}' }), 404, 'unknown_url'],
      [call('models/nope'), 404, 'model_not_found'],
    ];
    for (const [pending, status, code] of cases) {
      const response = await pending;
      expect([response.status, (await response.json()).error.code]).toEqual([status, code]);
    }
  });
});

describe('offlineApi and the proxy answer alike', () => {
  const proxy = createLlmProxy({ config: parseProxyConfig({}), offlineDelayScale: 0 });
  const prefix = proxyPrefix('/');
  const fromWorker = (path: string, init?: RequestInit) =>
    offlineApi(new Request(`http://site.test${prefix}${path}`, init), {
      prefix,
      sleep: async () => {},
    });
  const fromProxy = (path: string, init?: RequestInit) =>
    proxy(new Request(`http://site.test${prefix}${path}`, init), { clientAddress: '127.0.0.1' });
  const post = (body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

  it('for models, answers and refusals a lesson prints', async () => {
    const cases: [string, RequestInit | undefined][] = [
      ['models', undefined],
      ['models/nope', undefined],
      [
        'chat/completions',
        post({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }),
      ],
      ...[
        'What is the capital of France?',
        'What is 6 * 7?',
        'Write a short story.',
        'フランスの首都は？',
        '12かける7は？',
        '短い物語を書いてください。',
      ].map((content): [string, RequestInit] => [
        'chat/completions',
        post({
          model: 'yieldbook-offline',
          max_tokens: 40,
          messages: [{ role: 'user', content }],
        }),
      ]),
    ];
    for (const [path, init] of cases) {
      const [worker, server] = await Promise.all([fromWorker(path, init), fromProxy(path, init)]);
      const [workerBody, serverBody] = [await worker.json(), await server.json()];
      expect(worker.status, path).toBe(server.status);
      // The time of the answer and who owns a model may differ; everything else may not.
      for (const body of [workerBody, serverBody]) {
        delete body.created;
        for (const model of body.data ?? []) delete model.owned_by;
      }
      expect(workerBody, path).toEqual(serverBody);
    }
  });
});
