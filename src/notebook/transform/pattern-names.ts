import type { Pattern } from 'acorn';

/**
 * Names a declaration binds, in source order: `{a, b: [c = 1, ...d]}` binds
 * `a`, `c` and `d`.
 */
export function patternNames(pattern: Pattern, names: string[] = []): string[] {
  switch (pattern.type) {
    case 'Identifier':
      names.push(pattern.name);
      break;
    case 'ObjectPattern':
      for (const property of pattern.properties) {
        patternNames(property.type === 'RestElement' ? property.argument : property.value, names);
      }
      break;
    case 'ArrayPattern':
      for (const element of pattern.elements) {
        if (element !== null) patternNames(element, names);
      }
      break;
    case 'RestElement':
      patternNames(pattern.argument, names);
      break;
    case 'AssignmentPattern':
      patternNames(pattern.left, names);
      break;
    case 'MemberExpression':
      // Only valid in assignment targets, never in declarations.
      break;
  }
  return names;
}
