/**
 * `npm run bench:access`: what classroom access and budgets add to a paid request, on
 * loopback. Three proxies in front of one fast upstream, in this process: open (no access
 * check, no budget), students with the budgets in process, and students with the budgets
 * in Redis (a `redis-server` started on a free port, stopped after). Requests go to the
 * three in turn (the order rotating), so a slow spell of the machine falls on all of them.
 * Added latency = each access proxy against the open one: p50 and p99 of each, and the
 * median of back-to-back differences. Also the admission alone (`AccessGate.admit` and
 * the release after), called directly, and the Redis scripts each request cost (`EVALSHA`
 * and `EVAL` calls in Redis's INFO commandstats over the latency run, per request).
 *
 * Prints a table and writes it into README.md, docs/proxy.md and docs/benchmarks.md between
 * `<!-- bench:access:start -->` and `<!-- bench:access:end -->`.
 * Options: BENCH_SAMPLES (default 2000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { createClient } from 'redis';
import { parseAccessConfig } from '../src/server/access/config.ts';
import { AccessGate } from '../src/server/access/gate.ts';
import { signToken } from '../src/server/access/token.ts';
import { type ProxyEnv, parseProxyConfig } from '../src/server/llm/config.ts';
import { startProxyServer } from '../src/server/llm/node-server.ts';
import { createLlmProxy } from '../src/server/llm/proxy.ts';
import { percentile, positiveInteger, timeChatRequest, writeFigures } from './support/bench.ts';
import { startBenchUpstream } from './support/bench-upstream.ts';
import { startRedis } from './support/redis-server.ts';

const SECRET = 'bench-secret-0123456789abcdef-0123456789';
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);

/** `EVALSHA` and `EVAL` calls in an INFO commandstats reply: the round trips of the store. */
function scriptCalls(info: string): number {
  let calls = 0;
  for (const match of info.matchAll(/^cmdstat_(?:evalsha|eval):calls=(\d+)/gm)) {
    calls += Number(match[1]);
  }
  return calls;
}

const ms = (value: number) => `${value.toFixed(3)} ms`;

async function main(): Promise<void> {
  const loadBefore = loadavg()[0] ?? 0;
  const samples = positiveInteger('BENCH_SAMPLES', 2000);
  const upstream = await startBenchUpstream();
  const redis = await startRedis();
  const stateDir = mkdtempSync(join(tmpdir(), 'yb-bench-access-'));
  const env: ProxyEnv = {
    LLM_BASE_URL: `${upstream.origin}/v1`,
    LLM_MODELS: 'bench-model',
    LLM_RATE_PER_SECOND: '1000000',
    LLM_RATE_BURST: '1000000',
    LLM_ACCESS_SECRET: SECRET,
    LLM_ACCESS_STATE_DIR: stateDir,
    // Every budget on, none reached: the checks all run.
    LLM_STUDENT_RPM: '100000000',
    LLM_STUDENT_TOKENS_PER_DAY: '100000000000',
  };
  const config = parseProxyConfig(env);
  const gateFor = (extra: ProxyEnv) =>
    new AccessGate({
      config: parseAccessConfig({ ...env, ...extra }),
      logger: quiet,
      offline: false,
      leaseMs: 660_000,
    });
  const memoryGate = gateFor({});
  const redisGate = gateFor({ REDIS_URL: redis.url });
  const open = await startProxyServer(createLlmProxy({ config, logger: quiet }));
  const memory = await startProxyServer(
    createLlmProxy({ config, logger: quiet, access: memoryGate }),
  );
  const viaRedis = await startProxyServer(
    createLlmProxy({ config, logger: quiet, access: redisGate }),
  );
  try {
    while (!(await redisGate.ready())) await new Promise((resolve) => setTimeout(resolve, 20));
    const now = Math.floor(Date.now() / 1000);
    const token = signToken({ sub: 'bench-student', iat: now - 10, exp: now + 86_400 }, SECRET);
    const payload = JSON.stringify({
      model: 'bench-model',
      messages: [{ role: 'user', content: 'What is the capital of France?' }],
    });
    const targets = [open, memory, viaRedis].map((server) => ({
      url: `${server.origin}/api/llm/v1/chat/completions`,
      times: [] as number[],
    }));
    const pairs = { memory: [] as number[], redis: [] as number[] };
    const stats = createClient({ url: redis.url });
    await stats.connect();
    await stats.configResetStat();
    console.log(`Added latency: ${samples} samples each, interleaved (after 300 warm-up)…`);
    for (let index = 0; index < samples + 300; index++) {
      const round = [0, 0, 0];
      for (let k = 0; k < 3; k++) {
        const which = (index + k) % 3;
        const target = targets[which];
        if (target === undefined) continue;
        round[which] = await timeChatRequest(target.url, payload, token);
      }
      if (index < 300) continue;
      for (const [which, target] of targets.entries())
        target.times.push(round[which] ?? Number.NaN);
      pairs.memory.push((round[1] ?? 0) - (round[0] ?? 0));
      pairs.redis.push((round[2] ?? 0) - (round[0] ?? 0));
    }
    const scripts = scriptCalls(await stats.info('commandstats'));
    await stats.close();
    const scriptsPerRequest = scripts / (samples + 300);
    const [openTimes, memoryTimes, redisTimes] = targets.map((target) => sorted(target.times)) as [
      number[],
      number[],
      number[],
    ];

    console.log('Admission alone (gate.admit, then the release)…');
    const identity = redisGate.identify(`Bearer ${token}`);
    const admissions: Record<'memory' | 'redis', number[]> = { memory: [], redis: [] };
    for (let index = 0; index < samples + 300; index++) {
      for (const [name, gate] of [
        ['memory', memoryGate],
        ['redis', redisGate],
      ] as const) {
        const start = performance.now();
        const lease = await gate.admit(identity);
        const took = performance.now() - start;
        lease.finish(21);
        if (index >= 300) admissions[name].push(took);
      }
    }
    const memoryAdmit = sorted(admissions.memory);
    const redisAdmit = sorted(admissions.redis);

    const p50 = (values: number[]) => percentile(values, 50);
    const p99 = (values: number[]) => percentile(values, 99);
    const loadAfter = loadavg()[0] ?? 0;
    const date = new Date().toISOString().slice(0, 10);
    const row = (name: string, times: number[], pair: number[], admit: number[]) =>
      `| ${name} | ${ms(p50(times) - p50(openTimes))} | ${ms(p99(times) - p99(openTimes))} | ${name.includes('Redis') ? '≤ 0.3 ms' : '—'} | through the proxy p50 ${ms(p50(times))}, p99 ${ms(p99(times))}; median of back-to-back differences ${ms(p50(sorted(pair)))}; admission alone p50 ${ms(p50(admit))}, p99 ${ms(p99(admit))} |`;
    const block = [
      `Measured on ${date} with Node ${process.versions.node}, loopback, client, proxies, upstream and Redis client in one process, Redis ${'(Debian’s redis-server)'} in its own; ${availableParallelism()} CPUs, load average ${loadBefore.toFixed(1)} at the start and ${loadAfter.toFixed(1)} at the end. ${samples} non-streamed requests to each proxy, interleaved; the open proxy answered at p50 ${ms(p50(openTimes))}, p99 ${ms(p99(openTimes))}.`,
      '',
      '| access check + budgets | added p50 | added p99 | target | notes |',
      '| --- | --- | --- | --- | --- |',
      row('In process', memoryTimes, pairs.memory, memoryAdmit),
      row('Redis on loopback', redisTimes, pairs.redis, redisAdmit),
      '',
      `Redis scripts per request through the proxy: ${scriptsPerRequest.toFixed(2)} (${scripts} \`EVALSHA\`/\`EVAL\` calls for ${samples + 300} requests). A request waits for one of them, its admission; its release leaves with the response's end and is not waited for, alone when no admission follows at once (one request at a time, as here), carried by the next admission or sent with other releases under load.`,
    ].join('\n');
    console.log(`\n${block}\n`);
    await writeFigures('access', block, {
      files: ['README.md', join('docs', 'proxy.md'), join('docs', 'benchmarks.md')],
    });
  } finally {
    await Promise.all([open.close(), memory.close(), viaRedis.close()]);
    await memoryGate.close();
    await redisGate.close();
    await upstream.close();
    await redis.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

await main();
