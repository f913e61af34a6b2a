import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { collectLessonCells } from '../../../src/cells/extract.ts';
import { longCellLines } from '../../../src/cells/line-length.ts';
import { lessonFiles } from './lesson-files.ts';

describe('the lessons in content/lessons', () => {
  it('keep every cell code line and expected output line to 80 characters', async () => {
    const files = await lessonFiles();
    expect(files.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const { path, name } of files) {
      const cells = collectLessonCells(await readFile(path, 'utf8'), name);
      problems.push(...longCellLines(cells).map(({ message }) => message));
    }
    expect(problems).toEqual([]);
  });
});
