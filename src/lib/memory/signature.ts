/**
 * The parameter names of a function, read from its source with acorn, so a
 * call can be keyed and shown by name (joblib's `filter_args`). JavaScript
 * cannot fill in default values without running them, so a key holds the
 * arguments given; trailing `undefined`s count as not given.
 */
import { parseExpressionAt } from 'acorn';

/** What `filterArgs` needs to know about a function. */
export interface Signature {
  /** Names of the positional parameters (`arg<i>` for destructured ones). */
  params: string[];
  /** Name of the rest parameter, if any. */
  rest: string | null;
  /** `name(a, b = …, ...rest)`, for messages. */
  text: string;
}

interface Node {
  type: string;
  name?: string;
  left?: Node;
  argument?: Node;
  params?: Node[];
  value?: Node;
  properties?: Node[];
}

function functionNode(source: string): Node | null {
  for (const wrapped of [`(${source})`, `({${source}})`]) {
    try {
      let node = parseExpressionAt(wrapped, 0, { ecmaVersion: 'latest' }) as unknown as Node;
      if (node.type === 'ObjectExpression') node = node.properties?.[0]?.value ?? node;
      if (node.params) return node;
    } catch {
      // Not this shape; try the next.
    }
  }
  return null;
}

/** Reads the signature of `fn`; falls back to `arg0…` names for sources it cannot parse (native code). */
export function signatureOf(fn: (...args: never[]) => unknown): Signature {
  const name = fn.name || 'anonymous';
  const node = functionNode(Function.prototype.toString.call(fn));
  if (!node?.params) {
    const params = Array.from({ length: fn.length }, (_, i) => `arg${i}`);
    return { params, rest: '*', text: `${name}(${[...params, '...*'].join(', ')})` };
  }
  const params: string[] = [];
  const shown: string[] = [];
  let rest: string | null = null;
  node.params.forEach((param, i) => {
    if (param.type === 'RestElement') {
      rest = param.argument?.type === 'Identifier' ? (param.argument.name ?? '*') : '*';
      shown.push(`...${rest}`);
      return;
    }
    const target = param.type === 'AssignmentPattern' ? param.left : param;
    const id = target?.type === 'Identifier' && target.name ? target.name : `arg${i}`;
    params.push(id);
    shown.push(param.type === 'AssignmentPattern' ? `${id}=…` : id);
  });
  return { params, rest, text: `${name}(${shown.join(', ')})` };
}

/**
 * The call as `{ name: value }`, extra arguments under the rest parameter's
 * name, with `ignore`d names left out. Trailing `undefined` arguments are
 * dropped first, so `f(1)` and `f(1, undefined)` share a key.
 */
export function filterArgs(
  signature: Signature,
  ignore: readonly string[],
  args: readonly unknown[],
): Record<string, unknown> {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end -= 1;
  const given = args.slice(0, end);
  const named: Record<string, unknown> = {};
  signature.params.forEach((param, i) => {
    if (i < given.length) named[param] = given[i];
  });
  if (given.length > signature.params.length) {
    if (signature.rest === null) {
      throw new TypeError(
        `Too many arguments for ${signature.text}: got ${given.length}, it takes ${signature.params.length}`,
      );
    }
    named[signature.rest] = given.slice(signature.params.length);
  }
  for (const name of ignore) delete named[name];
  return named;
}

/** Checks `ignore` against the signature, as joblib does. */
export function checkIgnore(signature: Signature, ignore: unknown): string[] {
  if (ignore === undefined) return [];
  if (!Array.isArray(ignore) || ignore.some((name) => typeof name !== 'string')) {
    throw new TypeError(
      `Expected \`ignore\` to be an array of parameter names, got ${String(ignore)}`,
    );
  }
  for (const name of ignore as string[]) {
    if (!signature.params.includes(name) && signature.rest !== name) {
      throw new TypeError(
        `Ignore list: argument '${name}' is not defined for function ${signature.text}`,
      );
    }
  }
  return ignore as string[];
}
