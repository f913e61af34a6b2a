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

/**
 * Holds a cell's type errors to its fence (docs/cells.md): a cell must type-check
 * unless it declares the errors it shows with `typeerror=TS2322`; then each
 * declared code must be reported, and nothing else. The build and
 * `npm run lessons:check` both judge with this.
 *
 * @returns why the diagnostics do not match, one line per problem, or null when they do.
 */
export function judgeTypes(
  cell: Pick<CellSpec, 'typeErrors'>,
  diagnostics: readonly TypeDiagnosticLike[],
): string | null {
  const errors = diagnostics.filter((diagnostic) => diagnostic.category === 'error');
  const problems = errors
    .filter((diagnostic) => !cell.typeErrors.includes(diagnostic.code))
    .map(
      ({ code, message, line, column }) =>
        `line ${line}:${column}: TS${code} ${message.replace(/\n\s*/g, ' ')}`,
    );
  for (const code of cell.typeErrors) {
    if (!errors.some((diagnostic) => diagnostic.code === code)) {
      problems.push(`expected type error TS${code} (\`typeerror\`), got none`);
    }
  }
  return problems.length === 0 ? null : problems.join('\n');
}
