import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { pageProgram } from '../../../../src/notebook/language/page-program.ts';
import type { LanguageEvent } from '../../../../src/notebook/language/protocol.ts';
import { LanguageCore } from '../../../../src/notebook/language/service.ts';
import { createPageChecker } from '../../../../src/typecheck/page-checker.ts';
import {
  GLOBALS_FILE,
  TYPE_BUNDLE_VERSION,
  type TypeBundle,
} from '../../../../src/typecheck/type-bundle.ts';

/**
 * A type bundle of TypeScript's own libs and empty kernel globals: enough for
 * these cells, and quick (the real one emits src/lib's declarations).
 */
function libsOnlyBundle(): TypeBundle {
  const libDir = dirname(createRequire(import.meta.url).resolve('typescript'));
  const files: Record<string, string> = { [GLOBALS_FILE]: 'export {};\n' };
  for (const name of readdirSync(libDir)) {
    if (/^lib\..*\.d\.ts$/u.test(name))
      files[`/${name}`] = readFileSync(join(libDir, name), 'utf8');
  }
  return { version: TYPE_BUNDLE_VERSION, files };
}

let bundle: TypeBundle;
beforeAll(() => {
  bundle = libsOnlyBundle();
});

const COUNT = '/** Counts from one. */\nfunction* count() {\n  yield 1;\n}\nconst gen = count();';

function core(cells: { id: string; code: string }[]): LanguageCore {
  const service = new LanguageCore(ts, pageProgram(createPageChecker(ts, bundle)));
  service.handle({ type: 'cells', cells });
  return service;
}

function reply(event: LanguageEvent | null): unknown {
  if (event?.type !== 'reply') throw new Error(`Expected a reply, got ${JSON.stringify(event)}`);
  return event.answer;
}

// A new program parses the libs: slow on a busy machine.
describe('LanguageCore', { timeout: 120_000 }, () => {
  it('checks after edits, echoing how many texts it has read, per cell with line and code', () => {
    const service = core([
      { id: 'a', code: 'const a = 1;' },
      { id: 'b', code: 'console.log(a);' },
    ]);
    expect(service.dirty).toBe(true);
    expect(service.checkAll()).toEqual({
      type: 'diagnostics',
      version: 1,
      cells: { a: [], b: [] },
      remaining: 0,
    });
    expect(service.dirty).toBe(false);
    service.handle({ type: 'edit', cellId: 'b', code: '// typed\nconst n: number = "x";' });
    expect(service.checkAll()).toEqual({
      type: 'diagnostics',
      version: 2,
      remaining: 0,
      cells: {
        b: [
          {
            from: 15,
            to: 16,
            line: 2,
            code: 2322,
            severity: 'error',
            message: "Type 'string' is not assignable to type 'number'.",
          },
        ],
      },
    });
  });

  it('re-checks only the edited cell and those below it, the edited one first, one per step', () => {
    const service = core([
      { id: 'a', code: 'const a = 1;' },
      { id: 'b', code: 'const b = a;' },
      { id: 'c', code: 'const c = b;' },
    ]);
    service.checkAll();
    service.handle({ type: 'edit', cellId: 'b', code: 'const b: string = a;' });
    const first = service.checkNext();
    expect(first).toMatchObject({ version: 2, remaining: 1, cells: { b: [{ code: 2322 }] } });
    expect(service.checkNext()).toEqual({
      type: 'diagnostics',
      version: 2,
      cells: { c: [] },
      remaining: 0,
    });
    expect(service.checkNext()).toBeNull();
    expect(service.dirty).toBe(false);
  });

  it('completes after `gen.` with `next`, the word starting after the dot', () => {
    const service = core([
      { id: 'a', code: COUNT },
      { id: 'b', code: 'gen.ne' },
    ]);
    const list = reply(
      service.handle({
        type: 'query',
        id: 1,
        query: { kind: 'completions', cellId: 'b', at: 6, explicit: false },
      }),
    ) as { from: number; entries: { label: string; kind: string }[] };
    expect(list.from).toBe(4);
    expect(list.entries).toContainEqual(expect.objectContaining({ label: 'next', kind: 'method' }));
  });

  it('gives the type and doc comment of a name declared in a cell above', () => {
    const service = core([
      { id: 'a', code: COUNT },
      { id: 'b', code: 'count();' },
    ]);
    expect(
      reply(
        service.handle({ type: 'query', id: 2, query: { kind: 'quickInfo', cellId: 'b', at: 2 } }),
      ),
    ).toEqual({
      from: 0,
      to: 5,
      signature: 'function count(): Generator<number, void, unknown>',
      documentation: 'Counts from one.',
    });
  });

  it('gives signature help with the active parameter inside a call', () => {
    const service = core([{ id: 'a', code: 'Math.max(1, ' }]);
    const help = reply(
      service.handle({
        type: 'query',
        id: 3,
        query: { kind: 'signatureHelp', cellId: 'a', at: 12 },
      }),
    ) as { signatures: { label: string; parameter: { from: number; to: number } | null }[] };
    const [signature] = help.signatures;
    expect(signature?.label).toBe('max(...values: number[]): number');
    expect(signature?.parameter).toEqual({ from: 4, to: 23, documentation: expect.any(String) });
  });

  it('answers null for a cell it does not know', () => {
    const service = core([{ id: 'a', code: '1;' }]);
    expect(
      reply(
        service.handle({ type: 'query', id: 4, query: { kind: 'quickInfo', cellId: 'zz', at: 0 } }),
      ),
    ).toBeNull();
  });
});
