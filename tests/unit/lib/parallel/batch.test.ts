import { describe, expect, test } from 'vitest';
import { callBatch, joinParts, packBatch } from '../../../../src/lib/parallel/batch.ts';
import type { TaskRef } from '../../../../src/lib/parallel/protocol.ts';

const square: TaskRef = { kind: 'source', source: '(x) => x * x', name: 'square' };
const add: TaskRef = { kind: 'source', source: '(a, b) => a + b', name: 'add' };

describe('packBatch', () => {
  test('calls of one task with one argument each travel as one flat array', () => {
    expect(packBatch([square, square, square], [[1], [[2, 3]], [4]])).toEqual({
      tasks: [square],
      which: null,
      args: [1, [2, 3], 4],
      unary: true,
    });
  });

  test('other arities keep one argument list per call', () => {
    expect(packBatch([add, add, add], [[1, 2], [3], []])).toEqual({
      tasks: [add],
      which: null,
      args: [[1, 2], [3], []],
    });
  });

  test('calls mixing tasks name each task once and say which each call runs', () => {
    expect(packBatch([square, add, add, square], [[1], [2, 3], [4, 5], [6]])).toEqual({
      tasks: [square, add],
      which: [0, 1, 1, 0],
      args: [[1], [2, 3], [4, 5], [6]],
    });
  });

  test('packs the calls from start to end only', () => {
    const tasks = [add, square, square, add];
    expect(packBatch(tasks, [[1, 2], [3], [4], [5, 6]], 1, 3)).toEqual({
      tasks: [square],
      which: null,
      args: [3, 4],
      unary: true,
    });
  });
});

describe('callBatch', () => {
  test('one call, flat when it takes one argument', () => {
    expect(callBatch(square, [[7]])).toEqual({
      tasks: [square],
      which: null,
      args: [[7]],
      unary: true,
    });
    expect(callBatch(add, [1, 2])).toEqual({ tasks: [add], which: null, args: [[1, 2]] });
  });
});

describe('joinParts', () => {
  test('joins the parts in order, leaving values that are arrays whole', () => {
    expect(joinParts([[1, [2]], [], [[3, 4], 5]])).toEqual([1, [2], [3, 4], 5]);
    expect(joinParts([])).toEqual([]);
  });

  test('joins more parts than one call takes arguments', () => {
    const parts = Array.from({ length: 10_000 }, (_, i) => [i]);
    expect(joinParts(parts)).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
  });
});
