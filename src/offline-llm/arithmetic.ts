/**
 * The offline model's arithmetic: finds a sum in a question ("What is 12 times 3 plus 1?")
 * and evaluates it. Every step is one pass over the text with no backtracking and no
 * recursion, so a long or deeply nested prompt costs time in proportion to its length.
 */
import { hasWordAt, isDigit, isSpace, isWordChar, skipSpaces, wordEnd } from './text-scan.ts';

const PLUS = 0x2b;
const MINUS = 0x2d;
const TIMES = 0x2a;
const DIVIDE = 0x2f;
const OPEN = 0x28;
const CLOSE = 0x29;
const DOT = 0x2e;
const LETTER_X = 0x78;
const SIGN_TIMES = 0xd7;
const SIGN_DIVIDE = 0xf7;

const OPERATOR_WORDS: Readonly<Record<string, string>> = {
  times: '*',
  plus: '+',
  minus: '-',
  over: '/',
};

const OPERATOR_PHRASES: Readonly<Record<string, string>> = { multiplied: '*', divided: '/' };

/** Whether the first non-space after `index` starts a number or a parenthesis. */
function operandFollows(text: string, index: number): boolean {
  const next = text.charCodeAt(skipSpaces(text, index));
  return isDigit(next) || next === OPEN;
}

/** Copies `text[from, to)`, turning each `x` that comes before a number into `*`. */
function withTimesSigns(text: string, from: number, to: number): string {
  let result = '';
  let start = from;
  for (let index = from; index < to; index += 1) {
    if (text.charCodeAt(index) === LETTER_X && operandFollows(text, index + 1)) {
      result += `${text.slice(start, index)}*`;
      start = index + 1;
    }
  }
  return result + text.slice(start, to);
}

/**
 * Writes operator words as symbols: whole words "times", "plus", "minus", "over" and
 * "multiplied by", "divided by" (any ASCII case), `×` or `x` before a number or `(`, and `÷`.
 */
export function symbolizeOperators(text: string): string {
  let result = '';
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (isWordChar(code)) {
      const end = wordEnd(text, index);
      const word = text.slice(index, end).toLowerCase();
      const symbol = OPERATOR_WORDS[word];
      if (symbol !== undefined) {
        result += symbol;
        index = end;
        continue;
      }
      const phrase = OPERATOR_PHRASES[word];
      if (phrase !== undefined) {
        const by = skipSpaces(text, end);
        if (by > end && hasWordAt(text, by, 'by') && !isWordChar(text.charCodeAt(by + 2))) {
          result += phrase;
          index = by + 2;
          continue;
        }
      }
      result += withTimesSigns(text, index, end);
      index = end;
    } else {
      if (code === SIGN_TIMES && operandFollows(text, index + 1)) result += '*';
      else if (code === SIGN_DIVIDE) result += '/';
      else result += text[index];
      index += 1;
    }
  }
  return result;
}

function inExpression(code: number): boolean {
  return (
    isDigit(code) ||
    isSpace(code) ||
    code === DOT ||
    code === PLUS ||
    code === MINUS ||
    code === TIMES ||
    code === DIVIDE ||
    code === OPEN ||
    code === CLOSE
  );
}

/**
 * The stretches of `text` that may be expressions, left to right: each starts with a digit
 * or `(`, runs over digits, whitespace, `.`, `+-* /` and parentheses, and ends at the last
 * digit or `)` of that run.
 */
export function expressionCandidates(text: string): string[] {
  const found: string[] = [];
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (!isDigit(code) && code !== OPEN) {
      index += 1;
      continue;
    }
    let last = -1;
    let end = index + 1;
    for (; end < text.length; end += 1) {
      const inner = text.charCodeAt(end);
      if (!inExpression(inner)) break;
      if (isDigit(inner) || inner === CLOSE) last = end;
    }
    if (last < 0) {
      // No stretch can start inside this run: none of its characters could end one.
      index = end;
      continue;
    }
    found.push(text.slice(index, last + 1));
    index = last + 1;
  }
  return found;
}

function isOperator(code: number): boolean {
  return code === PLUS || code === MINUS || code === TIMES || code === DIVIDE;
}

/** Whether `text` has a digit, an operator and then a digit, `(` or `-`, spaces allowed between. */
export function hasOperation(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    if (!isDigit(text.charCodeAt(index))) continue;
    const operator = skipSpaces(text, index + 1);
    if (!isOperator(text.charCodeAt(operator))) continue;
    const operand = text.charCodeAt(skipSpaces(text, operator + 1));
    if (isDigit(operand) || operand === OPEN || operand === MINUS) return true;
  }
  return false;
}

/** One parenthesis level of the evaluation: the sum so far and the product so far. */
interface Level {
  sum: number | undefined;
  sumOperator: number;
  product: number | undefined;
  productOperator: number;
  /** Whether an odd number of unary minuses waits for the next operand. */
  negate: boolean;
}

const newLevel = (): Level => ({
  sum: undefined,
  sumOperator: PLUS,
  product: undefined,
  productOperator: TIMES,
  negate: false,
});

/**
 * Evaluates + - * / and parentheses over decimal numbers; null when the text is not such an
 * expression. Unary minus binds tightest, `*` and `/` before `+` and `-`, each left to right.
 * Nesting lives on an explicit stack, so depth costs no call stack.
 */
export function evaluateArithmetic(expression: string): number | null {
  const outer: Level[] = [];
  let level = newLevel();
  let expectOperand = true;
  const addOperand = (value: number) => {
    const operand = level.negate ? -value : value;
    level.negate = false;
    if (level.product === undefined) level.product = operand;
    else if (level.productOperator === TIMES) level.product *= operand;
    else level.product /= operand;
    expectOperand = false;
  };
  const endTerm = (): number => {
    const term = level.product ?? 0;
    level.product = undefined;
    if (level.sum === undefined) level.sum = term;
    else if (level.sumOperator === PLUS) level.sum += term;
    else level.sum -= term;
    return level.sum;
  };
  let index = 0;
  for (;;) {
    index = skipSpaces(expression, index);
    if (index >= expression.length) break;
    const code = expression.charCodeAt(index);
    if (isDigit(code)) {
      if (!expectOperand) return null;
      let end = index + 1;
      while (isDigit(expression.charCodeAt(end))) end += 1;
      if (expression.charCodeAt(end) === DOT && isDigit(expression.charCodeAt(end + 1))) {
        end += 2;
        while (isDigit(expression.charCodeAt(end))) end += 1;
      }
      addOperand(Number(expression.slice(index, end)));
      index = end;
      continue;
    }
    index += 1;
    if (expectOperand) {
      if (code === MINUS) level.negate = !level.negate;
      else if (code === OPEN) {
        outer.push(level);
        level = newLevel();
      } else return null;
    } else if (code === TIMES || code === DIVIDE) {
      level.productOperator = code;
      expectOperand = true;
    } else if (code === PLUS || code === MINUS) {
      endTerm();
      level.sumOperator = code;
      expectOperand = true;
    } else if (code === CLOSE) {
      const enclosing = outer.pop();
      if (enclosing === undefined) return null;
      const value = endTerm();
      level = enclosing;
      addOperand(value);
    } else return null;
  }
  if (expectOperand || outer.length > 0) return null;
  return endTerm();
}

/** A sum found in a question and its value. */
export interface FoundArithmetic {
  /** The stretch of the text that was evaluated, operators as symbols (`12 * 3 + 1`). */
  expression: string;
  /** Its value; infinite or NaN after a division by zero. */
  value: number;
}

/**
 * The first stretch of `text` (operator words already symbols) that is an expression with at
 * least one operation, and its value; null when there is none.
 */
export function findArithmetic(text: string): FoundArithmetic | null {
  for (const candidate of expressionCandidates(text)) {
    if (!hasOperation(candidate)) continue;
    const value = evaluateArithmetic(candidate);
    if (value !== null) return { expression: candidate, value };
  }
  return null;
}

/**
 * A finite value as answers write it: rounded to 12 significant digits, so that
 * `0.1 + 0.2` reads `0.3`, in JavaScript's shortest form (`9.99999999998e+23` when large).
 */
export function writeNumber(value: number): string {
  return String(Number.parseFloat(value.toPrecision(12)));
}
