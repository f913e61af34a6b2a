/**
 * Two or more server.mjs side by side (say, a checkout before a change and after it), in
 * front of the same minimal upstream: the proxy's added latency and CPU per request, A/B
 * interleaved in one run, so that the figures share the machine's load.
 *
 * Each round sends one request straight to the upstream and one through each server (the
 * order turning); a request's added latency is its time minus the direct request of its
 * round (p50 and p99 of those paired differences). CPU per request is read from /proc of
 * each server in 10 blocks: median and p25–p75. Every root needs a built site (`dist/`);
 * `/api/llm/v1/*` goes through the fast path, which runs each root's own `src/`.
 *
 * Usage: `npx node scripts/bench-proxy-ab.ts <root> [<root>...]` (default: this checkout).
 * Options (environment): `BENCH_SAMPLES` (rounds, default 1500), `BENCH_STREAM=1`
 * (streamed completions). `node --cpu-prof` per server: `BENCH_PROFILE_DIR=<dir>`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent } from 'node:http';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { median, percentile, positiveInteger } from './support/bench.ts';
import { startBenchUpstream } from './support/bench-upstream.ts';
import { interleavedRounds, pairedDifferences } from './support/interleaved.ts';
import { postJson } from './support/raw-http.ts';

const KEY = 'fake-key-bench-not-a-real-key';
const BLOCKS = 10;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** Milliseconds until the whole answer is read. */
async function timeRequest(port: number, path: string, payload: string): Promise<number> {
  const start = performance.now();
  const { status, text } = await postJson(port, path, payload, {
    agent,
    headers: { authorization: `Bearer ${KEY}` },
  });
  if (status !== 200 || !text.includes('Paris')) {
    throw new Error(`Expected 200 with the completion, got ${status}`);
  }
  return performance.now() - start;
}

/** Starts `root`'s server.mjs on a free port; resolves with the process and its port. */
function startServer(
  root: string,
  env: NodeJS.ProcessEnv,
  index: number,
): Promise<{ child: ChildProcess; port: number }> {
  const profile = process.env.BENCH_PROFILE_DIR;
  const args = profile
    ? ['--cpu-prof', `--cpu-prof-dir=${join(profile, String(index))}`, join(root, 'server.mjs')]
    : [join(root, 'server.mjs')];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((done, fail) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const port = /serving http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)?.[1];
      if (port !== undefined) done({ child, port: Number(port) });
    });
    child.once('exit', (code) => fail(new Error(`${root}/server.mjs exited early with ${code}`)));
  });
}

async function main(): Promise<void> {
  const roots = process.argv.slice(2).map((root) => resolve(root));
  if (roots.length === 0) roots.push(resolve(import.meta.dirname, '..'));
  const samples = positiveInteger('BENCH_SAMPLES', 1500);
  const stream = process.env.BENCH_STREAM === '1';
  const payload = JSON.stringify({
    model: 'bench-model',
    ...(stream ? { stream: true } : {}),
    messages: [{ role: 'user', content: 'What is the capital of France?' }],
  });
  const upstream = await startBenchUpstream();
  const servers: Array<{ child: ChildProcess; port: number }> = [];
  try {
    const env = {
      ...process.env,
      LLM_BASE_URL: `${upstream.origin}/v1`,
      LLM_API_KEY: KEY,
      LLM_MODELS: 'bench-model',
      LLM_ACCESS: 'open',
      LLM_RATE_PER_SECOND: '1000000',
      LLM_RATE_BURST: '1000000',
    };
    for (const [index, root] of roots.entries()) servers.push(await startServer(root, env, index));
    const timed = (port: number, path: string) => () => timeRequest(port, path, payload);
    const { times, cpuPerRequest } = await interleavedRounds({
      targets: [
        timed(upstream.port, '/v1/chat/completions'),
        ...servers.map(({ port }) => timed(port, '/api/llm/v1/chat/completions')),
      ],
      pids: servers.map(({ child }) => child.pid as number),
      samples,
      warmUp: Math.min(300, samples),
      blocks: BLOCKS,
    });
    const load = loadavg().map((value) => value.toFixed(1));
    console.log(
      `${samples} rounds, ${stream ? 'streamed' : 'non-streamed'}, load ${load.join(' ')}`,
    );
    console.log('| server | added p50 / p99 | CPU per request (p25–p75) |\n| --- | --- | --- |');
    const [direct = [], ...through] = times;
    roots.forEach((root, which) => {
      const added = pairedDifferences(through[which] ?? [], direct);
      const used = cpuPerRequest[which] ?? [];
      console.log(
        `| ${root} | ${percentile(added, 50).toFixed(3)} / ${percentile(added, 99).toFixed(3)} ms | ${median(used).toFixed(3)} ms (${percentile(used, 25).toFixed(3)}–${percentile(used, 75).toFixed(3)}) |`,
      );
    });
  } finally {
    for (const { child } of servers) child.kill('SIGTERM');
    await Promise.all(
      servers.map(({ child }) =>
        child.exitCode === null ? new Promise((done) => child.once('exit', done)) : null,
      ),
    );
    await upstream.close();
    agent.destroy();
  }
}

await main();
