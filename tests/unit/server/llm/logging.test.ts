import { describe, expect, it } from 'vitest';
import { parseProxyConfig } from '../../../../src/server/llm/config.ts';
import { pinoLogger } from '../../../../src/server/llm/log.ts';
import { createLlmProxy } from '../../../../src/server/llm/proxy.ts';
import type { Logger } from '../../../../src/server/llm/types.ts';
import { FakeClock, recordingLogger } from './support.ts';

const KEY = 'fake-key-logging-0123456789abcdef';

function badRequest(): Request {
  return new Request('http://site/api/llm/v1/chat/completions', {
    method: 'POST',
    body: '{"model":',
    headers: { 'Content-Type': 'application/json' },
  });
}

function proxyWith(logger: Logger, clock = new FakeClock()) {
  return createLlmProxy({ config: parseProxyConfig({}), clock, logger, offlineDelayScale: 0 });
}

const linesOf = (lines: string[], client: string) =>
  lines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.client === client);

describe('proxy logs', () => {
  it('write at most one line per client per interval for refusals, with the count and statuses', async () => {
    const clock = new FakeClock();
    const logger = recordingLogger();
    const handler = proxyWith(logger, clock);
    const ids = new Set<string | null>();
    for (let index = 0; index < 50; index += 1) {
      const response = await handler(badRequest(), { clientAddress: '10.0.0.1' });
      expect(response.status).toBe(400);
      ids.add(response.headers.get('x-request-id'));
    }
    await handler(new Request('http://site/api/llm/v1/nowhere'), { clientAddress: '10.0.0.1' });
    await handler(badRequest(), { clientAddress: '10.0.0.2' });
    expect(ids.size).toBe(50);
    const first = linesOf(logger.lines, '10.0.0.1');
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ count: 1, statuses: { 400: 1 }, status: 400 });
    expect(ids.has(first[0]?.requestId as string)).toBe(true);
    expect(linesOf(logger.lines, '10.0.0.2')).toHaveLength(1);

    await clock.advance(10_000);
    await handler(badRequest(), { clientAddress: '10.0.0.1' });
    const second = linesOf(logger.lines, '10.0.0.1');
    expect(second).toHaveLength(2);
    expect(second[1]).toMatchObject({ count: 51, statuses: { 400: 50, 404: 1 } });
  });

  it('write the tail of a burst once the interval is over, when any request comes in', async () => {
    const clock = new FakeClock();
    const logger = recordingLogger();
    const handler = proxyWith(logger, clock);
    for (let index = 0; index < 5; index += 1) {
      await handler(badRequest(), { clientAddress: '10.0.0.1' });
    }
    await clock.advance(10_000);
    const ok = await handler(new Request('http://site/api/llm/v1/models'), {
      clientAddress: '10.0.0.9',
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const lines = linesOf(logger.lines, '10.0.0.1');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ count: 4, statuses: { 400: 4 } });
    expect(lines[1]).not.toHaveProperty('requestId');
  });

  it('are JSON lines from pino with the request id and the key redacted', async () => {
    const written: string[] = [];
    const logger = pinoLogger({ write: (line: string) => written.push(line) });
    const handler = createLlmProxy({
      config: parseProxyConfig({
        LLM_BASE_URL: 'http://127.0.0.1:9/v1',
        LLM_API_KEY: KEY,
        LLM_MODELS: 'up-model',
      }),
      clock: new FakeClock(),
      logger,
      fetch: async () => {
        throw new Error(
          `connect failed for Bearer ${KEY} (key ${KEY.slice(0, 4)}...${KEY.slice(-3)})`,
        );
      },
    });
    const response = await handler(
      new Request('http://site/api/llm/v1/chat/completions', {
        method: 'POST',
        body: JSON.stringify({ model: 'up-model', messages: [{ role: 'user', content: 'x' }] }),
      }),
      { clientAddress: '10.0.0.1' },
    );
    expect(response.status).toBe(502);
    expect(written).toHaveLength(1);
    const text = written[0] ?? '';
    expect(text.endsWith('\n')).toBe(true);
    const line = JSON.parse(text) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 'warn',
      message: 'llm requests failed',
      client: '10.0.0.1',
      status: 502,
      requestId: response.headers.get('x-request-id'),
    });
    expect(typeof line.time).toBe('string');
    expect(String(line.detail)).toContain('connect failed for Bearer [redacted]');
    expect(text).not.toContain(KEY.slice(-3));
    expect(text).not.toContain(KEY.slice(0, 12));
  });
});
