import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../../src/server/access/memory-store.ts';
import { NO_LIMITS, storeContract } from './store-contract.ts';

storeContract('in process', async (budgets) => new MemoryStore({ budgets, stateDir: null }));

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('in process, sharing a state directory', () => {
  it('sees a revocation written by another process within a second, and sums usage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yb-access-'));
    dirs.push(dir);
    let now = Date.UTC(2026, 11, 2, 10, 0, 0);
    const server = new MemoryStore({ budgets: NO_LIMITS, stateDir: dir, now: () => now });
    const command = new MemoryStore({ budgets: NO_LIMITS, stateDir: dir, now: () => now });
    const iat = Math.floor(now / 1000) - 10;
    const ask = (lease: string) => ({
      student: 'ann',
      issuedAt: iat,
      now,
      lease,
      leaseExpiresAt: now + 60_000,
    });
    expect(await server.admit(ask('a'))).toEqual({ ok: true });
    await command.revoke('ann', now);
    // Within the second since the last read the server may not have looked yet…
    now += 1000;
    // …but a second later it has.
    expect(await server.admit(ask('b'))).toEqual({ ok: false, reason: 'access_revoked' });
    await server.close();
    expect(await command.usage()).toEqual([
      { student: 'ann', requests: 1, tokens: 0, refusals: 0, lastSeen: now - 1000 },
    ]);
  });
});
