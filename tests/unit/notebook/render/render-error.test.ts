import { describe, expect, it } from 'vitest';
import { errorLocation, errorTitle } from '../../../../src/notebook/render/render-error.ts';

describe('errorLocation', () => {
  it('names the cell, line and column', () => {
    const error = { name: 'Error', message: 'm', stack: '', line: 3, column: 9, cellId: 'zip' };
    expect(errorTitle(error)).toBe('Error: m');
    expect(errorLocation(error)).toBe('at zip:3:9 (line 3, column 9)');
  });

  it('falls back to the first frame of the stack, or nothing', () => {
    expect(
      errorLocation({ name: 'E', message: '', stack: 'E\n    at helpers:1:2\n    at x:4:4' }),
    ).toBe('at helpers:1:2');
    expect(errorLocation({ name: 'E', message: '', stack: 'E' })).toBeNull();
  });
});

describe('errorLocation on a Japanese page', () => {
  it('says the line and column in Japanese, after the same position', () => {
    const error = { name: 'E', message: '', stack: '', cellId: 'zip', line: 3, column: 9 };
    expect(errorLocation(error, 'ja')).toBe('at zip:3:9（3 行 9 列）');
  });
});
