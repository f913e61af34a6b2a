/**
 * A request's lease is released in Redis before its client sees the end of the response:
 * a student who never has more than N requests in flight is never refused by a budget of
 * N, however busy the servers are (`npm run bench:classroom`). Real `redis-server`, the
 * proxy on a loopback port, a fake upstream; Redis read directly the moment a response ends.
 */
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../../../scripts/support/redis-server.ts';
import { parseAccessConfig } from '../../../../src/server/access/config.ts';
import { AccessGate } from '../../../../src/server/access/gate.ts';
import { openRedisStore, type RedisStore } from '../../../../src/server/access/redis-store.ts';
import { signToken } from '../../../../src/server/access/token.ts';
import type { ProxyEnv } from '../../../../src/server/llm/settings.ts';
import { chunkEvent, type FakeUpstream, startFakeUpstream } from '../llm/fake-upstream.ts';
import { type ProxyUnderTest, startProxy } from '../llm/harness.ts';
import { recordingLogger } from '../llm/support.ts';
import { REDIS_PORTS } from './ports.ts';

const SECRET = 'a-test-secret-of-at-least-32-characters!';
const STUDENT = 'ada';
const usage = { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 };

let redis: TestRedis;
let probe: ReturnType<typeof createClient>;
let upstream: FakeUpstream | null = null;
let proxy: ProxyUnderTest | null = null;
let store: RedisStore | null = null;
let prefixes = 0;

beforeAll(async () => {
  redis = await startRedis(REDIS_PORTS);
  probe = createClient({ url: redis.url });
  await probe.connect();
});

afterAll(async () => {
  await probe?.close();
  await redis?.stop();
});

afterEach(async () => {
  await proxy?.close();
  await upstream?.close();
  await store?.close();
  proxy = null;
  upstream = null;
  store = null;
});

/** A proxy whose budgets live in Redis under a prefix of its own; returns that prefix. */
async function start(): Promise<string> {
  upstream = await startFakeUpstream();
  upstream.behave((request, response) => {
    const body = JSON.parse(request.body) as { stream?: boolean };
    if (body.stream !== true) {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(
        JSON.stringify({
          id: 'c',
          object: 'chat.completion',
          created: 1,
          model: 'up-model',
          choices: [
            { index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' },
          ],
          usage,
        }),
      );
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/event-stream' });
    response.end(
      `${chunkEvent('Hel')}${chunkEvent('lo')}data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'up-model', choices: [], usage })}\n\ndata: [DONE]\n\n`,
    );
  });
  const env: ProxyEnv = {
    LLM_BASE_URL: `${upstream.origin}/v1`,
    LLM_MODELS: 'up-model',
    LLM_ACCESS: 'students',
    LLM_ACCESS_SECRET: SECRET,
    LLM_STUDENT_CONCURRENT: '4',
    LLM_CLASS_CONCURRENT: '4',
  };
  const config = parseAccessConfig(env);
  const prefix = `release${++prefixes}:`;
  store = await openRedisStore({
    url: redis.url,
    budgets: config.budgets,
    logger: recordingLogger(),
    prefix,
    leaseMs: 60_000,
  });
  const access = new AccessGate({
    config,
    logger: recordingLogger(),
    offline: false,
    leaseMs: 60_000,
    store,
  });
  proxy = await startProxy(env, { access, offlineDelayScale: 0 });
  return prefix;
}

/** The leases Redis counts now: the student's and the class's. */
async function leases(prefix: string): Promise<[number, number]> {
  const [student, all] = await Promise.all([
    probe.sendCommand(['ZCARD', `${prefix}student:${STUDENT}:leases`]),
    probe.sendCommand(['ZCARD', `${prefix}leases`]),
  ]);
  return [Number(student), Number(all)];
}

/** One request, read to its end; then what Redis counts, asked at once. */
async function askThenCount(prefix: string, stream: boolean): Promise<[number, number]> {
  const now = Math.floor(Date.now() / 1000);
  const token = signToken({ sub: STUDENT, iat: now - 60, exp: now + 3600 }, SECRET);
  const response = await fetch(`${proxy?.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({
      model: 'up-model',
      stream,
      messages: [{ role: 'user', content: 'Hello' }],
    }),
  });
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(text).toContain(stream ? 'data: [DONE]' : '"Hi"');
  return leases(prefix);
}

describe('leases in Redis', { timeout: 30_000 }, () => {
  it('are released before the client sees the end of a stream', async () => {
    const prefix = await start();
    for (let request = 0; request < 20; request++) {
      expect(await askThenCount(prefix, true)).toEqual([0, 0]);
    }
  });

  it('are released before the client sees the end of a JSON answer', async () => {
    const prefix = await start();
    for (let request = 0; request < 20; request++) {
      expect(await askThenCount(prefix, false)).toEqual([0, 0]);
    }
  });

  it('are released before a refusal from the upstream reaches the client', async () => {
    const prefix = await start();
    upstream?.behave((_request, response) => {
      response.writeHead(500, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'boom' } }));
    });
    const now = Math.floor(Date.now() / 1000);
    const token = signToken({ sub: STUDENT, iat: now - 60, exp: now + 3600 }, SECRET);
    for (let request = 0; request < 10; request++) {
      const response = await fetch(`${proxy?.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ model: 'up-model', messages: [{ role: 'user', content: 'Hi' }] }),
      });
      expect(response.status).toBe(500);
      await response.text();
      expect(await leases(prefix)).toEqual([0, 0]);
    }
  });
});
