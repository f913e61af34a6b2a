/**
 * `npm run bench:classroom`: a class through nginx to two instances sharing Redis. Starts
 * redis-server on loopback (a temporary folder, nothing saved), two instances of the built
 * `server.mjs` (`REDIS_URL`, `TRUST_PROXY=1`) on the benchmark's fast upstream
 * (scripts/support/bench-upstream.ts), and Debian's nginx with deploy/nginx/yieldbook-proxy.conf
 * in front. Each student connects from its own loopback address (127.0.0.11, 127.0.0.12, …),
 * so each is its own client to the proxy's limits, and keeps 50 streamed requests in flight,
 * each with its own access token (`LLM_ACCESS=students`, every budget on but none reached).
 * Prints requests per second, requests lost and 5xx answers, and the tokens the budgets
 * counted (every student's `usage`, read from Redis once both instances have stopped)
 * against the sum of the `usage` the upstream reported; writes them into README.md and
 * docs/benchmarks.md (markers `bench:classroom`).
 *
 * Settings: `BENCH_STUDENTS` (30), `BENCH_CONCURRENCY` (50 per student), `BENCH_SECONDS` (20),
 * `REDIS_SERVER` (redis-server), `NGINX` (/usr/sbin/nginx).
 */
import { Agent } from 'node:http';
import os from 'node:os';
import process from 'node:process';
import { openRedisStore } from '../src/server/access/redis-store.ts';
import { signToken } from '../src/server/access/token.ts';
import { median, positiveInteger, writeFigures } from './support/bench.ts';
import { startBenchUpstream } from './support/bench-upstream.ts';
import { startNginx } from './support/nginx.ts';
import { freeLoopbackPort } from './support/ports.ts';
import { postJson } from './support/raw-http.ts';
import { startRedis } from './support/redis-server.ts';
import { ensureBuilt } from './support/site.ts';
import { startSite } from './support/site-process.ts';
import { endsWithDone } from './support/stream.ts';

const students = positiveInteger('BENCH_STUDENTS', 30);
const concurrency = positiveInteger('BENCH_CONCURRENCY', 50);
const seconds = positiveInteger('BENCH_SECONDS', 20);

const SECRET = 'bench-classroom-secret-0123456789abcdef';
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** The tokens every student's usage in Redis holds, summed (as `npm run class -- usage`). */
async function countedTokens(url: string): Promise<number> {
  const store = await openRedisStore({
    url,
    budgets: {
      studentRpm: 0,
      studentTokensPerDay: 0,
      studentConcurrent: 0,
      classTokensPerDay: 0,
      classConcurrent: 0,
    },
    logger: quiet,
    leaseMs: 60_000,
  });
  try {
    return (await store.usage()).reduce((sum, row) => sum + row.tokens, 0);
  } finally {
    await store.close();
  }
}

interface Tally {
  ok: number;
  lost: number;
  serverErrors: number;
  refused: number;
  latencies: number[];
}

/** One streamed request from `agent` (a student's address); counts its outcome. */
async function ask(port: number, agent: Agent, token: string, tally: Tally): Promise<void> {
  const start = performance.now();
  const body = JSON.stringify({
    model: 'bench-model',
    stream: true,
    messages: [{ role: 'user', content: 'What is the capital of France?' }],
  });
  try {
    const { status, text } = await postJson(port, '/api/llm/v1/chat/completions', body, {
      agent,
      headers: { Authorization: `Bearer ${token}` },
    });
    if (status >= 500) tally.serverErrors += 1;
    else if (status === 429) tally.refused += 1;
    else if (status === 200 && endsWithDone(text)) {
      tally.ok += 1;
      tally.latencies.push(performance.now() - start);
    } else tally.lost += 1;
  } catch {
    tally.lost += 1;
  }
}

async function main(): Promise<void> {
  await ensureBuilt();
  const upstream = await startBenchUpstream();
  const redis = await startRedis();
  const ports = [await freeLoopbackPort(), await freeLoopbackPort()];
  const env = {
    REDIS_URL: redis.url,
    TRUST_PROXY: '1',
    LLM_BASE_URL: `${upstream.origin}/v1`,
    LLM_MODELS: 'bench-model',
    LLM_ACCESS: 'students',
    LLM_ACCESS_SECRET: SECRET,
    // Every budget checked, none reached: the figures are the cost of the checks. The
    // per-client rate limit (200 a second per student on each server by default) is raised
    // too: a synthetic student keeping 50 in flight on a fast upstream goes past it in bursts.
    LLM_RATE_PER_SECOND: '1000000',
    LLM_RATE_BURST: '1000000',
    LLM_STUDENT_RPM: '1000000000',
    LLM_STUDENT_TOKENS_PER_DAY: '1000000000000',
    LLM_STUDENT_CONCURRENT: String(2 * concurrency),
    LLM_CLASS_TOKENS_PER_DAY: '1000000000000',
    LLM_CLASS_CONCURRENT: String(4 * students * concurrency),
  };
  const issued = Math.floor(Date.now() / 1000) - 5;
  const tokens = Array.from({ length: students }, (_, index) =>
    signToken({ sub: `student-${index + 1}`, iat: issued, exp: issued + 86_400 }, SECRET),
  );
  const instances = await Promise.all(ports.map((port) => startSite(port, env)));
  const nginxPort = await freeLoopbackPort();
  const nginx = await startNginx(nginxPort, ports);
  const loadBefore = os.loadavg()[0] ?? 0;
  const tally: Tally = { ok: 0, lost: 0, serverErrors: 0, refused: 0, latencies: [] };
  try {
    console.log(
      `${students} students × ${concurrency} in flight for ${seconds} s through nginx to two instances…`,
    );
    const until = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: students }, async (_, index) => {
        const agent = new Agent({
          keepAlive: true,
          maxSockets: concurrency,
          localAddress: `127.0.0.${11 + index}`,
        });
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            const token = tokens[index] ?? '';
            while (performance.now() < until) await ask(nginxPort, agent, token, tally);
          }),
        );
        agent.destroy();
      }),
    );
    const wallS = (performance.now() - started) / 1000;
    const total = tally.ok + tally.lost + tally.serverErrors + tally.refused;
    // Stopped (a drain), each instance sends its last finishes: then Redis holds them all.
    for (const instance of instances) await instance.stop();
    const counted = await countedTokens(redis.url);
    const reported = upstream.reportedTokens();
    const tokensLine = `Tokens counted by the budgets (every student's usage in Redis): ${counted}; the sum of the usage the upstream reported: ${reported}; ${counted === reported ? 'equal' : `NOT equal (${counted - reported})`}.`;
    const block = [
      `Measured on ${new Date().toISOString().slice(0, 10)} with Node ${process.versions.node}, nginx, Redis and the fast upstream on loopback, ${os.cpus().length} CPUs shared by everything, load average ${loadBefore.toFixed(1)} at the start and ${(os.loadavg()[0] ?? 0).toFixed(1)} at the end.`,
      '',
      '| students × in flight | requests | requests/s | lost | 5xx | 429 | time to the end of a stream, p50 | notes |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      `| ${students} × ${concurrency} | ${total} | ${(total / wallS).toFixed(0)} | ${tally.lost} | ${tally.serverErrors} | ${tally.refused} | ${median(tally.latencies).toFixed(1)} ms | ${seconds} s, streamed, two instances behind nginx, \`REDIS_URL\` set, \`LLM_ACCESS=students\` |`,
      '',
      tokensLine,
    ].join('\n');
    console.log(`\n${block}`);
    await writeFigures('classroom', block);
  } finally {
    await nginx.stop();
    for (const instance of instances) await instance.stop();
    await redis.stop();
    await upstream.close();
  }
}

await main();
