import type * as TS from 'typescript';

/** How a top-level name may be used by later cells. */
export type BindingKind = 'const' | 'writable';

/** A name a cell declares at its top level, which the kernel makes a global. */
export interface TopLevelBinding {
  name: string;
  /** `const` globals are sealed by the kernel; every other kind stays writable. */
  kind: BindingKind;
}

/**
 * The names a cell declares at its top level, as the kernel's `__yb.declare`
 * receives them (src/core/cell-runtime.ts): `const`, `let`, `var`, `function`,
 * `class`, `import` bindings, plus the type-level names (`interface`, `type`,
 * `enum`, `namespace`) later cells see in the page program. `using` stays local to
 * its run, and a name already `export`ed by the cell itself is left out (the
 * kernel refuses `export` anyway).
 */
export function topLevelBindings(ts: typeof TS, source: TS.SourceFile): TopLevelBinding[] {
  const found = new Map<string, BindingKind>();
  const add = (name: string, kind: BindingKind) => {
    if (!found.has(name) || kind === 'const') found.set(name, kind);
  };
  const addPattern = (name: TS.BindingName, kind: BindingKind) => {
    if (ts.isIdentifier(name)) {
      add(name.text, kind);
      return;
    }
    for (const element of name.elements) {
      if (!ts.isOmittedExpression(element)) addPattern(element.name, kind);
    }
  };
  for (const statement of source.statements) {
    if (isExported(ts, statement)) continue;
    if (ts.isVariableStatement(statement)) {
      // `await using` is `Const | Using` among the flags, so compare the whole field.
      const { Let, Const, Using, AwaitUsing } = ts.NodeFlags;
      const declared = statement.declarationList.flags & (Let | Const | Using | AwaitUsing);
      if (declared === Using || declared === AwaitUsing) continue;
      const kind = declared === Const ? 'const' : 'writable';
      for (const declaration of statement.declarationList.declarations) {
        addPattern(declaration.name, kind);
      }
    } else if (
      ts.isFunctionDeclaration(statement) ||
      ts.isClassDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      ts.isEnumDeclaration(statement)
    ) {
      if (statement.name) add(statement.name.text, 'writable');
    } else if (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name)) {
      add(statement.name.text, 'writable');
    } else if (ts.isImportEqualsDeclaration(statement)) {
      add(statement.name.text, 'writable');
    } else if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (!clause) continue;
      if (clause.name) add(clause.name.text, 'writable');
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) add(bindings.name.text, 'writable');
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) add(element.name.text, 'writable');
      }
    }
  }
  return [...found].map(([name, kind]) => ({ name, kind }));
}

function isExported(ts: typeof TS, statement: TS.Statement): boolean {
  if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) return true;
  return (
    ts.canHaveModifiers(statement) &&
    (ts.getModifiers(statement) ?? []).some(
      (modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword,
    )
  );
}
