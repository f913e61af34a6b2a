import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  MAX_SITTING_MINUTES,
  readingTime,
  readingTimeProblem,
  statedMinutes,
} from '../../../src/cells/reading-time.ts';
import { lessonFiles } from './lesson-files.ts';

/** A lesson of `words` prose words and one exercise cell of three lines, stating `minutes`. */
function lesson(words: number, minutes: number | null): string {
  const prose = Array.from({ length: words }, () => 'word').join(' ');
  return [
    '---',
    'title: T',
    ...(minutes === null ? [] : [`minutes: ${minutes}`]),
    '---',
    "import Aside from './aside.astro';",
    '',
    prose,
    '',
    '```ts cell id=try-it kind=exercise',
    'const a = 1;',
    'const b = 2;',
    'console.log(a + b);',
    '```',
    '',
    '```output',
    '3',
    '```',
    '',
  ].join('\n');
}

describe('readingTime', () => {
  it('reads Japanese by the character and the Latin words among it by the word', () => {
    const source = [
      '---',
      'title: T',
      '---',
      '',
      'ジェネレータは `yield` で値を返します。',
      '',
    ].join('\n');
    const time = readingTime(source, 'ja.mdx');
    // ジェネレータは (7) + で値を返します (7); 「。」 is punctuation; `yield` is one word.
    expect(time).toMatchObject({ japaneseChars: 14, words: 1, codeLines: 0, cells: 0 });
    expect(time.minutes).toBeCloseTo(14 / 350 + 1 / 150, 6);
  });

  it('counts a lesson with no Japanese exactly as before', () => {
    expect(readingTime(lesson(300, 10), 'lesson.mdx').japaneseChars).toBe(0);
  });

  it('counts prose words, code lines, cells and exercises, not outputs or imports', () => {
    const time = readingTime(lesson(300, 10), 'lesson.mdx');
    expect(time).toMatchObject({ words: 300, codeLines: 3, cells: 1, exercises: 1 });
    // 300 / 150 + 3 / 50 + 0.25 + 4
    expect(time.minutes).toBeCloseTo(6.31, 5);
    expect(time.stated).toBe(10);
  });

  it('counts words inside inline code, links and components, and plain code blocks', () => {
    const source = [
      'Call `next()` on [the generator](/x/) <Aside>twice over</Aside>.',
      '',
      '```js',
      'one();',
      'two();',
      '```',
    ].join('\n');
    const time = readingTime(source, 'page.mdx');
    expect(time).toMatchObject({ words: 8, codeLines: 2, cells: 0, exercises: 0 });
  });

  it('reads the stated minutes from the frontmatter only', () => {
    expect(statedMinutes(lesson(10, 35))).toBe(35);
    expect(statedMinutes(lesson(10, null))).toBeNull();
    expect(statedMinutes('---\ntitle: T\n---\nminutes: 35\n')).toBeNull();
  });
});

describe('readingTimeProblem', () => {
  it('accepts the estimate rounded up to five minutes, and names the figure otherwise', () => {
    expect(readingTimeProblem(lesson(300, 10), 'a.mdx')).toBeNull();
    expect(readingTimeProblem(lesson(300, 15), 'a.mdx')).toBe(
      'a.mdx: Expected `minutes: 10` in the frontmatter (300 words, 3 code lines, 1 cell, 1 exercise: 6.3 minutes, rounded up to five), got minutes: 15',
    );
    expect(readingTimeProblem(lesson(300, null), 'a.mdx')).toMatch(/, got none$/);
  });

  it('refuses a lesson longer than one sitting', () => {
    // 6900 words are 46 minutes of prose alone.
    expect(readingTimeProblem(lesson(6900, 50), 'long.mdx')).toBe(
      `long.mdx: Expected the lesson to fit one sitting of ${MAX_SITTING_MINUTES} minutes, got 6900 words, 3 code lines, 1 cell, 1 exercise: 50.3 minutes; trim it or split it`,
    );
  });
});

describe('the lessons in content/lessons', () => {
  it('each state the time the estimate gives, and fit one sitting', async () => {
    const files = await lessonFiles();
    expect(files.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const { path, name } of files) {
      const problem = readingTimeProblem(await readFile(path, 'utf8'), name);
      if (problem !== null) problems.push(problem);
    }
    expect(problems).toEqual([]);
  });
});
