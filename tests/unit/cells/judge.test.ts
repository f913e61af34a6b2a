import { describe, expect, it } from 'vitest';
import { judgeCell } from '../../../src/cells/judge.ts';

const code = { kind: 'code', expectsError: false, expected: 'hi', check: 'exact' } as const;

describe('judgeCell', () => {
  it('passes a done run whose output matches', () => {
    expect(judgeCell(code, { status: 'done', text: 'hi' })).toBeNull();
  });

  it('reports a wrong status with the error stack', () => {
    const problem = judgeCell(code, {
      status: 'error',
      text: 'TypeError: nope',
      error: { name: 'TypeError', message: 'nope', stack: 'TypeError: nope\n    at a:1:1' },
    });
    expect(problem).toContain('expected status `done`, got `error`');
    expect(problem).toContain('at a:1:1');
  });

  it('wants an error from a cell meant to throw, and compares its text', () => {
    const throws = { ...code, expectsError: true, expected: 'RangeError: x' };
    expect(judgeCell(throws, { status: 'done', text: '' })).toContain('expected status `error`');
    expect(judgeCell(throws, { status: 'error', text: 'RangeError: x' })).toBeNull();
    expect(judgeCell(throws, { status: 'error', text: 'RangeError: y' })).toContain(
      'output differs',
    );
  });

  it('wants no output from a cell without an expected block', () => {
    const silent = { ...code, expected: null };
    expect(judgeCell(silent, { status: 'done', text: '' })).toBeNull();
    expect(judgeCell(silent, { status: 'done', text: 'noise' })).toContain('no expected block');
  });

  it('never judges an exercise starter', () => {
    expect(judgeCell({ ...code, kind: 'exercise' }, { status: 'error', text: 'x' })).toBeNull();
  });
});
