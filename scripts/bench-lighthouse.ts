/**
 * `npm run bench:lighthouse`: what a reader downloads, and Lighthouse's performance score
 * for a lesson page, with and without compression, in one run.
 *
 * The built site is served twice by `server.mjs` in this process: as `npm start` serves
 * it (brotli and gzip copies, src/server/http/static-assets.ts) and with
 * `compression: false` (every file as it is, what `npm start` did before). Lighthouse 13
 * audits the lesson (default mobile settings, simulated throttling) in Debian's Chromium
 * (`CHROMIUM_PATH`), three times each, alternating. Prints the median score (and the
 * three), bytes transferred, what Lighthouse says compressing the page would save, and
 * the medians of the two metrics that weigh most (largest contentful paint, total
 * blocking time: the latter is main-thread time, which grows with the machine's load);
 * writes the table into README.md and docs/benchmarks.md between the
 * `bench:lighthouse` markers.
 *
 * Options: `BENCH_RUNS` (default 3), `BENCH_LESSON` (default /lessons/generators/).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromiumExecutable } from '../tests/e2e/support/env.ts';
import { median, positiveInteger, writeFigures } from './support/bench.ts';
import { ensureBuilt } from './support/site.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu'];

interface ServerModule {
  start(options: { port: number; host: string; compression?: boolean }): Promise<Server>;
}

interface Audit {
  score: number;
  bytes: number;
  compressionSavings: number;
  lcp: number;
  tbt: number;
}

async function audit(url: string, port: number): Promise<Audit> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance'],
  });
  if (result === undefined) throw new Error(`Expected a Lighthouse result for ${url}, got none`);
  const { lhr } = result;
  const score = lhr.categories.performance?.score;
  if (typeof score !== 'number') {
    throw new Error(`Expected a performance score for ${url}, got ${String(score)}`);
  }
  // Lighthouse 13 reports compression in the document latency insight (the page itself).
  const latency = lhr.audits['document-latency-insight']?.details as
    | { debugData?: { wastedBytes?: number } }
    | undefined;
  return {
    score: Math.round(score * 100),
    bytes: lhr.audits['total-byte-weight']?.numericValue ?? Number.NaN,
    compressionSavings: latency?.debugData?.wastedBytes ?? 0,
    lcp: lhr.audits['largest-contentful-paint']?.numericValue ?? Number.NaN,
    tbt: lhr.audits['total-blocking-time']?.numericValue ?? Number.NaN,
  };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

async function main(): Promise<void> {
  const runs = positiveInteger('BENCH_RUNS', 3);
  const lesson = process.env.BENCH_LESSON || '/lessons/generators/';
  await ensureBuilt();
  const server = (await import(pathToFileURL(join(ROOT, 'server.mjs')).href)) as ServerModule;
  const variants = [
    { name: 'before: no compression', compression: false, audits: [] as Audit[] },
    { name: 'after: brotli and gzip', compression: true, audits: [] as Audit[] },
  ];
  const servers = await Promise.all(
    variants.map(({ compression }) => server.start({ port: 0, host: '127.0.0.1', compression })),
  );
  const ports = servers.map((one) => (one.address() as AddressInfo).port);
  const chrome = await chromeLauncher.launch({
    chromePath: chromiumExecutable(),
    chromeFlags: CHROME_FLAGS,
  });
  const loadStart = loadavg()[0] ?? 0;
  try {
    for (let run = 0; run < runs; run += 1) {
      for (const [index, variant] of variants.entries()) {
        const result = await audit(`http://127.0.0.1:${ports[index]}${lesson}`, chrome.port);
        variant.audits.push(result);
        console.log(
          `${variant.name}, run ${run + 1}: score ${result.score}, ${kib(result.bytes)} transferred`,
        );
      }
    }
  } finally {
    chrome.kill();
    for (const one of servers) {
      one.closeAllConnections();
      one.close();
    }
  }
  const version = (await import('lighthouse/package.json', { with: { type: 'json' } })).default
    .version as string;
  const rows = variants.map(({ name, audits }) => {
    const scores = audits.map((one) => one.score);
    return `| ${name} | ${median(scores)} (${scores.join(', ')}) | ${kib(median(audits.map((one) => one.bytes)))} | ${kib(median(audits.map((one) => one.compressionSavings)))} | ${(median(audits.map((one) => one.lcp)) / 1000).toFixed(1)} s | ${median(audits.map((one) => one.tbt)).toFixed(0)} ms |`;
  });
  const block = [
    `Measured on ${new Date().toISOString().slice(0, 10)} with Lighthouse ${version} (performance only, default mobile settings, simulated throttling) in Chromium (\`${CHROME_FLAGS.join(' ')}\`), ${lesson} served by server.mjs; ${availableParallelism()} CPUs, load average ${loadStart.toFixed(1)} at the start and ${(loadavg()[0] ?? 0).toFixed(1)} at the end. ${runs} runs each, alternating; target: score ≥ 90.`,
    '',
    '| server | performance score, median (runs) | bytes transferred | compressing the page would save | largest contentful paint | total blocking time |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
  console.log(`\n${block}\n`);
  await writeFigures('lighthouse', block);
}

if (import.meta.main) await main();
