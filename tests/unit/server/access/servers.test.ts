/**
 * Two real `server.mjs` instances sharing a real Redis: one budget across both, Redis
 * killed and back, a revocation seen by both. Needs `npm run build` first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../../../scripts/support/redis-server.ts';
import { ensureBuilt } from '../../../../scripts/support/site.ts';
import { signToken } from '../../../../src/server/access/token.ts';
import { completionBody, type FakeUpstream, startFakeUpstream } from '../llm/fake-upstream.ts';
import { REDIS_PORTS } from './ports.ts';
import { refusedStart, runClass, type Site, startSite } from './site.ts';

const SECRET = 'a-test-secret-of-at-least-32-characters!';
const RPM = 10;

let redis: TestRedis;
let upstream: FakeUpstream;
let sites: Site[] = [];
let stateDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  // `npm test` runs the unit tests before its build: build here when dist/ is stale.
  await ensureBuilt();
  redis = await startRedis(REDIS_PORTS);
  upstream = await startFakeUpstream();
  upstream.behave((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(completionBody('Hi')));
  });
  stateDir = mkdtempSync(join(tmpdir(), 'yb-access-'));
  env = {
    LLM_BASE_URL: `${upstream.origin}/v1`,
    LLM_MODELS: 'up-model',
    LLM_ACCESS_SECRET: SECRET,
    LLM_STUDENT_RPM: String(RPM),
    LLM_OFFLINE_DELAY_SCALE: '0',
    REDIS_URL: redis.url,
    LLM_ACCESS_STATE_DIR: stateDir,
  };
  sites = await Promise.all([startSite(env), startSite(env)]);
}, 900_000);

afterAll(async () => {
  try {
    await Promise.all(sites.map((site) => site.close()));
    await upstream?.close();
  } finally {
    await redis?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}, 30_000);

const now = () => Math.floor(Date.now() / 1000);
const tokenOf = (sub: string, iat = now() - 5) => signToken({ sub, iat, exp: iat + 3600 }, SECRET);

async function ask(site: Site, token: string | null, model = 'up-model') {
  const response = await fetch(`${site.origin}/api/llm/v1/chat/completions`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello' }] }),
  });
  const body = (await response.json()) as { error?: { code: string } };
  return { status: response.status, code: body.error?.code ?? null };
}

/** Waits, when needed, for a minute with at least 15 s left: the rpm budget is per minute. */
async function freshMinute(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 15_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

describe('two servers sharing Redis', { timeout: 120_000 }, () => {
  it('refuses to start in students mode without a secret, naming the setting', async () => {
    const { code, stderr } = await refusedStart({ ...env, LLM_ACCESS_SECRET: '' });
    expect(code).not.toBe(0);
    expect(stderr).toContain('Expected LLM_ACCESS_SECRET to be set');
  });

  it(`allows exactly ${RPM} requests a minute across both`, async () => {
    await freshMinute();
    const token = tokenOf('ann');
    const answers = [];
    for (let i = 0; i < 16; i++) answers.push(await ask(sites[i % 2] as Site, token));
    expect(
      answers.slice(0, RPM).every((a) => a.status === 200),
      JSON.stringify(answers),
    ).toBe(true);
    expect(
      answers.slice(RPM).every((a) => a.status === 429 && a.code === 'student_rpm'),
      JSON.stringify(answers),
    ).toBe(true);
  });

  it('refuses a revoked token on both within a second; a new invite works again', async () => {
    const [a, b] = sites as [Site, Site];
    const token = tokenOf('cy');
    expect((await ask(a, token)).status).toBe(200);
    const revoked = await runClass(['revoke', 'cy'], env);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(/^cy\trevoked: /);
    for (const site of [a, b])
      expect(await ask(site, token)).toEqual({ status: 401, code: 'access_revoked' });
    const invited = await runClass(['invite', 'cy', '--site', a.origin], env);
    expect(invited.code).toBe(0);
    const fresh = /#access=(\S+)/.exec(invited.stdout)?.[1] ?? '';
    for (const site of [a, b]) expect((await ask(site, fresh)).status).toBe(200);
  });

  it('answers 503 when Redis is killed mid-run (offline models still answer), and recovers', async () => {
    // Killed while 40 paid requests are in flight on both servers: each is answered, or
    // refused with 503; none fails with a 500.
    const burst = Array.from({ length: 40 }, (_, i) =>
      ask(sites[i % 2] as Site, tokenOf(`burst-${i}`)),
    );
    await redis.kill();
    const statuses = (await Promise.all(burst)).map((answer) => answer.status);
    expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    const token = tokenOf('dee');
    for (const site of sites) {
      expect(await ask(site, token)).toEqual({ status: 503, code: 'budget_store_unavailable' });
      expect((await ask(site, null, 'yieldbook-offline')).status).toBe(200);
      expect((await ask(site, token, 'yieldbook-offline')).status).toBe(200);
    }
    await redis.restart();
    for (const site of sites) {
      let answer = await ask(site, token);
      while (answer.status === 503) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        answer = await ask(site, token);
      }
      expect(answer.status).toBe(200);
    }
    for (const site of sites) {
      expect(site.child.exitCode).toBeNull();
      expect(site.stderr()).not.toContain('Error');
    }
  });

  it('reports usage through the class command', async () => {
    const { code, stdout } = await runClass(['usage'], env);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('student\trequests\ttokens\trefusals\tlast seen');
    const ann = lines.find((line) => line.startsWith('ann\t'))?.split('\t');
    // Redis was restarted empty after ann's run; dee's requests since are there.
    const dee = lines.find((line) => line.startsWith('dee\t'))?.split('\t');
    expect(ann).toBeUndefined();
    expect(dee?.slice(1, 4)).toEqual(['2', '4', '0']);
    expect(dee?.[4]).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});
