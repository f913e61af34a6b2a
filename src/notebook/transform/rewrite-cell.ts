import type {
  AnyNode,
  ClassDeclaration,
  ImportDeclaration,
  Program,
  Statement,
  VariableDeclaration,
} from 'acorn';
import { ancestor } from 'acorn-walk';
import type MagicString from 'magic-string';
import { CELL_RUNTIME_NAME, runtimeMember } from '../../core/cell-runtime.ts';
import { countLineBreaks } from '../../core/source-position.ts';
import { OrderedInserts } from './ordered-inserts.ts';
import { patternNames } from './pattern-names.ts';

/** What the rewrite learned about the cell's top level. */
export interface CellRewrite {
  /** Every top-level name, in source order, without repeats. */
  declared: string[];
  /** Top-level function declarations, published as globals by the preamble. */
  functions: string[];
}

/** Raises a cell error at an offset of the code being rewritten. */
export type FailAt = (message: string, offset: number) => never;

const EXPORT_MESSAGE =
  '`export` is not available in a cell: cells share one scope, so declare the name and later cells can use it';
const RETURN_MESSAGE =
  '`return` is not available at the top level of a cell: put the code in a function and call it, or use `if`/`else` to skip the rest';
const IMPORT_META_MESSAGE = '`import.meta` is not available in a cell: a cell is not a module file';

// Depths of the wrappers added around top-level statements: shallower than the
// statements themselves (2) and their expressions, so they open first and close last.
const STATEMENT_WRAPPER = 1.5;
const SEAL = 1.25;

/**
 * Rewrites sucrase's output in place (through `edited`) so it runs inside the
 * cell wrapper with the kernel's semantics: top-level declarations become
 * globals, every `await`, loop iteration and generator resumption goes through
 * the runtime (`__yb`), and the last expression's value is reported.
 *
 * @throws whatever `fail` throws, for `export`, a top-level `return` or `import.meta`.
 */
export function rewriteCell(
  program: Program,
  code: string,
  edited: MagicString,
  fail: FailAt,
): CellRewrite {
  const inserts = new OrderedInserts();
  const declared = new Set<string>();
  const functions: string[] = [];
  const body = program.body;
  let previous: Statement | ImportDeclaration | undefined;

  for (const statement of body) {
    switch (statement.type) {
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration':
      case 'ExportAllDeclaration':
        return fail(EXPORT_MESSAGE, statement.start);
      case 'ImportDeclaration':
        rewriteImport(statement, code, edited, needsGuard(previous, code), declared);
        break;
      case 'VariableDeclaration':
        if (statement.kind === 'const' || statement.kind === 'let' || statement.kind === 'var') {
          rewriteVariables(statement, code, edited, inserts, needsGuard(previous, code), declared);
        }
        break;
      case 'FunctionDeclaration':
        declared.add(statement.id.name);
        functions.push(statement.id.name);
        break;
      case 'ClassDeclaration':
        rewriteClass(statement, inserts, declared);
        break;
      default:
        break;
    }
    previous = statement;
  }

  reportLastExpression(body, inserts);
  instrument(program, inserts, fail);
  inserts.applyTo(edited);
  return { declared: [...declared], functions: [...new Set(functions)] };
}

/**
 * A rewritten statement that starts with `(` or `[` would continue the previous
 * statement when that one relied on automatic semicolon insertion
 * (`f()\n[a] = x` calls `f()[a]`); a leading `;` keeps them apart.
 */
function needsGuard(previous: Statement | ImportDeclaration | undefined, code: string): boolean {
  if (previous === undefined || code[previous.end - 1] === ';') return false;
  // Rewritten declarations always end with a semicolon of their own.
  return (
    previous.type !== 'FunctionDeclaration' &&
    previous.type !== 'ClassDeclaration' &&
    previous.type !== 'ImportDeclaration' &&
    !(
      previous.type === 'VariableDeclaration' &&
      previous.kind !== 'using' &&
      previous.kind !== 'await using'
    )
  );
}

/** Removes `start..end`, keeping its line breaks so later lines do not move. */
function blank(edited: MagicString, code: string, start: number, end: number): void {
  if (start >= end) return;
  const breaks = countLineBreaks(code, start, end);
  if (breaks === 0) edited.remove(start, end);
  else edited.overwrite(start, end, '\n'.repeat(breaks));
}

/** `const {a, b: [c]} = f(), d = 1;` → `({a, b: [c]} = f()); d = 1; __yb.seal(["a","c","d"]);` */
function rewriteVariables(
  declaration: VariableDeclaration,
  code: string,
  edited: MagicString,
  inserts: OrderedInserts,
  guard: boolean,
  declared: Set<string>,
): void {
  const declarators = declaration.declarations;
  const first = declarators[0];
  if (first === undefined) return;
  blank(edited, code, declaration.start, first.start);
  const startsWithBracket = first.id.type === 'ObjectPattern' || first.id.type === 'ArrayPattern';
  if (guard && startsWithBracket) inserts.open(declaration.start, ';', STATEMENT_WRAPPER);
  const names: string[] = [];
  let end = declaration.start;
  for (const declarator of declarators) {
    if (declarator !== first) {
      edited.overwrite(...commaBetween(code, end, declarator.start), ';');
    }
    end = declarator.end;
    patternNames(declarator.id, names);
    if (declarator.id.type === 'ObjectPattern') {
      inserts.open(declarator.id.start, '(', STATEMENT_WRAPPER);
      inserts.close(declarator.end, ')', STATEMENT_WRAPPER);
    }
    // `var x;` keeps the value x already has, as a repeated `var` does in one script.
    if (declarator.init === null || declarator.init === undefined) {
      if (declaration.kind === 'let') inserts.close(declarator.id.end, ' = undefined', SEAL);
    }
  }
  for (const name of names) declared.add(name);
  // A declaration ended by a line break can be followed by a line starting with
  // `(` or `[`, which would continue an assignment (`x = undefined\n(f)()`).
  const semicolon = code[declaration.end - 1] === ';' ? '' : ';';
  if (declaration.kind === 'const' && names.length > 0) {
    inserts.close(
      declaration.end,
      `${semicolon} ${runtimeMember('seal')}(${JSON.stringify(names)});`,
      SEAL,
    );
  } else if (semicolon !== '') {
    inserts.close(declaration.end, semicolon, SEAL);
  }
}

/** Offsets of the comma between two declarators (only blanks and comments can surround it). */
function commaBetween(code: string, start: number, end: number): [number, number] {
  let index = start;
  while (index < end) {
    const char = code[index];
    if (char === ',') return [index, index + 1];
    if (char === '/' && code[index + 1] === '*') {
      index = code.indexOf('*/', index + 2) + 2;
    } else if (char === '/' && code[index + 1] === '/') {
      index = code.indexOf('\n', index);
    } else {
      index += 1;
    }
    if (index < start) break;
  }
  throw new Error(`Expected a comma between declarators at ${start}..${end}, got none`);
}

/** `class C {}` → `C = class C {};` */
function rewriteClass(
  declaration: ClassDeclaration,
  inserts: OrderedInserts,
  declared: Set<string>,
): void {
  const name = declaration.id.name;
  declared.add(name);
  inserts.open(declaration.start, `${name} = `, STATEMENT_WRAPPER);
  inserts.close(declaration.end, ';', STATEMENT_WRAPPER);
}

/** `import x, {a as b} from "m"` → `({default: x, a: b} = await __yb.import("m"));` */
function rewriteImport(
  declaration: ImportDeclaration,
  code: string,
  edited: MagicString,
  guard: boolean,
  declared: Set<string>,
): void {
  const load = `await ${runtimeMember('import')}(${JSON.stringify(declaration.source.value)})`;
  let namespace: string | undefined;
  const properties: string[] = [];
  for (const specifier of declaration.specifiers) {
    const local = specifier.local.name;
    declared.add(local);
    if (specifier.type === 'ImportNamespaceSpecifier') {
      namespace = local;
    } else if (specifier.type === 'ImportDefaultSpecifier') {
      properties.push(`default: ${local}`);
    } else {
      const imported =
        specifier.imported.type === 'Identifier'
          ? specifier.imported.name
          : JSON.stringify(specifier.imported.value);
      properties.push(imported === local ? local : `${imported}: ${local}`);
    }
  }
  const target = namespace === undefined ? load : `${namespace} = ${load}`;
  let text: string;
  if (properties.length > 0) {
    text = `${guard ? ';' : ''}({${properties.join(', ')}} = ${target});`;
  } else {
    text = `${target};`;
  }
  const breaks = countLineBreaks(code, declaration.start, declaration.end);
  edited.overwrite(declaration.start, declaration.end, text + '\n'.repeat(breaks));
}

/** The value of the last top-level expression statement goes to `__yb.result`. */
function reportLastExpression(body: Program['body'], inserts: OrderedInserts): void {
  let last: Program['body'][number] | undefined;
  for (let index = body.length - 1; index >= 0; index -= 1) {
    const statement = body[index];
    if (statement !== undefined && statement.type !== 'EmptyStatement') {
      last = statement;
      break;
    }
  }
  if (last?.type !== 'ExpressionStatement') return;
  const expression = last.expression;
  // A sequence passed bare would become several arguments.
  const sequence = expression.type === 'SequenceExpression';
  const report = runtimeMember('result');
  inserts.open(expression.start, sequence ? `${report}((` : `${report}(`, STATEMENT_WRAPPER);
  inserts.close(expression.end, sequence ? '))' : ')', STATEMENT_WRAPPER);
}

function isFunction(node: AnyNode): boolean {
  return (
    node.type === 'FunctionDeclaration' ||
    node.type === 'FunctionExpression' ||
    node.type === 'ArrowFunctionExpression'
  );
}

/** Makes awaits, loops and generator resumptions go through the runtime, at any depth. */
function instrument(program: Program, inserts: OrderedInserts, fail: FailAt): void {
  const tick = runtimeMember('tick');
  const tickBody = (body: Statement, depth: number): void => {
    if (body.type === 'BlockStatement') {
      inserts.open(body.start + 1, ` ${tick}(0);`, depth + 0.5);
    } else {
      inserts.open(body.start, `{ ${tick}(0); `, depth + 0.5);
      inserts.close(body.end, ' }', depth + 0.5);
    }
  };
  ancestor(program, {
    AwaitExpression(node, _state, ancestors) {
      const depth = ancestors.length;
      inserts.open(node.start, `${runtimeMember('resume')}(`, depth);
      inserts.open(node.argument.start, `${runtimeMember('wait')}(`, depth + 0.5);
      inserts.close(node.argument.end, ')', depth + 0.5);
      inserts.close(node.end, ')', depth);
    },
    ForOfStatement(node, _state, ancestors) {
      if (node.await) {
        inserts.open(node.right.start, `${runtimeMember('iterate')}(`, ancestors.length + 0.5);
        inserts.close(node.right.end, ')', ancestors.length + 0.5);
      }
      tickBody(node.body, ancestors.length);
    },
    ForInStatement(node, _state, ancestors) {
      tickBody(node.body, ancestors.length);
    },
    ForStatement(node, _state, ancestors) {
      tickBody(node.body, ancestors.length);
    },
    WhileStatement(node, _state, ancestors) {
      tickBody(node.body, ancestors.length);
    },
    DoWhileStatement(node, _state, ancestors) {
      tickBody(node.body, ancestors.length);
    },
    YieldExpression(node, _state, ancestors) {
      inserts.open(node.start, `${tick}(`, ancestors.length);
      inserts.close(node.end, ')', ancestors.length);
    },
    ImportExpression(node, _state, ancestors) {
      // `import(x)` becomes `__yb.import(x)`, the runtime's `import` method.
      inserts.open(node.start, `${CELL_RUNTIME_NAME}.`, ancestors.length);
    },
    MetaProperty(node) {
      if (node.meta.name === 'import') fail(IMPORT_META_MESSAGE, node.start);
    },
    ReturnStatement(node, _state, ancestors) {
      if (!ancestors.some(isFunction)) fail(RETURN_MESSAGE, node.start);
    },
  });
}
