import { normalizeOutput } from './output-text.ts';
import { isLinesPlaceholder, type LineMatcher, lineMatcher, matchesShape } from './shape-match.ts';
import type { OutputCheck } from './types.ts';

/** A unified-style diff of two line lists; `same` says when an expected line accepts an actual one. */
function lineDiff(
  expected: string[],
  actual: string[],
  same: (e: string, a: string) => boolean,
): string {
  const n = expected.length;
  const m = actual.length;
  // Longest common subsequence table, filled from the end so the walk below goes forward.
  const table = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const row = table[i] as number[];
      row[j] = same(expected[i] as string, actual[j] as string)
        ? ((table[i + 1] as number[])[j + 1] as number) + 1
        : Math.max((table[i + 1] as number[])[j] as number, row[j + 1] as number);
    }
  }
  const next = (a: number, b: number) => (table[a] as number[])[b] as number;
  const lines = ['--- expected', '+++ actual'];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && same(expected[i] as string, actual[j] as string)) {
      lines.push(` ${actual[j]}`);
      i++;
      j++;
    } else if (i < n && (j === m || next(i + 1, j) >= next(i, j + 1))) {
      lines.push(`-${expected[i]}`);
      i++;
    } else {
      lines.push(`+${actual[j]}`);
      j++;
    }
  }
  return lines.join('\n');
}

const splitLines = (text: string) => (text === '' ? [] : text.split('\n'));

/**
 * Compares a run's output text with a cell's expected block (docs/cells.md):
 * `exact` after normalising both, `shape` with placeholders (`{int}`,
 * `{number}`, `{word}`, `{any}`, `{lines}`). On a mismatch, `diff` is a
 * unified-style line diff (`-` expected, `+` actual).
 */
export function compareOutput(
  actual: string,
  expected: string,
  check: OutputCheck,
): { ok: true } | { ok: false; diff: string } {
  if (check !== 'exact' && check !== 'shape') {
    throw new TypeError(`Expected \`check\` to be 'exact' or 'shape', got ${String(check)}`);
  }
  const got = normalizeOutput(actual);
  const want = normalizeOutput(expected);
  const ok = check === 'exact' ? got === want : matchesShape(got, want);
  if (ok) return { ok: true };
  const matchers = new Map<string, LineMatcher>();
  const matcher = (e: string) => {
    let found = matchers.get(e);
    if (found === undefined) {
      found = lineMatcher(e);
      matchers.set(e, found);
    }
    return found;
  };
  const same =
    check === 'exact'
      ? (e: string, a: string) => e === a
      : (e: string, a: string) => !isLinesPlaceholder(e) && matcher(e)(a);
  return { ok: false, diff: lineDiff(splitLines(want), splitLines(got), same) };
}
