import type { Nodes, Root } from 'mdast';
import { frontmatterText, parseLesson } from './extract.ts';
import { isCellFence, parseCellOptions } from './options.ts';

/**
 * How long a lesson takes to read and run, estimated from its text, so that the time a
 * lesson states at its top (`minutes` in its frontmatter) is computed, not guessed, and
 * stays true as the lesson changes. docs/cells.md gives the rule.
 */

/** The rates of the estimate: technical prose, code read line by line, a run, an exercise. */
export const READING_RATES = {
  /** Words of prose a reader takes in per minute (technical text, read with care). */
  wordsPerMinute: 150,
  /**
   * Characters of Japanese prose (kanji and kana) a reader takes in per minute. Ordinary
   * Japanese is read at about 500 a minute against about 230 English words; technical text
   * read with care keeps that ratio, so 150 words become about 330 characters, rounded to 350.
   */
  japaneseCharsPerMinute: 350,
  /** Lines of code (cells and plain blocks) a reader follows per minute. */
  codeLinesPerMinute: 50,
  /** Minutes to run a cell and read what it prints. */
  minutesPerCell: 0.25,
  /** Minutes to solve an exercise (on top of reading and running its cells). */
  minutesPerExercise: 4,
} as const;

/** One sitting: a lesson whose estimate is longer should be trimmed or split. */
export const MAX_SITTING_MINUTES = 45;

/** What a lesson holds, and the time it comes to. */
export interface ReadingTime {
  /** Words outside fenced blocks and import lines (Latin script, split at spaces). */
  words: number;
  /** Japanese characters (kanji, kana) outside fenced blocks, which no space separates. */
  japaneseChars: number;
  /** Lines inside fenced blocks other than expected outputs. */
  codeLines: number;
  cells: number;
  exercises: number;
  /** The estimate, unrounded. */
  minutes: number;
  /** The estimate rounded up to five minutes: what `minutes` in the frontmatter must say. */
  stated: number;
}

interface Counts {
  words: number;
  japaneseChars: number;
  codeLines: number;
  cells: number;
  exercises: number;
}

/** Kanji, kana and the marks that belong to them: read by the character, not the word. */
const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆]/gu;

function countWords(text: string): number {
  return text.split(/\s+/u).filter((word) => word !== '').length;
}

function countText(text: string, counts: Counts): void {
  const japanese = text.match(JAPANESE)?.length ?? 0;
  counts.japaneseChars += japanese;
  // Japanese punctuation is neither: it joins the characters around it into no word.
  counts.words += countWords(
    japanese === 0
      ? text
      : text.replace(JAPANESE, ' ').replace(/[\u3000-\u303f\uff01-\uff5e]/gu, ' '),
  );
}

function walk(node: Nodes, counts: Counts, file: string): void {
  if (node.type === 'code') {
    if (node.lang === 'output') return;
    counts.codeLines += node.value === '' ? 0 : node.value.split('\n').length;
    if (isCellFence(node.lang, node.meta)) {
      counts.cells += 1;
      const location = { file, line: node.position?.start.line ?? 0 };
      if (parseCellOptions(node.meta ?? '', location).kind === 'exercise') counts.exercises += 1;
    }
    return;
  }
  // Import and export lines of the MDX file are not read by anyone.
  if (node.type === 'mdxjsEsm') return;
  if (node.type === 'text' || node.type === 'inlineCode') {
    countText(node.value, counts);
    return;
  }
  if ('children' in node) for (const child of node.children) walk(child as Nodes, counts, file);
}

/**
 * The reading time of a lesson file's text.
 *
 * @param tree the lesson parsed by `parseLesson`, when the caller has it already.
 * @example
 * readingTime(await readFile('content/lessons/generators.mdx', 'utf8'), 'generators.mdx');
 * // → { words: 2900, japaneseChars: 0, codeLines: 470, cells: 40, exercises: 2, minutes: 44.2, stated: 45 }
 */
export function readingTime(
  source: string,
  file: string,
  tree: Root = parseLesson(source, file),
): ReadingTime {
  const counts: Counts = { words: 0, japaneseChars: 0, codeLines: 0, cells: 0, exercises: 0 };
  walk(tree, counts, file);
  const rates = READING_RATES;
  const minutes =
    counts.words / rates.wordsPerMinute +
    counts.japaneseChars / rates.japaneseCharsPerMinute +
    counts.codeLines / rates.codeLinesPerMinute +
    counts.cells * rates.minutesPerCell +
    counts.exercises * rates.minutesPerExercise;
  return { ...counts, minutes, stated: Math.max(5, Math.ceil(minutes / 5) * 5) };
}

/** The `minutes` a lesson's frontmatter states, or null when it states none. */
export function statedMinutes(source: string): number | null {
  const match = /^minutes:\s*(\d+)\s*$/mu.exec(frontmatterText(source) ?? '');
  return match ? Number(match[1]) : null;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * What is wrong with a lesson's stated time, or null: it must be the estimate rounded up
 * to five minutes, and the estimate must fit one sitting. Run by `npm run lessons:check`.
 */
export function readingTimeProblem(
  source: string,
  file: string,
  tree: Root = parseLesson(source, file),
): string | null {
  const time = readingTime(source, file, tree);
  const japanese =
    time.japaneseChars === 0 ? '' : `${count(time.japaneseChars, 'Japanese character')}, `;
  const figures = `${japanese}${count(time.words, 'word')}, ${count(time.codeLines, 'code line')}, ${count(time.cells, 'cell')}, ${count(time.exercises, 'exercise')}: ${time.minutes.toFixed(1)} minutes`;
  if (time.minutes > MAX_SITTING_MINUTES) {
    return `${file}: Expected the lesson to fit one sitting of ${MAX_SITTING_MINUTES} minutes, got ${figures}; trim it or split it`;
  }
  const stated = statedMinutes(source);
  if (stated !== time.stated) {
    return `${file}: Expected \`minutes: ${time.stated}\` in the frontmatter (${figures}, rounded up to five), got ${stated === null ? 'none' : `minutes: ${stated}`}`;
  }
  return null;
}
