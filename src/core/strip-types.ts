import { type Options, transform } from 'sucrase';
import { CellSyntaxError } from './cell-syntax-error.ts';
import { positionAt } from './source-position.ts';

/** The shape of the source map sucrase returns (a standard version 3 map). */
export interface EncodedMap {
  version: 3;
  file?: string | null;
  names: string[];
  sources: string[];
  mappings: string;
}

/** JavaScript with TypeScript syntax removed, and the map back to the TypeScript. */
export interface StrippedCell {
  code: string;
  /**
   * Computes the source map on demand: sucrase's output is deterministic, so
   * a second run gives the same code, and cells that never fail never pay for it.
   */
  map(): EncodedMap;
}

const OPTIONS = {
  transforms: ['typescript'],
  disableESTransforms: true,
  keepUnusedImports: true,
} satisfies Options;

// Sucrase prefixes its errors with the file name and suffixes a `(line:column)`
// position; the cell error carries the position in its own fields instead. The `(?<!\s)`
// lets a match start only where the spaces start, so matching is linear (check:regex).
const SUCRASE_PREFIX = /^Error transforming [^:]*: /;
const SUCRASE_POSITION = /(?<!\s)\s*\(\d+:\d+\)$/;

/**
 * Removes TypeScript syntax with sucrase, keeping ES syntax and ES imports as
 * written (imports without a visible use stay: a later cell may use them).
 *
 * @throws {CellSyntaxError} when the source is not valid TypeScript.
 */
export function stripTypes(source: string, url: string): StrippedCell {
  try {
    const { code } = transform(source, OPTIONS);
    let map: EncodedMap | undefined;
    return {
      code,
      map: () => {
        map ??= sourceMapOf(source, url);
        return map;
      },
    };
  } catch (error) {
    if (!(error instanceof Error) || error instanceof CellSyntaxError) throw error;
    const offset = (error as { pos?: unknown }).pos;
    const at =
      typeof offset === 'number'
        ? positionAt(source, Math.min(offset, source.length))
        : { line: 0, column: 0 };
    let message = error.message.replace(SUCRASE_PREFIX, '').replace(SUCRASE_POSITION, '');
    if (typeof offset === 'number' && offset >= source.trimEnd().length) {
      message = endOfCellMessage(message);
    }
    throw new CellSyntaxError(message, at.line + 1, at.column + 1);
  }
}

function sourceMapOf(source: string, url: string): EncodedMap {
  const { sourceMap } = transform(source, {
    ...OPTIONS,
    filePath: 'cell.ts',
    sourceMapOptions: { compiledFilename: url },
  });
  if (sourceMap === undefined) throw new Error('Expected sucrase to return a source map, got none');
  return sourceMap as EncodedMap;
}

/**
 * What `/expected "(.+)"$/` captured, found without its quadratic backtracking: the first
 * `expected "` on the last line, up to the `"` that ends the message.
 */
function expectedText(message: string): string | undefined {
  const lineStart =
    Math.max(...['\n', '\r', '\u2028', '\u2029'].map((end) => message.lastIndexOf(end))) + 1;
  const at = message.indexOf('expected "', lineStart);
  const from = at + 'expected "'.length;
  return at >= 0 && message.endsWith('"') && message.length - 1 > from
    ? message.slice(from, -1)
    : undefined;
}

/** Sucrase says only "Unexpected token" when the cell ends too early. */
function endOfCellMessage(message: string): string {
  const expected = expectedText(message);
  return expected === undefined
    ? 'Unexpected end of the cell: a closing `}`, `)` or `]` may be missing'
    : `Unexpected end of the cell: expected \`${expected}\``;
}
