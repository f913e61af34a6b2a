import { describe, expect, it } from 'vitest';
import { CellSyntaxError, transformCell } from '../../../../src/notebook/transform/transform.ts';

/** The error `transformCell` throws for `source`. */
function syntaxError(source: string): CellSyntaxError {
  try {
    transformCell(source, { cellId: 'broken', runId: 1 });
  } catch (error) {
    if (error instanceof CellSyntaxError) return error;
    throw error;
  }
  throw new Error('Expected the cell to be refused, it was accepted');
}

describe('CellSyntaxError', () => {
  it('reports a missing closing brace at the end of the cell', () => {
    const error = syntaxError('function f(): number {\n  return 1;\n');
    expect(error).toBeInstanceOf(SyntaxError);
    expect(error.name).toBe('SyntaxError');
    expect(error.message).toBe(
      'Unexpected end of the cell: a closing `}`, `)` or `]` may be missing',
    );
    expect([error.line, error.column]).toEqual([3, 1]);
  });

  it('reports an unexpected token where it is, without the parser position suffix', () => {
    const error = syntaxError('const a: number = 1;\nconst b: number = a +;');
    expect(error.message).toBe('Unexpected token');
    expect([error.line, error.column]).toEqual([2, 22]);
  });

  it('explains that `export` is not available, with what to do instead', () => {
    const error = syntaxError('const a: number = 1;\nexport const b = a;');
    expect(error.message).toBe(
      '`export` is not available in a cell: cells share one scope, so declare the name and later cells can use it',
    );
    expect([error.line, error.column]).toEqual([2, 1]);
    expect(syntaxError('export default 1;').line).toBe(1);
    expect(syntaxError('const x = 1;\nexport { x };').line).toBe(2);
  });

  it('explains that a top-level `return` is not available, even inside a block', () => {
    const error = syntaxError('const x: number = 1;\nif (x > 0) {\n  return;\n}');
    expect(error.message).toMatch(/^`return` is not available at the top level of a cell: /);
    expect([error.line, error.column]).toEqual([3, 3]);
    expect(() =>
      transformCell('function f() { return 1; }\nconst g = () => { return 2; };', {
        cellId: 'ok',
        runId: 1,
      }),
    ).not.toThrow();
  });

  it('places errors the JavaScript parser finds at their TypeScript position', () => {
    const error = syntaxError(
      'const a: Array<number> = [];\nfunction f(): void {\n  await g();\n}',
    );
    expect(error.message).toBe("Cannot use keyword 'await' outside an async function");
    expect([error.line, error.column]).toEqual([3, 3]);
    const duplicate = syntaxError('let a: number = 1;\nlet a: string = "";');
    expect(duplicate.message).toBe("Identifier 'a' has already been declared");
    expect([duplicate.line, duplicate.column]).toEqual([2, 5]);
  });

  it('refuses `import.meta`', () => {
    const error = syntaxError('const url: string = import.meta.url;');
    expect(error.message).toMatch(/^`import\.meta` is not available in a cell/);
    expect([error.line, error.column]).toEqual([1, 21]);
  });

  it('counts Windows line breaks as one line', () => {
    const error = syntaxError('const a = 1;\r\nconst b = 2;\r\nexport { a };');
    expect([error.line, error.column]).toEqual([3, 1]);
  });
});

describe('transformCell options', () => {
  it('validates the cell id and run id', () => {
    expect(() => transformCell('1', { cellId: 'has space', runId: 1 })).toThrow(
      'Expected `cellId` to be letters, digits, `-`, `_` or `.`, got "has space"',
    );
    expect(() => transformCell('1', { cellId: 'ok', runId: 1.5 })).toThrow(
      'Expected `runId` to be a non-negative integer, got 1.5',
    );
  });
});
