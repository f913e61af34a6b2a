import { describe, expect, test } from 'vitest';
import {
  cpuCount,
  delayed,
  effectiveNJobs,
  Parallel,
  WorkerPool,
} from '../../../../src/lib/parallel/index.ts';

describe('effectiveNJobs', () => {
  test("follows joblib's meaning of n_jobs", () => {
    const cpus = cpuCount();
    expect(effectiveNJobs(-1)).toBe(cpus);
    expect(effectiveNJobs(-2)).toBe(Math.max(cpus - 1, 1));
    expect(effectiveNJobs(-1000)).toBe(1);
    expect(effectiveNJobs(undefined)).toBe(1);
    expect(effectiveNJobs(null)).toBe(1);
    expect(effectiveNJobs('3')).toBe(3);
    expect(effectiveNJobs(2.7)).toBe(2);
    expect(() => effectiveNJobs(0)).toThrow('nJobs == 0 in Parallel has no meaning');
    expect(() => effectiveNJobs('2.3')).toThrow('nJobs could not be converted to an integer');
  });
});

describe('Parallel', () => {
  const square = (x: number) => x * x;

  test('returns results in input order', async () => {
    const parallel = new Parallel({ nJobs: 2 });
    const calls = Array.from({ length: 50 }, (_, i) => delayed(square)(i));
    expect(await parallel.run(calls)).toEqual(Array.from({ length: 50 }, (_, i) => i * i));
    expect(String(parallel)).toBe('Parallel(nJobs=2)');
  });

  test('nJobs 1 is a plain loop in this thread: closures are fine there', async () => {
    const offset = 10;
    const results = await new Parallel({ nJobs: 1 }).run(
      [1, 2, 3].map((x) => delayed((y: number) => y + offset)(x)),
    );
    expect(results).toEqual([11, 12, 13]);
  });

  test('auto-batching grows the batch size for tiny tasks', async () => {
    const parallel = new Parallel({ nJobs: 2 });
    const calls = Array.from({ length: 4000 }, (_, i) => delayed(square)(i));
    const results = await parallel.run(calls);
    expect(results[3999]).toBe(3999 * 3999);
    const { tasks, batchSizes } = parallel.stats;
    expect(tasks).toBe(4000);
    expect(batchSizes.reduce((a, b) => a + b, 0)).toBe(4000);
    expect(batchSizes[0]).toBe(1);
    expect(Math.max(...batchSizes)).toBeGreaterThan(1);
  });

  test('on a given pool, auto-batching keeps the size it learned from run to run', async () => {
    const pool = new WorkerPool({ maxWorkers: 2 });
    try {
      const calls = () => Array.from({ length: 2000 }, (_, i) => delayed(square)(i));
      const kept = new Parallel({ nJobs: 2, pool });
      await kept.run(calls());
      expect(kept.stats.batchSizes[0]).toBe(1);
      // Tiny tasks come back far within 0.2 s: the next run starts with larger batches.
      expect(await kept.run(calls())).toEqual(calls().map((_, i) => i * i));
      expect(kept.stats.batchSizes[0]).toBeGreaterThan(1);
      expect(kept.stats.batchSizes.reduce((a, b) => a + b, 0)).toBe(2000);
      // A Parallel starting its own pool starts each run again at one call.
      const fresh = new Parallel({ nJobs: 2 });
      await fresh.run(calls());
      await fresh.run(calls());
      expect(fresh.stats.batchSizes[0]).toBe(1);
    } finally {
      await pool.close();
    }
  });

  test('the calls left at the end are cut into as many pieces as may be in flight', async () => {
    const parallel = new Parallel({ nJobs: 2, batchSize: 10 });
    const results = await parallel.run(Array.from({ length: 35 }, (_, i) => delayed(square)(i)));
    expect(results).toEqual(Array.from({ length: 35 }, (_, i) => i * i));
    // Two batches of 10 (one per worker), then 15 calls left: 2 × nJobs pieces.
    expect(parallel.stats.batchSizes).toEqual([10, 10, 4, 4, 4, 3]);
  });

  test('a batch mixing tasks runs each call with its own task', async () => {
    const parallel = new Parallel({ nJobs: 2, batchSize: 4 });
    const negate = (x: number) => -x;
    const calls = Array.from({ length: 30 }, (_, i) =>
      i % 2 === 0 ? delayed(square)(i) : delayed(negate)(i),
    );
    expect(await parallel.run(calls)).toEqual(
      Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? i * i : -i)),
    );
  });

  test('a fixed batch size is kept', async () => {
    const parallel = new Parallel({ nJobs: 2, batchSize: 10 });
    await parallel.run(Array.from({ length: 100 }, (_, i) => delayed(square)(i)));
    expect(parallel.stats.batchSizes).toEqual(Array(10).fill(10));
  });

  test('generator yields in order, generator_unordered as tasks finish', async () => {
    const ordered = new Parallel({ nJobs: 2, returnAs: 'generator', batchSize: 1 });
    const seen: number[] = [];
    for await (const value of ordered.run([3, 1, 2].map((x) => delayed(square)(x)))) {
      seen.push(value);
    }
    expect(seen).toEqual([9, 1, 4]);

    // Task 0 blocks until the three others have been received.
    const gate = new Int32Array(new SharedArrayBuffer(4));
    const task = (cells: Int32Array, index: number) => {
      if (index === 0) Atomics.wait(cells, 0, 0);
      return index;
    };
    const unordered = new Parallel({ nJobs: 2, returnAs: 'generator_unordered', batchSize: 1 });
    const order: number[] = [];
    for await (const value of unordered.run([0, 1, 2, 3].map((i) => delayed(task)(gate, i)))) {
      order.push(value);
      if (order.length === 3) {
        Atomics.store(gate, 0, 1);
        Atomics.notify(gate, 0);
      }
    }
    expect(order).toEqual([1, 2, 3, 0]);
  });

  test('the first error is thrown as raised and cancels the rest', async () => {
    const gate = new Int32Array(new SharedArrayBuffer(4));
    const task = (cells: Int32Array, index: number) => {
      if (index === 0) throw new RangeError(`bad item ${index}`);
      // Every other task would block forever: only cancelling ends the run.
      Atomics.wait(cells, 0, 0);
      return index;
    };
    const parallel = new Parallel({ nJobs: 2, batchSize: 1 });
    const error = await parallel
      .run([0, 1, 2, 3, 4].map((i) => delayed(task)(gate, i)))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe('bad item 0');
  });

  test('leaving a generator early stops the run; a given pool stays open', async () => {
    const pool = new WorkerPool({ maxWorkers: 2 });
    try {
      const parallel = new Parallel({ nJobs: 2, returnAs: 'generator', pool });
      for await (const value of parallel.run([1, 2, 3, 4].map((x) => delayed(square)(x)))) {
        expect(value).toBe(1);
        break;
      }
      expect(await pool.submit(square, 5)).toBe(25);
    } finally {
      pool.terminate();
    }
  });

  test('bad options and inputs get clear errors', () => {
    expect(() => new Parallel({ batchSize: 0 })).toThrow(
      "batchSize must be 'auto' or a positive integer, got: 0",
    );
    expect(() => new Parallel({ returnAs: 'set' as 'list' })).toThrow(/returnAs/);
    expect(() => new Parallel({ nJobs: 0 })).toThrow('nJobs == 0');
    return expect(new Parallel({ nJobs: 2 }).run([1 as never])).rejects.toThrow(
      'Expected item 0 to be a delayed call',
    );
  });

  test('one run at a time', async () => {
    const parallel = new Parallel({ nJobs: 2, returnAs: 'generator' });
    const first = parallel.run([delayed(square)(2)]);
    expect(() => parallel.run([delayed(square)(3)])).toThrow(/already running/);
    const values: number[] = [];
    for await (const value of first) values.push(value);
    expect(values).toEqual([4]);
  });
});
