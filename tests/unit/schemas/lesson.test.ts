import { describe, expect, it } from 'vitest';
import { lessonSchema } from '../../../src/schemas/lesson.ts';

const lesson = {
  description: 'Functions that pause at each yield.',
  order: 1,
  summary: 'function*, next(), for…of.',
  status: 'ready',
};

function errorOf(input: unknown): string | undefined {
  const result = lessonSchema.safeParse(input);
  return result.success ? undefined : result.error.issues.map((issue) => issue.message).join('\n');
}

describe('lessonSchema', () => {
  it('accepts a lesson placed from 1', () => {
    expect(errorOf(lesson)).toBeUndefined();
  });

  it('refuses `order: 0` as the course order does: places start at 1', () => {
    expect(errorOf({ ...lesson, order: 0 })).toBe(
      'Expected `order` to be a whole number from 1 (its place in the course), got 0',
    );
    expect(errorOf({ ...lesson, order: 1.5 })).toBe(
      'Expected `order` to be a whole number from 1 (its place in the course), got 1.5',
    );
  });

  it('lets a page that is no lesson (the home page) leave `order` out', () => {
    const { order: _order, ...home } = lesson;
    expect(errorOf(home)).toBeUndefined();
  });
});
