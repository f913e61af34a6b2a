import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { topLevelBindings } from '../../../src/typecheck/cell-scope.ts';

function bindings(code: string) {
  return topLevelBindings(ts, ts.createSourceFile('/page/cell.ts', code, ts.ScriptTarget.Latest));
}

describe('topLevelBindings', () => {
  it('names what the kernel declares, const apart from the writable kinds', () => {
    const code = [
      "import OpenAI, { type ChatCompletion as Reply } from 'openai';",
      "import * as shared from 'yieldbook/shared';",
      'const { a, b: [c, , d], ...rest } = source;',
      'let e = 1, f;',
      'var g;',
      'function* h() {}',
      'class I {}',
      'interface J {}',
      'type K = string;',
      'enum L { One }',
      'namespace M {}',
    ].join('\n');
    expect(bindings(code)).toEqual([
      { name: 'OpenAI', kind: 'writable' },
      { name: 'Reply', kind: 'writable' },
      { name: 'shared', kind: 'writable' },
      { name: 'a', kind: 'const' },
      { name: 'c', kind: 'const' },
      { name: 'd', kind: 'const' },
      { name: 'rest', kind: 'const' },
      { name: 'e', kind: 'writable' },
      { name: 'f', kind: 'writable' },
      { name: 'g', kind: 'writable' },
      { name: 'h', kind: 'writable' },
      { name: 'I', kind: 'writable' },
      { name: 'J', kind: 'writable' },
      { name: 'K', kind: 'writable' },
      { name: 'L', kind: 'writable' },
      { name: 'M', kind: 'writable' },
    ]);
  });

  it('leaves out using declarations, exported names and nested declarations', () => {
    const code = [
      'using lock = acquire();',
      'await using handle = open();',
      'export const shown = 1;',
      'export function listed() {}',
      'if (true) { const inner = 1; }',
      'const kept = 2;',
    ].join('\n');
    expect(bindings(code)).toEqual([{ name: 'kept', kind: 'const' }]);
  });
});
