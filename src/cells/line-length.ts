import type { Code } from 'mdast';
import type { CollectedCell } from './extract.ts';

/**
 * The longest a cell's code line or expected-output line may be, in characters: the
 * width of a terminal and of the cell on a narrow screen, with no sideways scrolling.
 */
export const MAX_CELL_LINE = 80;

/** One line of a cell, or of its expected output, that is too long. */
export interface LongLine {
  file: string;
  /** 1-based line in the lesson file. */
  line: number;
  /** Its length in characters (Unicode code points). */
  length: number;
  /** `file:line: Expected …, got …`, ready to print. */
  message: string;
}

function* longLinesOf(node: Code, what: string, file: string, max: number): Generator<LongLine> {
  // The fence's own line comes first; the block's text starts on the next one.
  const first = (node.position?.start.line ?? 0) + 1;
  for (const [offset, text] of node.value.split('\n').entries()) {
    const length = [...text].length;
    if (length <= max) continue;
    const line = first + offset;
    yield {
      file,
      line,
      length,
      message: `${file}:${line}: Expected each line of ${what} to be at most ${max} characters, got ${length}`,
    };
  }
}

/**
 * Lists the code lines and expected-output lines of a lesson's cells longer than `max`
 * characters, in page order. Run by `npm run lessons:check`, not by the build, so a long
 * line never stops a preview.
 *
 * @param cells the lesson's cells, from `collectLessonCells`.
 * @param max the limit, {@link MAX_CELL_LINE} unless a test says otherwise.
 * @example
 * longCellLines(collectLessonCells(source, 'content/lessons/generators.mdx'));
 * // → [{ file, line: 120, length: 95, message: 'content/lessons/generators.mdx:120: Expected …' }]
 */
export function longCellLines(cells: readonly CollectedCell[], max = MAX_CELL_LINE): LongLine[] {
  if (!Number.isSafeInteger(max) || max < 1) {
    throw new TypeError(`Expected \`max\` to be a whole number from 1, got ${String(max)}`);
  }
  return cells.flatMap(({ spec, node, outputNode }) => [
    ...longLinesOf(node, `cell \`${spec.id}\``, spec.file, max),
    ...(outputNode === null
      ? []
      : longLinesOf(outputNode, `the expected output of cell \`${spec.id}\``, spec.file, max)),
  ]);
}
