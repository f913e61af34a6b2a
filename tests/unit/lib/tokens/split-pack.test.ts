import { describe, expect, it } from 'vitest';
import { pack } from '../../../../src/lib/tokens/pack.ts';
import { split } from '../../../../src/lib/tokens/split.ts';

/** A document of `length` token ids counting up from `from`, so order is visible. */
function doc(length: number, from = 0): number[] {
  return Array.from({ length }, (_, i) => from + i);
}

const lengths = (items: Iterable<number[]>) => [...items].map((item) => item.length);

describe.each([
  ['split', split],
  ['pack', pack],
])('%s: arguments', (_name, fn) => {
  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '2048'])(
    'refuses maxLength %s when called, before any next()',
    (maxLength) => {
      expect(() => fn(maxLength as number, [])).toThrow(
        /Expected `maxLength` to be a positive integer, got /,
      );
    },
  );

  it('says which document is not an array of token ids', () => {
    const items = fn(4, [[1], 'two' as unknown as number[]]);
    expect(() => [...items]).toThrow('Expected document 1 to be an array of token ids, got "two"');
  });

  it('yields nothing for an empty corpus', () => {
    expect([...fn(2048, [])]).toEqual([]);
  });

  it('yields nothing for a corpus of empty documents', () => {
    expect([...fn(2048, [[], [], []])]).toEqual([]);
  });

  it('is lazy: reads a document only when an item needs it', () => {
    const read: number[] = [];
    function* documents() {
      for (let i = 0; i < 3; i += 1) {
        read.push(i);
        yield doc(4, i * 4);
      }
    }
    const items = fn(4, documents());
    expect(read).toEqual([]);
    items.next();
    expect(read).toEqual([0]);
  });
});

describe('split', () => {
  it('keeps a document of exactly maxLength tokens as one item', () => {
    expect([...split(2048, [doc(2048)])]).toEqual([doc(2048)]);
  });

  it('cuts a long document into full items and a short last one', () => {
    const items = [...split(2048, [doc(5000)])];
    expect(lengths(items)).toEqual([2048, 2048, 904]);
    expect(items.flat()).toEqual(doc(5000));
  });

  it('never joins two documents and skips empty ones', () => {
    expect([...split(3, [[1, 2], [], [3, 4, 5, 6], []])]).toEqual([[1, 2], [3, 4, 5], [6]]);
  });

  it('accepts typed arrays and yields plain arrays', () => {
    expect([...split(2, [Uint16Array.of(1, 2, 3) as unknown as number[]])]).toEqual([[1, 2], [3]]);
  });
});

describe('pack', () => {
  it('keeps a document of exactly maxLength tokens as one item', () => {
    expect([...pack(2048, [doc(2048)])]).toEqual([doc(2048)]);
  });

  it('fills every item but the last across document boundaries', () => {
    expect([...pack(3, [[1, 2, 3, 4], [5], [], [6, 7]])]).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('packs a much longer document between short ones, losing and reordering nothing', () => {
    const documents = [doc(100), doc(10_000, 100), doc(0), doc(7, 10_100), doc(2048, 10_107)];
    const items = [...pack(2048, documents)];
    const all = documents.flat();
    expect(items.flat()).toEqual(all);
    // 100 + 10,000 + 0 + 7 + 2,048 = 12,155 tokens: five full items and 1,915 left over.
    expect(lengths(items)).toEqual([2048, 2048, 2048, 2048, 2048, 1915]);
  });

  it('ends on a full item when the stream is a multiple of maxLength', () => {
    expect(lengths(pack(4, [doc(3), doc(5)]))).toEqual([4, 4]);
  });

  it('hands out a new array for every item', () => {
    const items = [...pack(2, [doc(6)])];
    expect(new Set(items).size).toBe(3);
    expect(items).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
  });
});
