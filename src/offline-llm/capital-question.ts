/**
 * Recognises "What is the capital (city) of/for (the country) X?" and returns X. The
 * question must end the text; X starts with a letter and holds letters, spaces and
 * `.'’-`. One pass over the text's code points with O(1) work per place the word
 * "capital" appears, so the time is linear in the length of the text.
 */
import { asciiLower, isSpace } from './text-scan.ts';

// Single-character tests, anchored and without quantifiers: Unicode letters as a
// case-insensitive `u` pattern sees them (that also admits U+0345, which folds to ι).
const LETTER = /^[\p{L}]$/iu;
const NAME_CHARACTER = /^[\p{L}\s.'’-]$/iu;

const LONG_S = 0x17f;
const KELVIN = 0x212a;
const QUESTION = 0x3f;
const DOT = 0x2e;
const BANG = 0x21;

/** `\w` of a case-insensitive `u` pattern: ASCII word characters, ſ and the Kelvin sign. */
function isWordCodePoint(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x5f ||
    code === LONG_S ||
    code === KELVIN
  );
}

/** The text of the country asked about, or null when `text` is no capital question. */
export function capitalQuestionSubject(text: string): string | null {
  const codes: number[] = [];
  const offsets: number[] = [];
  for (let offset = 0; offset < text.length; ) {
    const code = text.codePointAt(offset) ?? 0;
    codes.push(code);
    offsets.push(offset);
    offset += code > 0xffff ? 2 : 1;
  }
  const count = codes.length;
  offsets.push(text.length);
  const codeAt = (index: number) => (index < count ? (codes[index] ?? -1) : -1);
  const characterAt = (index: number) => String.fromCodePoint(codes[index] ?? 0);

  // spaceEnd[i]: the end of the whitespace run starting at i; nameEnd[i]: the same for
  // name characters. Both are filled from the right, so every later step is O(1).
  const spaceEnd = new Int32Array(count + 1);
  const nameEnd = new Int32Array(count + 1);
  spaceEnd[count] = count;
  nameEnd[count] = count;
  for (let index = count - 1; index >= 0; index -= 1) {
    spaceEnd[index] = isSpace(codeAt(index)) ? (spaceEnd[index + 1] ?? count) : index;
    nameEnd[index] = NAME_CHARACTER.test(characterAt(index))
      ? (nameEnd[index + 1] ?? count)
      : index;
  }

  // The name may stop where only whitespace, then `?.!`, then whitespace is left.
  let tail = count;
  while (tail > 0 && isSpace(codeAt(tail - 1))) tail -= 1;
  while (tail > 0 && [QUESTION, DOT, BANG].includes(codeAt(tail - 1))) tail -= 1;
  while (tail > 0 && isSpace(codeAt(tail - 1))) tail -= 1;

  const wordAt = (index: number, word: string): boolean => {
    if (index + word.length > count) return false;
    for (let offset = 0; offset < word.length; offset += 1) {
      if (asciiLower(codeAt(index + offset)) !== word.charCodeAt(offset)) return false;
    }
    return true;
  };
  /** The index after a non-empty whitespace run at `index`, or -1. */
  const spacesAt = (index: number): number => {
    const end = index <= count ? (spaceEnd[index] ?? index) : index;
    return end > index ? end : -1;
  };
  /** The name starting at `start`: its first letter, then the fewest characters that reach the tail. */
  const nameAt = (start: number): string | null => {
    if (start >= count || !LETTER.test(characterAt(start))) return null;
    const end = Math.max(start + 1, tail);
    if (end > (nameEnd[start + 1] ?? count)) return null;
    return text.slice(offsets[start], offsets[end]);
  };
  /** After "of"/"for": whitespace, then "the country" and the name, or else the name alone. */
  const subjectAfter = (index: number): string | null => {
    const the = spacesAt(index);
    if (the < 0) return null;
    if (wordAt(the, 'the')) {
      const country = spacesAt(the + 3);
      if (country >= 0 && wordAt(country, 'country')) {
        const name = spacesAt(country + 7);
        const subject = name >= 0 ? nameAt(name) : null;
        if (subject !== null) return subject;
      }
    }
    return nameAt(the);
  };
  /** After "capital" or "city": whitespace, then "of" or "for", then the rest. */
  const subjectAfterPreposition = (index: number): string | null => {
    const preposition = spacesAt(index);
    if (preposition < 0) return null;
    if (wordAt(preposition, 'of')) return subjectAfter(preposition + 2);
    if (wordAt(preposition, 'for')) return subjectAfter(preposition + 3);
    return null;
  };

  for (let index = 0; index + 7 <= count; index += 1) {
    if (!wordAt(index, 'capital')) continue;
    if (index > 0 && isWordCodePoint(codeAt(index - 1))) continue;
    const city = spacesAt(index + 7);
    if (city >= 0 && wordAt(city, 'city')) {
      const subject = subjectAfterPreposition(city + 4);
      if (subject !== null) return subject;
    }
    const subject = subjectAfterPreposition(index + 7);
    if (subject !== null) return subject;
  }
  return null;
}
