/**
 * The `check=shape` matcher (docs/cells.md "Placeholders"), written by hand so that its time
 * is bounded whatever the output: the output may be model text, and the regular
 * expressions this replaces (`[^\n]*` placeholders, `(?:[^\n]*\n)*?` for `{lines}`) took
 * polynomial time on it. Each step maps the set of positions reached so far to the set
 * reached after it, as a Thompson simulation would, so a line costs O(length × steps) and
 * a block O(expected lines × output size × steps).
 */

/** Positions of a line reached so far: `reached[p]` is 1 when a match can be at `p`. */
type Reached = Uint8Array;
/** One piece of an expected line: where a match can be after it, from where it can be before. */
type Step = (from: Reached, line: string) => Reached;

/** A compiled expected line: does an output line match it whole? */
export type LineMatcher = (line: string) => boolean;

const LINES = '{lines}';
const PLACEHOLDER = /\{(?:int|number|word|any)\}/g;
const SPACE = /\s/;

const isDigit = (char: string) => char >= '0' && char <= '9';
const isSpace = (char: string) => SPACE.test(char);
const isWordChar = (char: string) => !isSpace(char);

/** One character that passes `accepts`. */
const one =
  (accepts: (char: string) => boolean): Step =>
  (from, line) => {
    const to = new Uint8Array(from.length);
    for (let p = 0; p < line.length; p++) {
      if (from[p] && accepts(line[p] as string)) to[p + 1] = 1;
    }
    return to;
  };

/** One or more characters that pass `accepts`, in one left-to-right sweep. */
const some =
  (accepts: (char: string) => boolean): Step =>
  (from, line) => {
    const to = new Uint8Array(from.length);
    let started = false;
    for (let p = 0; p < line.length; p++) {
      if (from[p]) started = true;
      if (!accepts(line[p] as string)) started = false;
      else if (started) to[p + 1] = 1;
    }
    return to;
  };

const union = (a: Reached, b: Reached): Reached => a.map((value, p) => value | (b[p] ?? 0));
const optional =
  (step: Step): Step =>
  (from, line) =>
    union(from, step(from, line));
const sequence =
  (...steps: Step[]): Step =>
  (from, line) =>
    steps.reduce((reached, step) => step(reached, line), from);
const either =
  (a: Step, b: Step): Step =>
  (from, line) =>
    union(a(from, line), b(from, line));

const text =
  (literal: string): Step =>
  (from, line) => {
    const to = new Uint8Array(from.length);
    for (let p = 0; p + literal.length <= line.length; p++) {
      if (from[p] && line.startsWith(literal, p)) to[p + literal.length] = 1;
    }
    return to;
  };

/** `[^\n]*`: output lines hold no newline, so every position from the first reached one. */
const any: Step = (from) => {
  const to = new Uint8Array(from.length);
  const first = from.indexOf(1);
  if (first !== -1) to.fill(1, first);
  return to;
};

const digits = some(isDigit);
const minus = optional(one((char) => char === '-'));

/** Each placeholder, as the pattern docs/cells.md gives it. */
const PLACEHOLDERS: Record<string, Step> = {
  // -?\d+
  '{int}': sequence(minus, digits),
  // -?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?
  '{number}': sequence(
    minus,
    either(
      sequence(digits, optional(one((char) => char === '.')), optional(digits)),
      sequence(
        one((char) => char === '.'),
        digits,
      ),
    ),
    optional(
      sequence(
        one((char) => char === 'e' || char === 'E'),
        optional(one((char) => char === '-' || char === '+')),
        digits,
      ),
    ),
  ),
  // \S+
  '{word}': some(isWordChar),
  // [^\n]*
  '{any}': any,
};

/** The step of one expected line with its placeholders. */
function lineStep(line: string): Step {
  const tail = /(?<!\s)(\s+)\{any\}$/.exec(line);
  if (tail) {
    // Output lines lose trailing spaces, so `took {any}` must also match a bare `took`.
    return sequence(
      lineStep(line.slice(0, tail.index)),
      optional(sequence(text(tail[1] ?? ''), any)),
    );
  }
  const steps: Step[] = [];
  let last = 0;
  for (const match of line.matchAll(PLACEHOLDER)) {
    steps.push(text(line.slice(last, match.index)), PLACEHOLDERS[match[0]] as Step);
    last = match.index + match[0].length;
  }
  steps.push(text(line.slice(last)));
  return sequence(...steps);
}

/** Whether an output line matches the expected `line` whole (its placeholders included). */
export function lineMatcher(line: string): LineMatcher {
  const step = lineStep(line);
  return (actual) => {
    const start = new Uint8Array(actual.length + 1);
    start[0] = 1;
    return step(start, actual)[actual.length] === 1;
  };
}

/** Whether an expected line is `{lines}`, zero or more whole output lines. */
export const isLinesPlaceholder = (line: string) => line.trim() === LINES;

/**
 * Whether `actual` has the shape `expected` describes (both normalised): each expected line
 * matches one output line, `{lines}` any run of them.
 */
export function matchesShape(actual: string, expected: string): boolean {
  if (expected === '') return actual === '';
  const lines = actual.split('\n');
  // reached[j]: the expected lines so far can have matched exactly the first j output lines.
  let reached = new Uint8Array(lines.length + 1);
  reached[0] = 1;
  for (const line of expected.split('\n')) {
    const next = new Uint8Array(lines.length + 1);
    if (isLinesPlaceholder(line)) {
      const first = reached.indexOf(1);
      if (first !== -1) next.fill(1, first);
    } else {
      const matches = lineMatcher(line);
      for (let j = 0; j < lines.length; j++) {
        if (reached[j] && matches(lines[j] as string)) next[j + 1] = 1;
      }
    }
    reached = next;
  }
  return reached[lines.length] === 1;
}
