/** What a cell is for: code to run, an exercise, its hidden solution, or a check of the exercise. */
export type CellKind = 'code' | 'exercise' | 'solution' | 'check';

/** How a cell's output is compared with its expected block. */
export type OutputCheck = 'exact' | 'shape';

/**
 * A cell as written in a lesson, after its options are validated. Shared by the
 * build (which renders it), the headless checker and the browser tests.
 */
export interface CellSpec {
  /** Stable id, unique on the page. */
  id: string;
  /** 1-based position among the page's cells. */
  index: number;
  kind: CellKind;
  /** For `kind: 'solution'`, the id of the exercise it solves. */
  solutionFor: string | null;
  /** The cell is meant to throw. */
  expectsError: boolean;
  /**
   * TypeScript errors the cell is meant to show (`typeerror=TS2322`), as codes
   * (`[2322]`); empty for a cell that must type-check.
   */
  typeErrors: number[];
  check: OutputCheck;
  /**
   * A puzzle (`predict`): the expected output stays hidden until the reader runs the cell
   * or asks to see it. Checked like any other cell.
   */
  predict: boolean;
  /** Interrupt after this many milliseconds; null for no limit. */
  timeoutMs: number | null;
  /** TypeScript source, exactly as written. */
  source: string;
  /** The expected output block, or null when the cell has none. */
  expected: string | null;
  /** Where the cell's fence starts: lesson file and 1-based line. */
  file: string;
  line: number;
}
