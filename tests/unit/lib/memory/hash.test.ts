import { describe, expect, it } from 'vitest';
import { cacheKey } from '../../../../src/lib/memory/canonical.ts';
import { HashingError } from '../../../../src/lib/memory/errors.ts';
import { hash } from '../../../../src/lib/memory/hash.ts';
import { readOnlyView } from '../../../../src/lib/memory/read-only.ts';

class Point {
  x = 1;
}

class Keyed {
  readonly id: number;
  constructor(id: number) {
    this.id = id;
  }
  [cacheKey]() {
    return this.id;
  }
}

describe('hash', () => {
  it('gives 32 lower-case hex characters, stable across runs (golden vectors)', async () => {
    // Changing the encoding changes these, and with them every stored key: do it on purpose only.
    expect(await hash('This is a string to hash')).toMatch(/^[0-9a-f]{32}$/);
    expect({
      string: await hash('This is a string to hash'),
      numbers: await hash([123456, 54321, -98765]),
      object: await hash({ abcde: 123, sadfas: [-9999, 2, 3] }),
    }).toMatchInlineSnapshot(`
      {
        "numbers": "b83f613fc14c0fdec194b00cec5a8cbe",
        "object": "1a492d775607ce3a3dd09bcadb7c582d",
        "string": "1755a7c654bc756350f8288972fb1c8c",
      }
    `);
  });

  it('keeps apart values that differ (joblib test_trivial_hash)', async () => {
    const values: unknown[] = [
      1,
      2,
      -0,
      0,
      Number.NaN,
      1n,
      '1',
      true,
      null,
      undefined,
      [],
      {},
      [1],
      [[1]],
      { a: 1 },
      { a: '1' },
      new Map([[1, 2]]),
      new Set([1, 2]),
      new Date(0),
      new Float64Array([1]),
      new Float32Array([1]),
      new Uint8Array(8),
      new Float64Array(1),
      new ArrayBuffer(8),
      [undefined],
      new Array(1),
    ];
    const hashes = await Promise.all(values.map((value) => hash(value)));
    expect(new Set(hashes).size).toBe(values.length);
  });

  it('is independent of key and insertion order, and of identity (test_dict_hash, test_set_hash)', async () => {
    expect(await hash({ b: 1, a: 2 })).toBe(await hash({ a: 2, b: 1 }));
    expect(
      await hash(
        new Map([
          ['x', 1],
          ['y', 2],
        ]),
      ),
    ).toBe(
      await hash(
        new Map([
          ['y', 2],
          ['x', 1],
        ]),
      ),
    );
    expect(await hash(new Set([3, 1, 2]))).toBe(await hash(new Set([1, 2, 3])));
    expect(await hash(new Set([{ a: 1 }, [2]]))).toBe(await hash(new Set([[2], { a: 1 }])));
    expect(await hash('a'.repeat(3))).toBe(await hash(['a', 'a', 'a'].join('')));
    expect(await hash(Number.NaN)).toBe(await hash(0 / 0));
    expect(await hash(new Date(5))).toBe(await hash(new Date(5)));
  });

  it('hashes typed arrays by element type, length and the bytes of the viewed range', async () => {
    const whole = new Float64Array([1, 2, 3, 4]);
    expect(await hash(whole.subarray(1, 3))).toBe(await hash(new Float64Array([2, 3])));
    expect(await hash(whole.subarray(1, 3))).not.toBe(await hash(whole));
    expect(await hash(new Int32Array([1, 2]))).not.toBe(await hash(new Uint32Array([1, 2])));
    const big = new Float64Array(1 << 20).map((_, i) => i);
    const copy = big.slice();
    expect(await hash(big)).toBe(await hash(copy));
    copy[copy.length - 1] = -1;
    expect(await hash(big)).not.toBe(await hash(copy));
  });

  it('hashes a read-only cached view like the array it views (coerce_mmap)', async () => {
    const array = new Float64Array([1, 2]);
    expect(await hash(readOnlyView(array))).toBe(await hash(array));
  });

  it('hashes long strings in pieces the same as short ones would', async () => {
    const long = 'é'.repeat(100_000);
    expect(await hash(long)).toBe(await hash(`${'é'.repeat(50_000)}${'é'.repeat(50_000)}`));
    expect(await hash(long)).not.toBe(await hash(`${long}x`));
  });

  it('fails with a HashingError for functions, class instances and cycles (test_hashing_pickling_error)', async () => {
    await expect(hash(() => 1)).rejects.toThrow(HashingError);
    await expect(hash({ f: Math.max })).rejects.toThrow(
      /argument\.f: function max has no stable content/,
    );
    await expect(hash([new Point()])).rejects.toThrow(
      /argument\[0\]: an instance of Point has no hashing rule/,
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(hash(cyclic)).rejects.toThrow(/reference to itself/);
    await expect(hash(Symbol('s'))).rejects.toThrow(HashingError);
  });

  it('lets a class give its own rule with [cacheKey]()', async () => {
    expect(await hash(new Keyed(1))).toBe(await hash(new Keyed(1)));
    expect(await hash(new Keyed(1))).not.toBe(await hash(new Keyed(2)));
    expect(await hash(new Keyed(1))).not.toBe(await hash(1));
  });

  it('shares nested references without treating them as cycles', async () => {
    const shared = [1];
    expect(await hash([shared, shared])).toBe(await hash([[1], [1]]));
  });

  it('gives each value its own hash when calls overlap, fail midway or hash from inside a rule', async () => {
    const values: unknown[] = [
      'a'.repeat(70_000),
      { a: [1, 2, 3], b: new Map([[1, 'x']]) },
      Float64Array.of(1, 2, 3),
      new Set(['s', 't']),
      42,
    ];
    const alone: string[] = [];
    for (const value of values) alone.push(await hash(value));
    expect(await Promise.all(values.map((value) => hash(value)))).toEqual(alone);
    // A hash that throws halfway leaves nothing behind for the next one.
    await expect(hash(['x'.repeat(1000), () => 1])).rejects.toThrow(HashingError);
    expect(await hash(values[0])).toBe(alone[0]);
    // A rule that starts another hash while the first one encodes.
    const inner: Promise<string>[] = [];
    class Nested {
      [cacheKey]() {
        inner.push(hash(values[1]));
        return 'nested';
      }
    }
    const outer = await hash([new Nested(), values[0]]);
    expect(await Promise.all(inner)).toEqual([alone[1]]);
    expect(outer).toBe(await hash([new Nested(), values[0]]));
  });
});
