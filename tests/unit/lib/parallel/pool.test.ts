import { afterEach, describe, expect, test } from 'vitest';
import {
  asCompleted,
  fromModule,
  PoolClosedError,
  PoolTerminatedError,
  ShippingError,
  WorkerDiedError,
  WorkerPool,
} from '../../../../src/lib/parallel/index.ts';
import type { PoolRequest } from '../../../../src/lib/parallel/protocol.ts';
import { cellFunction } from '../../support/cell-function.ts';

const tasks = new URL('./fixtures/tasks.ts', import.meta.url);
const add = fromModule<[number, number], number>(tasks, 'add');
const failWith = fromModule<[string], never>(tasks, 'failWith');
const crash = fromModule<[], void>(tasks, 'crash');

/** A task that blocks its worker until `gates[index]` is set: completion order under test control. */
function waitForGate(gates: Int32Array, index: number): number {
  Atomics.wait(gates, index, 0);
  return index;
}

function open(gates: Int32Array, index: number): void {
  Atomics.store(gates, index, 1);
  Atomics.notify(gates, index);
}

const pools: WorkerPool[] = [];
function pool(maxWorkers: number, abortGraceMs?: number): WorkerPool {
  const created = new WorkerPool(
    abortGraceMs === undefined ? { maxWorkers } : { maxWorkers, abortGraceMs },
  );
  pools.push(created);
  return created;
}

afterEach(() => {
  for (const created of pools.splice(0)) created.terminate();
});

describe('WorkerPool: running work', () => {
  test('submit, map and starmap give results in input order', async () => {
    const workers = pool(2);
    const square = (x: number) => x * x;
    expect(await workers.submit(square, 7)).toBe(49);
    expect(await workers.map(square, [1, 2, 3, 4, 5])).toEqual([1, 4, 9, 16, 25]);
    expect(await workers.map(square, [1, 2, 3, 4, 5], { chunkSize: 2 })).toEqual([1, 4, 9, 16, 25]);
    expect(
      await workers.starmap(add, [
        [1, 2],
        [3, 4],
      ]),
    ).toEqual([3, 7]);
  });

  test('async functions and functions rewritten by the notebook transform run in workers', async () => {
    const workers = pool(1);
    const later = async (x: number) => (await Promise.resolve(x)) + 1;
    expect(await workers.submit(later, 1)).toBe(2);
    // A cell's `async function`: its source carries the transform's runtime calls.
    const fromCell = cellFunction<(n: number) => Promise<number>>(
      'async function fromCell(n) { let total = 0; for (let i = 0; i < n; i++) { total += await i; } return total; }',
    );
    expect(String(fromCell)).toContain('__yb.resume(await __yb.wait(i))');
    expect(await workers.submit(fromCell, 5)).toBe(10);
  });

  test('with several messages per worker, results still come back in order', async () => {
    const workers = new WorkerPool({ maxWorkers: 2, messagesPerWorker: 3 });
    pools.push(workers);
    const inputs = Array.from({ length: 200 }, (_, i) => i);
    expect(await workers.map((x: number) => x * 2, inputs)).toEqual(inputs.map((x) => x * 2));
    expect(workers.size).toBe(2);
  });

  test('workers start lazily, up to maxWorkers', async () => {
    const workers = pool(3);
    expect(workers.size).toBe(0);
    await workers.map((x: number) => x, [1, 2, 3, 4, 5, 6]);
    expect(workers.size).toBeLessThanOrEqual(3);
    expect(
      workers
        .timeline()
        .map((entry) => entry.lane)
        .sort(),
    ).toHaveLength(6);
  });

  test('transferred buffers move to the worker', async () => {
    const workers = pool(1);
    const buffer = new ArrayBuffer(1024);
    const length = await workers.call((b: ArrayBuffer) => b.byteLength, [buffer], {
      transfer: [buffer],
    });
    expect(length).toBe(1024);
    expect(buffer.byteLength).toBe(0);
  });

  test('asCompleted and mapUnordered yield in completion order', async () => {
    const workers = pool(3);
    const gates = new Int32Array(new SharedArrayBuffer(12));
    const futures = [0, 1, 2].map((i) => workers.submit(waitForGate, gates, i));
    const seen: number[] = [];
    const order = [2, 0, 1];
    open(gates, order[0] as number);
    for await (const value of asCompleted(futures)) {
      seen.push(value);
      const next = order[seen.length];
      if (next !== undefined) open(gates, next);
    }
    expect(seen).toEqual(order);

    const second = new Int32Array(new SharedArrayBuffer(12));
    const unordered: number[] = [];
    open(second, 1);
    for await (const value of workers.mapUnordered(
      ([gate, index]: [Int32Array, number]) => {
        Atomics.wait(gate, index, 0);
        return index;
      },
      [0, 1, 2].map((i) => [second, i] as [Int32Array, number]),
    )) {
      unordered.push(value);
      if (unordered.length === 1) open(second, 0);
      if (unordered.length === 2) open(second, 2);
    }
    expect(unordered).toEqual([1, 0, 2]);
  });
});

describe('WorkerPool: errors', () => {
  test('a failing task rejects with the original name, message and stack', async () => {
    const workers = pool(1);
    const error = await workers.submit(failWith, 'boom').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('CustomError');
    expect((error as Error).message).toBe('boom');
    expect((error as Error).stack).toContain('failWith');

    const typeError = await workers
      .submit((x: number) => (x as unknown as { f(): void }).f(), 1)
      .catch((e: unknown) => e);
    expect(typeError).toBeInstanceOf(TypeError);
  });

  test('a thrown non-error value arrives as it was', async () => {
    const workers = pool(1);
    await expect(
      workers.submit(() => {
        throw { code: 42 };
      }),
    ).rejects.toEqual({ code: 42 });
  });

  test('a closure is refused, naming the variable and saying why', async () => {
    const workers = pool(1);
    const factor = 3;
    const times = (x: number) => x * factor;
    await expect(workers.call(times, [1])).rejects.toBeInstanceOf(ShippingError);
    await expect(workers.call(times, [1])).rejects.toThrow(/closes over `factor`/);
    await expect(workers.call(times, [1])).rejects.toThrow(/Pass the values as arguments/);
  });

  test('a global of the sender (a cell name in a notebook) is refused by name', async () => {
    const scope = globalThis as Record<string, unknown>;
    scope.helperOfAnotherCell = (x: number) => x;
    try {
      const uses = new Function('return (x) => helperOfAnotherCell(x)')() as (x: number) => number;
      await expect(pool(1).call(uses, [1])).rejects.toThrow(
        /`helperOfAnotherCell` is a global here \(in a notebook: a top-level name of a cell\)/,
      );
    } finally {
      delete scope.helperOfAnotherCell;
    }
  });

  test('methods, bound and built-in functions are refused', async () => {
    const workers = pool(1);
    const object = {
      method(x: number) {
        return x;
      },
    };
    await expect(workers.call(object.method, [1])).rejects.toThrow(/not methods/);
    await expect(workers.call(Math.max, [1])).rejects.toThrow(ShippingError);
  });

  test('arguments that cannot be cloned are refused clearly', async () => {
    const workers = pool(1);
    await expect(workers.call((f: unknown) => typeof f, [() => 1])).rejects.toThrow(
      /Cannot send the arguments of .* to a worker/,
    );
    expect(await workers.submit((x: number) => x + 1, 1)).toBe(2);
  });

  test('a worker that dies fails its task clearly and is replaced', async () => {
    const workers = pool(1);
    const error = await workers.submit(crash).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerDiedError);
    expect((error as Error).message).toMatch(/Worker 0 of the pool stopped while running `crash`/);
    expect(await workers.submit(add, 2, 3)).toBe(5);
  });
});

describe('WorkerPool: messages waiting behind a running task', () => {
  test('a message behind a task whose worker dies is sent again, not lost', async () => {
    const workers = new WorkerPool({ maxWorkers: 1, messagesPerWorker: 2 });
    pools.push(workers);
    const crashed = workers.submit(crash).catch((e: unknown) => e);
    const behind = workers.submit(add, 2, 3);
    expect(await crashed).toBeInstanceOf(WorkerDiedError);
    expect(await behind).toBe(5);
  });

  test('aborting a message that waits behind another rejects it and lets the first finish', async () => {
    const workers = new WorkerPool({ maxWorkers: 1, messagesPerWorker: 2, abortGraceMs: 50 });
    pools.push(workers);
    const gates = new Int32Array(new SharedArrayBuffer(8));
    const first = workers.submit(waitForGate, gates, 0);
    const controller = new AbortController();
    const waiting = workers.call(waitForGate, [gates, 1], { signal: controller.signal });
    controller.abort(new Error('changed my mind'));
    await expect(waiting).rejects.toThrow('changed my mind');
    open(gates, 0);
    expect(await first).toBe(0);
    // The aborted one now blocks its worker; after the grace period a fresh worker serves this.
    expect(await workers.submit(add, 1, 1)).toBe(2);
  });
});

describe('WorkerPool: abort and lifecycle', () => {
  test('aborting a queued task rejects it and the others still run', async () => {
    const workers = pool(1);
    const gates = new Int32Array(new SharedArrayBuffer(4));
    const first = workers.submit(waitForGate, gates, 0);
    const controller = new AbortController();
    const queued = workers.call((x: number) => x, [1], { signal: controller.signal });
    const third = workers.submit((x: number) => x, 3);
    controller.abort(new Error('not needed'));
    await expect(queued).rejects.toThrow('not needed');
    open(gates, 0);
    expect(await first).toBe(0);
    expect(await third).toBe(3);
  });

  test('aborting a running task rejects at once; a blocked worker is replaced', async () => {
    const workers = pool(1, 50);
    const gates = new Int32Array(new SharedArrayBuffer(8));
    const controller = new AbortController();
    const announceThenWait = (cells: Int32Array) => {
      Atomics.store(cells, 1, 1);
      Atomics.notify(cells, 1);
      Atomics.wait(cells, 0, 0);
    };
    const running = workers.call(announceThenWait, [gates], { signal: controller.signal });
    await Atomics.waitAsync(gates, 1, 0).value;
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(await workers.submit((x: number) => x * 2, 21)).toBe(42);
  });

  test('a cell function stops at its next loop tick when aborted, and its worker is kept', async () => {
    const workers = pool(1, 60_000);
    const spin = cellFunction<(gate: Int32Array) => never>(
      'function spin(gate) { Atomics.store(gate, 0, 1); Atomics.notify(gate, 0); while (true) {} }',
    );
    expect(String(spin)).toContain('__yb.tick(0)');
    const gate = new Int32Array(new SharedArrayBuffer(4));
    const controller = new AbortController();
    const running = workers.call(spin, [gate], { signal: controller.signal });
    await Atomics.waitAsync(gate, 0, 0).value;
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    // The worker answered (the tick threw), so the same lane runs the next task.
    expect(await workers.submit((x: number) => x, 1)).toBe(1);
    const entries = workers.timeline();
    expect(entries.map((entry) => [entry.label, entry.ok])).toEqual([
      ['spin', false],
      ['anonymous', true],
    ]);
  });

  test('close() lets queued work finish, then refuses more', async () => {
    const workers = pool(1);
    const results = workers.map((x: number) => x + 1, [1, 2, 3]);
    const closed = workers.close();
    expect(await results).toEqual([2, 3, 4]);
    await closed;
    const refused = workers.submit((x: number) => x, 1);
    await expect(refused).rejects.toThrow(PoolClosedError);
    await expect(refused).rejects.toMatchObject({
      name: 'PoolClosedError',
      message: 'Cannot submit tasks to a pool after close() or terminate()',
    });
  });

  test('a terminated pool refuses work with a PoolClosedError', async () => {
    const workers = pool(1);
    workers.terminate();
    await expect(workers.map((x: number) => x, [1])).rejects.toThrow(PoolClosedError);
  });

  test('terminate() rejects queued and running tasks', async () => {
    const workers = pool(1);
    const gates = new Int32Array(new SharedArrayBuffer(4));
    const running = workers.submit(waitForGate, gates, 0);
    const queued = workers.submit((x: number) => x, 1);
    workers.terminate();
    for (const task of [running, queued]) {
      await expect(task).rejects.toThrow(PoolTerminatedError);
      await expect(task).rejects.toMatchObject({
        name: 'PoolTerminatedError',
        message: 'The pool was terminated',
      });
    }
  });

  test('runBatch is internal: not on the pool, not exported from yieldbook/parallel', async () => {
    const workers = pool(1);
    expect('runBatch' in workers).toBe(false);
    const parallel = await import('../../../../src/lib/parallel/index.ts');
    expect('runBatch' in parallel).toBe(false);
  });

  test('a map message waiting behind a slow task moves to a worker that became idle', async () => {
    const workers = pool(2);
    // Task 0 waits until the three others are done; on two workers, one of them is
    // first sent behind task 0 and must be taken back for the other worker, or this hangs.
    const cells = new Int32Array(new SharedArrayBuffer(8));
    const task = (shared: Int32Array, index: number) => {
      if (index === 0) {
        Atomics.wait(shared, 0, 0);
        return 0;
      }
      if (Atomics.add(shared, 1, 1) === 2) {
        Atomics.store(shared, 0, 1);
        Atomics.notify(shared, 0);
      }
      return index;
    };
    expect(
      await workers.starmap(
        task,
        [0, 1, 2, 3].map((i) => [cells, i] as [Int32Array, number]),
      ),
    ).toEqual([0, 1, 2, 3]);
    const lanes = new Map(workers.timeline().map((entry) => [entry.start, entry.lane]));
    expect(new Set(lanes.values()).size).toBe(2);
  });

  test('map sends each chunk as one flat array of items; an array item stays one argument', async () => {
    const sent: PoolRequest[] = [];
    const recording = new WorkerPool({
      maxWorkers: 1,
      createWorker: (_lane, events) => ({
        postMessage(message) {
          sent.push(message);
          if (message.type !== 'run') return;
          const { args } = message.batch;
          setTimeout(() =>
            events.message({ type: 'done', id: message.id, values: args, started: 0, ended: 0 }),
          );
        },
        terminate() {},
      }),
    });
    pools.push(recording);
    const identity = (x: unknown) => x;
    expect(await recording.map(identity, [[1, 2], 3, 4], { chunkSize: 2 })).toEqual([[1, 2], 3, 4]);
    expect(await recording.submit(identity, 5)).toBe(5);
    const batches = sent.flatMap((message) => (message.type === 'run' ? [message.batch] : []));
    expect(batches.map(({ args, unary }) => ({ args, unary }))).toEqual([
      { args: [[1, 2], 3], unary: true },
      { args: [4], unary: true },
      { args: [5], unary: true },
    ]);
    // Real workers: each item is the task's one argument.
    const workers = pool(2);
    const count = (...all: unknown[]) => all.length;
    expect(await workers.map(count, [[1, 2], [], 3])).toEqual([1, 1, 1]);
  });

  test('a chunk mixing plain and promised results keeps every value in its place', async () => {
    const workers = pool(2);
    const sometimesLater = (x: number) =>
      x % 3 === 0 ? new Promise<number>((resolve) => setTimeout(() => resolve(-x), 1)) : x * 10;
    const items = Array.from({ length: 20 }, (_, i) => i);
    expect(await workers.map(sometimesLater, items, { chunkSize: 7 })).toEqual(
      items.map((x) => (x % 3 === 0 ? -x : x * 10)),
    );
  });

  test('a chunk that fails part-way rejects with the error of that call', async () => {
    const workers = pool(1);
    const failOnFive = (x: number) => {
      if (x === 5) throw new RangeError(`no ${x}`);
      return x;
    };
    const error = await workers
      .map(failOnFive, [1, 2, 3, 4, 5, 6], { chunkSize: 6 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe('no 5');
    expect(await workers.map(failOnFive, [7, 8], { chunkSize: 2 })).toEqual([7, 8]);
  });

  test('options are validated', () => {
    expect(() => new WorkerPool({ maxWorkers: 0 })).toThrow(
      'Expected `maxWorkers` to be a positive integer, got 0',
    );
  });
});
