/**
 * Recognises Japanese capital questions and returns the country asked about:
 * 「フランスの首都は？」, 「フランスの首都はどこですか？」, 「フランスの首都はどこ？」,
 * 「フランスの首都を教えてください。」, with full- or half-width marks and spaces anywhere
 * between the parts. The question must end the text. The country is the run of letters
 * other than hiragana (katakana, kanji, Latin …) just before の首都, so particles and
 * punctuation before it are left out: 「ねえ、フランスの首都は？」 asks about フランス.
 * A few passes over the text, each linear in its length.
 */
import { isSpace } from './text-scan.ts';

// One code point, anchored and without quantifiers: a letter or a combining mark.
const LETTER = /^[\p{L}\p{M}]$/u;

const CAPITAL = '首都';
const OF = 'の';

/** What may follow 「…の首都は」 or 「…の首都って」: the question word, then its ending. */
const QUESTION_WORDS = ['どこ', '何処', 'なに', 'なん', '何'];
const ENDINGS = ['でしょうか', 'ですか', 'でしょう', 'です', 'か'];
/** What may follow 「…の首都を教えて」. */
const PLEASE = ['くださいませんか', 'ください', '下さい', 'くれますか', 'くれる', 'くれ', 'ほしい'];

/** Marks that may end the question, after spaces or one another. */
const END_MARKS = new Set(['?', '？', '!', '！', '。', '.', '．', '…', '〜', '～']);

/** Name characters that are not letters: the middle dot of ボスニア・ヘルツェゴビナ, and `.'’-`. */
const NAME_MARKS = new Set(['・', '･', '.', "'", '’', '-']);

function isHiragana(code: number): boolean {
  return code >= 0x3041 && code <= 0x309f;
}

/** Whether spaces may sit inside a name (New Zealand, 日本　東京): not line breaks. */
function isInnerSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x3000;
}

/** The index after the first of `words` found at `index`, or `index` when none is there. */
function skipOneOf(text: string, index: number, words: readonly string[]): number {
  for (const word of words) {
    if (text.startsWith(word, index)) return index + word.length;
  }
  return index;
}

function skipSpaces(text: string, index: number): number {
  let at = index;
  while (at < text.length && isSpace(text.charCodeAt(at))) at += 1;
  return at;
}

/** Whether only spaces and end marks are left from `index` on. */
function onlyEndLeft(text: string, index: number): boolean {
  for (let at = index; at < text.length; at += 1) {
    if (!isSpace(text.charCodeAt(at)) && !END_MARKS.has(text.charAt(at))) return false;
  }
  return true;
}

/** Whether what follows 首都 (from `index`) is one of the question's endings. */
function isQuestionTail(text: string, index: number): boolean {
  let at = skipSpaces(text, index);
  if (text.startsWith('は', at) || text.startsWith('って', at)) {
    at = skipSpaces(text, at + (text.startsWith('は', at) ? 1 : 2));
    at = skipSpaces(text, skipOneOf(text, at, QUESTION_WORDS));
    at = skipOneOf(text, at, ENDINGS);
  } else if (text.startsWith('を', at)) {
    at = skipSpaces(text, at + 1);
    const teach = skipOneOf(text, at, ['教えて', 'おしえて']);
    if (teach === at) return false;
    at = skipOneOf(text, teach, PLEASE);
  }
  return onlyEndLeft(text, at);
}

/** The code point that ends just before `end`, and where it starts. */
function codePointBefore(text: string, end: number): { code: number; start: number } {
  const low = text.charCodeAt(end - 1);
  const high = end >= 2 ? text.charCodeAt(end - 2) : 0;
  if (low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff) {
    return { code: text.codePointAt(end - 2) ?? low, start: end - 2 };
  }
  return { code: low, start: end - 1 };
}

function isNameCharacter(code: number): boolean {
  if (isHiragana(code)) return false;
  const character = String.fromCodePoint(code);
  return LETTER.test(character) || NAME_MARKS.has(character);
}

/** The text of the country asked about, or null when `text` is no Japanese capital question. */
export function japaneseCapitalSubject(text: string): string | null {
  // Only the last 首都 can be followed by nothing but the question's ending.
  const capital = text.lastIndexOf(CAPITAL);
  if (capital < 0 || !isQuestionTail(text, capital + CAPITAL.length)) return null;
  let end = capital;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end -= 1;
  if (end === 0 || text.charAt(end - 1) !== OF) return null;
  end -= 1;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end -= 1;
  let start = end;
  while (start > 0) {
    const { code, start: before } = codePointBefore(text, start);
    if (!isNameCharacter(code) && !isInnerSpace(code)) break;
    start = before;
  }
  // The name starts at its first letter: spaces and marks before it are not part of it.
  while (start < end) {
    const code = text.codePointAt(start) ?? 0;
    if (LETTER.test(String.fromCodePoint(code))) break;
    start += code > 0xffff ? 2 : 1;
  }
  return start < end ? text.slice(start, end) : null;
}
