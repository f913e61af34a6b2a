import { afterEach, describe, expect, expectTypeOf, test } from 'vitest';
import { WorkerPool } from '../../../../src/lib/parallel/index.ts';
import {
  Barrier,
  Lock,
  requireSharedMemory,
  SharedArray,
  SharedValue,
} from '../../../../src/lib/shared/index.ts';

const WORKERS = 3;
const pools: WorkerPool[] = [];
function pool(): WorkerPool {
  const created = new WorkerPool({ maxWorkers: WORKERS });
  pools.push(created);
  return created;
}

afterEach(() => {
  for (const created of pools.splice(0)) created.terminate();
});

/** Every worker starts its loop together, so their updates overlap. */
const workers = Array.from({ length: WORKERS }, (_, i) => i);

describe('a counter updated from several workers', () => {
  test('loses updates without synchronisation (read, everyone reads, write)', async () => {
    const counter = new SharedValue('int32', 0);
    const barrier = new Barrier(WORKERS);
    // Each worker reads, waits until all have read, then writes its read + 1: a lost update, forced.
    await pool().map(
      ([value, all]: [SharedValue, Barrier]) => {
        const seen = value.value;
        all.wait();
        value.value = seen + 1;
        return seen;
      },
      workers.map(() => [counter, barrier] as [SharedValue, Barrier]),
    );
    expect(counter.value).toBe(1);
  });

  test('is exact with Atomics (add) and with a Lock around value += 1', async () => {
    const atomic = new SharedValue('int32', 0);
    const locked = new SharedValue('float64', 0);
    const barrier = new Barrier(WORKERS);
    await pool().map(
      ([a, b, all]: [SharedValue, SharedValue, Barrier]) => {
        all.wait();
        for (let i = 0; i < 20_000; i++) {
          a.add(1);
          b.getLock().withLock(() => {
            b.value += 1;
          });
        }
        return a.value;
      },
      workers.map(() => [atomic, locked, barrier] as [SharedValue, SharedValue, Barrier]),
    );
    expect(atomic.value).toBe(WORKERS * 20_000);
    expect(locked.value).toBe(WORKERS * 20_000);
  });
});

describe('SharedArray', () => {
  test('workers fill disjoint slices of one array; the caller sees them without copies', async () => {
    const squares = new SharedArray('float64', 3000);
    await pool().map(
      ([target, part]: [SharedArray, number]) => {
        for (let i = part * 1000; i < (part + 1) * 1000; i++) target.array[i] = i * i;
        return part;
      },
      workers.map((part) => [squares, part] as [SharedArray, number]),
    );
    expect(squares.array[2999]).toBe(2999 * 2999);
    expect(squares.array.every((value, i) => value === i * i)).toBe(true);
  });

  test('its array is the typed array its kind names, in its type too', () => {
    const bytes = new SharedArray('uint8', 4);
    expectTypeOf(bytes.array).toEqualTypeOf<Uint8Array<SharedArrayBuffer>>();
    expect(bytes.array).toBeInstanceOf(Uint8Array);
    const counts: Int32Array<SharedArrayBuffer> = new SharedArray('int32', [1, 2]).array;
    expect(Atomics.add(counts, 0, 1)).toBe(1);
    const anyKind: SharedArray = new SharedArray('float64', 1);
    expect(anyKind.array).toBeInstanceOf(Float64Array);
  });

  test('starts from values and checks kinds and lengths', () => {
    expect(Array.from(new SharedArray('int32', [1, 2, 3]).array)).toEqual([1, 2, 3]);
    expect(() => new SharedArray('int64' as 'int32', 1)).toThrow(/Expected `kind` to be one of/);
    expect(() => new SharedArray('int32', -1)).toThrow(/non-negative integer/);
  });
});

describe('Barrier and Lock', () => {
  test('a barrier gives each party its arrival index and can be reused', async () => {
    const barrier = new Barrier(WORKERS);
    const indices = await pool().map(
      (all: Barrier) => [all.wait(), all.wait()],
      workers.map(() => barrier),
    );
    expect(indices.map(([first]) => first).sort()).toEqual([0, 1, 2]);
    expect(indices.map(([, second]) => second).sort()).toEqual([0, 1, 2]);
  });

  test('a lock knows its state and refuses a release it does not hold', () => {
    const lock = new Lock();
    expect(lock.tryAcquire()).toBe(true);
    expect(lock.locked).toBe(true);
    expect(lock.tryAcquire()).toBe(false);
    lock.release();
    expect(() => lock.release()).toThrow('Cannot release a Lock that is not held');
    expect(() => new Barrier(0)).toThrow('Expected `parties` to be a positive integer, got 0');
  });
});

describe('without cross-origin isolation', () => {
  test('every primitive says clearly why it cannot be made', () => {
    const scope = globalThis as { crossOriginIsolated?: boolean };
    scope.crossOriginIsolated = false;
    try {
      expect(() => new SharedValue('int32')).toThrow(/SharedValue needs shared memory/);
      expect(() => new Lock()).toThrow(/crossOriginIsolated is false/);
      expect(() => requireSharedMemory('This')).toThrow(/Cross-Origin-Embedder-Policy/);
    } finally {
      delete scope.crossOriginIsolated;
    }
  });
});

describe('the wire form of shared primitives', () => {
  test('messages without a shared primitive are passed through, not copied', async () => {
    const { encodeShared } = await import('../../../../src/lib/shared/revive.ts');
    const message = [[1, 'a', { deep: [2, 3] }], [{ x: null }], []];
    expect(encodeShared(message)).toBe(message);
  });

  test('a shared primitive is replaced where it is; everything around it is kept in order', async () => {
    const { decodeShared, encodeShared } = await import('../../../../src/lib/shared/revive.ts');
    const counter = new SharedValue('int32', 7);
    const message = [[1, { before: 'b', counter, after: [4] }], ['untouched']];
    const encoded = encodeShared(message) as [[number, Record<string, unknown>], string[]];
    expect(encoded).not.toBe(message);
    expect(encoded[1]).toBe(message[1]);
    expect(Object.keys(encoded[0][1])).toEqual(['before', 'counter', 'after']);
    expect(encoded[0][1].counter).not.toBeInstanceOf(SharedValue);
    const decoded = decodeShared(structuredClone(encoded)) as typeof message;
    const revived = ((decoded[0] as unknown[])[1] as { counter: SharedValue }).counter;
    expect(revived).toBeInstanceOf(SharedValue);
    revived.value = 42;
    expect(counter.value).toBe(42);
  });
});
