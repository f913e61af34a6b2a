import { describe, expect, it } from 'vitest';
import { findDifference } from '../../../../src/lib/check/find-difference.ts';

describe('findDifference', () => {
  it('treats NaN as equal to itself and -0 as different from 0', () => {
    expect(findDifference(Number.NaN, Number.NaN)).toBeNull();
    expect(findDifference(-0, 0)).toEqual({ path: '', actual: -0, expected: 0 });
    expect(findDifference([Number.NaN], [Number.NaN])).toBeNull();
  });

  it('finds the path of the first difference in nested arrays and objects', () => {
    expect(findDifference({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toEqual({
      path: '.a[1].b',
      actual: 2,
      expected: 3,
    });
  });

  it('reports missing and unexpected properties', () => {
    expect(findDifference({ a: 1 }, { a: 1, b: 2 })).toMatchObject({
      path: '.b',
      reason: 'missing',
    });
    expect(findDifference({ a: 1, c: 3 }, { a: 1 })).toMatchObject({
      path: '.c',
      reason: 'not expected',
    });
  });

  it('reports the first missing or extra element of arrays of different lengths', () => {
    expect(findDifference([1, 2], [1, 2, 3])).toEqual({
      path: '[2]',
      actual: undefined,
      expected: 3,
      reason: 'missing',
    });
    expect(findDifference([1, 5, 3], [1, 2])).toMatchObject({
      path: '[1]',
      actual: 5,
      expected: 2,
    });
  });

  it('compares typed arrays by kind and by element', () => {
    expect(
      findDifference(new Float64Array([1, Number.NaN]), new Float64Array([1, Number.NaN])),
    ).toBeNull();
    expect(findDifference(new Int8Array([1, 2]), new Int8Array([1, 3]))).toMatchObject({
      path: '[1]',
    });
    expect(findDifference(new Int8Array([1]), new Uint8Array([1]))).toMatchObject({
      reason: 'different kinds of value',
    });
    expect(findDifference(new Int8Array([1]), [1])).not.toBeNull();
  });

  it('compares Maps by key and value', () => {
    const expected = new Map<unknown, unknown>([
      ['a', [1]],
      [2, 'two'],
    ]);
    expect(
      findDifference(
        new Map<unknown, unknown>([
          [2, 'two'],
          ['a', [1]],
        ]),
        expected,
      ),
    ).toBeNull();
    expect(
      findDifference(
        new Map<unknown, unknown>([
          ['a', [2]],
          [2, 'two'],
        ]),
        expected,
      ),
    ).toMatchObject({
      path: '.get("a")[0]',
    });
    expect(findDifference(new Map([['a', [1]]]), expected)).toMatchObject({
      path: '.get(2)',
      reason: 'missing',
    });
  });

  it('compares Sets by content, including object elements', () => {
    expect(findDifference(new Set([[1], [2]]), new Set([[2], [1]]))).toBeNull();
    expect(findDifference(new Set([1, 2]), new Set([1, 3]))).toMatchObject({
      reason: 'an expected element is missing',
    });
    expect(findDifference(new Set([[1], [1]]), new Set([[1]]))).toMatchObject({
      reason: 'extra elements',
    });
  });

  it('compares dates by time and regular expressions by source and flags', () => {
    expect(findDifference(new Date(5), new Date(5))).toBeNull();
    expect(findDifference(new Date(5), new Date(6))).not.toBeNull();
    expect(findDifference(/a/g, /a/g)).toBeNull();
    expect(findDifference(/a/g, /a/i)).not.toBeNull();
  });

  it('needs the same prototype', () => {
    class Point {
      x = 1;
    }
    expect(findDifference(new Point(), new Point())).toBeNull();
    expect(findDifference(new Point(), { x: 1 })).toMatchObject({
      reason: 'different kinds of value',
    });
  });

  it('compares functions and iterators by identity', () => {
    function* gen() {
      yield 1;
    }
    const one = gen();
    expect(findDifference(one, one)).toBeNull();
    expect(findDifference(gen(), gen())).toMatchObject({ reason: 'two different iterators' });
    expect(
      findDifference(
        () => 1,
        () => 1,
      ),
    ).not.toBeNull();
  });

  it('terminates on cyclic values', () => {
    const a: { self?: unknown; n: number } = { n: 1 };
    a.self = a;
    const b: { self?: unknown; n: number } = { n: 1 };
    b.self = b;
    expect(findDifference(a, b)).toBeNull();
  });
});
