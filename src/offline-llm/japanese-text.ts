/**
 * Character classes of Japanese text, for deciding a prompt's language, cutting answers
 * into tokens and reading full-width digits and operators. Tests of single UTF-16 units,
 * and single passes over the text: no prompt can make them slow.
 */

/** A Japanese script, for cutting Japanese text (which has no spaces) into tokens. */
export type JapaneseScript = 'hiragana' | 'katakana' | 'han';

const PROLONGED_SOUND = 0x30fc;

/** Whether `code` is hiragana, katakana (full or half width) or the prolonged sound mark. */
export function isKana(code: number): boolean {
  return (
    (code >= 0x3041 && code <= 0x309f) ||
    (code >= 0x30a0 && code <= 0x30ff) ||
    (code >= 0x31f0 && code <= 0x31ff) ||
    (code >= 0xff66 && code <= 0xff9f)
  );
}

/**
 * Whether `text` holds kana. A prompt with kana is Japanese: kanji alone could be Chinese,
 * and English prompts hold none, so their answers stay what they were.
 */
export function hasKana(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    if (isKana(text.charCodeAt(index))) return true;
  }
  return false;
}

/** The script of the UTF-16 unit `code`, or null when it is no Japanese letter. */
export function japaneseScript(code: number): JapaneseScript | null {
  if ((code >= 0x3041 && code <= 0x3096) || code === 0x309d || code === 0x309e) {
    return 'hiragana';
  }
  if (
    (code >= 0x30a1 && code <= 0x30ff && code !== 0x30fb) ||
    (code >= 0x31f0 && code <= 0x31ff) ||
    (code >= 0xff66 && code <= 0xff9f)
  ) {
    return 'katakana';
  }
  if (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    code === 0x3005 ||
    code === 0x3006
  ) {
    return 'han';
  }
  return null;
}

/**
 * Whether the unit `code` continues a token of `script`: the same script, or the prolonged
 * sound mark after kana (すごーい, ルーマニア).
 */
export function continuesScript(script: JapaneseScript, code: number): boolean {
  if (code === PROLONGED_SOUND) return script !== 'han';
  return japaneseScript(code) === script;
}

/**
 * `text` with full-width ASCII forms (０-９, ＋, （, ？ …) as ASCII, the ideographic space as
 * a space and the minus sign U+2212 as `-`. One unit becomes one unit, so indexes hold.
 * Lookalikes are left alone: the prolonged sound mark ー and the kanji 一 are not minus signs.
 */
export function foldWidth(text: string): string {
  let result = '';
  let from = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    let folded: number;
    if (code >= 0xff01 && code <= 0xff5e) folded = code - 0xfee0;
    else if (code === 0x3000) folded = 0x20;
    else if (code === 0x2212) folded = 0x2d;
    else continue;
    result += text.slice(from, index) + String.fromCharCode(folded);
    from = index + 1;
  }
  return from === 0 ? text : result + text.slice(from);
}
