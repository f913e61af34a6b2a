/**
 * What the generic lesson run cannot show: a pool started by a cell runs its
 * workers nested in the kernel worker (the bundle Vite built), they are
 * cross-origin isolated and share memory with the kernel, and interrupting a
 * cell that awaits pool work stops the await at once.
 */
import { expect, test } from '@playwright/test';
import {
  cell,
  interruptRun,
  outputText,
  runCell,
  typeCode,
  waitForNotebook,
} from './support/notebook.ts';

const LESSON = '/lessons/parallelism/';

test.describe('yieldbook/parallel in the page', () => {
  test('a cell starts nested, isolated pool workers that share memory with the kernel', async ({
    page,
  }) => {
    await page.goto(LESSON);
    await waitForNotebook(page);
    await typeCode(
      page,
      'out-of-order',
      [
        "import { WorkerPool } from 'yieldbook/parallel';",
        "import { SharedValue } from 'yieldbook/shared';",
        'const pool = new WorkerPool({ maxWorkers: 2 });',
        "const hits = new SharedValue('int32', 0);",
        'const seen = await pool.map((v: SharedValue) => {',
        '  v.add(1);',
        "  return self.name + ' isolated=' + self.crossOriginIsolated;",
        '}, [hits, hits]);',
        'console.log(seen.sort(), hits.value);',
        'await pool.close();',
      ].join('\n'),
    );
    expect(await runCell(page, 'out-of-order')).toBe('done');
    expect(await outputText(cell(page, 'out-of-order'))).toBe(
      "[ 'yieldbook-pool-0 isolated=true', 'yieldbook-pool-1 isolated=true' ] 2",
    );
  });

  test('interrupting a cell that awaits pool work stops it at once; the pool stays usable', async ({
    page,
  }) => {
    await page.goto(LESSON);
    await waitForNotebook(page);
    const stopped = await interruptRun(
      page,
      'out-of-order',
      [
        "import { WorkerPool } from 'yieldbook/parallel';",
        'const slow = new WorkerPool({ maxWorkers: 1 });',
        'await slow.submit((ms: number) => new Promise((done) => setTimeout(done, ms)), 60_000);',
      ].join('\n'),
      10_000,
    );
    expect(stopped).toBe('interrupted');

    await typeCode(
      page,
      'busy-blocks',
      'slow.terminate();\nconst again = new WorkerPool({ maxWorkers: 1 });\nconsole.log(await again.submit((x: number) => x + 1, 41));\nawait again.close();',
    );
    expect(await runCell(page, 'busy-blocks')).toBe('done');
    expect(await outputText(cell(page, 'busy-blocks'))).toBe('42');
  });
});
