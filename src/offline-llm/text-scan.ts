/**
 * Character classes and single-pass helpers the offline model reads prompts with.
 * Each helper looks at every character a bounded number of times, so no prompt can
 * make them slow; the classes match what the regular expressions they replace saw.
 */

/** Whether the UTF-16 unit or code point `code` is whitespace, as `\s` and `String#trim` see it. */
export function isSpace(code: number): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Whether `code` is an ASCII digit (`\d`). */
export function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Whether `code` is a word character of `\b` and `\w` without the `u` flag: `[A-Za-z0-9_]`. */
export function isWordChar(code: number): boolean {
  return (
    isDigit(code) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x5f
  );
}

/** Lower-cases ASCII letters only, as case-insensitive matching of an ASCII word does. */
export function asciiLower(code: number): number {
  return code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
}

/** Whether `text` holds `word` (lower-case ASCII) at `index`, ignoring ASCII case. */
export function hasWordAt(text: string, index: number, word: string): boolean {
  if (index + word.length > text.length) return false;
  for (let offset = 0; offset < word.length; offset += 1) {
    if (asciiLower(text.charCodeAt(index + offset)) !== word.charCodeAt(offset)) return false;
  }
  return true;
}

/** The index of the first non-whitespace unit at or after `index` (or `text.length`). */
export function skipSpaces(text: string, index: number): number {
  let at = index;
  while (at < text.length && isSpace(text.charCodeAt(at))) at += 1;
  return at;
}

/** The index just past the run of word characters starting at `index`. */
export function wordEnd(text: string, index: number): number {
  let at = index;
  while (at < text.length && isWordChar(text.charCodeAt(at))) at += 1;
  return at;
}

/** Replaces each run of whitespace with one space (what `.replace(/\s+/g, ' ')` did). */
export function collapseSpaces(text: string): string {
  let result = '';
  let from = 0;
  let index = 0;
  while (index < text.length) {
    if (!isSpace(text.charCodeAt(index))) {
      index += 1;
      continue;
    }
    const end = skipSpaces(text, index);
    result += `${text.slice(from, index)} `;
    from = end;
    index = end;
  }
  return result + text.slice(from);
}

/** Whether `text` has one of `words` (lower-case ASCII) as a whole word, ignoring ASCII case. */
export function hasWholeWord(text: string, words: readonly string[]): boolean {
  let index = 0;
  while (index < text.length) {
    if (!isWordChar(text.charCodeAt(index))) {
      index += 1;
      continue;
    }
    const end = wordEnd(text, index);
    for (const word of words) {
      if (end - index === word.length && hasWordAt(text, index, word)) return true;
    }
    index = end;
  }
  return false;
}

/** How many UTF-16 units the code point at `index` takes (1 or 2). */
export function codePointLength(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code < 0xd800 || code > 0xdbff) return 1;
  const next = text.charCodeAt(index + 1);
  return next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
}

// One code point, anchored and without quantifiers: Unicode letters and numbers.
const WORD_PIECE = /^[\p{L}\p{N}'’]$/u;

/** Whether the code point at `index` is part of a word: a letter, a number, `'` or `’`. */
export function isWordPiece(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 0x80) {
    return (
      isDigit(code) ||
      (code >= 0x41 && code <= 0x5a) ||
      (code >= 0x61 && code <= 0x7a) ||
      code === 0x27
    );
  }
  if (code === 0x2019) return true;
  return WORD_PIECE.test(text.slice(index, index + codePointLength(text, index)));
}
