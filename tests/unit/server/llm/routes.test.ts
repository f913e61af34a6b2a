import { describe, expect, it } from 'vitest';
import { parseProxyConfig } from '../../../../src/server/llm/config.ts';
import { modelRoutes } from '../../../../src/server/llm/routes.ts';
import { replyResponse } from '../../../../src/server/llm/text-reply.ts';
import { FakeClock } from './support.ts';

const infra = {
  clock: new FakeClock(),
  offlineDelayScale: 0,
  fetch: async () => {
    throw new Error('Expected no upstream request');
  },
};

describe('the routing table', () => {
  it('sends both offline ids to the offline model when no upstream is set', async () => {
    const routes = modelRoutes(parseProxyConfig({}), infra);
    expect([...routes.keys()]).toEqual(['yieldbook-offline', 'yieldbook-offline-fast']);
    const backend = routes.get('yieldbook-offline-fast');
    expect(backend?.ownedBy).toBe('yieldbook');
    let finished = 0;
    const response = await backend?.complete(
      {
        body: { model: 'yieldbook-offline-fast', messages: [] },
        model: 'yieldbook-offline-fast',
        messages: [{ role: 'user', content: 'What is the capital of Japan?' }],
        stream: false,
        includeUsage: false,
        maxTokens: null,
      },
      {
        signal: new AbortController().signal,
        finish: () => {
          finished += 1;
        },
        logger: { info: () => {}, warn: () => {}, error: () => {} },
      },
    );
    expect(finished).toBe(1);
    expect(response).toBeDefined();
    expect(await replyResponse(response as NonNullable<typeof response>).json()).toMatchObject({
      model: 'yieldbook-offline-fast',
      choices: [{ message: { content: 'The capital of Japan is Tokyo.' } }],
    });
  });

  it('sends every listed id to the one upstream, the default first, then the offline ids offline', () => {
    const routes = modelRoutes(
      parseProxyConfig({
        LLM_BASE_URL: 'http://127.0.0.1:9/v1',
        LLM_MODELS: 'a,b',
        LLM_DEFAULT_MODEL: 'b',
      }),
      infra,
    );
    expect([...routes.keys()]).toEqual(['b', 'a', 'yieldbook-offline', 'yieldbook-offline-fast']);
    expect(routes.get('a')).toBe(routes.get('b'));
    expect(routes.get('a')?.ownedBy).toBe('upstream');
    expect(routes.get('yieldbook-offline')?.ownedBy).toBe('yieldbook');
    expect(routes.get('yieldbook-offline-fast')?.ownedBy).toBe('yieldbook');
  });
});
