/**
 * The parallelism lesson's exercises can be run again after their checks, as a
 * reader does who goes back to try another answer: no check may close a pool an
 * exercise still uses.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { extractCells } from '../../../src/cells/extract.ts';
import type { CellSpec } from '../../../src/cells/types.ts';
import { createClient, runCell } from '../notebook/kernel/harness.ts';

const FILE = new URL('../../../content/lessons/parallelism.mdx', import.meta.url);

/** The cells the exercises depend on, then the exercises and their checks. */
const NEEDED = new Set([
  'first-pool',
  'cpu-bound',
  'maps',
  'results-back',
  'self-contained',
  'self-contained-solution',
  'self-contained-check',
  'count-primes',
  'count-primes-solution',
  'count-primes-check',
]);

describe('the parallelism lesson run twice', () => {
  const client = createClient({ page: '/lessons/parallelism/' });
  afterAll(() => client.close());

  it('runs each exercise, its solution and its check again after the check', async () => {
    const cells = extractCells(await readFile(FILE, 'utf8'), FILE.pathname);
    const byId = new Map(cells.map((cell) => [cell.id, cell]));
    const run = async (id: string) => {
      const cell = byId.get(id) as CellSpec;
      expect(cell, `Expected a cell ${id}`).toBeDefined();
      return runCell(client, id, cell.source, { timeoutMs: 120_000 });
    };
    await client.start();
    for (const cell of cells) {
      if (!NEEDED.has(cell.id)) continue;
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
