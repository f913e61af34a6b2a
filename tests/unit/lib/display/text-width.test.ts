import { describe, expect, it } from 'vitest';
import { padEndToWidth, textWidth } from '../../../../src/lib/display/text-width.ts';

describe('textWidth', () => {
  const cases: [string, string, number][] = [
    ['ASCII', 'Tokyo 42', 8],
    ['an empty string', '', 0],
    ['kanji and kana', '東京タワー', 10],
    ['fullwidth letters', 'ＡＢＣ', 6],
    ['halfwidth katakana', 'ｶﾀｶﾅ', 4],
    ['an astral ideograph, two UTF-16 units', '𠮷', 2],
    ['an emoji', '😀', 2],
    ['a flag of two regional indicators', '🇯🇵', 4],
    ['a combining accent', 'cafe\u0301', 4],
    ['a combining voiced mark, composed into が', 'か\u3099', 2],
    ['a zero-width space and a variation selector', 'a\u200bb\ufe0f', 2],
    ['a soft hyphen, which Node counts', 'a\u00adb', 3],
    ['control characters', 'a\tb\u0007', 2],
    ['ambiguous characters, narrow by default', '─×…', 3],
  ];
  for (const [name, text, width] of cases) {
    it(`measures ${name}`, () => {
      expect(textWidth(text)).toBe(width);
    });
  }
});

describe('padEndToWidth', () => {
  it('pads by columns, not UTF-16 units', () => {
    expect(padEndToWidth('東京', 6)).toBe('東京  ');
    expect(padEndToWidth('😀', 3)).toBe('😀 ');
  });

  it('leaves text already as wide as asked alone', () => {
    expect(padEndToWidth('東京', 3)).toBe('東京');
  });
});
