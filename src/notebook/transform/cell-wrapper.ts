import { CELL_RUNTIME_NAME, runtimeMember } from '../../core/cell-runtime.ts';

/**
 * The text around a cell's rewritten body. The preamble shares the author's
 * first line and the closing part follows the last one, so every line of the
 * cell keeps its number.
 */
export function cellPreamble(declared: readonly string[], functions: readonly string[]): string {
  // Function declarations stay declarations so they are hoisted within the
  // cell; publishing them first makes them global before any code runs.
  const publish = functions.map((name) => `globalThis[${JSON.stringify(name)}] = ${name}; `);
  return `(async function (${CELL_RUNTIME_NAME}) { "use strict"; ${runtimeMember('declare')}(${JSON.stringify(declared)}); ${publish.join('')}`;
}

/** Closes the wrapper and names the script, on lines after the author's code. */
export function cellEpilogue(url: string): string {
  return `\n})\n//# sourceURL=${url}`;
}

/** The script name V8 uses in stack traces for one run of a cell. */
export function cellUrl(cellId: string, runId: number): string {
  return `yieldbook-cell/${cellId}/${runId}.js`;
}
