/**
 * The batch job lesson's big run writes its JSON Lines to an OPFS file as the
 * answers arrive and ends in a download link for that file (made in the kernel
 * worker, shown by the page): clicking it saves a valid JSON Lines file with
 * one record per example, errors included.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { cell, outputText, runCell, waitForNotebook, watchRun } from './support/notebook.ts';

/** The cells the full run needs, in page order, then the run itself. */
const SETUP = ['sleep', 'examples', 'answer-record', 'sliding-window', 'line-file'];
const RUN = 'full-run';
/** The run uses the fast offline model; over HTTP/1.1 the browser still sends six at a time. */
const RUN_TIMEOUT_MS = 180_000;

interface AnswerLine {
  id: number;
  prompt: string;
  answer: string | null;
  answeredBy: string | null;
  error: string | null;
}

test('batch-job: the full run writes and downloads a JSON Lines file of 3000 records', async ({
  page,
}) => {
  test.setTimeout(RUN_TIMEOUT_MS + 120_000);
  await page.goto('/lessons/batch-job/');
  await waitForNotebook(page);
  for (const id of SETUP) expect(await runCell(page, id), `cell ${id}`).toBe('done');

  const target = cell(page, RUN);
  const finished = await watchRun(target);
  await target.getByRole('button', { name: 'Run', exact: true }).click();
  await finished(RUN_TIMEOUT_MS);
  await expect(target).toHaveAttribute('data-cell-status', 'done');
  expect(await outputText(target)).toContain('written to OPFS');

  const link = target.locator('[data-cell-output] a[download]');
  await expect(link).toHaveAttribute('download', 'answers.jsonl');
  await expect(link).toHaveText(/^Download answers\.jsonl \(\d+(\.\d)? KB\)$/);
  const [saved] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(saved.suggestedFilename()).toBe('answers.jsonl');
  const path = await saved.path();
  const text = await readFile(path, 'utf8');

  expect(text.endsWith('\n')).toBe(true);
  const lines = text.slice(0, -1).split('\n');
  expect(lines).toHaveLength(3000);
  const records = lines.map((line) => JSON.parse(line) as AnswerLine);
  const ids = records.map((record) => record.id).sort((a, b) => a - b);
  expect(ids).toEqual(Array.from({ length: 3000 }, (_, id) => id));

  const failed = records.filter((record) => record.error !== null);
  expect(failed.map((record) => record.id).sort((a, b) => a - b)).toEqual([999, 1999, 2999]);
  for (const record of failed) {
    expect(record.answer).toBeNull();
    expect(record.error).toMatch(/^404 The model `gpt-4o` does not exist/);
  }
  for (const record of records.filter((r) => r.error === null)) {
    expect(record.answeredBy).toBe('yieldbook-offline-fast');
    expect(record.answer).toMatch(/^(The capital of .+ is .+\.|\d+ \+ \d+ = \d+\.)$/);
  }
  const first = records.find((record) => record.id === 0);
  expect(first?.answer).toBe('The capital of France is Paris.');
});
