/**
 * The pool rows of bench:vs-python: WorkerPool and Parallel (2 workers) next to
 * multiprocessing.Pool(2) and ProcessPoolExecutor(2) (pool_bench.py), one run
 * of each in turn, so that both sides see the same machine load.
 *
 * Run on its own (`node scripts/bench-vs-python/pools.ts`), it measures only
 * these rows and prints them, writing nothing: `BENCH_REPEATS` (default 21),
 * `BENCH_TASKS` (default 5000), `PYTHON` as in bench:vs-python.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import process from 'node:process';
import { createInterface } from 'node:readline';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { delayed, Parallel, WorkerPool } from '../../src/lib/parallel/index.ts';
import { positiveInteger } from '../support/bench.ts';

/** Each measure's samples in µs per task; `theirs` is null without Python. */
export interface PoolFigures {
  ours: { chunk1: number[]; chunk1000: number[]; auto: number[]; submit: number[] };
  theirs: {
    chunk1: number[];
    chunk1000: number[];
    chunkDefault: number[];
    executor: number[];
  } | null;
}

/** pool_bench.py, started once: `run(measure)` runs one measure there and gives µs per task. */
async function startPython(python: string, tasks: number) {
  const child = spawn(python, [new URL('pool_bench.py', import.meta.url).pathname, String(tasks)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const line = await lines.next();
    if (line.done) throw new Error('pool_bench.py stopped before answering');
    return line.value;
  };
  const ready = await next();
  if (ready !== 'ready') throw new Error(`Expected pool_bench.py to say ready, got ${ready}`);
  return {
    async run(measure: string): Promise<number> {
      child.stdin.write(`${measure}\n`);
      return Number(await next());
    },
    stop(): Promise<void> {
      child.stdin.end();
      return new Promise((resolve) => child.once('exit', () => resolve()));
    },
  };
}

setFlagsFromString('--expose-gc');
/**
 * Node's full garbage collection. CPython frees a run's results by reference
 * counting as soon as they are dropped, so its next run starts clean; Node frees
 * them only when its collector runs, which, left alone, is inside whichever
 * measure comes next. Both sides collect before each run, outside the timing
 * (pool_bench.py calls `gc.collect()`), so each run pays for its own garbage only.
 */
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * How long to wait after `collectGarbage()` before the clock starts. V8 hands
 * part of a full collection (sweeping, freeing pages) to its helper threads,
 * which go on after `gc()` returns; on 2 cores they took CPU from the two
 * workers inside the next run, which lasts about a millisecond for 1000 calls
 * per message: that was the wide spread of that row (docs/benchmarks.md, "Pool").
 */
const AFTER_COLLECTION_MS = 20;

async function perTask(tasks: number, work: () => Promise<unknown>): Promise<number> {
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, AFTER_COLLECTION_MS));
  const start = performance.now();
  await work();
  return ((performance.now() - start) * 1000) / tasks;
}

/** Runs every pool measure `repeats` times on both sides, alternating which side goes first. */
export async function poolsSideBySide(
  python: string | null,
  repeats: number,
  tasks: number,
): Promise<PoolFigures> {
  const inputs = Array.from({ length: tasks }, (_, index) => index);
  const increment = (x: number) => x + 1;
  const pool = new WorkerPool({ maxWorkers: 2 });
  const parallel = new Parallel({ nJobs: 2, pool });
  const theirSide = python ? await startPython(python, tasks) : null;
  const ours: PoolFigures['ours'] = { chunk1: [], chunk1000: [], auto: [], submit: [] };
  const theirs: NonNullable<PoolFigures['theirs']> = {
    chunk1: [],
    chunk1000: [],
    chunkDefault: [],
    executor: [],
  };
  const pairs: [keyof typeof ours, keyof typeof theirs, () => Promise<unknown>][] = [
    ['chunk1', 'chunk1', () => pool.map(increment, inputs)],
    ['chunk1000', 'chunk1000', () => pool.map(increment, inputs, { chunkSize: 1000 })],
    ['auto', 'chunkDefault', () => parallel.run(inputs.map((x) => delayed(increment)(x)))],
    ['submit', 'executor', () => Promise.all(inputs.map((x) => pool.submit(increment, x)))],
  ];
  try {
    await pool.map(increment, inputs, { chunkSize: 100 });
    for (let round = 0; round < repeats; round += 1) {
      for (const [mine, theirKey, work] of pairs) {
        const oursFirst = round % 2 === 0;
        if (oursFirst) ours[mine].push(await perTask(tasks, work));
        if (theirSide) theirs[theirKey].push(await theirSide.run(theirKey));
        if (!oursFirst) ours[mine].push(await perTask(tasks, work));
      }
    }
  } finally {
    await Promise.all([pool.close(), theirSide?.stop()]);
  }
  return { ours, theirs: theirSide ? theirs : null };
}

function quartiles(values: readonly number[]): [number, number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.round(p * (sorted.length - 1))] ?? Number.NaN;
  return [at(0.25), at(0.5), at(0.75)];
}

if (import.meta.main) {
  const repeats = positiveInteger('BENCH_REPEATS', 21);
  const tasks = positiveInteger('BENCH_TASKS', 5000);
  const python =
    process.env.PYTHON || (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
  const { ours, theirs } = await poolsSideBySide(python, repeats, tasks);
  const rows: [string, keyof PoolFigures['ours'], keyof NonNullable<PoolFigures['theirs']>][] = [
    ['one per message (`map`)', 'chunk1', 'chunk1'],
    ['one per submit', 'submit', 'executor'],
    ['1000 per message', 'chunk1000', 'chunk1000'],
    ['`Parallel` auto / Pool default chunksize', 'auto', 'chunkDefault'],
  ];
  console.log(`µs per task, medians of ${repeats} (p25–p75), ${tasks} tasks, 2 workers`);
  for (const [label, mine, reference] of rows) {
    const [low, middle, high] = quartiles(ours[mine]);
    const [theirLow, theirMiddle, theirHigh] = theirs ? quartiles(theirs[reference]) : [];
    const ratio = theirMiddle === undefined ? '' : `  ratio ${(theirMiddle / middle).toFixed(2)}`;
    const reference_ =
      theirMiddle === undefined
        ? ''
        : `  Python ${theirMiddle.toFixed(3)} (${theirLow?.toFixed(3)}–${theirHigh?.toFixed(3)})`;
    console.log(
      `${label}: ${middle.toFixed(3)} (${low.toFixed(3)}–${high.toFixed(3)})${reference_}${ratio}`,
    );
  }
}
