import { describe, expect, it } from 'vitest';
import { collectLessonCells } from '../../../src/cells/extract.ts';
import { longCellLines, MAX_CELL_LINE } from '../../../src/cells/line-length.ts';

const FILE = 'content/lessons/sample.mdx';
const fence = '```';

function lesson(...blocks: string[]): string {
  return ['---', 'title: Sample', 'order: 1', '---', '', ...blocks].join('\n');
}

const longLines = (source: string, max?: number) =>
  longCellLines(collectLessonCells(source, FILE), max);

describe('longCellLines', () => {
  it('accepts lines of exactly the limit, and ignores prose and plain code blocks', () => {
    const source = lesson(
      'x'.repeat(200),
      '',
      `${fence}ts`,
      `// ${'y'.repeat(120)}`,
      fence,
      '',
      `${fence}ts cell id=fits`,
      `// ${'a'.repeat(MAX_CELL_LINE - 3)}`,
      fence,
      '',
      `${fence}output`,
      'b'.repeat(MAX_CELL_LINE),
      fence,
    );
    expect(longLines(source)).toEqual([]);
  });

  it('names file:line, the cell and the length of each long code and output line', () => {
    const source = lesson(
      `${fence}ts cell id=wide`,
      'const short = 1;',
      `console.log('${'a'.repeat(80)}');`,
      fence,
      '',
      `${fence}output`,
      'ok',
      'b'.repeat(81),
      fence,
    );
    // Lines: frontmatter 1–4, blank 5, fence 6, code 7–8, fence 9, blank 10, output 11–14.
    expect(longLines(source)).toEqual([
      {
        file: FILE,
        line: 8,
        length: 96,
        message: `${FILE}:8: Expected each line of cell \`wide\` to be at most 80 characters, got 96`,
      },
      {
        file: FILE,
        line: 13,
        length: 81,
        message: `${FILE}:13: Expected each line of the expected output of cell \`wide\` to be at most 80 characters, got 81`,
      },
    ]);
  });

  it('counts characters, not UTF-16 units or bytes', () => {
    const source = lesson(`${fence}ts cell id=arrows`, `// ${'→'.repeat(8)}`, fence);
    expect(longLines(source, 11)).toEqual([]);
    expect(longLines(source, 10).map(({ line, length }) => ({ line, length }))).toEqual([
      { line: 7, length: 11 },
    ]);
  });

  it('finds cells inside JSX such as a solution in <details>', () => {
    const source = lesson(
      `${fence}ts cell id=zip kind=exercise`,
      'zip();',
      fence,
      '',
      '<details>',
      '<summary>Solution</summary>',
      '',
      `${fence}ts cell kind=solution for=zip`,
      `zip(${'1, '.repeat(30)}1);`,
      fence,
      '',
      '</details>',
    );
    expect(longLines(source).map(({ line, length }) => ({ line, length }))).toEqual([
      { line: 14, length: 97 },
    ]);
  });

  it('refuses a limit that is not a whole number from 1', () => {
    expect(() => longLines(lesson(), 0)).toThrow(
      'Expected `max` to be a whole number from 1, got 0',
    );
  });
});
