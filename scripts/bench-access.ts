/**
 * `npm run bench:access`: what classroom access and budgets add to a paid request, on
 * loopback, with each proxy served as deployed: three instances of the built `server.mjs`,
 * each a process of its own, in front of one fast upstream: open (`LLM_ACCESS=open`, no
 * access check, no budget), students with the budgets in process, and students with the
 * budgets in Redis (a `redis-server` started on a free port, stopped after). The client
 * (this process) sends requests to the three in turn, the order rotating, so a slow spell
 * of the machine falls on all of them. Added latency = each access proxy against the open
 * one: p50 and p99 of each, and the p50 and p99 of back-to-back differences; CPU per request of
 * each server process (from /proc). Also the admission alone (`AccessGate.admit` and the
 * release after, called directly in this process), and the Redis scripts each request cost
 * (`EVALSHA` and `EVAL` calls in Redis's INFO commandstats over the latency run, per request).
 *
 * Prints a table and writes it into README.md, docs/proxy.md and docs/benchmarks.md between
 * `<!-- bench:access:start -->` and `<!-- bench:access:end -->`.
 * Options: BENCH_SAMPLES (default 2000); BENCH_PORTS (`first-last`, loopback ports for the
 * servers and Redis; default ports the system picks); BENCH_CPU_PROF (a folder: each server
 * runs with `--cpu-prof` and writes its profile there when it stops).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { createClient } from 'redis';
import { parseAccessConfig } from '../src/server/access/config.ts';
import { AccessGate } from '../src/server/access/gate.ts';
import { signToken } from '../src/server/access/token.ts';
import type { ProxyEnv } from '../src/server/llm/settings.ts';
import { percentile, positiveInteger, timeChatRequest, writeFigures } from './support/bench.ts';
import { startBenchUpstream } from './support/bench-upstream.ts';
import { cpuMs } from './support/interleaved.ts';
import { freeLoopbackPort, isFree } from './support/ports.ts';
import { startRedis } from './support/redis-server.ts';
import { ensureBuilt } from './support/site.ts';
import { type SiteProcess, startSite } from './support/site-process.ts';

const SECRET = 'bench-secret-0123456789abcdef-0123456789';
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const WARM_UP = 300;
const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);
const ms = (value: number) => `${value.toFixed(3)} ms`;

/** `EVALSHA` and `EVAL` calls in an INFO commandstats reply: the round trips of the store. */
function scriptCalls(info: string): number {
  let calls = 0;
  for (const match of info.matchAll(/^cmdstat_(?:evalsha|eval):calls=(\d+)/gm)) {
    calls += Number(match[1]);
  }
  return calls;
}

/**
 * `count` free loopback ports: from `BENCH_PORTS` (`first-last`) when set, else ones the
 * system picks.
 * @throws TypeError when `BENCH_PORTS` is not a range of ports; Error when it has too few free.
 */
async function benchPorts(count: number): Promise<number[]> {
  const raw = process.env.BENCH_PORTS;
  if (raw === undefined || raw === '') {
    return Promise.all(Array.from({ length: count }, () => freeLoopbackPort()));
  }
  const [first, last] = raw.split('-').map(Number);
  if (
    first === undefined ||
    last === undefined ||
    !Number.isInteger(first) ||
    !Number.isInteger(last) ||
    first < 1 ||
    last > 65535 ||
    first > last
  ) {
    throw new TypeError(`Expected \`BENCH_PORTS\` to be a range such as 4600-4649, got ${raw}`);
  }
  const ports: number[] = [];
  for (let port = first; port <= last && ports.length < count; port++) {
    if (await isFree(port)) ports.push(port);
  }
  if (ports.length < count) {
    throw new Error(`Expected ${count} free ports in \`BENCH_PORTS\` ${raw}, got ${ports.length}`);
  }
  return ports;
}

/** Resolves once `site` says it is ready (its budget store answers). */
async function whenHealthy(site: SiteProcess): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${site.origin}/api/health`).catch(() => null);
    if (response?.ok) return;
    await response?.body?.cancel();
    if (attempt > 500) throw new Error(`Expected ${site.origin} to become ready, it did not`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

interface Target {
  name: string;
  site: SiteProcess;
  url: string;
  times: number[];
  cpuMs: number;
}

async function main(): Promise<void> {
  const samples = positiveInteger('BENCH_SAMPLES', 2000);
  const profiles = process.env.BENCH_CPU_PROF;
  await ensureBuilt();
  const loadBefore = loadavg()[0] ?? 0;
  const [openPort = 0, memoryPort = 0, redisPort = 0, storePort = 0] = await benchPorts(4);
  const upstream = await startBenchUpstream();
  const redis = await startRedis([storePort]);
  const stateDir = mkdtempSync(join(tmpdir(), 'yb-bench-access-'));
  const env: Record<string, string> = {
    LLM_BASE_URL: `${upstream.origin}/v1`,
    LLM_MODELS: 'bench-model',
    LLM_RATE_PER_SECOND: '1000000',
    LLM_RATE_BURST: '1000000',
    LLM_ACCESS_SECRET: SECRET,
    LLM_ACCESS_STATE_DIR: stateDir,
    // Every budget on, none reached: the checks all run.
    LLM_STUDENT_RPM: '100000000',
    LLM_STUDENT_TOKENS_PER_DAY: '100000000000',
    LLM_STUDENT_CONCURRENT: '1000',
    LLM_CLASS_TOKENS_PER_DAY: '100000000000000',
    LLM_CLASS_CONCURRENT: '100000',
    REDIS_URL: '',
    // The servers' own settings from this shell (a certificate, say) would change what is measured.
    TLS_CERT_FILE: '',
    TLS_KEY_FILE: '',
    TRUST_PROXY: '',
    NODE_OPTIONS:
      profiles === undefined || profiles === ''
        ? ''
        : `--cpu-prof --cpu-prof-dir=${resolve(profiles)}`,
  };
  const sites = await Promise.all([
    startSite(openPort, {
      ...env,
      LLM_ACCESS: 'open',
      // No class budget: open access then asks no store at all.
      LLM_CLASS_TOKENS_PER_DAY: '',
      LLM_CLASS_CONCURRENT: '',
    }),
    startSite(memoryPort, { ...env, LLM_ACCESS: 'students' }),
    startSite(redisPort, { ...env, LLM_ACCESS: 'students', REDIS_URL: redis.url }),
  ]);
  const gateFor = (extra: ProxyEnv) =>
    new AccessGate({
      config: parseAccessConfig({ ...env, LLM_ACCESS: 'students', ...extra }),
      logger: quiet,
      offline: false,
      leaseMs: 660_000,
    });
  const memoryGate = gateFor({});
  const redisGate = gateFor({ REDIS_URL: redis.url });
  try {
    await Promise.all(sites.map(whenHealthy));
    while (!(await redisGate.ready())) await new Promise((done) => setTimeout(done, 20));
    if (profiles !== undefined && profiles !== '') {
      const [open, memory, viaRedis] = sites.map((site) => site.child.pid);
      console.log(
        `CPU profiles in ${resolve(profiles)}: open pid ${open}, in process pid ${memory}, Redis pid ${viaRedis}.`,
      );
    }
    const now = Math.floor(Date.now() / 1000);
    const token = signToken({ sub: 'bench-student', iat: now - 10, exp: now + 86_400 }, SECRET);
    const payload = JSON.stringify({
      model: 'bench-model',
      messages: [{ role: 'user', content: 'What is the capital of France?' }],
    });
    const targets: Target[] = ['open', 'in process', 'Redis'].map((name, index) => {
      const site = sites[index] as SiteProcess;
      return { name, site, url: `${site.origin}/api/llm/v1/chat/completions`, times: [], cpuMs: 0 };
    });
    const pairs = { memory: [] as number[], redis: [] as number[] };
    const stats = createClient({ url: redis.url });
    await stats.connect();
    await stats.configResetStat();
    console.log(
      `Added latency: ${samples} samples each, interleaved (after ${WARM_UP} warm-up), load average ${loadBefore.toFixed(1)}…`,
    );
    let cpuBefore: number[] = [];
    for (let index = 0; index < samples + WARM_UP; index++) {
      if (index === WARM_UP) {
        cpuBefore = await Promise.all(targets.map((target) => cpuMs(target.site.child.pid ?? 0)));
      }
      const round = [0, 0, 0];
      for (let k = 0; k < 3; k++) {
        const which = (index + k) % 3;
        const target = targets[which];
        if (target === undefined) continue;
        round[which] = await timeChatRequest(target.url, payload, token);
      }
      if (index < WARM_UP) continue;
      for (const [which, target] of targets.entries()) {
        target.times.push(round[which] ?? Number.NaN);
      }
      pairs.memory.push((round[1] ?? 0) - (round[0] ?? 0));
      pairs.redis.push((round[2] ?? 0) - (round[0] ?? 0));
    }
    const cpuAfter = await Promise.all(targets.map((target) => cpuMs(target.site.child.pid ?? 0)));
    for (const [which, target] of targets.entries()) {
      target.cpuMs = ((cpuAfter[which] ?? 0) - (cpuBefore[which] ?? 0)) / samples;
    }
    const scripts = scriptCalls(await stats.info('commandstats'));
    await stats.close();
    const scriptsPerRequest = scripts / (samples + WARM_UP);
    const [openTimes, memoryTimes, redisTimes] = targets.map((target) => sorted(target.times)) as [
      number[],
      number[],
      number[],
    ];
    const [openCpu, memoryCpu, redisCpu] = targets.map((target) => target.cpuMs) as [
      number,
      number,
      number,
    ];

    console.log('Admission alone (gate.admit, then the release)…');
    const identity = redisGate.identify(`Bearer ${token}`);
    const admissions: Record<'memory' | 'redis', number[]> = { memory: [], redis: [] };
    for (let index = 0; index < samples + WARM_UP; index++) {
      for (const [name, gate] of [
        ['memory', memoryGate],
        ['redis', redisGate],
      ] as const) {
        const start = performance.now();
        const lease = await gate.admit(identity);
        const took = performance.now() - start;
        lease.finish(21);
        if (index >= WARM_UP) admissions[name].push(took);
      }
    }
    const memoryAdmit = sorted(admissions.memory);
    const redisAdmit = sorted(admissions.redis);

    const p50 = (values: number[]) => percentile(values, 50);
    const p99 = (values: number[]) => percentile(values, 99);
    const loadAfter = loadavg()[0] ?? 0;
    const date = new Date().toISOString().slice(0, 10);
    const row = (name: string, times: number[], pair: number[], admit: number[], cpu: number) =>
      `| ${name} | ${ms(p50(times) - p50(openTimes))} | ${ms(p99(times) - p99(openTimes))} | ${name.includes('Redis') ? '≤ 0.3 ms' : '—'} | through the proxy p50 ${ms(p50(times))}, p99 ${ms(p99(times))}; back-to-back differences p50 ${ms(p50(sorted(pair)))}, p99 ${ms(p99(sorted(pair)))}; admission alone p50 ${ms(p50(admit))}, p99 ${ms(p99(admit))}; server CPU per request ${ms(cpu)} (open ${ms(openCpu)}) |`;
    const block = [
      `Measured on ${date} with Node ${process.versions.node}, loopback, each proxy the built \`server.mjs\` in a process of its own, the client and the upstream in the benchmark's process, Redis (Debian’s redis-server) in its own; ${availableParallelism()} CPUs, load average ${loadBefore.toFixed(1)} at the start and ${loadAfter.toFixed(1)} at the end. ${samples} non-streamed requests to each proxy, interleaved; the open proxy answered at p50 ${ms(p50(openTimes))}, p99 ${ms(p99(openTimes))}.`,
      '',
      '| access check + budgets | added p50 | added p99 | target | notes |',
      '| --- | --- | --- | --- | --- |',
      row('In process', memoryTimes, pairs.memory, memoryAdmit, memoryCpu),
      row('Redis on loopback', redisTimes, pairs.redis, redisAdmit, redisCpu),
      '',
      `Redis scripts per request through the proxy: ${scriptsPerRequest.toFixed(2)} (${scripts} \`EVALSHA\`/\`EVAL\` calls for ${samples + WARM_UP} requests). A request waits for one of them, its admission; its release leaves with the response's end and is not waited for, alone when no admission follows at once (one request at a time, as here), carried by the next admission or sent with other releases under load.`,
    ].join('\n');
    console.log(`\n${block}\n`);
    await writeFigures('access', block, {
      files: ['README.md', join('docs', 'proxy.md'), join('docs', 'benchmarks.md')],
    });
  } finally {
    // Stopped (SIGTERM, a drain), each server writes its CPU profile when asked for one.
    await Promise.all(sites.map((site) => site.stop()));
    await memoryGate.close();
    await redisGate.close();
    await upstream.close();
    await redis.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

await main();
