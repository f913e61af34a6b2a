import type { SerializedError } from '../core/serialized-error.ts';
import { compareOutput } from './compare.ts';
import type { CellSpec } from './types.ts';

/** How one run of a cell ended, as the headless checker or the page saw it. */
export interface CellRun {
  /** Final status (`done`, `error`, `interrupted`), or whatever the page showed. */
  status: string;
  /** Output text per docs/cells.md "Output text". */
  text: string;
  error?: SerializedError | undefined;
}

/**
 * Holds a run to what its fence promises (docs/cells.md): an exercise starter
 * is never judged; a cell meant to throw must end in `error`, every other in
 * `done`; and the output must match the expected block (or be empty without one).
 * The headless checker and the browser tests both judge with this.
 *
 * @returns why the run does not match, or null when it does.
 */
export function judgeCell(
  cell: Pick<CellSpec, 'kind' | 'expectsError' | 'expected' | 'check'>,
  run: CellRun,
): string | null {
  if (cell.kind === 'exercise') return null;
  const wanted = cell.expectsError ? 'error' : 'done';
  if (run.status !== wanted) {
    const why = run.error ? `\n${run.error.stack}` : '';
    return `expected status \`${wanted}\`, got \`${run.status}\`${why}\n${run.text}`.trimEnd();
  }
  const verdict = compareOutput(run.text, cell.expected ?? '', cell.check);
  if (verdict.ok) return null;
  return cell.expected === null
    ? `printed output but has no expected block\n${verdict.diff}`
    : `output differs (check=${cell.check})\n${verdict.diff}`;
}
