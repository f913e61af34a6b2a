import MagicString from 'magic-string';
import { CellSyntaxError } from '../../core/cell-syntax-error.ts';
import { positionAt } from '../../core/source-position.ts';
import { type StrippedCell, stripTypes } from '../../core/strip-types.ts';
import { cellEpilogue, cellPreamble, cellUrl } from './cell-wrapper.ts';
import { parseCell } from './parse-cell.ts';
import { createPositionLookup, createStrippedLookup } from './position-map.ts';
import { rewriteCell } from './rewrite-cell.ts';

export { CellSyntaxError } from '../../core/cell-syntax-error.ts';

/** A cell compiled for the kernel. */
export interface TransformedCell {
  /** JavaScript: an async function expression taking `__yb`, ending with a `//# sourceURL=` comment. */
  code: string;
  /** Top-level names the cell declares, in source order. */
  declared: string[];
  /** The sourceURL used, `yieldbook-cell/<cellId>/<runId>.js`. */
  url: string;
  /** Maps a 1-based line / 1-based column of `code` (as V8 reports it in stacks for that sourceURL) back to the TypeScript source; null when outside the author's code. */
  originalPosition(line: number, column: number): { line: number; column: number } | null;
}

/** Which cell and which run of it is being compiled; both appear in the sourceURL. */
export interface TransformOptions {
  /** The cell's id: letters, digits, `-`, `_` or `.`. */
  cellId: string;
  /** A positive integer, different for every run in a kernel. */
  runId: number;
}

const CELL_ID = /^[\w.-]+$/;

/**
 * Compiles a TypeScript cell into the JavaScript the kernel evaluates (with
 * indirect eval) and calls with its `CellRuntime`.
 *
 * @throws {CellSyntaxError} when the cell is not valid TypeScript or uses what a cell cannot (`export`, a top-level `return`).
 * @example
 * const cell = transformCell('const n: number = await f();', { cellId: 'intro', runId: 1 });
 * const run = (0, eval)(cell.code); // an async function taking the runtime
 */
export function transformCell(source: string, options: TransformOptions): TransformedCell {
  if (typeof source !== 'string') {
    throw new TypeError(`Expected \`source\` to be a string, got ${typeof source}`);
  }
  const { cellId, runId } = options;
  if (typeof cellId !== 'string' || !CELL_ID.test(cellId)) {
    throw new TypeError(
      `Expected \`cellId\` to be letters, digits, \`-\`, \`_\` or \`.\`, got ${JSON.stringify(cellId)}`,
    );
  }
  if (!Number.isSafeInteger(runId) || runId < 0) {
    throw new TypeError(`Expected \`runId\` to be a non-negative integer, got ${String(runId)}`);
  }
  const url = cellUrl(cellId, runId);
  // One kind of line break everywhere keeps V8's, sucrase's and the maps' line counts equal.
  const normalized = source.replace(/\r\n?/g, '\n');
  const stripped = stripTypes(normalized, url);
  const program = parseCell(stripped.code);
  if (!('type' in program)) throw cellError(stripped, normalized, program.message, program.offset);
  const edited = new MagicString(stripped.code);
  const { declared, functions } = rewriteCell(program, stripped.code, edited, (message, offset) => {
    throw cellError(stripped, normalized, message, offset);
  });
  const preamble = cellPreamble(declared, functions);
  edited.prepend(preamble).append(cellEpilogue(url));
  const lookup = createPositionLookup(edited, stripped, normalized, preamble.length);
  return {
    code: edited.toString(),
    declared,
    url,
    originalPosition: (line, column) => lookup(line, column),
  };
}

/** An error at an offset of sucrase's output, placed in the TypeScript source. */
function cellError(
  stripped: StrippedCell,
  source: string,
  message: string,
  offset: number,
): CellSyntaxError {
  const at = positionAt(stripped.code, offset);
  const inSource = createStrippedLookup(stripped.map(), stripped.code, source)(at) ?? at;
  return new CellSyntaxError(message, inSource.line + 1, inSource.column + 1);
}
