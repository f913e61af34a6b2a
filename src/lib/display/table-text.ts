/**
 * Draws a box table the way Node's `console.table` does: cells left-aligned
 * with one space of padding. Used for `console.table` and `table()` fallbacks.
 */
export function renderTable(
  columns: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = columns.map((header, i) =>
    Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (left: string, mid: string, right: string) =>
    left + widths.map((w) => '─'.repeat(w + 2)).join(mid) + right;
  const row = (cells: readonly string[]) =>
    `│${widths.map((w, i) => ` ${(cells[i] ?? '').padEnd(w)} `).join('│')}│`;
  return [
    line('┌', '┬', '┐'),
    row(columns),
    line('├', '┼', '┤'),
    ...rows.map(row),
    line('└', '┴', '┘'),
  ].join('\n');
}
