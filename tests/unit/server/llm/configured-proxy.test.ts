import { describe, expect, it } from 'vitest';
import { configuredProxy } from '../../../../src/server/llm/configured-proxy.ts';
import { recordingLogger } from './support.ts';

const TOKEN = 'fake-token-in-a-query-0123456789';

describe('the proxy built from the environment', () => {
  it.each([
    ['a query', `https://api.example/v1?token=${TOKEN}`],
    ['credentials', `https://user:${TOKEN}@api.example/v1`],
  ])(
    'answers 503 in its own words when LLM_BASE_URL carries %s; the log names the setting, not its value',
    async (_what, baseUrl) => {
      // A URL that parses, so the refusal is about what it carries and could quote it.
      expect(new URL(baseUrl).href).toContain(TOKEN);
      const logger = recordingLogger();
      const handler = configuredProxy(
        { LLM_BASE_URL: baseUrl, LLM_MODELS: 'm', LLM_API_KEY: 'fake-key-0123456789' },
        { logger },
      );
      const response = await handler(new Request('http://site/api/llm/v1/models'), {
        clientAddress: '127.0.0.1',
      });
      expect(response.status).toBe(503);
      const text = await response.text();
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain('api.example');
      expect(JSON.parse(text)).toMatchObject({
        error: { type: 'api_error', code: 'proxy_misconfigured', param: null },
      });
      const logged = logger.lines.join('\n');
      expect(logged).toContain('LLM_BASE_URL');
      expect(logged).not.toContain(TOKEN);
    },
  );

  it('serves the proxy when the environment is valid', async () => {
    const handler = configuredProxy({}, { logger: recordingLogger() });
    const response = await handler(new Request('http://site/api/llm/v1/models'), {
      clientAddress: '127.0.0.1',
    });
    expect(response.status).toBe(200);
  });
});
