/**
 * A request's lease is released in Redis before its client sees the end of the response:
 * a student who never has more than N requests in flight is never refused by a budget of
 * N, however busy the servers are (`npm run bench:classroom`). Real `redis-server`, the
 * proxy on a loopback port, a fake upstream; Redis read directly the moment a response ends.
 */
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../../../scripts/support/redis-server.ts';
import { openRedisStore, type RedisStore } from '../../../../src/server/access/redis-store.ts';
import { recordingLogger } from '../llm/support.ts';
import { type AccessProxy, signedToken, startAccessProxy } from './access-proxy.ts';
import { REDIS_PORTS } from './ports.ts';

const STUDENT = 'ada';

let redis: TestRedis;
let probe: ReturnType<typeof createClient>;
let running: AccessProxy<RedisStore> | null = null;
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
  await running?.close();
  running = null;
});

/** A proxy whose budgets live in Redis under a prefix of its own; returns that prefix. */
async function start(): Promise<string> {
  const prefix = `release${++prefixes}:`;
  running = await startAccessProxy({
    env: { LLM_ACCESS: 'students', LLM_STUDENT_CONCURRENT: '4', LLM_CLASS_CONCURRENT: '4' },
    tokens: 7,
    streamTokens: 7,
    store: (budgets) =>
      openRedisStore({
        url: redis.url,
        budgets,
        logger: recordingLogger(),
        prefix,
        leaseMs: 60_000,
      }),
  });
  return prefix;
}

const tokenNow = () => {
  const now = Math.floor(Date.now() / 1000);
  return signedToken(STUDENT, now - 60, now + 3600);
};

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
  const response = await fetch(`${running?.proxy.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tokenNow()}` },
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
    running?.upstream.behave((_request, response) => {
      response.writeHead(500, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'boom' } }));
    });
    const token = tokenNow();
    for (let request = 0; request < 10; request++) {
      const response = await fetch(`${running?.proxy.baseURL}/chat/completions`, {
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
