/**
 * What the offline model says to a Japanese prompt (one with kana): capitals, sums, a story
 * or a reply saying what it can do, each in Japanese and word for word the same every time.
 */

import { writeNumber } from './arithmetic.ts';
import { findJapaneseArithmetic, writeJapaneseExpression } from './arithmetic-ja.ts';
import { japaneseCapitalSubject } from './capital-question-ja.ts';
import { lookUpCapital } from './capitals.ts';

/** Words that ask for a story; Japanese has no spaces, so they are found anywhere. */
const STORY_WORDS = ['物語', 'お話', 'おはなし', '童話', '昔話', 'ストーリー'];

/**
 * The answer to a Japanese capital question: 「フランスの首都はパリです。」, or a Japanese
 * "I don't know" naming the country as asked; null when `prompt` is no such question.
 */
export function japaneseCapitalAnswer(prompt: string): string | null {
  const subject = japaneseCapitalSubject(prompt);
  if (subject === null) return null;
  // Half-width katakana and full-width Latin letters name the same country (ﾌﾗﾝｽ, Ｆｒａｎｃｅ).
  const found = lookUpCapital(subject.normalize('NFKC'));
  if (found) return `${found.countryJa}の首都は${found.capitalJa}です。`;
  return `${subject}の首都はわかりません。このオフラインモデルが知っているのは、主な国の首都だけです。`;
}

/** Whether a Japanese prompt asks for a story. */
export function asksForJapaneseStory(prompt: string): boolean {
  return STORY_WORDS.some((word) => prompt.includes(word));
}

/**
 * The answer to the first sum in a Japanese prompt: `12 × 7 = 84 です。`, or a sentence
 * saying a division by zero has no value; null when the prompt holds no sum.
 */
export function japaneseArithmeticAnswer(prompt: string): string | null {
  const found = findJapaneseArithmetic(prompt);
  if (found === null) return null;
  const shown = writeJapaneseExpression(found.expression);
  if (!Number.isFinite(found.value)) return `${shown} は 0 で割っているので、値がありません。`;
  return `${shown} = ${writeNumber(found.value)} です。`;
}

/** The reply to a Japanese prompt the model cannot answer, quoting it (`quoted`). */
export function japaneseFallback(quoted: string): string {
  return `オフラインモデルです。答えられるのは、首都、簡単な計算、物語のご依頼です。ご質問：「${quoted}」`;
}
