import { padEndToWidth, textWidth } from './text-width.ts';

/**
 * Draws a box table the way Node's `console.table` does: cells left-aligned
 * with one space of padding, columns as wide as their widest cell in a
 * monospace font (Japanese characters take two columns). Used for
 * `console.table` and `table()` fallbacks.
 */
export function renderTable(
  columns: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = columns.map((header, i) =>
    Math.max(textWidth(header), ...rows.map((row) => textWidth(row[i] ?? ''))),
  );
  const line = (left: string, mid: string, right: string) =>
    left + widths.map((w) => '─'.repeat(w + 2)).join(mid) + right;
  const row = (cells: readonly string[]) =>
    `│${widths.map((w, i) => ` ${padEndToWidth(cells[i] ?? '', w)} `).join('│')}│`;
  return [
    line('┌', '┬', '┐'),
    row(columns),
    line('├', '┼', '┤'),
    ...rows.map(row),
    line('└', '┴', '┘'),
  ].join('\n');
}
