/**
 * Cells compiled at build time, and what the kernel needs to run one without
 * the transformer: the code (without its `sourceURL`, which names the run) and
 * a compact table that maps every column of that code back to the TypeScript.
 * This module imports nothing heavy: the kernel loads it on its first run,
 * while sucrase, acorn and magic-string stay in their own chunk until a reader
 * runs an edited cell.
 */
import { cellEpilogue, cellUrl } from './cell-wrapper.ts';

/** A cell as the build emits it with the page (`data-cell-compiled`). */
export interface PrebuiltCell {
  /** The transformed code up to the end of the author's last line (no `sourceURL`). */
  code: string;
  /** The position table of {@link encodePositions}. */
  positions: string;
}

/** A 1-based position, as V8 reports it and as errors show it. */
export interface TablePosition {
  line: number;
  column: number;
}

type Lookup = (line: number, column: number) => TablePosition | null;

/**
 * Writes `lookup` for every column (1 to length + 1) of every line of `code` as runs:
 * lines are separated by `;`, runs by `,`. A run is `c` (from column `c` on, no
 * position), `c.o` (column `c` maps to column `o` of the same line, and each next
 * column to the next one) or `c.o.d.s` (to line + `d`, advancing by `s`, 0 or 1).
 * Inserted code maps to one author position, so most lines need two or three runs.
 */
export function encodePositions(code: string, lookup: Lookup): string {
  return code
    .split('\n')
    .map((text, index) => {
      const line = index + 1;
      const runs: Run[] = [];
      for (let column = 1; column <= text.length + 1; column++) {
        const at = lookup(line, column);
        const run = runs.at(-1);
        if (run !== undefined && same(at, predicted(run, column))) continue;
        if (run?.at !== null && run !== undefined && run.start === column - 1 && same(at, run.at)) {
          run.step = 0;
          continue;
        }
        runs.push({ start: column, at, step: 1 });
      }
      return runs.map((run) => runText(line, run)).join(',');
    })
    .join(';');
}

interface Run {
  start: number;
  at: TablePosition | null;
  step: number;
}

function predicted(run: Run, column: number): TablePosition | null {
  return run.at === null
    ? null
    : { line: run.at.line, column: run.at.column + (column - run.start) * run.step };
}

function runText(line: number, { start, at, step }: Run): string {
  if (at === null) return String(start);
  const delta = at.line - line;
  return delta === 0 && step === 1
    ? `${start}.${at.column}`
    : `${start}.${at.column}.${delta}.${step}`;
}

function same(a: TablePosition | null, b: TablePosition | null): boolean {
  return a === null || b === null ? a === b : a.line === b.line && a.column === b.column;
}

type DecodedRun =
  | readonly [start: number, line: number, column: number, step: number]
  | readonly [start: number];

/** The lookup a table of {@link encodePositions} describes; decoded on the first call. */
export function decodePositions(table: string): Lookup {
  let lines: DecodedRun[][] | undefined;
  return (line, column) => {
    lines ??= table.split(';').map((text, index) =>
      text === ''
        ? []
        : text.split(',').map((run): DecodedRun => {
            const [start = 0, to, delta = 0, step = 1] = run.split('.').map(Number);
            return to === undefined ? [start] : [start, index + 1 + delta, to, step];
          }),
    );
    const runs = lines[line - 1];
    if (runs === undefined || !Number.isInteger(column) || column < 1) return null;
    let found: DecodedRun | undefined;
    for (const run of runs) {
      if (run[0] > column) break;
      found = run;
    }
    if (found === undefined || found.length === 1) return null;
    const [start, to, from, step] = found;
    return { line: to, column: from + (column - start) * step };
  };
}

/** A prebuilt cell as the kernel runs it: the code named for this run, and its map. */
export function fromPrebuilt(
  cell: PrebuiltCell,
  options: { cellId: string; runId: number },
): { code: string; url: string; originalPosition: Lookup } {
  const url = cellUrl(options.cellId, options.runId);
  return {
    code: cell.code + cellEpilogue(url),
    url,
    originalPosition: decodePositions(cell.positions),
  };
}
