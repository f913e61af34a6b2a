import { afterAll, beforeAll } from 'vitest';
import { startRedis, type TestRedis } from '../../../../scripts/support/redis-server.ts';
import { openRedisStore } from '../../../../src/server/access/redis-store.ts';
import type { AccessStore } from '../../../../src/server/access/store.ts';
import { recordingLogger } from '../llm/support.ts';
import { REDIS_PORTS } from './ports.ts';
import { storeContract } from './store-contract.ts';

let redis: TestRedis;
let stores = 0;

beforeAll(async () => {
  redis = await startRedis(REDIS_PORTS);
});

afterAll(async () => {
  await redis?.stop();
});

/** Resolves once `store` answers. */
export async function whenReady(store: AccessStore): Promise<AccessStore> {
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
