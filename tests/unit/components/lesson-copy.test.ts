import { describe, expect, it } from 'vitest';
import { aboutMinutes, readinessLine } from '../../../src/components/lesson-copy.ts';

describe('readinessLine', () => {
  it('says all are ready, with no "others", when every lesson is', () => {
    expect(readinessLine(7, 7)).toBe('All 7 lessons are ready.');
    expect(readinessLine(8, 8)).toBe('All 8 lessons are ready.');
    expect(readinessLine(1, 1)).toBe('The lesson is ready.');
  });

  it('counts the planned ones, in the singular for one', () => {
    expect(readinessLine(6, 7)).toBe(
      '6 of 7 lessons are ready; the other one shows what it will cover.',
    );
    expect(readinessLine(5, 8)).toBe(
      '5 of 8 lessons are ready; the other 3 show what they will cover.',
    );
    expect(readinessLine(1, 3)).toBe(
      '1 of 3 lessons is ready; the other 2 show what they will cover.',
    );
  });

  it('says so when none is ready, or there are none', () => {
    expect(readinessLine(0, 3)).toBe(
      'None of the 3 lessons is ready yet; each shows what it will cover.',
    );
    expect(readinessLine(0, 1)).toBe('The lesson is not ready yet; it shows what it will cover.');
    expect(readinessLine(0, 0)).toBe('No lessons yet.');
  });

  it('refuses counts that cannot be', () => {
    expect(() => readinessLine(8, 7)).toThrow('Expected `ready` to be at most `total` (7), got 8');
    expect(() => readinessLine(-1, 7)).toThrow(
      'Expected `ready` to be a whole number from 0, got -1',
    );
    expect(() => readinessLine(1, 2.5)).toThrow(
      'Expected `total` to be a whole number from 0, got 2.5',
    );
  });
});

describe('aboutMinutes', () => {
  it('rounds nothing and says minutes', () => {
    expect(aboutMinutes(35)).toBe('About 35 minutes');
    expect(aboutMinutes(1)).toBe('About 1 minute');
  });

  it('refuses what is not a whole number of minutes', () => {
    expect(() => aboutMinutes(0)).toThrow('Expected `minutes` to be a whole number from 1, got 0');
    expect(() => aboutMinutes(Number.NaN)).toThrow(
      'Expected `minutes` to be a whole number from 1, got NaN',
    );
  });
});

describe('in Japanese', () => {
  it('counts ready lessons and minutes in Japanese, with the same checks', () => {
    expect(readinessLine(8, 8, 'ja')).toBe('全 8 レッスンを公開しています。');
    expect(readinessLine(6, 8, 'ja')).toBe(
      '全 8 レッスンのうち 6 レッスンを公開しています。残りの 2 レッスンは扱う内容だけを載せています。',
    );
    expect(readinessLine(0, 0, 'ja')).toBe('レッスンはまだありません。');
    expect(aboutMinutes(35, 'ja')).toBe('約 35 分');
    expect(() => aboutMinutes(0, 'ja')).toThrow(
      'Expected `minutes` to be a whole number from 1, got 0',
    );
  });
});
