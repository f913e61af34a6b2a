import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../../../scripts/support/redis-server.ts';
import { openRedisStore } from '../../../../src/server/access/redis-store.ts';
import {
  type AccessStore,
  type AdmitRequest,
  type Budgets,
  StoreUnavailableError,
} from '../../../../src/server/access/store.ts';
import { recordingLogger } from '../llm/support.ts';
import { REDIS_PORTS } from './ports.ts';
import { NO_LIMITS, storeContract } from './store-contract.ts';

let redis: TestRedis;
let stores = 0;

beforeAll(async () => {
  redis = await startRedis(REDIS_PORTS);
});

afterAll(async () => {
  await redis?.stop();
});

/** Resolves once `store` answers. */
async function whenReady(store: AccessStore): Promise<AccessStore> {
  while (!(await store.ready())) await new Promise((resolve) => setTimeout(resolve, 10));
  return store;
}

storeContract('Redis', async (budgets) => {
  stores++;
  const store = await openRedisStore({
    url: redis.url,
    budgets,
    logger: recordingLogger(),
    prefix: `test${stores}:`,
    leaseMs: 60_000,
  });
  return whenReady(store);
});

describe('Redis: one round trip per request', { timeout: 30_000 }, () => {
  const T0 = Date.UTC(2026, 11, 2, 10, 0, 0);
  let opened = 0;
  let leases = 0;

  /** Stores sharing one prefix: servers of one class. */
  async function instances(
    count: number,
    budgets: Partial<Budgets>,
    prefix = `step${++opened}:`,
  ): Promise<AccessStore[]> {
    return Promise.all(
      Array.from({ length: count }, async () =>
        whenReady(
          await openRedisStore({
            url: redis.url,
            budgets: { ...NO_LIMITS, ...budgets },
            logger: recordingLogger(),
            prefix,
            leaseMs: 60_000,
          }),
        ),
      ),
    );
  }

  function ask(student: string | null, now = T0): AdmitRequest {
    leases++;
    return { student, now, issuedAt: 0, lease: `l${leases}`, leaseExpiresAt: now + 60_000 };
  }

  /**
   * Watches Redis with MONITOR: `sent()` is the names of the commands clients sent with a
   * key under `prefix` (not those scripts ran), up to now.
   */
  async function watch(prefix: string) {
    const lines: string[] = [];
    const monitor = createClient({ url: redis.url });
    await monitor.connect();
    await monitor.monitor((line) => {
      if (!line.includes(' lua]') && line.includes(`"${prefix}`)) lines.push(line);
    });
    const marker = createClient({ url: redis.url });
    await marker.connect();
    let marks = 0;
    return {
      async sent(): Promise<string[]> {
        // MONITOR reports in the order Redis ran commands: once the mark is seen, all are.
        const mark = `${prefix}mark${++marks}`;
        await marker.echo(mark);
        while (!lines.some((line) => line.includes(`"${mark}"`))) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        return lines
          .filter((line) => !line.includes('"ECHO"'))
          .map((line) => /\] "([A-Za-z]+)"/.exec(line)?.[1] ?? line);
      },
      async close() {
        await Promise.all([monitor.close(), marker.close()]);
      },
    };
  }

  it('sends one command per request when admissions follow finishes: the finish rides in the next admission', async () => {
    const prefix = `step${++opened}:`;
    const [store] = await instances(
      1,
      { studentRpm: 1000, studentTokensPerDay: 1_000_000 },
      prefix,
    );
    if (store === undefined) throw new Error('Expected one store');
    const redisLog = await watch(prefix);
    try {
      let finished: Promise<void> = Promise.resolve();
      for (let i = 0; i < 50; i++) {
        const request = ask('ann');
        expect(await store.admit(request)).toEqual({ ok: true });
        finished = store.finish({ student: 'ann', lease: request.lease, now: T0, tokens: 3 });
      }
      // Each finish rode in the admission after it; the last, with none after it, went
      // alone as soon as the loop let go.
      await finished;
      expect(await redisLog.sent()).toEqual(Array(51).fill('EVALSHA'));
      expect(await store.usage()).toEqual([
        { student: 'ann', requests: 50, tokens: 150, refusals: 0, lastSeen: T0 },
      ]);
    } finally {
      await redisLog.close();
      await store.close();
    }
  });

  it('frees a concurrency place for the next admission, on this server and then on others', async () => {
    const [a, b] = await instances(2, { studentConcurrent: 1 });
    if (a === undefined || b === undefined) throw new Error('Expected two stores');
    try {
      const first = ask('ann');
      expect(await a.admit(first)).toEqual({ ok: true });
      expect(await b.admit(ask('ann'))).toEqual({ ok: false, reason: 'student_concurrent' });
      void a.finish({ student: 'ann', lease: first.lease, now: T0, tokens: 0 });
      const second = ask('ann');
      expect(await a.admit(second)).toEqual({ ok: true });
      await a.finish({ student: 'ann', lease: second.lease, now: T0, tokens: 0 });
      expect(await b.admit(ask('ann'))).toEqual({ ok: true });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('keeps a budget of N across two servers exact, and every finish counted', async () => {
    const prefix = `step${++opened}:`;
    const budgets = { studentRpm: 10, classTokensPerDay: 1_000_000 };
    const [a, b] = await instances(2, budgets, prefix);
    if (a === undefined || b === undefined) throw new Error('Expected two stores');
    const answers: string[] = [];
    for (let i = 0; i < 20; i++) {
      const store = i % 2 === 0 ? a : b;
      const request = ask('ann');
      const answer = await store.admit(request);
      answers.push(answer.ok ? 'ok' : answer.reason);
      if (answer.ok)
        void store.finish({ student: 'ann', lease: request.lease, now: T0, tokens: 3 });
    }
    // Closing sends what each server still holds.
    await Promise.all([a.close(), b.close()]);
    expect(answers.filter((answer) => answer === 'ok')).toHaveLength(10);
    expect(answers.slice(10)).toEqual(Array(10).fill('student_rpm'));
    const [reader] = await instances(1, budgets, prefix);
    try {
      expect(await reader?.usage()).toEqual([
        { student: 'ann', requests: 10, tokens: 30, refusals: 10, lastSeen: T0 },
      ]);
    } finally {
      await reader?.close();
    }
  });

  // Last: it kills the file's Redis.
  it('rejects the finishes an admission carried when Redis is down, and carries them again once back', async () => {
    const [store] = await instances(1, { studentConcurrent: 1 });
    if (store === undefined) throw new Error('Expected one store');
    try {
      const first = ask('ann');
      expect(await store.admit(first)).toEqual({ ok: true });
      await redis.kill();
      const lost = expect(
        store.finish({ student: 'ann', lease: first.lease, now: T0, tokens: 5 }),
      ).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.admit(ask('ann'))).rejects.toBeInstanceOf(StoreUnavailableError);
      await lost;
      await redis.restart();
      await whenReady(store);
      // A restarted Redis has forgotten the script and the lease: EVAL, then the queued finish.
      const second = ask('ann');
      expect(await store.admit(second)).toEqual({ ok: true });
      const counted = store.finish({ student: 'ann', lease: second.lease, now: T0, tokens: 7 });
      expect(await store.admit(ask('ann'))).toEqual({ ok: true });
      await counted;
      expect(await store.usage()).toEqual([
        { student: 'ann', requests: 2, tokens: 7, refusals: 0, lastSeen: T0 },
      ]);
    } finally {
      await store.close();
    }
  });
});
