/** A 0-based line and column, as source maps count them. */
export interface ZeroBasedPosition {
  line: number;
  column: number;
}

/** Line and column (both 0-based) of a character offset in `text`, counting `\n` as the line break. */
export function positionAt(text: string, offset: number): ZeroBasedPosition {
  let line = 0;
  let lineStart = 0;
  let index = text.indexOf('\n');
  while (index !== -1 && index < offset) {
    line += 1;
    lineStart = index + 1;
    index = text.indexOf('\n', lineStart);
  }
  return { line, column: offset - lineStart };
}

/** How many `\n` line breaks `text` holds between `start` and `end`. */
export function countLineBreaks(text: string, start: number, end: number): number {
  let count = 0;
  let index = text.indexOf('\n', start);
  while (index !== -1 && index < end) {
    count += 1;
    index = text.indexOf('\n', index + 1);
  }
  return count;
}
