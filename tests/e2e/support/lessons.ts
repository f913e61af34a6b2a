/**
 * The lessons under test, read from `content/lessons` with the same cell
 * extractor the build uses, so expected outputs and file:line come from the source.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseFrontmatter } from '@astrojs/markdown-remark';
import { expect, type Page } from '@playwright/test';
import { extractCells } from '../../../src/cells/extract.ts';
import { judgeCell } from '../../../src/cells/judge.ts';
import type { CellSpec } from '../../../src/cells/types.ts';
import { contentId, contentPlace, type Edition } from '../../../src/i18n/locales.ts';
import { watchCspViolations } from './csp.ts';
import { cell, outputText, runAll } from './notebook.ts';

/** Project root. */
export const ROOT = resolve(import.meta.dirname, '..', '..', '..');

const LESSONS_DIR = join(ROOT, 'content', 'lessons');

/** A lesson file and its cells. */
export interface Lesson {
  /** Path relative to the project root, as printed in failures. */
  file: string;
  /** Site path of the built page, e.g. `/lessons/generators/`, `/ja/lessons/generators/`. */
  path: string;
  /** Its edition: `root` (English) or a translation (`ja`). */
  edition: Edition;
  cells: CellSpec[];
}

function lessonFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return entries
    .filter((name) => name.endsWith('.mdx') || name.endsWith('.md'))
    .map((name) => join(dir, name))
    .sort();
}

/**
 * Site path of a lesson file, by the collection's own id rule (src/i18n/locales.ts):
 * `content/lessons/a/index.mdx` and `a.mdx` are `/lessons/a/`, `content/lessons/ja/a.mdx` is
 * `/ja/lessons/a/`.
 */
export function lessonPath(file: string): string {
  return `/${contentId(relative(join(ROOT, 'content'), file)).toLowerCase()}/`;
}

/**
 * Every lesson, with its cells (possibly none). Synchronous: Playwright needs
 * the list while it collects tests.
 */
export function allLessons(): Lesson[] {
  return lessonFiles(LESSONS_DIR).map((file) => {
    const shown = relative(ROOT, file);
    return {
      file: shown,
      path: lessonPath(file),
      edition: contentPlace(relative(join(ROOT, 'content'), file)).edition,
      cells: extractCells(readFileSync(file, 'utf8'), shown),
    };
  });
}

/** Every lesson with at least one cell. */
export function lessonsWithCells(): Lesson[] {
  return allLessons().filter((lesson) => lesson.cells.length > 0);
}

/** The title the Japanese edition of lesson `slug` gives in its frontmatter. */
export function japaneseTitle(slug: string): string {
  const file = join(LESSONS_DIR, 'ja', `${slug}.mdx`);
  const { title } = parseFrontmatter(readFileSync(file, 'utf8')).frontmatter;
  if (typeof title !== 'string')
    throw new Error(`Expected a title in ${file}, got ${String(title)}`);
  return title;
}

/** The lesson the interaction tests use. */
export const INTERACTION_LESSON = '/lessons/generators/';

/**
 * How long Run all may take on a lesson's page: the usual margin, plus what
 * its slow cells declare with `timeout=` (a lesson's big runs say so in their fence).
 */
export function runAllBudgetMs(lesson: Pick<Lesson, 'cells'>): number {
  return 150_000 + lesson.cells.reduce((sum, spec) => sum + (spec.timeoutMs ?? 0), 0);
}

/** Every cell whose status or output breaks its fence's promise, described. */
export async function cellFailures(page: Page, lesson: Lesson): Promise<string[]> {
  const failures: string[] = [];
  for (const spec of lesson.cells) {
    const target = cell(page, spec.id);
    if ((await target.count()) !== 1) {
      failures.push(`${spec.file}:${spec.line} cell ${spec.id}: not found once in the page`);
      continue;
    }
    const status = (await target.getAttribute('data-cell-status')) ?? '';
    const problem = judgeCell(spec, { status, text: await outputText(target) });
    if (problem !== null) failures.push(`${spec.file}:${spec.line} cell ${spec.id}\n${problem}`);
  }
  return failures;
}

/**
 * Opens `lesson` with `open`, runs all of it with its solutions shown, and expects every cell
 * to keep its fence's promise, with no Content-Security-Policy violation and no page error.
 */
export async function expectRunAllPasses(
  page: Page,
  lesson: Lesson,
  budgetMs: number,
  open: () => Promise<void>,
): Promise<void> {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const csp = await watchCspViolations(page);
  await open();
  await runAll(page, budgetMs);
  expect(await csp.found(), 'Content-Security-Policy violations').toEqual([]);
  const failures = await cellFailures(page, lesson);
  expect(failures.length, `${lesson.file}:\n${failures.join('\n\n')}\n`).toBe(0);
  expect(pageErrors).toEqual([]);
}
