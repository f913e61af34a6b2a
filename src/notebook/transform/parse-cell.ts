import { type Program, parse } from 'acorn';

/** Where a parse error is, as an offset into the parsed code, and what it is. */
export interface ParseFailure {
  message: string;
  offset: number;
}

// Acorn appends `(line:column)` to its messages; the cell error has its own fields.
// `(?<!\s)`: a match starts only where the spaces start, so matching is linear (check:regex).
const ACORN_POSITION = /(?<!\s)\s*\(\d+:\d+\)$/;

/**
 * Parses sucrase's output as a module body, where top-level `await` is allowed.
 * A top-level `return` is accepted here so the rewrite can explain it better
 * than the parser would.
 */
export function parseCell(code: string): Program | ParseFailure {
  try {
    return parse(code, {
      ecmaVersion: 'latest',
      sourceType: 'module',
      allowAwaitOutsideFunction: true,
      allowReturnOutsideFunction: true,
    });
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const offset = (error as { pos?: unknown }).pos;
    return {
      message: error.message.replace(ACORN_POSITION, ''),
      offset: typeof offset === 'number' ? offset : 0,
    };
  }
}
