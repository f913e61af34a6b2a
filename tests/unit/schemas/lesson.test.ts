import { docsSchema } from '@astrojs/starlight/schema';
import { z } from 'astro/zod';
import { describe, expect, it } from 'vitest';
import { lessonSchema } from '../../../src/schemas/lesson.ts';

const lesson = {
  description: 'Functions that pause at each yield.',
  order: 1,
  summary: 'function*, next(), for…of.',
  status: 'ready',
  minutes: 35,
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

  it('lets a page that is no lesson (the home page) leave `order` and `minutes` out', () => {
    const { order: _order, minutes: _minutes, ...home } = lesson;
    expect(errorOf(home)).toBeUndefined();
  });

  it('lets a page that is no lesson (the glossary) give a description only', () => {
    expect(errorOf({ description: 'Terms of the course in three languages.' })).toBeUndefined();
  });

  it('requires `summary` and `status` of a lesson', () => {
    const { summary: _summary, status: _status, ...bare } = lesson;
    expect(errorOf(bare)).toBe(
      [
        'Expected `summary` to be a short string, got nothing',
        'Expected `status` to be "ready" or "planned", got nothing',
      ].join('\n'),
    );
  });

  it('requires `minutes` of a lesson, a whole number from 5 to 90', () => {
    const rule =
      'a whole number of minutes from 5 to 90 (the time to read the lesson and run its cells)';
    const { minutes: _minutes, ...untimed } = lesson;
    expect(errorOf(untimed)).toBe(`Expected \`minutes\` to be ${rule}, got nothing`);
    expect(errorOf({ ...lesson, minutes: 120 })).toBe(
      `Expected \`minutes\` to be ${rule}, got 120`,
    );
    expect(errorOf({ ...lesson, minutes: 2 })).toBe(`Expected \`minutes\` to be ${rule}, got 2`);
    expect(errorOf({ ...lesson, minutes: '35' })).toBe(
      `Expected \`minutes\` to be ${rule}, got "35"`,
    );
    expect(lessonSchema.parse(lesson).minutes).toBe(35);
  });

  it('keeps requiring `minutes` once Starlight merges it into the collection schema', () => {
    // src/content.config.ts: Starlight extends its own schema with ours; the check must survive.
    // Astro passes an `image()` helper built for its asset pipeline; no field here is an image.
    const schema = docsSchema({ extend: lessonSchema })({ image: () => z.any() } as never);
    const { minutes: _minutes, ...untimed } = lesson;
    const result = schema.safeParse({ title: 'Generators', ...untimed });
    expect(result.success ? [] : result.error.issues.map(({ message }) => message)).toEqual([
      'Expected `minutes` to be a whole number of minutes from 5 to 90 (the time to read the lesson and run its cells), got nothing',
    ]);
    expect(schema.safeParse({ title: 'Generators', ...lesson }).success).toBe(true);
  });

  it('refuses `fromPython`: the lesson\'s "From Python" box holds it', () => {
    expect(errorOf({ ...lesson, fromPython: 'Workers are processes.' })).toBe(
      'Expected `fromPython` to be absent (write it in the lesson\'s "From Python" box), got "Workers are processes."',
    );
  });
});
