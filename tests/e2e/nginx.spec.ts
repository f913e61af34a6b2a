/**
 * deploy/nginx/yieldbook-proxy.conf, run with Debian's nginx (no root, a temporary folder,
 * free loopback ports) in front of two instances of the built server.mjs: requests reach
 * both, and a rolling restart (SIGTERM one while its streams are in flight, start it again,
 * then the other) loses no request and answers no 5xx. No browser is involved.
 */
import { expect, test } from '@playwright/test';
import { chatLoad, streamChat } from '../../scripts/support/chat-load.ts';
import { type RunningNginx, startNginx } from '../../scripts/support/nginx.ts';
import { freeLoopbackPort } from '../../scripts/support/ports.ts';
import { type SiteProcess, startSite } from '../../scripts/support/site-process.ts';

const INSTANCE_ENV = {
  TRUST_PROXY: '1',
  SHUTDOWN_GRACE_MS: '30000',
  LLM_OFFLINE_DELAY_SCALE: '0.5',
};

let nginx: RunningNginx;
const ports: number[] = [];
const instances = new Map<number, SiteProcess>();

test.beforeAll(async () => {
  for (let index = 0; index < 3; index += 1) ports.push(await freeLoopbackPort());
  const [front = 0, ...upstreams] = ports;
  for (const port of upstreams) instances.set(port, await startSite(port, INSTANCE_ENV));
  nginx = await startNginx(front, upstreams);
});

test.afterAll(async () => {
  await nginx?.stop();
  for (const instance of instances.values()) await instance.stop();
});

/** Waits until a request through nginx is answered by the instance on `port`. */
async function untilServedBy(port: number): Promise<void> {
  await expect
    .poll(async () => (await streamChat(nginx.origin)).upstream, { timeout: 30_000 })
    .toBe(`127.0.0.1:${port}`);
}

test('nginx balances requests over both instances', async () => {
  const outcomes = await Promise.all(Array.from({ length: 12 }, () => streamChat(nginx.origin)));
  expect(outcomes.every((outcome) => outcome.status === 200 && outcome.complete)).toBe(true);
  const answeredBy = new Set(outcomes.map((outcome) => outcome.upstream));
  expect([...answeredBy].sort()).toEqual(
    ports
      .slice(1)
      .map((port) => `127.0.0.1:${port}`)
      .sort(),
  );
});

test('a rolling restart loses no request and answers no 5xx', async () => {
  test.setTimeout(180_000);
  const load = chatLoad(nginx.origin, 16);
  for (const port of ports.slice(1)) {
    const instance = instances.get(port);
    if (instance === undefined) throw new Error(`no instance on ${port}`);
    // Streams of this instance are in flight: one has its headers and not its end.
    const started = Promise.withResolvers<void>();
    const inFlight = streamChat(nginx.origin, {
      onHeaders: (upstream) => {
        if (upstream === `127.0.0.1:${port}`) started.resolve();
      },
    });
    await Promise.race([started.promise, untilServedBy(port)]);
    expect(await instance.stop()).toBe(0);
    load.outcomes.push(await inFlight);
    instances.set(port, await startSite(port, INSTANCE_ENV));
    await untilServedBy(port);
  }
  const outcomes = await load.stop();
  const failed = outcomes.filter((outcome) => outcome.status !== 200 || !outcome.complete);
  expect(failed).toEqual([]);
  expect(outcomes.length).toBeGreaterThan(16);
});
