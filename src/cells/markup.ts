/**
 * The data attributes of a cell's markup (docs/cells.md, "Rendered markup"):
 * the build writes them (src/integrations/cells/cell-markup.ts) and the page
 * finds cells and their parts by them (src/notebook). One list, so the two
 * sides cannot drift apart. Stylesheets (src/styles) and in-page test code
 * spell them out, as they cannot import.
 */
export const CELL_ATTR = {
  /** On the cell's root element (a `<section>`). */
  cell: 'data-cell',
  /** The cell's id, unique in its lesson. */
  id: 'data-cell-id',
  /** `code`, `exercise`, `solution` or `check` (see `CellKind`). */
  kind: 'data-cell-kind',
  /** `idle`, `queued`, `running`, `done`, `error` or `interrupted`; the page keeps it current. */
  status: 'data-cell-status',
  /** `exact` or `shape`: how the output is compared with the expected output. */
  check: 'data-cell-check',
  /** Present when the cell is meant to throw. */
  expectsError: 'data-cell-expects-error',
  /** On a solution: the id of the exercise it solves. */
  solutionFor: 'data-cell-solution-for',
  /** The cell's own time limit in milliseconds, when it has one. */
  timeout: 'data-cell-timeout',
  /** The execution count, `[ ]` until the cell runs. */
  count: 'data-cell-count',
  /** The cell's Run button. */
  run: 'data-cell-run',
  /** The mark shown while the code differs from the lesson's. */
  edited: 'data-cell-edited',
  /** The button that restores the lesson's code. */
  revert: 'data-cell-revert',
  /** Added by the page: the lesson's code changed since the reader's saved edit. */
  changed: 'data-cell-changed',
  /** In that notice: the button that keeps the reader's code and dismisses it. */
  keep: 'data-cell-keep',
  /** The highlighted code, replaced by the editor on first edit; the cell's one tab stop. */
  code: 'data-cell-code',
  /** On the code: its name once the page can edit it, in the page's language. */
  editLabel: 'data-cell-edit-label',
  /** A JSON `<script>` holding the source the lesson wrote. */
  source: 'data-cell-source',
  /**
   * A JSON `<script>` holding the cell compiled at build time (`PrebuiltCell`), so an
   * unedited cell runs without the transformer. Absent when the cell does not compile.
   */
  compiled: 'data-cell-compiled',
  /** The expected output block. */
  expected: 'data-cell-expected',
  /**
   * On a `predict` cell: the `<details>` holding its expected output, closed until the reader
   * opens it or the page opens it once the cell has run.
   */
  predict: 'data-cell-predict',
  /** Added by the page before the expected block after a run: `match` or `differs`. */
  verdict: 'data-cell-verdict',
  /** Where the run's output goes. */
  output: 'data-cell-output',
} as const;

/** One of the cell markup's data attributes. */
export type CellAttr = (typeof CELL_ATTR)[keyof typeof CELL_ATTR];

/** The CSS selector of elements carrying `attribute`: `[data-cell-run]`. */
export function attrSelector(attribute: CellAttr): `[${CellAttr}]` {
  return `[${attribute}]`;
}
