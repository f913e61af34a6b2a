/**
 * The words the home page and the top of each lesson build from lesson frontmatter, kept
 * here so every state of the course (all ready, some planned, none ready) reads true. The
 * sentences themselves are the dictionary's (`HOME`, src/i18n/ui.ts), in each language.
 */
import { HOME, type Lang } from '../i18n/ui.ts';

function count(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`Expected \`${name}\` to be a whole number from 0, got ${String(value)}`);
  }
  return value;
}

/**
 * The home page's line on how many lessons can be read and run yet.
 *
 * @example
 * readinessLine(7, 7); // 'All 7 lessons are ready.'
 * readinessLine(6, 7); // '6 of 7 lessons are ready; the other one shows what it will cover.'
 */
export function readinessLine(ready: number, total: number, lang: Lang = 'en'): string {
  count('ready', ready);
  count('total', total);
  if (ready > total) {
    throw new RangeError(`Expected \`ready\` to be at most \`total\` (${total}), got ${ready}`);
  }
  return HOME[lang].readiness(ready, total);
}

/**
 * The expected time of a lesson, as shown at its top and on the home page.
 *
 * @example
 * aboutMinutes(35); // 'About 35 minutes'
 */
export function aboutMinutes(minutes: number, lang: Lang = 'en'): string {
  if (!Number.isSafeInteger(minutes) || minutes < 1) {
    throw new TypeError(`Expected \`minutes\` to be a whole number from 1, got ${String(minutes)}`);
  }
  return HOME[lang].aboutMinutes(minutes);
}
