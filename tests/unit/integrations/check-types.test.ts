import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractCells } from '../../../src/cells/extract.ts';
import { checkLessonTypes } from '../../../src/integrations/cells/check-types.ts';
import { loadTypeBundle } from '../../../src/integrations/type-bundle/build-type-bundle.ts';
import { checkLessons } from '../../../src/integrations/type-bundle/index.ts';
import { createPageChecker, type PageChecker } from '../../../src/typecheck/page-checker.ts';

let checker: PageChecker;

// Built once, then kept on disk: emitting src/lib's declarations takes seconds, on a busy machine a minute.
beforeAll(() => {
  checker = createPageChecker(ts, loadTypeBundle());
}, 300_000);

const FILE = 'content/lessons/sample.mdx';

function lesson(...fences: string[]): string {
  return `# Sample\n\n${fences.join('\n\nSome prose.\n\n')}\n`;
}

function check(source: string) {
  return checkLessonTypes(checker, extractCells(source, FILE)).map(({ cell, message }) => ({
    id: cell.id,
    message,
  }));
}

describe('checkLessonTypes', { timeout: 120_000 }, () => {
  it('fails an unexpected type error, naming the lesson, the cell and the line', () => {
    const source = lesson(
      '```ts cell id=first\nconst limit = 3;\n```',
      '```ts cell id=second\nconsole.log(limit);\nconst label: string = limit;\n```',
    );
    expect(check(source)).toEqual([
      {
        id: 'second',
        message:
          "content/lessons/sample.mdx:11:7 cell `second` line 2: TS2322 Type 'number' is not assignable to type 'string'.",
      },
    ]);
  });

  it('passes a cell that declares the error it shows, and fails one whose error is missing', () => {
    const source = lesson(
      '```ts cell id=shows typeerror=TS2322\nconst n: number = "one";\n```',
      '```ts cell id=claims typeerror=TS2345\nconst m: number = 1;\n```',
    );
    expect(check(source)).toEqual([
      {
        id: 'claims',
        message:
          'content/lessons/sample.mdx:9 cell `claims`: expected type error TS2345 (`typeerror`), got none',
      },
    ]);
  });

  it('checks every lesson of a folder (the build step)', async () => {
    const root = new URL('../../../', import.meta.url).pathname;
    expect(
      await checkLessons(`${root}tests/unit/integrations/fixtures/typed-lessons`, root),
    ).toEqual([
      "tests/unit/integrations/fixtures/typed-lessons/typed.mdx:11:7 cell `count` line 4: TS2322 Type 'number | void' is not assignable to type 'string'. Type 'number' is not assignable to type 'string'.",
    ]);
  });
});
