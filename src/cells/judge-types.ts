import type { CellSpec } from './types.ts';

/** A diagnostic of the page program (src/typecheck), reduced to what the judge reads. */
export interface TypeDiagnosticLike {
  /** TypeScript's code: `2322` for TS2322. */
  code: number;
  message: string;
  /** `error`, `warning`, `suggestion` or `message`; only errors are judged. */
  category: string;
  /** 1-based line and column in the cell. */
  line: number;
  column: number;
}

/** One way a cell's type errors differ from its fence. */
export interface TypeProblem {
  /** The unexpected error, or null for a declared code that was not reported. */
  diagnostic: TypeDiagnosticLike | null;
  /** `TS2322 Type 'string' is not assignable …` (on one line), or what was missing. */
  text: string;
}

/**
 * Holds a cell's type errors to its fence (docs/cells.md): a cell must type-check
 * unless it declares the errors it shows with `typeerror=TS2322`; then each
 * declared code must be reported, and nothing else. The build and
 * `npm run lessons:check` both judge with this.
 *
 * @returns the problems, unexpected errors first; empty when the cell is right.
 */
export function typeProblems(
  cell: Pick<CellSpec, 'typeErrors'>,
  diagnostics: readonly TypeDiagnosticLike[],
): TypeProblem[] {
  const errors = diagnostics.filter((diagnostic) => diagnostic.category === 'error');
  const problems: TypeProblem[] = errors
    .filter((diagnostic) => !cell.typeErrors.includes(diagnostic.code))
    .map((diagnostic) => ({
      diagnostic,
      text: `TS${diagnostic.code} ${diagnostic.message.replace(/\n\s*/g, ' ')}`,
    }));
  for (const code of cell.typeErrors) {
    if (!errors.some((diagnostic) => diagnostic.code === code)) {
      problems.push({
        diagnostic: null,
        text: `expected type error TS${code} (\`typeerror\`), got none`,
      });
    }
  }
  return problems;
}

/**
 * {@link typeProblems} as one text, one line per problem (`line 3:7: TS2322 …`),
 * or null when the cell is right.
 */
export function judgeTypes(
  cell: Pick<CellSpec, 'typeErrors'>,
  diagnostics: readonly TypeDiagnosticLike[],
): string | null {
  const problems = typeProblems(cell, diagnostics);
  if (problems.length === 0) return null;
  return problems
    .map(({ diagnostic, text }) =>
      diagnostic ? `line ${diagnostic.line}:${diagnostic.column}: ${text}` : text,
    )
    .join('\n');
}
