/**
 * `npm run bench:proxy`: what the LLM proxy costs and what it sustains, on loopback.
 *
 * 1. Added latency: the same requests sent straight to a minimal OpenAI-compatible
 *    upstream and through the proxy in front of it, interleaved; p50/p99 of each and
 *    the difference. Non-streamed: until the whole body is read. Streamed: until
 *    the first body chunk arrives.
 * 2. 3000 requests through the proxy with 50 in flight (a sliding window): to the
 *    fast upstream (limits raised, the proxy's own throughput), and to the offline
 *    model with its realistic pacing and the default limits (what lesson 5 does),
 *    then the same in fixed chunks of 50 for comparison. Counts anything lost or refused.
 *
 * 3. In Chromium against the built site (served by server.mjs on BENCH_PORT, default a
 *    free port of the scripts' range): the same runs from a page, which gets at most six
 *    connections to the site. BENCH_BROWSER=0 skips this part.
 *
 * Prints a table and writes it into README.md and docs/benchmarks.md between
 * `<!-- bench:proxy:start -->` and `<!-- bench:proxy:end -->`.
 * Options: BENCH_SAMPLES (default 2000), BENCH_REQUESTS (default 3000), BENCH_CONCURRENCY (default 50).
 */

import { availableParallelism, loadavg } from 'node:os';
import { type ProxyEnv, parseProxyConfig } from '../src/server/llm/config.ts';
import { startProxyServer } from '../src/server/llm/node-server.ts';
import { createLlmProxy } from '../src/server/llm/proxy.ts';
import { percentile, positiveInteger, timeChatRequest, writeFigures } from './support/bench.ts';
import { startBenchUpstream } from './support/bench-upstream.ts';
import { type PageChatLoadFigures, pageChatLoad } from './support/page-chat-load.ts';
import { withSiteInChromium } from './support/site.ts';

const KEY = 'fake-key-bench-not-a-real-key';

async function startProxy(env: ProxyEnv) {
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  return startProxyServer(createLlmProxy({ config: parseProxyConfig(env), logger: quiet }));
}

function body(model: string, stream: boolean, content = 'What is the capital of France?'): string {
  return JSON.stringify({ model, stream, messages: [{ role: 'user', content }] });
}

/** Milliseconds until the whole body is read (`firstChunk`: until the first body chunk). */
const timeRequest = (url: string, payload: string, firstChunk: boolean) =>
  timeChatRequest(url, payload, KEY, undefined, { firstChunk });

interface LatencyFigures {
  direct: { p50: number; p99: number };
  proxied: { p50: number; p99: number };
  /** Median of (proxied − direct) over back-to-back pairs: robust to slow periods of a busy machine. */
  pairMedian: number;
}

async function addedLatency(
  directUrl: string,
  proxyUrl: string,
  stream: boolean,
  samples: number,
): Promise<LatencyFigures> {
  const direct: number[] = [];
  const proxied: number[] = [];
  const differences: number[] = [];
  const directBody = body('bench-model', stream);
  for (let index = 0; index < samples + 200; index += 1) {
    const a = await timeRequest(directUrl, directBody, stream);
    const b = await timeRequest(proxyUrl, directBody, stream);
    if (index >= 200) {
      direct.push(a);
      proxied.push(b);
      differences.push(b - a);
    }
  }
  direct.sort((x, y) => x - y);
  proxied.sort((x, y) => x - y);
  differences.sort((x, y) => x - y);
  return {
    direct: { p50: percentile(direct, 50), p99: percentile(direct, 99) },
    proxied: { p50: percentile(proxied, 50), p99: percentile(proxied, 99) },
    pairMedian: percentile(differences, 50),
  };
}

interface LoadFigures {
  wallMs: number;
  /** CPU time of this process (client, proxy and upstream together) per request. */
  cpuMsPerRequest: number;
  ok: number;
  refused: number;
  failed: number;
}

/** Sends `total` requests with at most `concurrency` in flight, as a sliding window or in fixed chunks. */
async function load(
  url: string,
  model: string,
  total: number,
  concurrency: number,
  mode: 'window' | 'chunks',
): Promise<LoadFigures> {
  const figures = { ok: 0, refused: 0, failed: 0 };
  const send = async (index: number) => {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: body(model, false, `What is the capital of ${COUNTRIES[index % COUNTRIES.length]}?`),
      });
      const text = await response.text();
      if (response.status === 429) figures.refused += 1;
      else if (response.ok && text.includes('"content"')) figures.ok += 1;
      else figures.failed += 1;
    } catch {
      figures.failed += 1;
    }
  };
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  if (mode === 'window') {
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < total) await send(next++);
      }),
    );
  } else {
    for (let first = 0; first < total; first += concurrency) {
      const size = Math.min(concurrency, total - first);
      await Promise.all(Array.from({ length: size }, (_, offset) => send(first + offset)));
    }
  }
  const cpu = process.cpuUsage(cpuStart);
  return {
    wallMs: performance.now() - start,
    cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / total,
    ...figures,
  };
}

/**
 * Runs `total` requests from a page of the built site with `concurrency` asked
 * in flight; each call serves the site afresh, so no run inherits another's rate limits.
 */
function browserLoad(
  model: string,
  total: number,
  concurrency: number,
): Promise<PageChatLoadFigures> {
  return withSiteInChromium(async (browser, origin) => {
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    return await page.evaluate(pageChatLoad, { model, total, concurrency, countries: COUNTRIES });
  });
}

const COUNTRIES = [
  'France',
  'Germany',
  'Italy',
  'Japan',
  'Spain',
  'Peru',
  'Kenya',
  'Chile',
  'Egypt',
  'Norway',
];

const ms = (value: number) => `${value.toFixed(value < 10 ? 3 : 1)} ms`;

async function main(): Promise<void> {
  const loadBefore = loadavg()[0] ?? 0;
  const samples = positiveInteger('BENCH_SAMPLES', 2000);
  const total = positiveInteger('BENCH_REQUESTS', 3000);
  const concurrency = positiveInteger('BENCH_CONCURRENCY', 50);
  const upstream = await startBenchUpstream();
  const fastEnv: ProxyEnv = {
    LLM_BASE_URL: `${upstream.origin}/v1`,
    LLM_API_KEY: KEY,
    LLM_MODELS: 'bench-model',
  };
  const unlimited = await startProxy({
    ...fastEnv,
    LLM_RATE_PER_SECOND: '1000000',
    LLM_RATE_BURST: '1000000',
  });
  const offline = await startProxy({});
  try {
    const directUrl = `${upstream.origin}/v1/chat/completions`;
    // Limits raised: a sequential loop on loopback goes faster than the default 200 requests/s.
    const viaProxy = `${unlimited.origin}/api/llm/v1/chat/completions`;
    console.log(`Added latency: ${samples} interleaved samples each (after 200 warm-up)…`);
    const plain = await addedLatency(directUrl, viaProxy, false, samples);
    const streamed = await addedLatency(directUrl, viaProxy, true, samples);
    console.log(`${total} requests, ${concurrency} in flight…`);
    const fast = await load(
      `${unlimited.origin}/api/llm/v1/chat/completions`,
      'bench-model',
      total,
      concurrency,
      'window',
    );
    const offlineUrl = `${offline.origin}/api/llm/v1/chat/completions`;
    const windowed = await load(offlineUrl, 'yieldbook-offline', total, concurrency, 'window');
    const chunked = await load(offlineUrl, 'yieldbook-offline', total, concurrency, 'chunks');
    const browserRows: string[] = [];
    if (process.env.BENCH_BROWSER !== '0') {
      console.log('In Chromium against the built site…');
      const small = Math.min(total, 300);
      const fastRun = await browserLoad('yieldbook-offline-fast', total, concurrency);
      const paced = await browserLoad('yieldbook-offline', small, concurrency);
      browserRows.push(
        '',
        `| From a page in Chromium, ${concurrency} asked in flight | requests | wall time | outcome | notes |`,
        '| --- | --- | --- | --- | --- |',
        `| \`yieldbook-offline-fast\` | ${total} | ${(fastRun.wallMs / 1000).toFixed(2)} s | ${fastRun.ok}/${total} answered, ${fastRun.refused} × 429 retried, ${fastRun.failed} lost | what lesson 5 can run in a browser |`,
        `| \`yieldbook-offline\` | ${small} | ${(paced.wallMs / 1000).toFixed(2)} s | ${paced.ok}/${small} answered, ${paced.refused} × 429 retried, ${paced.failed} lost | six connections: about ${(concurrency / 6) | 0}× slower than Node at the same pace |`,
      );
    }

    const latencyRow = (name: string, figures: LatencyFigures) =>
      `| ${name} | ${ms(figures.proxied.p50 - figures.direct.p50)} | ${ms(figures.proxied.p99 - figures.direct.p99)} | ≤ 1 ms / ≤ 5 ms | direct p50 ${ms(figures.direct.p50)}, p99 ${ms(figures.direct.p99)}; through the proxy p50 ${ms(figures.proxied.p50)}, p99 ${ms(figures.proxied.p99)}; median of pair differences ${ms(figures.pairMedian)} |`;
    const loadRow = (name: string, figures: LoadFigures, note: string) =>
      `| ${name} | ${(figures.wallMs / 1000).toFixed(2)} s | ${figures.ok}/${total} answered, ${figures.refused} × 429, ${figures.failed} lost | ${ms(figures.cpuMsPerRequest)} | ${note} |`;
    const markdown = [
      `Measured on ${new Date().toISOString().slice(0, 10)} with Node ${process.versions.node}, loopback, client, proxy and upstream in one process; ${availableParallelism()} CPUs, load average ${loadBefore.toFixed(1)} at the start and ${(loadavg()[0] ?? 0).toFixed(1)} at the end (tails grow with the machine's load).`,
      '',
      '| added latency | p50 | p99 | target | notes |',
      '| --- | --- | --- | --- | --- |',
      latencyRow('Non-streamed (whole response)', plain),
      latencyRow('Streamed (time to first chunk)', streamed),
      '',
      `| ${total} requests, ${concurrency} in flight | wall time | outcome | CPU per request | notes |`,
      '| --- | --- | --- | --- | --- |',
      loadRow(
        'Fast upstream, sliding window',
        fast,
        'rate limit raised: the proxy’s own throughput',
      ),
      loadRow(
        'Offline model, sliding window',
        windowed,
        'default limits, realistic pacing: what lesson 5 does',
      ),
      loadRow('Offline model, chunks of 50', chunked, 'each chunk waits for its slowest request'),
      ...browserRows,
    ].join('\n');
    console.log(`\n${markdown}\n`);
    await writeFigures('proxy', markdown);
  } finally {
    await Promise.all([unlimited.close(), offline.close(), upstream.close()]);
  }
}

await main();
