import { CellSyntaxError } from '../../core/cell-syntax-error.ts';
import { cellEpilogue } from './cell-wrapper.ts';
import { encodePositions, type PrebuiltCell } from './prebuilt.ts';
import { transformCell } from './transform.ts';

/**
 * Compiles an authored cell at build time with the same `transformCell` the
 * kernel uses for edited cells, so a reader who runs the lesson as written never
 * downloads the transformer. Returns null for a cell that does not compile: the
 * kernel then transforms it at run time and reports the error as usual.
 */
export function prebuildCell(source: string, cellId: string): PrebuiltCell | null {
  let cell: ReturnType<typeof transformCell>;
  try {
    cell = transformCell(source, { cellId, runId: 0 });
  } catch (error) {
    if (error instanceof CellSyntaxError) return null;
    throw error;
  }
  const epilogue = cellEpilogue(cell.url);
  if (!cell.code.endsWith(epilogue)) {
    throw new Error(`Expected the code of cell ${cellId} to end with its sourceURL, got none`);
  }
  const code = cell.code.slice(0, -epilogue.length);
  return { code, positions: encodePositions(code, cell.originalPosition) };
}
