/** An error as it crosses the boundary; positions refer to the cell's TypeScript source. */
export interface SerializedError {
  name: string;
  message: string;
  /** Stack rewritten to cell positions (`at <cellId>:<line>:<column>`); frames in kernel code removed. */
  stack: string;
  /** 1-based line in the cell's TypeScript source, when the error points into a cell. */
  line?: number;
  /** 1-based column in the cell's TypeScript source. */
  column?: number;
  /** Id of the cell the position refers to (errors can come from functions defined in earlier cells). */
  cellId?: string;
}
