/**
 * The kernel worker as Chromium runs it, spoken to directly: a promise a cell
 * rejects and never handles is reported to that cell, even when the next
 * cell's request is already waiting. Chromium tells of such a rejection in a
 * task of its own, queued after the one that rejected it; Node tells at once,
 * so only a real browser can show this.
 */
import { expect, test } from '@playwright/test';
import { INTERACTION_LESSON } from './support/lessons.ts';
import { cells, runCell, waitForNotebook } from './support/notebook.ts';

interface Seen {
  type: string;
  runId?: number;
  messages?: string[];
}

test('an unhandled rejection is reported to the cell that rejected it, not the next one queued', async ({
  page,
}) => {
  const workerUrls: string[] = [];
  page.on('worker', (worker) => workerUrls.push(worker.url()));
  await page.goto(INTERACTION_LESSON);
  await waitForNotebook(page);
  // The page's own kernel tells us where the built worker lives.
  const first = (await cells(page).first().getAttribute('data-cell-id')) ?? '';
  await runCell(page, first);
  const kernelUrl = workerUrls.find((url) => url.includes('/kernel.worker-'));
  if (kernelUrl === undefined) throw new Error(`Expected a kernel worker, got ${workerUrls}`);

  const seen = await page.evaluate(async (url): Promise<Seen[]> => {
    const worker = new Worker(url, { type: 'module' });
    const log: Seen[] = [];
    const { promise: done, resolve } = Promise.withResolvers<void>();
    let finished = 0;
    worker.addEventListener('message', (event: MessageEvent) => {
      const data = event.data as {
        type: string;
        runId?: number;
        items?: { kind: string; text?: string; error?: { message: string } }[];
      };
      const messages = (data.items ?? []).map(
        (item) => `${item.kind}:${item.error?.message ?? item.text ?? ''}`,
      );
      log.push({
        type: data.type,
        ...(data.runId === undefined ? {} : { runId: data.runId }),
        messages,
      });
      if (data.type === 'finished') finished += 1;
      // Chromium's report comes in a task of its own; give it time to arrive.
      if (finished === 2) setTimeout(resolve, 300);
    });
    const base = { origin: location.origin, base: '/', token: null, page: location.pathname };
    worker.postMessage({ type: 'init', interruptBuffer: null, outputCap: 100_000, ...base });
    // Both requests are queued before the first cell runs, so the second one is
    // waiting when the first cell's task ends.
    worker.postMessage({
      type: 'run',
      runId: 1,
      cellId: 'rejects',
      code: "void Promise.reject(new Error('left unhandled')); console.log('first');",
    });
    worker.postMessage({ type: 'run', runId: 2, cellId: 'next', code: "console.log('second');" });
    await done;
    worker.terminate();
    return log;
  }, kernelUrl);

  const outputs = (runId: number) =>
    seen
      .filter((message) => message.type === 'output' && message.runId === runId)
      .flatMap((message) => message.messages ?? []);
  expect(outputs(1)).toEqual(['stream:first\n', 'error:left unhandled']);
  expect(outputs(2)).toEqual(['stream:second\n']);
  expect(seen.filter((message) => message.type === 'finished').map((m) => m.runId)).toEqual([1, 2]);
});
