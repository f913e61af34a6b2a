/**
 * Helpers the benchmark scripts share: reading options from the environment,
 * timing a chat request, summing up timings, driving a lesson's first cell, and writing the figures
 * into the README and docs/benchmarks.md.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import process from 'node:process';
import type { Page } from '@playwright/test';
import { readText } from './stream.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** The median of `values` (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const at = (index: number) => sorted[index] ?? Number.NaN;
  return sorted.length % 2 === 1 ? at(middle) : (at(middle - 1) + at(middle)) / 2;
}

/** The nearest-rank `p`th percentile of `values` (sorted here; need not be); NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/**
 * Milliseconds from sending `payload` (a JSON chat request) to `url` with `token` as the
 * bearer key until the whole answer is read, or with `firstChunk` until its first bytes came
 * (the answer is still read to its end).
 * @throws Error unless the answer is 200 (with a body, for `firstChunk`) and `accept` takes its text.
 */
export async function timeChatRequest(
  url: string,
  payload: string,
  token: string,
  accept: (text: string) => boolean = () => true,
  { firstChunk = false }: { firstChunk?: boolean } = {},
): Promise<number> {
  const start = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: payload,
  });
  let atFirstChunk = Number.NaN;
  const text = await readText(response, () => {
    atFirstChunk = performance.now() - start;
  });
  if (!response.ok || (firstChunk && Number.isNaN(atFirstChunk)) || !accept(text)) {
    throw new Error(
      `Expected 200 with the completion from ${url}, got ${response.status}: ${text}`,
    );
  }
  return firstChunk ? atFirstChunk : performance.now() - start;
}

/**
 * The environment variable `name` as a positive integer, or `fallback` when it
 * is unset or empty.
 * @throws TypeError when it is set to anything else.
 */
export function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new TypeError(`Expected \`${name}\` to be a positive integer, got ${raw}`);
  }
  return value;
}

/**
 * Replaces what stands between `<!-- bench:<name>:start -->` and
 * `<!-- bench:<name>:end -->` (the first such pair) with `block`, in each of
 * `options.files` (paths from the repository's root; by default README.md and
 * docs/benchmarks.md). A file without the markers, or missing, gets a warning
 * and is left alone.
 */
export async function writeFigures(
  name: string,
  block: string,
  options: { files?: readonly string[] } = {},
): Promise<void> {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  for (const file of options.files ?? ['README.md', join('docs', 'benchmarks.md')]) {
    const path = join(ROOT, file);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      console.warn(`${file} is missing; figures not written there.`);
      continue;
    }
    const from = text.indexOf(start);
    const to = from === -1 ? -1 : text.indexOf(end, from + start.length);
    if (to === -1) {
      console.warn(`${file} has no bench:${name} markers; figures not written there.`);
      continue;
    }
    await writeFile(path, `${text.slice(0, from)}${start}\n${block}\n${text.slice(to)}`);
  }
}

/** Replaces the code of the page's first cell through its editor, as a reader would. */
export async function replaceFirstCellCode(page: Page, code: string): Promise<void> {
  const cell = page.locator('[data-cell]').first();
  await cell.locator('[data-cell-code]').click();
  const content = cell.locator('.cm-editor .cm-content');
  await content.waitFor();
  await content.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}

/** How {@link runInFirstCell} waits for the cell. */
export interface RunOptions {
  /** Milliseconds to wait for the run to end; default 600 000. */
  timeout?: number;
  /** Milliseconds between looks at the cell's status; default every animation frame. */
  polling?: number;
}

/**
 * Replaces the first cell's code through its editor, clicks Run, and waits
 * until the cell's status is `done` or `error`.
 * @returns the cell's output text and its status; the caller decides whether an `error` is fatal.
 */
export async function runInFirstCell(
  page: Page,
  code: string,
  options: RunOptions = {},
): Promise<{ output: string; status: string }> {
  const { timeout = 600_000, polling } = options;
  const cell = page.locator('[data-cell]').first();
  await replaceFirstCellCode(page, code);
  await cell.locator('[data-cell-run]').click();
  await page.waitForFunction(
    (element) => ['done', 'error'].includes(element?.getAttribute('data-cell-status') ?? ''),
    await cell.elementHandle(),
    polling === undefined ? { timeout } : { timeout, polling },
  );
  const output = (await cell.locator('[data-cell-output]').textContent()) ?? '';
  const status = (await cell.getAttribute('data-cell-status')) ?? '';
  return { output, status };
}
