/**
 * The contract every `AccessStore` holds to (in process and Redis): the same requests at
 * the same times get the same answers.
 */
import { describe, expect, it } from 'vitest';
import type { AccessStore, AdmitRequest, Budgets } from '../../../../src/server/access/store.ts';

/** No limit anywhere: each test sets the budget it is about. */
export const NO_LIMITS: Budgets = {
  studentRpm: 0,
  studentTokensPerDay: 0,
  studentConcurrent: 0,
  classTokensPerDay: 0,
  classConcurrent: 0,
};

/** A fixed start: 2026-12-02T10:00:00Z, the start of a minute. */
const T0 = Date.UTC(2026, 11, 2, 10, 0, 0);
const DAY = 86_400_000;

let leases = 0;
function ask(student: string | null, now: number, issuedAt = 0): AdmitRequest {
  leases++;
  return { student, now, issuedAt, lease: `lease-${leases}`, leaseExpiresAt: now + 60_000 };
}

/** Runs the contract against stores made by `open`. */
export function storeContract(
  name: string,
  open: (budgets: Budgets) => Promise<AccessStore>,
): void {
  describe(`${name}: the access store contract`, { timeout: 30_000 }, () => {
    async function withStore(
      budgets: Partial<Budgets>,
      test: (store: AccessStore) => Promise<void>,
    ) {
      const store = await open({ ...NO_LIMITS, ...budgets });
      try {
        await test(store);
      } finally {
        await store.close();
      }
    }

    it('admits N requests a minute per student, then refuses until the next minute', () =>
      withStore({ studentRpm: 3 }, async (store) => {
        const answers = [];
        for (let i = 0; i < 5; i++) answers.push(await store.admit(ask('ann', T0 + i * 1000)));
        expect(answers.map((a) => (a.ok ? 'ok' : a.reason))).toEqual([
          'ok',
          'ok',
          'ok',
          'student_rpm',
          'student_rpm',
        ]);
        expect((await store.admit(ask('bob', T0 + 5000))).ok).toBe(true);
        expect((await store.admit(ask('ann', T0 + 60_000))).ok).toBe(true);
      }));

    it('admits N requests in flight per student; a finished or expired one frees its place', () =>
      withStore({ studentConcurrent: 2 }, async (store) => {
        const first = ask('ann', T0);
        expect(await store.admit(first)).toEqual({ ok: true });
        expect(await store.admit(ask('ann', T0))).toEqual({ ok: true });
        expect(await store.admit(ask('ann', T0))).toEqual({
          ok: false,
          reason: 'student_concurrent',
        });
        await store.finish({ student: 'ann', lease: first.lease, now: T0, tokens: 0 });
        expect(await store.admit(ask('ann', T0))).toEqual({ ok: true });
        // Both leases run out after a minute (a server that died holding them).
        expect(await store.admit(ask('ann', T0 + 60_001))).toEqual({ ok: true });
      }));

    it('counts tokens per student per day; the day after starts again', () =>
      withStore({ studentTokensPerDay: 100 }, async (store) => {
        for (const tokens of [40, 40, 30]) {
          const request = ask('ann', T0);
          expect(await store.admit(request)).toEqual({ ok: true });
          await store.finish({ student: 'ann', lease: request.lease, now: T0, tokens });
        }
        expect(await store.admit(ask('ann', T0))).toEqual({
          ok: false,
          reason: 'student_tokens_per_day',
        });
        expect((await store.admit(ask('bob', T0))).ok).toBe(true);
        expect((await store.admit(ask('ann', T0 + DAY))).ok).toBe(true);
      }));

    it('holds class budgets over every student, and over requests with none', () =>
      withStore({ classConcurrent: 2, classTokensPerDay: 50 }, async (store) => {
        const a = ask('ann', T0);
        expect(await store.admit(a)).toEqual({ ok: true });
        expect(await store.admit(ask(null, T0))).toEqual({ ok: true });
        expect(await store.admit(ask('bob', T0))).toEqual({
          ok: false,
          reason: 'class_concurrent',
        });
        await store.finish({ student: 'ann', lease: a.lease, now: T0, tokens: 50 });
        expect(await store.admit(ask('bob', T0))).toEqual({
          ok: false,
          reason: 'class_tokens_per_day',
        });
      }));

    it('refuses tokens issued up to the revocation’s second, and accepts newer ones', () =>
      withStore({}, async (store) => {
        const second = Math.floor(T0 / 1000);
        await store.revoke('ann', T0 + 400);
        expect(await store.admit(ask('ann', T0 + 500, second - 100))).toEqual({
          ok: false,
          reason: 'access_revoked',
        });
        expect(await store.admit(ask('ann', T0 + 500, second))).toEqual({
          ok: false,
          reason: 'access_revoked',
        });
        expect(await store.isRevoked('ann', second)).toBe(true);
        expect(await store.isRevoked('ann', second + 1)).toBe(false);
        expect(await store.isRevoked('bob', second)).toBe(false);
        expect(await store.admit(ask('ann', T0 + 1500, second + 1))).toEqual({ ok: true });
      }));

    it('counts tokens as whole numbers, never below zero, as the upstream’s usage rounds', () =>
      withStore({ studentTokensPerDay: 10 }, async (store) => {
        for (const tokens of [4.6, -3, 4.4]) {
          const request = ask('ann', T0);
          expect(await store.admit(request)).toEqual({ ok: true });
          await store.finish({ student: 'ann', lease: request.lease, now: T0, tokens });
        }
        expect((await store.usage())[0]?.tokens).toBe(9);
        const last = ask('ann', T0);
        expect(await store.admit(last)).toEqual({ ok: true });
        await store.finish({ student: 'ann', lease: last.lease, now: T0, tokens: 1 });
        expect(await store.admit(ask('ann', T0))).toEqual({
          ok: false,
          reason: 'student_tokens_per_day',
        });
      }));

    it('keeps each student’s requests, tokens, refusals and last seen', () =>
      withStore({ studentRpm: 2 }, async (store) => {
        for (let i = 0; i < 3; i++) {
          const request = ask('ann', T0 + i);
          const answer = await store.admit(request);
          if (answer.ok) {
            await store.finish({ student: 'ann', lease: request.lease, now: T0 + i, tokens: 7 });
          }
        }
        const anonymous = ask(null, T0);
        await store.admit(anonymous);
        await store.finish({ student: null, lease: anonymous.lease, now: T0, tokens: 5 });
        expect(await store.usage()).toEqual([
          { student: 'ann', requests: 2, tokens: 14, refusals: 1, lastSeen: T0 + 2 },
        ]);
        expect(await store.ready()).toBe(true);
      }));
  });
}
