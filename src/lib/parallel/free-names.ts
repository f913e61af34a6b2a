import { type Node, parse } from 'acorn';
import { type SimpleVisitors, simple } from 'acorn-walk';

/** A parsed function: the expression to compile and the names it uses but does not declare. */
export interface FunctionSource {
  /** Source text that evaluates to the function. */
  expression: string;
  /** Identifiers read or written but declared nowhere inside, in order of first use. */
  free: string[];
}

type AnyNode = Node & Record<string, unknown>;

/** Names bound by a pattern (`a`, `{ a, b: [c] }`, `...rest`, `d = 1`). */
function patternNames(pattern: AnyNode | null | undefined, into: Set<string>): void {
  if (!pattern) return;
  switch (pattern.type) {
    case 'Identifier':
      into.add(pattern.name as string);
      break;
    case 'ObjectPattern':
      for (const property of pattern.properties as AnyNode[]) {
        patternNames(
          (property.type === 'RestElement' ? property : property.value) as AnyNode,
          into,
        );
      }
      break;
    case 'ArrayPattern':
      for (const element of pattern.elements as (AnyNode | null)[]) patternNames(element, into);
      break;
    case 'RestElement':
      patternNames(pattern.argument as AnyNode, into);
      break;
    case 'AssignmentPattern':
      patternNames(pattern.left as AnyNode, into);
      break;
  }
}

function parseExpression(source: string): AnyNode | null {
  try {
    return parse(`(${source})`, {
      ecmaVersion: 'latest',
      sourceType: 'script',
    }) as unknown as AnyNode;
  } catch {
    return null;
  }
}

/**
 * Parses a function's `toString()` and finds its free identifiers. Scopes
 * are flattened: a name declared anywhere inside counts as declared
 * everywhere inside, which can miss a free use shadowed elsewhere (the worker
 * then reports a ReferenceError) but never refuses a correct function.
 * Returns null when the text is not a function expression (a method, a
 * native or bound function).
 */
export function analyseFunction(source: string): FunctionSource | null {
  if (/\{\s*\[native code\]\s*\}\s*$/.test(source)) return null;
  const body = (parseExpression(source)?.body as AnyNode[] | undefined) ?? [];
  const root = body[0]?.expression as AnyNode | undefined;
  if (
    !root ||
    body.length !== 1 ||
    !['FunctionExpression', 'ArrowFunctionExpression', 'ClassExpression'].includes(root.type)
  ) {
    return null;
  }
  const declared = new Set<string>();
  const used = new Set<string>();
  const use = (node: Node) => used.add((node as unknown as AnyNode).name as string);
  const declareFunction = (node: Node) => {
    const fn = node as AnyNode;
    patternNames(fn.id as AnyNode | null, declared);
    for (const param of fn.params as AnyNode[]) patternNames(param, declared);
  };
  // `VariablePattern` is how acorn-walk reports identifiers in binding and assignment targets.
  const visitors = {
    Identifier: use,
    VariablePattern: use,
    VariableDeclarator(node) {
      patternNames((node as unknown as AnyNode).id as AnyNode, declared);
    },
    Function: declareFunction,
    Class(node) {
      patternNames((node as unknown as AnyNode).id as AnyNode | null, declared);
    },
    CatchClause(node) {
      patternNames((node as unknown as AnyNode).param as AnyNode | null, declared);
    },
  } as SimpleVisitors<unknown>;
  simple(root, visitors);
  return { expression: source, free: [...used].filter((name) => !declared.has(name)) };
}
