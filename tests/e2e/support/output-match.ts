/**
 * Whether a cell's output matches its expected block, through the project's
 * one comparison (`compareOutput`, docs/cells.md "check").
 */
import { compareOutput } from '../../../src/cells/compare.ts';
import type { OutputCheck } from '../../../src/cells/types.ts';

/** True when `actual` satisfies `expected` under `check`. */
export function outputMatches(actual: string, expected: string, check: OutputCheck): boolean {
  return compareOutput(actual, expected, check).ok;
}
