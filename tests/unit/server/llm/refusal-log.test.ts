import { describe, expect, it } from 'vitest';
import { RefusalLog } from '../../../../src/server/llm/refusal-log.ts';
import { FakeClock, recordingLogger } from './support.ts';

const refusal = (client: string, status: number) => ({
  client,
  status,
  requestId: `id-${status}`,
  method: 'POST',
  path: '/api/llm/v1/chat/completions',
  ms: 1,
  detail: null,
});

describe('the refusal log', () => {
  it('writes info for refusals, warn for upstream failures, error for the proxy’s own', () => {
    const clock = new FakeClock();
    const logger = recordingLogger();
    const log = new RefusalLog({ logger, now: () => clock.now() });
    log.record(refusal('a', 429));
    log.record(refusal('b', 502));
    log.record(refusal('c', 500));
    expect(logger.lines.map((line) => JSON.parse(line).level)).toEqual(['info', 'warn', 'error']);
  });

  it('counts addresses of one IPv6 /64 as one client, naming the exact address of the latest', () => {
    const clock = new FakeClock();
    const logger = recordingLogger();
    const log = new RefusalLog({ logger, now: () => clock.now() });
    for (let index = 1; index <= 50; index += 1) log.record(refusal(`2001:db8:1:2::${index}`, 429));
    log.record(refusal('2001:db8:1:3::1', 429));
    expect(logger.lines.map((line) => JSON.parse(line))).toMatchObject([
      { client: '2001:db8:1:2::/64', address: '2001:db8:1:2::1', count: 1 },
      { client: '2001:db8:1:3::/64', address: '2001:db8:1:3::1', count: 1 },
    ]);
    expect(log.trackedClients).toBe(2);
  });

  it('forgets clients that went quiet', async () => {
    const clock = new FakeClock();
    const log = new RefusalLog({ logger: recordingLogger(), now: () => clock.now() });
    for (let index = 0; index < 100; index += 1) log.record(refusal(`10.0.0.${index}`, 400));
    expect(log.trackedClients).toBe(100);
    await clock.advance(10_000);
    log.tick();
    expect(log.trackedClients).toBe(0);
  });
});
