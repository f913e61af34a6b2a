import { describe, expect, it } from 'vitest';
import { extractCells } from '../../../src/cells/extract.ts';
import { CellMarkupError } from '../../../src/cells/options.ts';
import { thrownBy } from '../support/thrown.ts';

const FILE = 'content/lessons/sample.mdx';
const fence = '```';

function lesson(...blocks: string[]): string {
  return ['---', 'title: Sample', 'order: 1', '---', '', ...blocks].join('\n');
}

const errorOf = (source: string) =>
  thrownBy(CellMarkupError, () => extractCells(source, FILE), 'Expected the lesson to be refused');

describe('extractCells', () => {
  it('reads cells in order with ids, options, expected output and file:line', () => {
    const source = lesson(
      'Some prose with `code`.',
      '',
      `${fence}ts cell id=first-next`,
      'const gen = [1][Symbol.iterator]();',
      'console.log(gen.next());',
      fence,
      '',
      `${fence}output`,
      '{ value: 1, done: false }',
      fence,
      '',
      `${fence}ts`,
      'const notACell = 1;',
      fence,
      '',
      `${fence}ts cell kind=exercise timeout=2000`,
      'zip();',
      fence,
      '',
      '<details>',
      '<summary>Solution</summary>',
      '',
      `${fence}ts cell kind=solution for=cell-2 check=shape`,
      'console.log(Math.random());',
      fence,
      '',
      `${fence}output`,
      '{number}',
      fence,
      '',
      '</details>',
      '',
      `${fence}ts cell id=boom expect=error`,
      "throw new TypeError('no');",
      fence,
      '',
      `${fence}output`,
      'TypeError: no',
      fence,
    );
    expect(extractCells(source, FILE)).toEqual([
      {
        id: 'first-next',
        index: 1,
        kind: 'code',
        solutionFor: null,
        expectsError: false,
        typeErrors: [],
        check: 'exact',
        predict: false,
        timeoutMs: null,
        source: 'const gen = [1][Symbol.iterator]();\nconsole.log(gen.next());',
        expected: '{ value: 1, done: false }',
        file: FILE,
        line: 8,
      },
      {
        id: 'cell-2',
        index: 2,
        kind: 'exercise',
        solutionFor: null,
        expectsError: false,
        typeErrors: [],
        check: 'exact',
        predict: false,
        timeoutMs: 2000,
        source: 'zip();',
        expected: null,
        file: FILE,
        line: 21,
      },
      {
        id: 'cell-3',
        index: 3,
        kind: 'solution',
        solutionFor: 'cell-2',
        expectsError: false,
        typeErrors: [],
        check: 'shape',
        predict: false,
        timeoutMs: null,
        source: 'console.log(Math.random());',
        expected: '{number}',
        file: FILE,
        line: 28,
      },
      {
        id: 'boom',
        index: 4,
        kind: 'code',
        solutionFor: null,
        expectsError: true,
        typeErrors: [],
        check: 'exact',
        predict: false,
        timeoutMs: null,
        source: "throw new TypeError('no');",
        expected: 'TypeError: no',
        file: FILE,
        line: 38,
      },
    ]);
  });

  it('returns no cells for a lesson without any', () => {
    expect(extractCells(lesson('# Title', '', `${fence}ts`, 'let a = 1;', fence), FILE)).toEqual(
      [],
    );
  });

  it('keeps line numbers of files without frontmatter', () => {
    const [cell] = extractCells(`\n${fence}ts cell\n1;\n${fence}\n`, FILE);
    expect(cell?.line).toBe(2);
  });

  it('refuses an output block that follows no cell', () => {
    const error = errorOf(lesson('Intro.', '', `${fence}output`, 'hello', fence));
    expect(error.message).toBe(
      `${FILE}:8: \`\`\`output block must come directly after a \`\`\`ts cell\`\`\` fence; move it under its cell or remove it`,
    );
  });

  it('refuses an output block separated from its cell by prose', () => {
    const error = errorOf(
      lesson(`${fence}ts cell`, '1;', fence, '', 'Prose.', '', `${fence}output`, '1', fence),
    );
    expect(error.line).toBe(12);
  });

  it('refuses a second output block after a cell', () => {
    const error = errorOf(
      lesson(
        `${fence}ts cell`,
        '1;',
        fence,
        `${fence}output`,
        'a',
        fence,
        `${fence}output`,
        'b',
        fence,
      ),
    );
    expect(error.line).toBe(12);
  });

  it('refuses duplicate ids, explicit or default', () => {
    expect(
      errorOf(lesson(`${fence}ts cell id=a`, '1;', fence, '', `${fence}ts cell id=a`, '2;', fence))
        .message,
    ).toBe(
      `${FILE}:10: duplicate cell id \`a\` (first used on line 6); give each cell its own \`id=\``,
    );
    expect(
      errorOf(lesson(`${fence}ts cell id=cell-2`, '1;', fence, '', `${fence}ts cell`, '2;', fence))
        .line,
    ).toBe(10);
  });

  it('refuses check=shape without an output block', () => {
    expect(errorOf(lesson(`${fence}ts cell check=shape`, '1;', fence)).message).toBe(
      `${FILE}:6: \`check=shape\` needs an \`\`\`output block right after the cell to hold the expected shape`,
    );
  });

  it('refuses predict without an output block, and keeps it with one', () => {
    expect(errorOf(lesson(`${fence}ts cell id=order predict`, '1;', fence)).message).toBe(
      `${FILE}:6: \`predict\` needs an \`\`\`output block right after the cell: it is the output the reader predicts`,
    );
    const [spec] = extractCells(
      lesson(
        `${fence}ts cell id=order predict`,
        'console.log(1);',
        fence,
        '',
        `${fence}output`,
        '1',
        fence,
      ),
      FILE,
    );
    expect(spec).toMatchObject({ id: 'order', predict: true, expected: '1' });
  });

  it('refuses a solution for a missing exercise', () => {
    expect(errorOf(lesson(`${fence}ts cell kind=solution for=zip`, '1;', fence)).message).toBe(
      `${FILE}:6: cell option \`for\` names \`zip\`, but no \`kind=exercise\` cell on this page has that id`,
    );
  });

  it('reports option errors with the fence line', () => {
    expect(errorOf(lesson('', `${fence}ts cell timeout=fast`, '1;', fence)).message).toBe(
      `${FILE}:7: cell option \`timeout\` expects a positive integer of milliseconds, got "fast"`,
    );
  });
});
