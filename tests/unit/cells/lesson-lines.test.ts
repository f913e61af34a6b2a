import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectLessonCells } from '../../../src/cells/extract.ts';
import { longCellLines } from '../../../src/cells/line-length.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const LESSONS = join(ROOT, 'content/lessons');

describe('the lessons in content/lessons', () => {
  it('keep every cell code line and expected output line to 80 characters', async () => {
    const entries = await readdir(LESSONS, { withFileTypes: true, recursive: true });
    const files = entries
      .filter((entry) => entry.isFile() && /\.mdx?$/.test(entry.name))
      .map((entry) => join(entry.parentPath, entry.name))
      .sort();
    expect(files.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const file of files) {
      const cells = collectLessonCells(await readFile(file, 'utf8'), relative(ROOT, file));
      problems.push(...longCellLines(cells).map(({ message }) => message));
    }
    expect(problems).toEqual([]);
  });
});
