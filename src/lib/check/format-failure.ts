import { inspect } from 'node-inspect-extracted';
import type { Difference } from './find-difference.ts';

const LABEL_WIDTH = 'expected: '.length;

/** Formats a value the way `console.log` shows it, indenting continuation lines under the label. */
export function show(value: unknown): string {
  const text = inspect(value, { depth: 6, breakLength: 80 });
  return text.replaceAll('\n', `\n${' '.repeat(LABEL_WIDTH + 2)}`);
}

/**
 * The message of a failed check: the description, the expected and the actual
 * side, and where they first differ when that is deeper than the top.
 *
 * @example
 * formatFailure('sums', { expected: '3', got: '4' });
 * // ✗ sums
 * //   expected: 3
 * //   got:      4
 */
export function formatFailure(
  description: string,
  sides: { expected: string; got: string },
  difference: Difference | null = null,
  hint = '',
): string {
  const lines = [`✗ ${description}`, `  expected: ${sides.expected}`, `  got:      ${sides.got}`];
  const where = difference ? describeDifference(difference) : '';
  if (where) lines.push(`  ${where}`);
  if (hint) lines.push(`  hint: ${hint}`);
  return lines.join('\n');
}

function describeDifference({ path, actual, expected, reason }: Difference): string {
  const at = path || 'the top';
  if (reason === 'missing') return `at ${at}: missing (expected ${show(expected)})`;
  if (reason === 'not expected') return `at ${at}: not expected (got ${show(actual)})`;
  if (reason) return `at ${at}: ${reason}`;
  // At the top the expected and got lines already say everything.
  return path ? `at ${at}: expected ${show(expected)}, got ${show(actual)}` : '';
}
