import { describe, expect, it } from 'vitest';
import { orderLessons } from '../../../src/schemas/lesson-order.ts';

const lesson = (name: string, order: unknown) => ({ file: `content/lessons/${name}.mdx`, order });

describe('orderLessons', () => {
  it('sorts lessons by their order, gaps allowed', () => {
    const sorted = orderLessons([lesson('c', 10), lesson('a', 1), lesson('b', 4)]);
    expect(sorted.map((entry) => entry.file)).toEqual([
      'content/lessons/a.mdx',
      'content/lessons/b.mdx',
      'content/lessons/c.mdx',
    ]);
  });

  it('keeps what else the lessons carry and leaves its input alone', () => {
    const input = [
      { ...lesson('b', 2), id: 'lessons/b' },
      { ...lesson('a', 1), id: 'lessons/a' },
    ];
    expect(orderLessons(input).map((entry) => entry.id)).toEqual(['lessons/a', 'lessons/b']);
    expect(input[0]?.id).toBe('lessons/b');
  });

  it('names the file of a lesson without an order', () => {
    expect(() => orderLessons([lesson('a', 1), lesson('untitled', undefined)])).toThrow(
      'Expected `order` in content/lessons/untitled.mdx to be a whole number from 1 (its place in the course), got nothing',
    );
  });

  it.each([
    [0, '0'],
    [1.5, '1.5'],
    ['2', '"2"'],
    [-1, '-1'],
  ])('refuses an order of %j', (order, shown) => {
    expect(() => orderLessons([lesson('odd', order)])).toThrow(
      `Expected \`order\` in content/lessons/odd.mdx to be a whole number from 1 (its place in the course), got ${shown}`,
    );
  });

  it('names every file that shares an order', () => {
    expect(() =>
      orderLessons([lesson('a', 1), lesson('b', 2), lesson('c', 2), lesson('d', 2)]),
    ).toThrow(
      'Expected each lesson to have an `order` of its own, got 2 in content/lessons/b.mdx, content/lessons/c.mdx, content/lessons/d.mdx',
    );
  });

  it('reports every problem at once', () => {
    let message = '';
    try {
      orderLessons([lesson('a', 1), lesson('b', 1), lesson('c', undefined)]);
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    expect(message.split('\n')).toEqual([
      'Expected `order` in content/lessons/c.mdx to be a whole number from 1 (its place in the course), got nothing',
      'Expected each lesson to have an `order` of its own, got 1 in content/lessons/a.mdx, content/lessons/b.mdx',
    ]);
  });
});
