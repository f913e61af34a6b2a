/**
 * `npm run bench:parallel`: measures `yieldbook/parallel` where readers use it,
 * in a cell of the parallelism lesson in Debian's Chromium (pool workers nested
 * in the kernel worker, built by Vite), prints a table, and writes the figures
 * into docs/benchmarks.md and the README.
 *
 * 1. Pool overhead per tiny task (`x => x + 1`): one call per message, and
 *    batched (1000 calls per message, and `Parallel`'s automatic batches).
 * 2. Handing 64 MiB to a worker and getting an answer back: structured clone,
 *    transfer, and a SharedArrayBuffer.
 *
 * Options (environment): `BENCH_PORT` (default: a free port of the scripts'
 * range), `CHROMIUM_PATH`.
 */
import type { Page } from '@playwright/test';
import { runInFirstCell, writeFigures } from './support/bench.ts';
import { openNotebook, withSiteInChromium } from './support/site.ts';

const LESSON = '/lessons/parallelism/';

/** The cell the benchmark runs: it prints one JSON line of figures. */
const CELL = `import { delayed, Parallel, WorkerPool } from 'yieldbook/parallel';
import { SharedArray } from 'yieldbook/shared';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const pool = new WorkerPool({ maxWorkers: 2 });
const increment = (x: number) => x + 1;
const TINY = 5000;
const inputs = Array.from({ length: TINY }, (_, i) => i);
await pool.map(increment, inputs, { chunkSize: 100 });

async function perTask(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    const start = performance.now();
    await run();
    times.push(((performance.now() - start) * 1000) / TINY);
  }
  return median(times);
}
const unbatched = await perTask(() => pool.map(increment, inputs));
const ahead = new WorkerPool({ maxWorkers: 2, messagesPerWorker: 2 });
await ahead.map(increment, inputs, { chunkSize: 100 });
const pipelined = await perTask(() => ahead.map(increment, inputs));
await ahead.close();
const batched = await perTask(() => pool.map(increment, inputs, { chunkSize: 1000 }));
const parallel = new Parallel({ nJobs: 2, pool });
const auto = await perTask(() => parallel.run(inputs.map((x) => delayed(increment)(x))));

const SIZE = 64 * 1024 * 1024;
const receive = (bytes: Uint8Array) => bytes[bytes.length - 1];
async function handOver(make: () => [Uint8Array, Transferable[]]): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    const [bytes, transfer] = make();
    const start = performance.now();
    await pool.call(receive, [bytes], { transfer });
    times.push(performance.now() - start);
  }
  return median(times);
}
const empty = await handOver(() => [new Uint8Array(1), []]);
const copy = await handOver(() => [new Uint8Array(SIZE).fill(1), []]);
const transfer = await handOver(() => {
  const bytes = new Uint8Array(SIZE).fill(1);
  return [bytes, [bytes.buffer]];
});
const shared = new SharedArray('uint8', SIZE);
shared.array.fill(1);
const share = await handOver(() => [shared.array, []]);
await pool.close();
console.log(JSON.stringify({ unbatched, pipelined, batched, auto, sizes: parallel.stats.batchSizes.length, empty, copy, transfer, share }));`;

interface Figures {
  unbatched: number;
  pipelined: number;
  batched: number;
  auto: number;
  sizes: number;
  empty: number;
  copy: number;
  transfer: number;
  share: number;
}

/** Types the benchmark into the lesson's first cell, runs it, and parses what it prints. */
async function runInCell(page: Page): Promise<Figures> {
  const { output, status } = await runInFirstCell(page, CELL, { polling: 200 });
  const line = output.split('\n').find((candidate) => candidate.trim().startsWith('{'));
  if (status !== 'done' || !line) {
    throw new Error(`The benchmark cell failed:\n${output}`);
  }
  return JSON.parse(line) as Figures;
}

const us = (value: number) => `${value.toFixed(1)} µs`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

function table(figures: Figures): string {
  const rows = [
    [
      'Pool overhead per tiny task, one call per message',
      us(figures.unbatched),
      '—',
      '`pool.map(x => x + 1, 5000 items)`, 2 workers, median of 5',
    ],
    [
      'Pool overhead per tiny task, one call per message, 2 messages per worker',
      us(figures.pipelined),
      '—',
      '`messagesPerWorker: 2`: the next message already waits in the worker',
    ],
    [
      'Pool overhead per tiny task, 1000 calls per message',
      us(figures.batched),
      '≤ 50 µs',
      '`chunkSize: 1000`',
    ],
    [
      'Pool overhead per tiny task, `Parallel` auto-batching',
      us(figures.auto),
      '≤ 50 µs',
      `joblib's rule, going straight to the size that takes 0.4 s; ${figures.sizes} batches in the last run`,
    ],
    [
      '64 MiB to a worker: structured clone',
      ms(figures.copy),
      '—',
      'round trip with a one-byte answer; median of 5',
    ],
    [
      '64 MiB to a worker: transfer',
      ms(figures.transfer),
      '—',
      '`transfer: [buffer]`; the sender keeps 0 bytes',
    ],
    ['64 MiB to a worker: SharedArrayBuffer', ms(figures.share), '—', 'same memory on both sides'],
    ['Empty task round trip', ms(figures.empty), '—', 'the floor under the three above'],
  ];
  return [
    '| metric | result | target | notes |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

async function main(): Promise<void> {
  await withSiteInChromium(async (browser, origin) => {
    const page = await browser.newPage();
    await openNotebook(page, `${origin}${LESSON}`);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const figures = await runInCell(page);
    const markdown = table(figures);
    const context = `Measured on ${new Date().toISOString().slice(0, 10)} with Chromium ${browser.version()} (headless), ${cores} logical cores, in a cell of ${LESSON}: the pool's workers run nested in the kernel worker.`;
    console.log(`\n${markdown}\n`);
    await writeFigures('parallel', `${context}\n\n${markdown}`);
  });
}

if (import.meta.main) await main();
