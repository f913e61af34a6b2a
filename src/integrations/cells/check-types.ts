import { typeProblems } from '../../cells/judge-types.ts';
import type { CellSpec } from '../../cells/types.ts';
import type { PageChecker } from '../../typecheck/page-checker.ts';

/** A cell whose type errors are not what its fence says. */
export interface CellTypeProblem {
  cell: CellSpec;
  /**
   * One line per problem, each naming the lesson file and line (`file:line:column`,
   * the line in the lesson), the cell, and the line in the cell.
   */
  message: string;
}

/**
 * Type-checks one lesson page as one program (each cell with the declarations of
 * the cells above it, solutions included, as "Run all" with every solution open
 * runs them) and judges each cell with `judgeTypes`.
 *
 * @param checker a page checker, reused from lesson to lesson: only the cells change,
 *   so the libraries are parsed once.
 * @returns the cells that fail, in page order; empty when the page is right.
 */
export function checkLessonTypes(
  checker: PageChecker,
  cells: readonly CellSpec[],
): CellTypeProblem[] {
  checker.setCells(cells.map(({ id, source }) => ({ id, code: source })));
  const problems: CellTypeProblem[] = [];
  for (const cell of cells) {
    const found = typeProblems(cell, checker.cellDiagnostics(cell.id));
    if (found.length === 0) continue;
    const lines = found.map(({ diagnostic, text }) =>
      diagnostic
        ? // The code starts on the line after the fence.
          `${cell.file}:${cell.line + diagnostic.line}:${diagnostic.column} cell \`${cell.id}\` line ${diagnostic.line}: ${text}`
        : `${cell.file}:${cell.line} cell \`${cell.id}\`: ${text}`,
    );
    problems.push({ cell, message: lines.join('\n') });
  }
  return problems;
}
