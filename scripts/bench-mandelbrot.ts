/**
 * `npm run bench:mandelbrot`: the Mandelbrot set (800×800, 100 steps, the
 * square from −2 to 2) painted by 1, 2 and 4 isolates in Debian's Chromium,
 * against the built site served by `server.mjs`, exactly as the isolates
 * lesson does it: the isolates are workers started from inside the kernel
 * worker, writing rows into one SharedArrayBuffer. Prints a table and writes
 * the figures into docs/benchmarks.md and the README.
 *
 * Each pool defines its row function once and warms up; then rounds go
 * round-robin over the pools (so a burst of load from elsewhere hits every
 * pool alike), and each pool's median round is compared with one isolate's.
 *
 * Options (environment): `BENCH_RUNS` (rounds, default 25), `BENCH_PORT`.
 */
import { availableParallelism, loadavg } from 'node:os';
import process from 'node:process';
import { Worker } from 'node:worker_threads';
import { median, positiveInteger, runInFirstCell, writeFigures } from './support/bench.ts';
import { openNotebook, withSiteInChromium } from './support/site.ts';

const LESSON = '/lessons/isolates/';
const POOLS = [1, 2, 4];
const WARMUP = 3;
/** The longer job: each run paints the set this many times. */
const LONG_PAINTS = 20;
const LONG_ROUNDS = 5;

/**
 * The row function each isolate defines once (the lesson's, without types). The
 * values `runString` shares are globals of the isolate; the loop reads local copies,
 * as the kernel's sequential version does, so both sides run the same machine code.
 */
const ROWS_CODE = [
  'function drawRows(first, step) {',
  '  const size = globalThis.size, maxSteps = globalThis.maxSteps, grid = globalThis.grid;',
  '  const low = globalThis.low, high = globalThis.high;',
  '  for (let row = first; row < size; row += step) {',
  '    const cy = low + (row * (high - low)) / (size - 1);',
  '    for (let col = 0; col < size; col++) {',
  '      const cx = low + (col * (high - low)) / (size - 1);',
  '      let zx = 0;',
  '      let zy = 0;',
  '      let n = 0;',
  '      while (zx * zx + zy * zy <= 4 && n < maxSteps) {',
  '        const next = zx * zx - zy * zy + cx;',
  '        zy = 2 * zx * zy + cy;',
  '        zx = next;',
  '        n++;',
  '      }',
  '      grid[row * size + col] = n;',
  '    }',
  '  }',
  '}',
].join('\n');

/** The cell the benchmark runs in the lesson's kernel; it prints one `BENCH {json}` line. */
function cellCode(rounds: number, paints: number): string {
  return [
    "import { create, destroy, runString } from 'yieldbook/interpreters';",
    "import { checksumOf } from 'yieldbook/display';",
    `const ROWS = ${JSON.stringify(ROWS_CODE)};`,
    'const SIZE = 800;',
    'const pools = new Map<number, { ids: number[]; grid: Uint8Array }>();',
    `for (const n of ${JSON.stringify(POOLS)}) {`,
    '  const grid = new Uint8Array(new SharedArrayBuffer(SIZE * SIZE));',
    '  const ids = Array.from({ length: n }, () => create());',
    '  const setup = { grid, size: SIZE, maxSteps: 100, low: -2, high: 2 };',
    '  await Promise.all(ids.map((id) => runString(id, ROWS, setup)));',
    '  pools.set(n, { ids, grid });',
    '}',
    'const paint = (ids: number[]) =>',
    `  Promise.all(ids.map((id, k) => runString(id, ${JSON.stringify(paints === 1 ? 'drawRows(first, step)' : `for (let p = 0; p < ${paints}; p++) drawRows(first, step)`)}, { first: k, step: ids.length })));`,
    `for (let w = 0; w < ${WARMUP}; w++) for (const { ids } of pools.values()) await paint(ids);`,
    'const times: Record<number, number[]> = {};',
    `for (let round = 0; round < ${rounds}; round++) {`,
    '  for (const [n, { ids }] of pools) {',
    '    const start = performance.now();',
    '    await paint(ids);',
    '    (times[n] ??= []).push(performance.now() - start);',
    '  }',
    '}',
    'const checksums = [...pools.values()].map(({ grid }) => checksumOf(grid));',
    'for (const { ids } of pools.values()) ids.forEach(destroy);',
    "console.log('BENCH ' + JSON.stringify({ times, checksums, cores: navigator.hardwareConcurrency }));",
  ].join('\n');
}

/** A busy loop for plain worker threads: what the machine's cores give right now, without the site. */
const SPIN = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', () => {
  let sum = 0;
  for (let i = 0; i < 1e8; i++) sum += i % 7;
  parentPort.postMessage(sum);
});`;

/**
 * The speedup two plain Node worker threads get over one on the same work
 * per thread (best of 3), measured just before and after the browser run: the
 * ceiling the shared cores allowed at the time, to read the isolates' figures against.
 */
async function machineCeiling(): Promise<number> {
  const round = async (workers: Worker[]) => {
    const start = performance.now();
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise((done) => {
            worker.once('message', done);
            worker.postMessage(0);
          }),
      ),
    );
    return performance.now() - start;
  };
  const best = async (count: number) => {
    const workers = Array.from({ length: count }, () => new Worker(SPIN, { eval: true }));
    try {
      await round(workers);
      let fastest = Number.POSITIVE_INFINITY;
      for (let k = 0; k < 3; k++) fastest = Math.min(fastest, await round(workers));
      return fastest;
    } finally {
      await Promise.all(workers.map((worker) => worker.terminate()));
    }
  };
  const one = await best(1);
  // Two threads each do the whole work: perfect parallelism keeps the time equal.
  return (2 * one) / (await best(2));
}

interface Result {
  times: Record<string, number[]>;
  checksums: string[];
  cores: number;
}

async function main(): Promise<void> {
  const rounds = positiveInteger('BENCH_RUNS', 25);
  const loadBefore = loadavg()[0] ?? 0;
  const ceilingBefore = await machineCeiling();
  const { result, longResult, version } = await withSiteInChromium(async (browser, origin) => {
    const page = await browser.newPage();
    await openNotebook(page, `${origin}${LESSON}`);
    const measure = async (count: number, paints: number): Promise<Result> => {
      const { output, status } = await runInFirstCell(page, cellCode(count, paints));
      if (status !== 'done') {
        throw new Error(`Expected the benchmark cell to finish, got:\n${output}`);
      }
      const line = output.split('\n').find((text) => text.startsWith('BENCH '));
      if (line === undefined) {
        throw new Error(`Expected a BENCH line in the output, got:\n${output}`);
      }
      return JSON.parse(line.slice(6)) as Result;
    };
    const single = await measure(rounds, 1);
    const long = await measure(LONG_ROUNDS, LONG_PAINTS);
    return { result: single, longResult: long, version: browser.version() };
  });
  const loadAfter = loadavg()[0] ?? 0;
  const ceilingAfter = await machineCeiling();
  const checksums = [...result.checksums, ...longResult.checksums];
  if (new Set(checksums).size !== 1 || checksums[0] !== 'a0d33ba5') {
    throw new Error(`Expected every pool to paint checksum a0d33ba5, got ${checksums}`);
  }
  const block =
    `${context(result, version, loadBefore, loadAfter, ceilingBefore, ceilingAfter, rounds)}\n\n` +
    `One paint per round (the target's measure):\n\n${speedupTable(result)}\n\n` +
    `${LONG_PAINTS} paints per round (${LONG_ROUNDS} rounds), the same isolates and code: the fixed cost of ` +
    `waking two workers and passing messages, a few milliseconds in Chromium, weighs on a ` +
    `${(median(result.times['1'] ?? []) / 2).toFixed(0)} ms share of work but not on a longer one:\n\n${speedupTable(longResult)}`;
  console.log(block);
  await writeFigures('mandelbrot', block);
}

/** The speedup table of one measurement: medians, bests, share of linear, target. */
function speedupTable(result: Result): string {
  const oneTimes = result.times['1'] ?? [];
  const one = median(oneTimes);
  const oneBest = Math.min(...oneTimes);
  const rows = POOLS.map((n) => {
    const times = result.times[String(n)] ?? [];
    const ms = median(times);
    const best = Math.min(...times);
    const speedup = one / ms;
    const usable = Math.min(n, result.cores);
    const target = n === 1 ? '—' : usable === 2 ? '≥ 1.8×' : `≥ ${(0.9 * usable).toFixed(1)}×`;
    return `| ${n} | ${ms.toFixed(1)} ms | ${speedup.toFixed(2)}× | ${((speedup / usable) * 100).toFixed(0)} % | ${best.toFixed(1)} ms | ${(oneBest / best).toFixed(2)}× | ${target} |`;
  });
  return [
    '| isolates | median round | speedup (medians) | of linear (cores used) | best round | speedup (bests) | target |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** The line that says when, where and under what load the figures were taken. */
function context(
  result: Result,
  version: string,
  loadBefore: number,
  loadAfter: number,
  ceilingBefore: number,
  ceilingAfter: number,
  rounds: number,
): string {
  return (
    `Measured on ${new Date().toISOString().slice(0, 10)} with Chromium ${version} (headless, ${LESSON}), Node ${process.versions.node}; ` +
    `${result.cores} cores reported by the browser (${availableParallelism()} to Node), ` +
    `load average ${loadBefore.toFixed(2)} before and ${loadAfter.toFixed(2)} after (the cores are shared with other work); ` +
    `two plain Node worker threads got ${ceilingBefore.toFixed(2)}× over one just before and ${ceilingAfter.toFixed(2)}× just after, the most the cores allowed then. ` +
    `${rounds} rounds per pool after ${WARMUP} warm-up rounds; every pool painted checksum ${result.checksums[0]}.`
  );
}

await main();
