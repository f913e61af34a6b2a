import { inspect } from 'node-inspect-extracted';
import type { DisplayData } from '../../core/display-data.ts';
import { renderTable } from './table-text.ts';

type TableData = Extract<DisplayData, { mime: 'application/vnd.yieldbook.table+json' }>;

/** Text of one table cell: strings as they are, everything else like Node's inspector, on one line. */
function cellText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return inspect(value, { depth: 0, breakLength: Number.POSITIVE_INFINITY, colors: false });
}

/** Whether `value` is an array of plain objects (rows `display` shows as a table). */
export function isRowArray(value: unknown): value is Record<string, unknown>[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((row) => {
      if (typeof row !== 'object' || row === null) return false;
      const proto: unknown = Object.getPrototypeOf(row);
      return proto === Object.prototype || proto === null;
    })
  );
}

/**
 * Table display data from rows of objects; columns are the keys in order of
 * first appearance.
 *
 * @example
 * display(table([{ n: 1, square: 1 }, { n: 2, square: 4 }]));
 */
export function tableData(rows: readonly Record<string, unknown>[]): TableData {
  if (!Array.isArray(rows)) {
    throw new TypeError(
      `Expected \`rows\` to be an array of objects, got ${inspect(rows, { depth: 0 })}`,
    );
  }
  const columns: string[] = [];
  for (const row of rows) {
    if (typeof row !== 'object' || row === null) {
      throw new TypeError(`Expected every row to be an object, got ${inspect(row, { depth: 0 })}`);
    }
    for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  }
  const cells = rows.map((row) => columns.map((column) => cellText(row[column])));
  return {
    mime: 'application/vnd.yieldbook.table+json',
    columns,
    rows: cells,
    text: renderTable(columns, cells),
  };
}
