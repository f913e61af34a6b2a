/**
 * The pool rows of bench:vs-python: WorkerPool and Parallel (2 workers) next to
 * multiprocessing.Pool(2) and ProcessPoolExecutor(2) (pool_bench.py), one run
 * of each in turn, so that both sides see the same machine load.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { delayed, Parallel, WorkerPool } from '../../src/lib/parallel/index.ts';

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

async function perTask(tasks: number, work: () => Promise<unknown>): Promise<number> {
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
