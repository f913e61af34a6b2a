import { describe, expect, it } from 'vitest';
import { percentile } from '../../../scripts/support/bench.ts';

describe('percentile', () => {
  it('takes the nearest rank of values in any order', () => {
    const values = [9, 1, 5, 3, 7, 2, 8, 4, 10, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 99)).toBe(10);
    expect(percentile(values, 25)).toBe(3);
    expect(percentile(values, 0)).toBe(1);
    expect(values[0]).toBe(9);
  });

  it('is NaN for no values', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});
