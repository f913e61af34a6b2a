import { describe, expect, it } from 'vitest';
import { judgeTypes } from '../../../src/cells/judge-types.ts';

const ts2322 = {
  code: 2322,
  message: "Type 'string' is not assignable to type 'number'.",
  category: 'error',
  line: 3,
  column: 7,
};

describe('judgeTypes', () => {
  it('passes a cell without type errors', () => {
    expect(judgeTypes({ typeErrors: [] }, [])).toBeNull();
  });

  it('names the line, column, code and message of an unexpected error', () => {
    expect(judgeTypes({ typeErrors: [] }, [ts2322])).toBe(
      "line 3:7: TS2322 Type 'string' is not assignable to type 'number'.",
    );
  });

  it('accepts the errors a cell declares, and wants each of them', () => {
    expect(judgeTypes({ typeErrors: [2322] }, [ts2322, { ...ts2322, line: 4 }])).toBeNull();
    expect(judgeTypes({ typeErrors: [2322, 2345] }, [ts2322])).toBe(
      'expected type error TS2345 (`typeerror`), got none',
    );
    expect(judgeTypes({ typeErrors: [2345] }, [ts2322])).toBe(
      [
        "line 3:7: TS2322 Type 'string' is not assignable to type 'number'.",
        'expected type error TS2345 (`typeerror`), got none',
      ].join('\n'),
    );
  });

  it('judges errors only, and flattens a message chain to one line', () => {
    const suggestion = { ...ts2322, code: 80001, category: 'suggestion' };
    const chained = { ...ts2322, message: 'Outer.\n  Inner.' };
    expect(judgeTypes({ typeErrors: [] }, [suggestion])).toBeNull();
    expect(judgeTypes({ typeErrors: [] }, [chained])).toBe('line 3:7: TS2322 Outer. Inner.');
  });
});
