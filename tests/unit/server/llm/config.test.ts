import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMITS,
  OFFLINE_FAST_MODEL_ID,
  OFFLINE_MODEL_ID,
  parseProxyConfig,
} from '../../../../src/server/llm/config.ts';

describe('proxy configuration', () => {
  it('serves the offline model (and its fast variant) alone when no upstream is set', () => {
    const config = parseProxyConfig({ LLM_MODELS: 'gpt-4o', LLM_API_KEY: 'fake-key-unused' });
    expect(config.upstream).toBeNull();
    expect(config.models).toEqual([OFFLINE_MODEL_ID, OFFLINE_FAST_MODEL_ID]);
    expect(config.limits).toEqual(DEFAULT_LIMITS);
    expect(config.offlineDelayScale).toBe(1);
  });

  it('lists the default model first, then the rest of the allowlist', () => {
    const config = parseProxyConfig({
      LLM_BASE_URL: 'http://127.0.0.1:8000/v1/',
      LLM_MODELS: 'a, b ,c',
      LLM_DEFAULT_MODEL: 'b',
      LLM_API_KEY: 'fake-key-test',
    });
    expect(config.upstream).toEqual({
      baseUrl: 'http://127.0.0.1:8000/v1',
      apiKey: 'fake-key-test',
    });
    expect(config.models).toEqual(['b', 'a', 'c', OFFLINE_MODEL_ID, OFFLINE_FAST_MODEL_ID]);
  });

  it('reads limits from strings or numbers', () => {
    const config = parseProxyConfig({
      LLM_MAX_CONCURRENT: '8',
      LLM_RATE_PER_SECOND: 2.5,
      LLM_RATE_BURST: '5',
      LLM_MAX_BODY_BYTES: '100',
      LLM_MAX_TOKENS: '10',
      LLM_TIMEOUT_MS: '250',
      LLM_BODY_TIMEOUT_MS: 75,
      LLM_MAX_RESPONSE_BYTES: '2048',
      LLM_MAX_EVENT_BYTES: 512,
      LLM_STREAM_MAX_MS: '9000',
      LLM_OFFLINE_DELAY_SCALE: '0',
    });
    expect(config.limits).toEqual({
      maxConcurrent: 8,
      ratePerSecond: 2.5,
      rateBurst: 5,
      maxBodyBytes: 100,
      maxTokens: 10,
      upstreamTimeoutMs: 250,
      bodyTimeoutMs: 75,
      maxResponseBytes: 2048,
      maxEventBytes: 512,
      streamMaxMs: 9000,
    });
    expect(config.offlineDelayScale).toBe(0);
  });

  it.each([
    [{ LLM_MAX_CONCURRENT: 'many' }, /LLM_MAX_CONCURRENT to be an integer of at least 1, got many/],
    [{ LLM_RATE_BURST: '0' }, /LLM_RATE_BURST/],
    [{ LLM_OFFLINE_DELAY_SCALE: '-1' }, /LLM_OFFLINE_DELAY_SCALE/],
    [{ LLM_MAX_RESPONSE_BYTES: '1.5' }, /LLM_MAX_RESPONSE_BYTES to be an integer/],
    [{ LLM_MAX_EVENT_BYTES: '0' }, /LLM_MAX_EVENT_BYTES/],
    [{ LLM_STREAM_MAX_MS: 'forever' }, /LLM_STREAM_MAX_MS/],
    [{ LLM_BASE_URL: 'not a url', LLM_MODELS: 'm' }, /absolute http\(s\) URL/],
    [{ LLM_BASE_URL: 'file:///etc/passwd', LLM_MODELS: 'm' }, /http or https/],
    [{ LLM_BASE_URL: 'https://u:p@example.org/v1', LLM_MODELS: 'm' }, /without credentials/],
    [{ LLM_BASE_URL: 'https://example.org/v1?x=1', LLM_MODELS: 'm' }, /without a query/],
    [{ LLM_BASE_URL: 'https://example.org/v1' }, /LLM_MODELS/],
  ])('rejects %j with a message naming the setting', (env, message) => {
    expect(() => parseProxyConfig(env)).toThrow(message);
  });

  it('never echoes LLM_BASE_URL in a configuration error (it may carry a token)', () => {
    expect(() =>
      parseProxyConfig({ LLM_BASE_URL: 'htps//host?token=fake-token-0123', LLM_MODELS: 'm' }),
    ).toThrow(/^Expected LLM_BASE_URL to be an absolute http\(s\) URL, got 32 characters/);
  });

  it('never puts the key in a configuration error', () => {
    try {
      parseProxyConfig({
        LLM_BASE_URL: 'https://example.org/v1',
        LLM_API_KEY: 'fake-key-secret-1',
      });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain('fake-key-secret-1');
    }
  });
});
