import { decodedMappings, TraceMap } from '@jridgewell/trace-mapping';
import type MagicString from 'magic-string';
import type { ZeroBasedPosition } from '../../core/source-position.ts';
import type { EncodedMap, StrippedCell } from '../../core/strip-types.ts';

/** A 1-based line and column, as V8 reports them in stack traces. */
export interface CellPosition {
  line: number;
  column: number;
}

/** Maps positions of the final code back to the TypeScript source. */
export type OriginalPositionLookup = (line: number, column: number) => CellPosition | null;

type Segment = Readonly<number[]>;

/**
 * Composes the two maps of the pipeline (final code → sucrase output →
 * TypeScript). Nothing is computed until the first lookup: most cells never
 * throw, and the transform has to stay fast.
 *
 * @param edited the edits made to sucrase's output.
 * @param stripped sucrase's output and its map to the TypeScript source.
 * @param source the TypeScript source (line breaks normalised).
 * @param preambleLength characters the wrapper adds before the author's first line.
 */
export function createPositionLookup(
  edited: MagicString,
  stripped: StrippedCell,
  source: string,
  preambleLength: number,
): OriginalPositionLookup {
  let editedMap: TraceMap | undefined;
  let lookupInStripped: ((at: ZeroBasedPosition) => ZeroBasedPosition | null) | undefined;
  return (line, column) => {
    if (!Number.isInteger(line) || !Number.isInteger(column) || line < 1 || column < 1) {
      return null;
    }
    if (line === 1 && column <= preambleLength) return null;
    editedMap ??= new TraceMap({ version: 3, ...edited.generateDecodedMap({ hires: true }) });
    const inStripped = lookupEdited(editedMap, line - 1, column - 1);
    if (inStripped === null) return null;
    lookupInStripped ??= createStrippedLookup(stripped.map(), stripped.code, source);
    const inSource = lookupInStripped(inStripped);
    return inSource === null ? null : { line: inSource.line + 1, column: inSource.column + 1 };
  };
}

/**
 * magic-string maps every character it kept (`hires`), but nothing it inserted.
 * A position inside inserted code (`__yb.resume(` before an `await`, a loop's
 * `__yb.tick(0);`) belongs to the author's code that follows it on the line,
 * or, at the end of a line, to the code before it.
 */
function lookupEdited(map: TraceMap, line: number, column: number): ZeroBasedPosition | null {
  const segments = decodedMappings(map)[line];
  if (segments === undefined || segments.length === 0) return null;
  const before = lastAtOrBefore(segments, column);
  const exact = segments[before];
  if (exact !== undefined && exact[0] === column) return fromSegment(exact);
  const after = segments[before + 1];
  if (after !== undefined) return fromSegment(after);
  return exact === undefined ? null : fromSegment(exact);
}

function fromSegment(segment: Segment): ZeroBasedPosition | null {
  const line = segment[2];
  const column = segment[3];
  return line === undefined || column === undefined ? null : { line, column };
}

/**
 * Sucrase maps the start of each token and never moves a token to another
 * line; a position inside a token is that token's start plus the distance into
 * it. A removed TypeScript token (`!`, `as T`) can take the mapping of the
 * kept token that follows it at the same output position; the kept token is
 * then found again in the source, before the next mapped token.
 */
export function createStrippedLookup(
  stripped: EncodedMap,
  code: string,
  source: string,
): (at: ZeroBasedPosition) => ZeroBasedPosition | null {
  const map = new TraceMap(stripped);
  const codeLines = code.split('\n');
  const sourceLines = source.split('\n');
  return ({ line, column }) => {
    const segments = decodedMappings(map)[line];
    if (segments === undefined) return null;
    const index = lastAtOrBefore(segments, column);
    const segment = segments[index];
    const position = segment === undefined ? null : fromSegment(segment);
    if (segment === undefined || position === null) return null;
    const generated = segment[0] ?? 0;
    const distance = column - generated;
    if (position.line !== line) return position;
    const sourceLine = sourceLines[line] ?? '';
    const char = codeLines[line]?.[generated];
    let start = position.column;
    if (char !== undefined && sourceLine[start] !== char) {
      const next = segments[index + 1];
      const bound = next !== undefined && next[2] === line ? (next[3] ?? start) : sourceLine.length;
      const found = sourceLine.indexOf(char, start);
      if (found !== -1 && found < bound) start = found;
    }
    return { line, column: start + distance };
  };
}

/** Index of the last segment starting at or before `column`; -1 when none does. */
function lastAtOrBefore(segments: readonly Segment[], column: number): number {
  let low = 0;
  let high = segments.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((segments[middle]?.[0] ?? 0) <= column) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
