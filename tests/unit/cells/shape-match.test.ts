import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeOutput } from '../../../src/cells/output-text.ts';
import { lineMatcher, matchesShape } from '../../../src/cells/shape-match.ts';

// The regular expressions the matcher replaces, kept here as its reference: the two must
// agree on every input (only their time differs).
const REFERENCE_PLACEHOLDERS: Record<string, string> = {
  '{int}': '-?\\d+',
  '{number}': '-?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?',
  '{word}': '\\S+',
  '{any}': '[^\\n]*',
};
const escapeRegExp = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

function referenceLine(line: string): string {
  const tail = /(?<!\s)(\s+)\{any\}$/.exec(line);
  if (tail) {
    const head = line.slice(0, tail.index);
    return `${referenceLine(head)}(?:${escapeRegExp(tail[1] ?? '')}[^\\n]*)?`;
  }
  let pattern = '';
  let last = 0;
  for (const match of line.matchAll(/\{(?:int|number|word|any)\}/g)) {
    pattern += escapeRegExp(line.slice(last, match.index)) + REFERENCE_PLACEHOLDERS[match[0]];
    last = match.index + match[0].length;
  }
  return pattern + escapeRegExp(line.slice(last));
}

function referenceShape(actual: string, expected: string): boolean {
  if (expected === '') return actual === '';
  let pattern = '^';
  for (const line of expected.split('\n')) {
    pattern += line.trim() === '{lines}' ? '(?:[^\\n]*\\n)*?' : `${referenceLine(line)}\\n`;
  }
  return new RegExp(`${pattern}$`).test(`${actual}\n`);
}

// Small alphabets, so that placeholders and output meet often.
const outputLine = fc
  .array(fc.constantFrom('a', '1', '7', '-', '+', '.', 'e', 'E', ' ', '\t', '\u00a0', '('), {
    maxLength: 8,
  })
  .map((chars) => chars.join(''));
const expectedLine = fc
  .array(
    fc.constantFrom('a', '1', '-', '.', 'e', ' ', '(', '{int}', '{number}', '{word}', '{any}'),
    { maxLength: 6 },
  )
  .map((pieces) => pieces.join(''));
const expectedBlock = fc
  .array(fc.oneof({ weight: 4, arbitrary: expectedLine }, fc.constant('{lines}')), {
    maxLength: 4,
  })
  .map((lines) => lines.join('\n'));
const outputBlock = fc.array(outputLine, { maxLength: 5 }).map((lines) => lines.join('\n'));

describe('lineMatcher', () => {
  it('agrees with the regular expression of the line', () => {
    fc.assert(
      fc.property(expectedLine, outputLine, (expected, actual) => {
        const reference = new RegExp(`^${referenceLine(expected)}$`).test(actual);
        expect(lineMatcher(expected)(actual)).toBe(reference);
      }),
      { numRuns: 5000 },
    );
  });

  it('matches a number in each of its forms, and a bare line for a trailing {any}', () => {
    for (const value of ['12', '-0.5', '3.', '3.25e-7', '.5', '1E+3']) {
      expect(lineMatcher('t {number} ms')(`t ${value} ms`)).toBe(true);
    }
    for (const value of ['-', '.', 'e5', '1e', '--1']) {
      expect(lineMatcher('t {number} ms')(`t ${value} ms`)).toBe(false);
    }
    expect(lineMatcher('took {any}')('took')).toBe(true);
    expect(lineMatcher('took {any}')('tooks')).toBe(false);
  });
});

describe('matchesShape', () => {
  it('agrees with the regular expression of the block', () => {
    fc.assert(
      fc.property(expectedBlock, outputBlock, (expected, actual) => {
        const [want, got] = [normalizeOutput(expected), normalizeOutput(actual)];
        expect(matchesShape(got, want)).toBe(referenceShape(got, want));
      }),
      { numRuns: 5000 },
    );
  });
});
