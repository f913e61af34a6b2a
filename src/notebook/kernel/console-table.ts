import { inspect } from 'node-inspect-extracted';
import { renderTable } from '../../lib/display/table-text.ts';

/** A table as columns and rows of already formatted cells, plus its box-drawn text. */
export interface TableText {
  columns: string[];
  rows: string[][];
  text: string;
}

const VALUES = 'Values';

/** Formats a cell with the options Node's console.table uses: one line, shallow, strings quoted. */
function cell(value: unknown): string {
  const wide =
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.keys(value).length > 2;
  return inspect(value, {
    depth: wide ? -1 : 0,
    maxArrayLength: 3,
    breakLength: Infinity,
    colors: false,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/**
 * Builds the rows of `console.table(data, properties)` the way Node does:
 * an index column, one column per key seen (in order of appearance) and a
 * `Values` column for primitive rows. Returns null when Node would fall back
 * to a plain log (primitives).
 */
export function tableRows(data: unknown, properties?: readonly string[]): TableText | null {
  if (!isRecord(data)) return null;
  let indexHeader = '(index)';
  let entries: [string, unknown][];
  const extra: { header: string; values: string[] }[] = [];
  if (data instanceof Map) {
    indexHeader = '(iteration index)';
    const pairs = [...data.entries()];
    extra.push({ header: 'Key', values: pairs.map(([key]) => cell(key)) });
    entries = pairs.map(([, value], i) => [String(i), value]);
  } else if (data instanceof Set) {
    indexHeader = '(iteration index)';
    entries = [...data].map((value, i) => [String(i), value]);
  } else {
    entries = Object.entries(data);
  }
  // Node lists a Map's or Set's values whole, in the Values column.
  const iterated = data instanceof Map || data instanceof Set;
  const keys: string[] = properties && !iterated ? [...properties] : [];
  const hasValues = iterated || entries.some(([, value]) => !isRecord(value));
  if (!properties && !iterated) {
    // Node gathers the columns as the keys of one object, so they come in property order:
    // integer-like keys first, ascending, then the others as first seen.
    const seen: Record<string, true> = Object.create(null);
    for (const [, value] of entries) {
      if (!isRecord(value)) continue;
      for (const key of Object.keys(value)) seen[key] = true;
    }
    keys.push(...Object.keys(seen));
  }
  const columns = [indexHeader, ...extra.map((e) => e.header), ...keys];
  if (hasValues && !properties) columns.push(VALUES);
  const rows = entries.map(([index, value], i) => {
    const row = [index, ...extra.map((e) => e.values[i] ?? '')];
    for (const key of keys) {
      row.push(isRecord(value) && Object.hasOwn(value, key) ? cell(value[key]) : '');
    }
    if (hasValues && !properties) row.push(isRecord(value) && !iterated ? '' : cell(value));
    return row;
  });
  return { columns, rows, text: renderTable(columns, rows) };
}
