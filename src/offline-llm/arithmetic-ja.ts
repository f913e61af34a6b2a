/**
 * Arithmetic asked in Japanese: 「12 × 7 は？」, 「12かける7は？」, 「100 ÷ 8 はいくつですか？」,
 * full-width digits and operators included. The words and full-width forms become the
 * symbols the English reader knows, then the same scanner and evaluator answer; the
 * expression is written back in one fixed form for the answer: `12 × 7`, `(7 - 2) ÷ 4`.
 */
import { type FoundArithmetic, findArithmetic, symbolizeOperators } from './arithmetic.ts';
import { foldWidth } from './japanese-text.ts';
import { isDigit, skipSpaces } from './text-scan.ts';

/** Japanese operator words (kana and kanji spellings) and the symbol each stands for. */
const OPERATOR_WORDS: readonly (readonly [word: string, symbol: string])[] = [
  ['かける', '*'],
  ['掛ける', '*'],
  ['たす', '+'],
  ['足す', '+'],
  ['プラス', '+'],
  ['ひく', '-'],
  ['引く', '-'],
  ['マイナス', '-'],
  ['わる', '/'],
  ['割る', '/'],
];

/** `text` with each Japanese operator word written as its symbol. */
export function symbolizeJapaneseOperators(text: string): string {
  let result = '';
  let from = 0;
  let index = 0;
  while (index < text.length) {
    const found = OPERATOR_WORDS.find(([word]) => text.startsWith(word, index));
    if (found === undefined) {
      index += 1;
      continue;
    }
    result += text.slice(from, index) + found[1];
    index += found[0].length;
    from = index;
  }
  return result + text.slice(from);
}

/** The first sum of a Japanese question and its value, or null when it holds none. */
export function findJapaneseArithmetic(text: string): FoundArithmetic | null {
  return findArithmetic(symbolizeOperators(symbolizeJapaneseOperators(foldWidth(text))));
}

const DOT = 0x2e;

const SHOWN: Readonly<Record<string, string>> = { '+': '+', '-': '-', '*': '×', '/': '÷' };

/**
 * `expression` (already evaluated, so well formed) as Japanese answers write it: numbers as
 * typed, `+ - × ÷` with one space either side, a unary minus and parentheses set close.
 */
export function writeJapaneseExpression(expression: string): string {
  let result = '';
  let expectOperand = true;
  let index = 0;
  for (;;) {
    index = skipSpaces(expression, index);
    if (index >= expression.length) return result;
    const character = expression.charAt(index);
    if (isDigit(expression.charCodeAt(index))) {
      let end = index + 1;
      while (isDigit(expression.charCodeAt(end)) || expression.charCodeAt(end) === DOT) end += 1;
      result += expression.slice(index, end);
      index = end;
      expectOperand = false;
      continue;
    }
    index += 1;
    if (character === '(' || character === ')') {
      result += character;
      expectOperand = character === '(';
    } else if (expectOperand) {
      result += character;
    } else {
      result += ` ${SHOWN[character] ?? character} `;
      expectOperand = true;
    }
  }
}
