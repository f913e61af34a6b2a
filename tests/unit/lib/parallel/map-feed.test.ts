import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, test } from 'vitest';
import { PoolTerminatedError, WorkerPool } from '../../../../src/lib/parallel/index.ts';
import type { PoolRequest } from '../../../../src/lib/parallel/protocol.ts';
import type { WorkerEvents } from '../../../../src/lib/parallel/worker-factory.ts';

type Run = Extract<PoolRequest, { type: 'run' }>;

/**
 * A pool of one worker that answers only when told: which messages it got,
 * and `answer(i)` to reply to the i-th (with its arguments as values, or an error).
 */
function manualPool() {
  const runs: Run[] = [];
  let events: WorkerEvents | undefined;
  const pool = new WorkerPool({
    maxWorkers: 1,
    createWorker: (_lane, workerEvents) => {
      events = workerEvents;
      return {
        postMessage(message) {
          if (message.type === 'run') runs.push(message);
        },
        terminate() {},
      };
    },
  });
  const answer = (index: number, error?: string) => {
    const run = runs[index] as Run;
    (events as WorkerEvents).message(
      error === undefined
        ? { type: 'done', id: run.id, values: run.batch.args, started: 0, ended: 0 }
        : {
            type: 'failed',
            id: run.id,
            error: { isError: true, name: 'RangeError', message: error, stack: '' },
            started: 0,
            ended: 0,
          },
    );
  };
  return { pool, runs, answer };
}

/** The items 0 to `count - 1`, counting how many were read and whether the reader let go early. */
function countedItems(count: number) {
  const seen = { read: 0, closed: false };
  function* items() {
    try {
      for (let item = 0; item < count; item += 1) {
        seen.read += 1;
        yield item;
      }
    } finally {
      if (seen.read < count) seen.closed = true;
    }
  }
  return { seen, items: items() };
}

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Lets the lane post what it was given (it posts once its worker's start resolves). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const pools: WorkerPool[] = [];
afterEach(() => {
  for (const pool of pools.splice(0)) pool.terminate();
});

describe('WorkerPool: a map makes its messages as lanes free up', () => {
  test('an iterable is read only as far as the lanes can take', async () => {
    const { pool, runs, answer } = manualPool();
    pools.push(pool);
    const { seen, items } = countedItems(10);
    const result = pool.map((x: number) => x, items, { chunkSize: 2 });
    await settle();
    // One message running and one sent ahead: four items read, not ten.
    expect(runs.map((run) => run.batch.args)).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(seen.read).toBe(4);
    answer(0);
    await settle();
    expect(seen.read).toBe(6);
    for (let index = 1; index < 5; index += 1) {
      answer(index);
      await settle();
    }
    expect(await result).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seen.closed).toBe(false);
  });

  test('results keep input order when chunks come back out of order', async () => {
    const posted: { run: Run; events: WorkerEvents }[] = [];
    const pool = new WorkerPool({
      maxWorkers: 2,
      createWorker: (_lane, events) => ({
        postMessage(message) {
          if (message.type !== 'run') return;
          // A message taken back for an idle worker is posted again there: only the last post counts.
          const earlier = posted.findIndex((entry) => entry.run.id === message.id);
          if (earlier >= 0) posted.splice(earlier, 1);
          posted.push({ run: message, events });
        },
        terminate() {},
      }),
    });
    pools.push(pool);
    const result = pool.map((x: number) => x * 10, [1, 2, 3, 4, 5, 6]);
    await settle();
    // Always answer the newest message first.
    for (let answered = 0; answered < 6; answered += 1) {
      const { run, events } = posted.pop() as { run: Run; events: WorkerEvents };
      const values = (run.batch.args as number[]).map((x) => x * 10);
      events.message({ type: 'done', id: run.id, values, started: 0, ended: 0 });
      await settle();
    }
    expect(await result).toEqual([10, 20, 30, 40, 50, 60]);
  });

  test('the first failure stops reading the input and sending messages', async () => {
    const { pool, runs, answer } = manualPool();
    pools.push(pool);
    const { seen, items } = countedItems(100);
    const result = pool.map((x: number) => x, items).catch((error: unknown) => error);
    await settle();
    answer(0);
    await settle();
    answer(1, 'no 1');
    const error = await result;
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe('no 1');
    await settle();
    expect(seen.read).toBe(3);
    expect(seen.closed).toBe(true);
    expect(runs).toHaveLength(3);
    // The pool goes on with other work once the aborted message answers.
    const next = pool.submit((x: number) => x, 7);
    answer(2, 'The task was aborted');
    await settle();
    answer(3);
    expect(await next).toBe(7);
  });

  test('aborting stops reading the input; the map rejects with the reason', async () => {
    const { pool, runs } = manualPool();
    pools.push(pool);
    const { seen, items } = countedItems(100);
    const controller = new AbortController();
    const result = pool.map((x: number) => x, items, { signal: controller.signal });
    await settle();
    controller.abort(new Error('enough'));
    await expect(result).rejects.toThrow('enough');
    await settle();
    expect(seen.read).toBe(2);
    expect(seen.closed).toBe(true);
    expect(runs).toHaveLength(2);
  });

  test('leaving mapUnordered early stops reading the input', async () => {
    const { pool, answer } = manualPool();
    pools.push(pool);
    const { seen, items } = countedItems(100);
    const results = pool.mapUnordered((x: number) => x, items);
    const first = results.next();
    await settle();
    answer(0);
    expect(await first).toEqual({ done: false, value: 0 });
    await results.return();
    await settle();
    // mapUnordered sends only to an idle worker: one item out, then the next.
    expect(seen.read).toBe(2);
    expect(seen.closed).toBe(true);
  });

  test('terminate() rejects a map part-way with a PoolTerminatedError and stops reading', async () => {
    const { pool } = manualPool();
    const { seen, items } = countedItems(100);
    const result = pool.map((x: number) => x, items);
    await settle();
    pool.terminate();
    await expect(result).rejects.toThrow(PoolTerminatedError);
    expect(seen.read).toBe(2);
    expect(seen.closed).toBe(true);
  });

  test('a map queued behind other work reads nothing until a lane frees', async () => {
    const { pool, runs, answer } = manualPool();
    pools.push(pool);
    const first = pool.submit((x: number) => x, 1);
    const { seen, items } = countedItems(3);
    const mapped = pool.mapUnordered((x: number) => x, items);
    const next = mapped.next();
    await settle();
    expect(runs).toHaveLength(1);
    expect(seen.read).toBe(0);
    answer(0);
    expect(await first).toBe(1);
    await settle();
    expect(seen.read).toBe(1);
    answer(1);
    expect(await next).toEqual({ done: false, value: 0 });
    await mapped.return();
  });

  test('close() lets a map being read finish, then stops the workers', async () => {
    const { pool, runs, answer } = manualPool();
    const { seen, items } = countedItems(5);
    const result = pool.map((x: number) => x, items);
    await settle();
    const closed = pool.close();
    for (let index = 0; index < 5; index += 1) {
      answer(index);
      await settle();
    }
    expect(await result).toEqual([0, 1, 2, 3, 4]);
    await closed;
    expect(seen.read).toBe(5);
    expect(runs).toHaveLength(5);
  });

  test('items that are not iterable are refused clearly', async () => {
    const { pool } = manualPool();
    pools.push(pool);
    await expect(pool.map((x: number) => x, 5 as unknown as number[])).rejects.toThrow(
      'Expected `items` to be an iterable, got 5',
    );
    await expect(pool.map((x: number) => x, [], { chunkSize: 0 })).rejects.toThrow(
      'Expected `chunkSize` to be a positive integer, got 0',
    );
  });

  test('an input that throws part-way fails the map with its error', async () => {
    const { pool, answer } = manualPool();
    pools.push(pool);
    function* items() {
      yield 1;
      yield 2;
      yield 3;
      throw new SyntaxError('bad item');
    }
    // The second chunk, sent ahead, is read at once: the map fails before any answer.
    const result = pool.map((x: number) => x, items(), { chunkSize: 2 }).catch((e: unknown) => e);
    const error = await result;
    expect(error).toBeInstanceOf(SyntaxError);
    expect((error as Error).message).toBe('bad item');
    answer(0);
  });

  test('a finished map leaves nothing of its own held by the pool', async () => {
    const { pool, answer } = manualPool();
    pools.push(pool);
    let items: number[] | null = [1, 2, 3];
    const ref = new WeakRef(items);
    const result = pool.map((x: number) => x, items);
    items = null;
    await settle();
    for (let index = 0; index < 3; index += 1) {
      answer(index);
      await settle();
    }
    expect(await result).toEqual([1, 2, 3]);
    await settle();
    collectGarbage();
    expect(ref.deref()).toBeUndefined();
  });
});
