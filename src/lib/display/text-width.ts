import { eastAsianWidth } from 'get-east-asian-width';

// Node's getStringWidth (ICU build) counts these as no column: controls,
// format characters (zero-width space, joiners, variation selectors) and
// nonspacing or enclosing marks, which draw over the character before them.
const ZERO_WIDTH = /^[\p{Cc}\p{Cf}\p{Me}\p{Mn}]$/u;
// Emoji drawn as pictures by default take two columns even where Unicode's
// East Asian Width says neutral (flags' regional indicators, for one).
const EMOJI = /^\p{Emoji_Presentation}$/u;
const SOFT_HYPHEN = 0xad;

function charWidth(char: string, code: number): number {
  if (code >= 0x20 && code < 0x7f) return 1;
  if (eastAsianWidth(code) === 2 || EMOJI.test(char)) return 2;
  if (code !== SOFT_HYPHEN && ZERO_WIDTH.test(char)) return 0;
  return 1;
}

/**
 * The number of columns `text` takes in a monospace font, as Node's
 * `console.table` measures it: wide and fullwidth characters (漢字, かな,
 * ＡＢＣ) and emoji take two, combining marks and zero-width characters none,
 * everything else one, counted per code point after NFC normalisation, so an
 * astral character counts once and `か` + `゙` counts as `が`. Ambiguous
 * characters (`─`, `×`) count one, as Unicode advises where the context is
 * unknown. Escape sequences are measured as the characters they are, since
 * the page shows them as such.
 *
 * @example
 * textWidth('東京 Tokyo'); // 10
 */
export function textWidth(text: string): number {
  let width = 0;
  for (const char of text.normalize('NFC')) {
    width += charWidth(char, char.codePointAt(0) ?? 0);
  }
  return width;
}

/** `text` followed by spaces up to `width` columns (by `textWidth`, not UTF-16 units). */
export function padEndToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - textWidth(text)));
}
