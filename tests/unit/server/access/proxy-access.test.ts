/**
 * Classroom access through the proxy, in process: a fake loopback upstream reporting its
 * `usage`, the in-process store, the `openai` SDK and raw fetches as clients.
 */
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../../src/server/access/memory-store.ts';
import { signToken } from '../../../../src/server/access/token.ts';
import type { ProxyEnv } from '../../../../src/server/llm/settings.ts';
import { deferred } from '../llm/support.ts';
import { type AccessProxy, SECRET, signedToken, startAccessProxy } from './access-proxy.ts';

/** Wall time of every test: 2026-12-02T10:00:30Z, half a minute before the minute ends. */
const NOW = Date.UTC(2026, 11, 2, 10, 0, 30);
const NOW_S = Math.floor(NOW / 1000);

/** Tokens the fake upstream reports per JSON answer; a stream's usage chunk reports 7 more. */
const USAGE = 10;

let running: AccessProxy<MemoryStore> | null = null;

afterEach(async () => {
  await running?.close();
  running = null;
});

async function start(env: ProxyEnv = {}, hold?: Promise<void>) {
  running = await startAccessProxy({
    env,
    tokens: USAGE,
    streamTokens: USAGE + 7,
    ...(hold === undefined ? {} : { hold }),
    store: (budgets) => new MemoryStore({ budgets, stateDir: null }),
    now: () => NOW,
  });
  return running.proxy;
}

const tokenOf = (sub: string, iat = NOW_S - 60, exp = NOW_S + 3600) => signedToken(sub, iat, exp);

function post(token: string | null, body: Record<string, unknown> = {}) {
  return fetch(`${running?.proxy.baseURL}/chat/completions`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({
      model: 'up-model',
      messages: [{ role: 'user', content: 'Hello' }],
      ...body,
    }),
  });
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { message: string; type: string; code: string } })
    .error;
}

describe('classroom access to paid models', { timeout: 30_000 }, () => {
  it('lists the upstream’s models first, then the offline ones, and answers offline without a token', async () => {
    const { sdk } = await start();
    const models = await sdk({ apiKey: 'yieldbook-proxy' }).models.list();
    expect(models.data.map((model) => model.id)).toEqual([
      'up-model',
      'yieldbook-offline',
      'yieldbook-offline-fast',
    ]);
    const response = await post(null, { model: 'yieldbook-offline-fast' });
    expect(response.status).toBe(200);
    expect(running?.upstream.received).toHaveLength(0);
  });

  it('refuses a paid model with 401 and what to do: no token, a bad one, an expired one', async () => {
    const { sdk } = await start();
    const cases: [string | null, string][] = [
      [null, 'access_required'],
      ['yieldbook-proxy', 'access_required'],
      [`${tokenOf('ann').slice(0, -2)}xx`, 'access_invalid'],
      [signToken({ sub: 'ann', iat: 1, exp: 2 }, `${SECRET}-other`), 'access_invalid'],
      [tokenOf('ann', NOW_S - 100, NOW_S), 'access_expired'],
    ];
    for (const [token, code] of cases) {
      const response = await post(token);
      expect(response.status, code).toBe(401);
      const error = await errorOf(response);
      expect(error.code).toBe(code);
      expect(error.type).toBe('authentication_error');
      expect(error.message).toMatch(/access link/);
    }
    await expect(
      sdk({ apiKey: 'yieldbook-proxy' }).chat.completions.create({
        model: 'up-model',
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    ).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    expect(running?.upstream.received).toHaveLength(0);
  });

  it('refuses a revoked token; a token issued after the revocation works', async () => {
    await start();
    expect((await post(tokenOf('ann'))).status).toBe(200);
    await running?.store.revoke('ann', NOW);
    const refused = await post(tokenOf('ann'));
    expect(refused.status).toBe(401);
    expect((await errorOf(refused)).code).toBe('access_revoked');
    expect((await post(tokenOf('ann', NOW_S + 1))).status).toBe(200);
  });

  it('answers GET /access: who the token says, why not, whether the site is offline', async () => {
    await start();
    const access = (token: string | null) =>
      fetch(`${running?.proxy.baseURL}/access`, {
        headers: token === null ? {} : { Authorization: `Bearer ${token}` },
      }).then((response) => response.json());
    expect(await access(tokenOf('ann'))).toEqual({
      access: 'students',
      student: 'ann',
      expires: new Date((NOW_S + 3600) * 1000).toISOString(),
      reason: null,
      offline: false,
    });
    expect(await access(null)).toMatchObject({ student: null, reason: 'access_required' });
    expect(await access('yb1.x.y')).toMatchObject({ student: null, reason: 'access_invalid' });
    await running?.store.revoke('bo', NOW);
    expect(await access(tokenOf('bo'))).toMatchObject({ student: 'bo', reason: 'access_revoked' });
    // Nothing was counted.
    expect(await running?.store.usage()).toEqual([]);
  });

  const budgets: [string, ProxyEnv, string][] = [
    ['requests per minute', { LLM_STUDENT_RPM: '3' }, 'student_rpm'],
    [
      'tokens per day per student',
      { LLM_STUDENT_TOKENS_PER_DAY: String(3 * USAGE) },
      'student_tokens_per_day',
    ],
    [
      'tokens per day for the class',
      { LLM_CLASS_TOKENS_PER_DAY: String(3 * USAGE) },
      'class_tokens_per_day',
    ],
  ];
  for (const [name, env, code] of budgets) {
    it(`gives exactly N then 429 with Retry-After: ${name}`, async () => {
      await start(env);
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await post(tokenOf('ann'))).status);
      expect(statuses).toEqual([200, 200, 200]);
      const refused = await post(tokenOf('ann'));
      expect(refused.status).toBe(429);
      const error = await errorOf(refused);
      expect(error).toMatchObject({ type: 'rate_limit_error', code });
      const retryAfter = Number(refused.headers.get('retry-after'));
      if (code === 'student_rpm') {
        expect(retryAfter).toBe(30);
        expect(error.message).toContain('3 requests per minute per student');
        expect(error.message).toContain('resets at 10:01:00 UTC, in 30 s');
      } else {
        expect(retryAfter).toBe(14 * 3600 - 30);
        expect(error.message).toMatch(/30 tokens per day .*resets at 00:00:00 UTC, in 13 h 59 min/);
      }
      expect(running?.upstream.received).toHaveLength(3);
      if (code === 'student_rpm' || code === 'student_tokens_per_day') {
        // Another student has a budget of their own.
        expect((await post(tokenOf('bo'))).status).toBe(200);
      }
    });
  }

  for (const [name, env, code] of [
    ['requests in flight per student', { LLM_STUDENT_CONCURRENT: '2' }, 'student_concurrent'],
    ['requests in flight for the class', { LLM_CLASS_CONCURRENT: '2' }, 'class_concurrent'],
  ] as const) {
    it(`gives exactly N then 429 with Retry-After: ${name}`, async () => {
      const hold = deferred();
      await start(env, hold.promise);
      const held = [post(tokenOf('ann')), post(tokenOf('ann'))];
      while ((running?.upstream.received.length ?? 0) < 2)
        await new Promise((r) => setTimeout(r, 5));
      const refused = await post(tokenOf('ann'));
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(await errorOf(refused)).toMatchObject({ type: 'rate_limit_error', code });
      hold.resolve();
      expect((await Promise.all(held)).map((response) => response.status)).toEqual([200, 200]);
      expect((await post(tokenOf('ann'))).status).toBe(200);
    });
  }

  it('counts the tokens the upstream reported, streamed and not', async () => {
    const { sdk } = await start();
    const client = sdk({ apiKey: tokenOf('ann') });
    await client.chat.completions.create({
      model: 'up-model',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const stream = await client.chat.completions.create({
      model: 'up-model',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    // The client did not ask for usage: it never sees the usage-only chunk…
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content)).toEqual(['Hel', 'lo']);
    // …which the proxy asked for.
    expect(JSON.parse(running?.upstream.received[1]?.body ?? '{}').stream_options).toEqual({
      include_usage: true,
    });
    await waitFor(async () => (await running?.store.usage())?.[0]?.tokens === USAGE + USAGE + 7);
    expect(await running?.store.usage()).toEqual([
      { student: 'ann', requests: 2, tokens: 2 * USAGE + 7, refusals: 0, lastSeen: NOW },
    ]);
  });

  it('relays the usage chunk to a client that asked for it', async () => {
    const { sdk } = await start();
    const stream = await sdk({ apiKey: tokenOf('ann') }).chat.completions.create({
      model: 'up-model',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks).toHaveLength(3);
    expect(chunks[2]?.choices).toEqual([]);
    expect(chunks[2]?.usage?.total_tokens).toBe(USAGE + 7);
  });

  it('keys the per-client limits on the student: one address, two students, two buckets', async () => {
    await start({ LLM_RATE_BURST: '2', LLM_RATE_PER_SECOND: '0.001' });
    expect((await post(tokenOf('ann'))).status).toBe(200);
    expect((await post(tokenOf('ann'))).status).toBe(200);
    const refused = await post(tokenOf('ann'));
    expect(refused.status).toBe(429);
    expect((await errorOf(refused)).code).toBe('rate_limit_exceeded');
    expect((await post(tokenOf('bo'))).status).toBe(200);
  });

  it('in open access needs no token, and still holds the class budgets', async () => {
    await start({ LLM_ACCESS: 'open', LLM_CLASS_TOKENS_PER_DAY: String(USAGE) });
    expect((await post(null)).status).toBe(200);
    const refused = await post(null);
    expect(refused.status).toBe(429);
    expect((await errorOf(refused)).code).toBe('class_tokens_per_day');
  });
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 5));
}
