/**
 * The parallelism lesson's exercises can be run again after their checks, as a
 * reader does who goes back to try another answer: no check may close a pool an
 * exercise still uses.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { extractCells } from '../../../src/cells/extract.ts';
import { createClient, runCell } from '../notebook/kernel/harness.ts';

const FILE = new URL('../../../content/lessons/parallelism.mdx', import.meta.url);

describe('the parallelism lesson run twice', () => {
  const client = createClient({ page: '/lessons/parallelism/' });
  afterAll(() => client.close());

  it('runs each exercise, its solution and its check again after the check', {
    timeout: 300_000,
  }, async () => {
    const cells = extractCells(await readFile(FILE, 'utf8'), FILE.pathname);
    const byId = new Map(cells.map((cell) => [cell.id, cell]));
    const run = async (id: string) => {
      const cell = byId.get(id);
      if (cell === undefined) throw new Error(`Expected a cell \`${id}\`, got none`);
      return runCell(client, id, cell.source, { timeoutMs: 120_000 });
    };
    await client.start();
    // The whole page first, as Run all does: a check may close what an exercise uses.
    for (const cell of cells) {
      const record = await run(cell.id);
      if (cell.kind === 'solution' || cell.kind === 'check') {
        expect(record.status, `${cell.id}: ${record.text}`).toBe('done');
      }
    }
    for (const id of ['count-primes', 'self-contained']) {
      await run(id);
      const solved = await run(`${id}-solution`);
      expect(solved.status, solved.text).toBe('done');
      const checked = await run(`${id}-check`);
      expect(checked.status, checked.text).toBe('done');
      expect(checked.text).toMatch(/^✓/u);
    }
  });
});
