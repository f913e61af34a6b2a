import { formatWithOptions, inspect } from 'node-inspect-extracted';

/** Options shared by every formatter, so cell output matches Node's terminal without colours. */
const OPTIONS = { colors: false } as const;

/** Formats console arguments exactly like Node's `util.format` (`%s`, `%d`, `%o`, objects inspected). */
export function formatArgs(args: readonly unknown[]): string {
  return formatWithOptions(OPTIONS, ...args);
}

/** Formats one value like Node's `util.inspect` (what the REPL prints for a result). */
export function inspectValue(value: unknown, depth: number | null = 2): string {
  return inspect(value, { ...OPTIONS, depth });
}
