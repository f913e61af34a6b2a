import { describe, expect, it } from 'vitest';
import {
  CellMarkupError,
  isCellFence,
  parseCellOptions,
  tokenizeMeta,
} from '../../../src/cells/options.ts';
import { thrownBy } from '../support/thrown.ts';

const at = { file: 'content/lessons/generators.mdx', line: 42 };

const errorOf = (meta: string) =>
  thrownBy(
    CellMarkupError,
    () => parseCellOptions(meta, at),
    `Expected ${JSON.stringify(meta)} to be refused`,
  );

describe('parseCellOptions', () => {
  it('gives the defaults for a bare cell', () => {
    expect(parseCellOptions('cell', at)).toEqual({
      id: null,
      kind: 'code',
      solutionFor: null,
      expectsError: false,
      typeErrors: [],
      check: 'exact',
      predict: false,
      timeoutMs: null,
    });
  });

  it('reads `predict` as a flag, anywhere after `cell`', () => {
    expect(parseCellOptions('cell id=order predict', at).predict).toBe(true);
    expect(parseCellOptions('cell predict check=shape', at)).toMatchObject({
      predict: true,
      check: 'shape',
    });
    expect(parseCellOptions('cell id=order', at).predict).toBe(false);
  });

  it('reads every option', () => {
    expect(
      parseCellOptions(
        'cell id=zip-fix kind=solution for=zip expect=error typeerror=TS2322,TS2345,TS2322 check=shape timeout=5000',
        at,
      ),
    ).toEqual({
      id: 'zip-fix',
      kind: 'solution',
      solutionFor: 'zip',
      expectsError: true,
      typeErrors: [2322, 2345],
      check: 'shape',
      predict: false,
      timeoutMs: 5000,
    });
  });

  it.each(['code', 'exercise', 'check'] as const)('accepts kind=%s', (kind) => {
    expect(parseCellOptions(`cell kind=${kind}`, at).kind).toBe(kind);
  });

  it('accepts quoted values and options before the flag', () => {
    expect(parseCellOptions('id="first-next" cell check="exact"', at)).toMatchObject({
      id: 'first-next',
      check: 'exact',
      predict: false,
    });
  });

  it.each([
    [
      'cell timeout=fast',
      'cell option `timeout` expects a positive integer of milliseconds, got "fast"',
    ],
    ['cell timeout=0', 'cell option `timeout` expects a positive integer of milliseconds, got "0"'],
    [
      'cell timeout=1.5',
      'cell option `timeout` expects a positive integer of milliseconds, got "1.5"',
    ],
    [
      'cell timeout=-3',
      'cell option `timeout` expects a positive integer of milliseconds, got "-3"',
    ],
    [
      'cell timeout=99999999999999999999',
      'cell option `timeout` expects a positive integer of milliseconds, got "99999999999999999999"',
    ],
    ['cell id=First', 'cell option `id` expects a kebab-case id such as `first-next`, got "First"'],
    ['cell id=a_b', 'cell option `id` expects a kebab-case id such as `first-next`, got "a_b"'],
    ['cell id="a b"', 'cell option `id` expects a kebab-case id such as `first-next`, got "a b"'],
    [
      'cell kind=demo',
      'cell option `kind` expects one of `code`, `exercise`, `solution`, `check`, got "demo"',
    ],
    ['cell check=fuzzy', 'cell option `check` expects one of `exact`, `shape`, got "fuzzy"'],
    ['cell expect=output', 'cell option `expect` expects one of `error`, got "output"'],
    [
      'cell typeerror=2322',
      'cell option `typeerror` expects TypeScript error codes such as `TS2322` (several separated by commas, no spaces), got "2322"',
    ],
    [
      'cell typeerror=TS2322,',
      'cell option `typeerror` expects TypeScript error codes such as `TS2322` (several separated by commas, no spaces), got "TS2322,"',
    ],
    [
      'cell kind=solution for=Zip',
      'cell option `for` expects a kebab-case id such as `first-next`, got "Zip"',
    ],
    [
      'cell colour=red',
      'unknown cell option "colour"; expected one of `id`, `kind`, `for`, `expect`, `typeerror`, `check`, `predict`, `timeout`',
    ],
    [
      'cell hidden',
      'unknown cell option "hidden"; expected one of `id`, `kind`, `for`, `expect`, `typeerror`, `check`, `predict`, `timeout`',
    ],
    ['cell id', 'cell option `id` needs a value, as in `id=…`'],
    ['cell timeout=', 'cell option `timeout` needs a value, as in `timeout=…`'],
    ['cell id=a id=b', 'cell option `id` is given twice'],
    [
      'cell predict=x',
      'Expected cell option `predict` to be a flag without a value (write `predict`), got "predict=x"',
    ],
    [
      'cell predict=',
      'Expected cell option `predict` to be a flag without a value (write `predict`), got "predict="',
    ],
    ['cell predict predict', 'cell option `predict` is given twice'],
    [
      'cell cell',
      'unknown cell option "cell"; expected one of `id`, `kind`, `for`, `expect`, `typeerror`, `check`, `predict`, `timeout`',
    ],
    ['id=a', 'a cell fence needs the `cell` flag after `ts`'],
    [
      'cell kind=solution',
      'cell option `for` is required with `kind=solution`: name the exercise it solves, as in `for=zip`',
    ],
    ['cell for=zip', 'cell option `for` is only allowed with `kind=solution`, got `kind=code`'],
    [
      'cell kind=exercise for=zip',
      'cell option `for` is only allowed with `kind=solution`, got `kind=exercise`',
    ],
  ])('refuses %s', (meta, message) => {
    const error = errorOf(meta);
    expect(error.message).toBe(`content/lessons/generators.mdx:42: ${message}`);
    expect(error.file).toBe(at.file);
    expect(error.line).toBe(42);
  });
});

describe('isCellFence', () => {
  it('needs the ts language and the cell flag', () => {
    expect(isCellFence('ts', 'cell')).toBe(true);
    expect(isCellFence('ts', 'id=a cell')).toBe(true);
    expect(isCellFence('ts', 'title="cell.ts"')).toBe(false);
    expect(isCellFence('ts', null)).toBe(false);
    expect(isCellFence('js', 'cell')).toBe(false);
    expect(isCellFence('typescript', 'cell')).toBe(false);
    expect(isCellFence(undefined, 'cell')).toBe(false);
  });
});

describe('tokenizeMeta', () => {
  it('keeps quoted values whole', () => {
    expect(tokenizeMeta('cell  id="a b" timeout=5')).toEqual(['cell', 'id="a b"', 'timeout=5']);
  });
});
