/**
 * A cell that cannot run as written: invalid TypeScript, or a construct that has
 * no meaning in a cell (`export`, a top-level `return`). The position refers to
 * the cell's TypeScript source, so the page can point at it.
 */
export class CellSyntaxError extends SyntaxError {
  /** 1-based line in the cell's TypeScript source. */
  line: number;
  /** 1-based column in the cell's TypeScript source. */
  column: number;

  constructor(message: string, line: number, column: number) {
    super(message);
    // Subclasses inherit `name` from the prototype chain only if nothing shadows it;
    // setting it keeps `SyntaxError: …` in every engine's formatting.
    this.name = 'SyntaxError';
    this.line = line;
    this.column = column;
  }
}
