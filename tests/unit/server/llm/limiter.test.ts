import { describe, expect, it } from 'vitest';
import { ClientLimiter, type Permit } from '../../../../src/server/llm/limiter.ts';

function limiter(now: { value: number }, maxConcurrent = 3, ratePerSecond = 10, rateBurst = 5) {
  return new ClientLimiter({ maxConcurrent, ratePerSecond, rateBurst, now: () => now.value });
}

describe('per-client limits', () => {
  it('caps requests in flight per client, and frees a slot on release', () => {
    const now = { value: 0 };
    const limits = limiter(now);
    const permits = [limits.acquire('a'), limits.acquire('a'), limits.acquire('a')];
    expect(permits.every((permit) => permit.ok)).toBe(true);
    expect(limits.acquire('a')).toEqual({ ok: false, reason: 'concurrency', retryAfterSeconds: 1 });
    expect(limits.acquire('b').ok).toBe(true);
    (permits[0] as Permit).release();
    (permits[0] as Permit).release();
    expect(limits.acquire('a').ok).toBe(true);
    expect(limits.acquire('a').ok).toBe(false);
  });

  it('counts addresses of one IPv6 /64 as one client', () => {
    const limits = limiter({ value: 0 }, 2);
    expect(limits.acquire('2001:db8:1:2::1').ok).toBe(true);
    expect(limits.acquire('2001:db8:1:2::2').ok).toBe(true);
    expect(limits.acquire('2001:db8:1:2:ffff:ffff:ffff:ffff')).toMatchObject({
      ok: false,
      reason: 'concurrency',
    });
    expect(limits.acquire('2001:db8:1:3::1').ok).toBe(true);
    expect(limits.trackedClients).toBe(2);
  });

  it('allows a burst, then the sustained rate, with Retry-After in whole seconds', () => {
    const now = { value: 0 };
    const limits = limiter(now, 100, 2, 3);
    for (let index = 0; index < 3; index += 1) {
      const permit = limits.acquire('a');
      expect(permit.ok).toBe(true);
      if (permit.ok) permit.release();
    }
    expect(limits.acquire('a')).toEqual({ ok: false, reason: 'rate', retryAfterSeconds: 1 });
    now.value = 499;
    expect(limits.acquire('a').ok).toBe(false);
    now.value = 500;
    expect(limits.acquire('a').ok).toBe(true);
  });

  it('forgets clients once they are idle and refilled', () => {
    const now = { value: 0 };
    const limits = limiter(now, 3, 10, 5);
    const permit = limits.acquire('a');
    expect(limits.trackedClients).toBe(1);
    now.value = 1000;
    if (permit.ok) permit.release();
    expect(limits.trackedClients).toBe(0);
  });
});
