import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTypeBundle } from '../../../src/integrations/type-bundle/build-type-bundle.ts';
import { createPageChecker, type PageCell } from '../../../src/typecheck/page-checker.ts';
import type { TypeBundle } from '../../../src/typecheck/type-bundle.ts';

let bundle: TypeBundle;

// Built once, then kept on disk: emitting src/lib's declarations takes seconds, on a busy machine a minute.
beforeAll(() => {
  bundle = loadTypeBundle();
}, 300_000);

function check(cells: PageCell[]) {
  return createPageChecker(ts, bundle, cells).diagnostics();
}

// Generous: a new program parses the libs and the SDK's declarations, slow on a busy machine.
describe('createPageChecker', { timeout: 120_000 }, () => {
  it('reports TS2322 at its line and column in the cell', () => {
    const diagnostics = check([
      { id: 'intro', code: 'const a = 1;\nconsole.log(a);' },
      { id: 'wrong', code: '// a comment\n\nconst n: number = "x";\n' },
    ]);
    expect(diagnostics).toEqual([
      {
        cellId: 'wrong',
        code: 2322,
        message: "Type 'string' is not assignable to type 'number'.",
        category: 'error',
        from: 20,
        to: 21,
        line: 3,
        column: 7,
        endLine: 3,
        endColumn: 8,
      },
    ]);
  });

  it("lets a later cell use an earlier cell's const, with its type", () => {
    const diagnostics = check([
      { id: 'first', code: 'const answer = 42;\nfunction* count() { yield answer; }' },
      { id: 'second', code: 'const n: 42 = answer;\nconst s: string = count().next().value;' },
    ]);
    expect(diagnostics.map(({ cellId, code, line }) => ({ cellId, code, line }))).toEqual([
      { cellId: 'second', code: 2322, line: 2 },
    ]);
  });

  it('hides names declared only in later cells', () => {
    const diagnostics = check([
      { id: 'early', code: 'console.log(late);' },
      { id: 'later', code: 'const late = 1;' },
    ]);
    expect(diagnostics.map(({ cellId, code }) => ({ cellId, code }))).toEqual([
      { cellId: 'early', code: 2304 },
    ]);
  });

  it('lets a cell declare a name again, shadowing the earlier one', () => {
    const diagnostics = check([
      { id: 'one', code: 'const value = 1;' },
      { id: 'two', code: 'const value = "text";' },
      { id: 'three', code: 'const upper: string = value.toUpperCase();' },
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('lets later cells assign to let but not to const, as the kernel does', () => {
    const diagnostics = check([
      { id: 'state', code: 'let count = 0;\nconst limit = 3;' },
      { id: 'change', code: 'count += 1;\nlimit = 4;' },
    ]);
    expect(diagnostics.map(({ code, message, line }) => ({ code, message, line }))).toEqual([
      { code: 2588, message: "Cannot assign to 'limit' because it is a constant.", line: 2 },
    ]);
  });

  it('type-checks imports of yieldbook/* and openai, top-level await and the kernel globals', () => {
    const diagnostics = check([
      {
        id: 'imports',
        code: [
          "import { check } from 'yieldbook/check';",
          "import { client, model } from 'yieldbook/llm';",
          "import OpenAI from 'openai';",
          "import { WorkerPool } from 'yieldbook/parallel';",
        ].join('\n'),
      },
      {
        id: 'use',
        code: [
          'const openai: OpenAI = client();',
          'const reply = await openai.chat.completions.create({ model, messages: [] });',
          'const text: string | null | undefined = reply.choices[0]?.message.content;',
          "check('the reply', text, text);",
          'const pool = new WorkerPool({ maxWorkers: 2 });',
          'display(await pool.map((n: number) => n * n, [1, 2]));',
          'for (const item of progress([1, 2])) console.log(item);',
          'console.log([1, 2].values().map((n) => n * 2).toArray());',
        ].join('\n'),
      },
      {
        id: 'misuse',
        code: "import { pack } from 'yieldbook/tokens';\nconst wrong: string = pack;\nclient(42);",
      },
    ]);
    expect(diagnostics.map(({ cellId, code, line }) => ({ cellId, code, line }))).toEqual([
      { cellId: 'misuse', code: 2322, line: 2 },
      { cellId: 'misuse', code: 2559, line: 3 },
    ]);
  });

  it('re-checks a changed cell and the cells after it', () => {
    const checker = createPageChecker(ts, bundle, [
      { id: 'a', code: 'const x = 1;' },
      { id: 'b', code: 'const y: number = x;' },
    ]);
    expect(checker.diagnostics()).toEqual([]);
    checker.updateCell('a', 'const x = "one";');
    expect(checker.diagnostics().map(({ cellId, code }) => ({ cellId, code }))).toEqual([
      { cellId: 'b', code: 2322 },
    ]);
    checker.setCells([{ id: 'b', code: 'const y: number = x;' }]);
    expect(checker.cellDiagnostics('b').map(({ code }) => code)).toEqual([2304]);
  });

  it('maps cell offsets to program positions for the language service', () => {
    const checker = createPageChecker(ts, bundle, [
      { id: 'gen', code: 'function* count() { yield 1; }\nconst gen = count();' },
      { id: 'use', code: 'gen.' },
    ]);
    const file = checker.fileName('use');
    const offset = checker.toProgramOffset('use', 4);
    const names = checker.languageService
      .getCompletionsAtPosition(file, offset, {})
      ?.entries.map((entry) => entry.name);
    expect(names).toContain('next');
    expect(checker.toCellOffset(file, offset)).toEqual({ cellId: 'use', offset: 4 });
    expect(checker.toCellOffset(file, 40)).toBeNull();
    expect(checker.cellDiagnostics('use').map(({ code, from }) => ({ code, from }))).toEqual([
      { code: 1003, from: 4 },
    ]);
    expect(() => checker.toProgramOffset('use', 5)).toThrow(
      'Expected `cellOffset` to be an integer from 0 to 4, got 5',
    );
    expect(() => checker.fileName('nope')).toThrow(
      'Expected `id` to name a cell of the page, got "nope"',
    );
  });
});
