import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CheckError, check, checkIterator, checkThrows } from '../../../../src/lib/check/index.ts';

let printed: string[] = [];

beforeEach(() => {
  printed = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed.push(args.join(' '));
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs `fn`, expecting a CheckError, and returns its message. */
function failure(fn: () => void): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CheckError);
    expect((error as Error).name).toBe('CheckError');
    return (error as Error).message;
  }
  throw new Error('Expected the check to fail, but it passed');
}

function* numsFrom(n: number): Generator<number, never> {
  for (;;) yield n++;
}

function* three() {
  yield 1;
  yield 2;
  yield 3;
}

describe('check', () => {
  it('prints a tick when the values are deeply equal', () => {
    check(
      'pairs match',
      [[0, 10], new Map([['a', new Set([1])]])],
      [[0, 10], new Map([['a', new Set([1])]])],
    );
    expect(printed).toEqual(['✓ pairs match']);
  });

  it('throws a CheckError with expected, got and where they differ', () => {
    const message = failure(() =>
      check(
        'pairs match',
        [
          [0, 10],
          [1, 12],
        ],
        [
          [0, 10],
          [1, 11],
        ],
      ),
    );
    expect(message).toBe(
      [
        '✗ pairs match',
        '  expected: [ [ 0, 10 ], [ 1, 11 ] ]',
        '  got:      [ [ 0, 10 ], [ 1, 12 ] ]',
        '  at [1][1]: expected 11, got 12',
      ].join('\n'),
    );
    expect(printed).toEqual([]);
  });

  it('leaves out the position line when the top values differ', () => {
    expect(failure(() => check('sum', 4, 3))).toBe('✗ sum\n  expected: 3\n  got:      4');
  });

  it('distinguishes -0 from 0 and accepts NaN', () => {
    check('NaN is NaN', Number.NaN, Number.NaN);
    expect(failure(() => check('zero', -0, 0))).toContain('got:      -0');
  });

  it('hints at checkIterator when given a generator instead of an array', () => {
    expect(failure(() => check('three', three(), [1, 2, 3]))).toContain(
      'hint: this is an iterator',
    );
  });

  it('rejects a missing description', () => {
    expect(() => check('', 1, 1)).toThrow(
      new TypeError("Expected `description` to be a non-empty string, got ''"),
    );
  });
});

describe('checkThrows', () => {
  it('passes when the error has the expected name', () => {
    checkThrows('bad length', () => new Array(-1), 'RangeError');
    expect(printed).toEqual(['✓ bad length']);
  });

  it('passes when the pattern matches "Name: message"', () => {
    checkThrows(
      'finished',
      () => {
        throw new TypeError('the iterator is finished');
      },
      /^TypeError: .*finished/,
    );
    expect(printed).toEqual(['✓ finished']);
  });

  it('fails when nothing is thrown, saying what was returned', () => {
    expect(failure(() => checkThrows('throws', () => 42, 'Error'))).toBe(
      '✗ throws\n  expected: a thrown Error\n  got:      no error; it returned 42',
    );
  });

  it('fails when another error is thrown', () => {
    const message = failure(() => checkThrows('throws', () => JSON.parse('{'), 'RangeError'));
    expect(message).toMatch(
      /^✗ throws\n {2}expected: a thrown RangeError\n {2}got: {6}SyntaxError: /,
    );
  });

  it('does not take an Error subclass for its parent name', () => {
    expect(failure(() => checkThrows('plain Error', () => JSON.parse('{'), 'Error'))).toContain(
      'SyntaxError',
    );
  });
});

describe('checkIterator', () => {
  it('passes when the values match and the iterator is then done', () => {
    checkIterator('three values', three(), [1, 2, 3]);
    checkIterator('arrays are iterable', [1, 2], [1, 2]);
    expect(printed).toEqual(['✓ three values', '✓ arrays are iterable']);
  });

  it('fails on an endless iterator after one extra step, and closes it', () => {
    let closed = false;
    let steps = 0;
    function* endless() {
      try {
        for (;;) yield ++steps;
      } finally {
        closed = true;
      }
    }
    const message = failure(() => checkIterator('stops after two', endless(), [1, 2]));
    expect(steps).toBe(3);
    expect(closed).toBe(true);
    expect(message).toBe(
      [
        '✗ stops after two',
        '  expected: [ 1, 2 ] and then done',
        '  got:      [ 1, 2, 3 ] and possibly more',
        '  at [2]: not expected (got 3)',
      ].join('\n'),
    );
  });

  it('shows a helper that ignores `done` yielding undefined', () => {
    function* careless(g: Iterator<number>) {
      for (;;) yield [g.next().value, 0];
    }
    const message = failure(() =>
      checkIterator('pairs', careless(three()), [
        [1, 0],
        [2, 0],
        [3, 0],
      ]),
    );
    expect(message).toContain('at [3]: not expected (got [ undefined, 0 ])');
  });

  it('fails when the iterator ends too soon', () => {
    const message = failure(() => checkIterator('four values', three(), [1, 2, 3, 4]));
    expect(message).toContain('got:      [ 1, 2, 3 ] and then done');
    expect(message).toContain('at [3]: missing (expected 4)');
  });

  it('accepts a bare iterator and a larger limit', () => {
    const message = failure(() => checkIterator('first', numsFrom(0), [0], { limit: 3 }));
    expect(message).toContain('got:      [ 0, 1, 2, 3 ] and possibly more');
  });

  it('validates its arguments', () => {
    expect(() => checkIterator('x', 5 as never, [])).toThrow(
      'Expected `values` to be an iterable or an iterator, got 5',
    );
    expect(() => checkIterator('x', three(), [1], { limit: 0 })).toThrow(
      'Expected `limit` to be an integer of at least 1, got 0',
    );
  });
});
