import { afterEach, describe, expect, it } from 'vitest';
import type { CellRuntime } from '../../../../src/core/cell-runtime.ts';
import {
  type TransformedCell,
  transformCell,
} from '../../../../src/notebook/transform/transform.ts';
import { evaluateCell, FakeRuntime, forgetGlobals } from './fake-runtime.ts';

afterEach(forgetGlobals);

/** Runs a cell that throws and returns the top stack frame's position inside it. */
async function throwingFrame(cell: TransformedCell, runtime: CellRuntime = new FakeRuntime()) {
  const error: unknown = await evaluateCell(cell.code)(runtime).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof Error) || error.stack === undefined) {
    throw new Error(`Expected the cell to throw an Error, got ${String(error)}`);
  }
  const escaped = cell.url.replaceAll('.', '\\.');
  const frame = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(error.stack);
  if (frame === null) throw new Error(`Expected a frame in ${cell.url}, got ${error.stack}`);
  return { line: Number(frame[1]), column: Number(frame[2]) };
}

/** 1-based position of the first occurrence of `needle` in `source`. */
function positionOf(source: string, needle: string): { line: number; column: number } {
  const offset = source.indexOf(needle);
  if (offset === -1) throw new Error(`Expected the source to contain ${needle}`);
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** Six characters of `text` from a 1-based position: the token found there. */
function textAt(text: string, at: { line: number; column: number } | null): string {
  if (at === null) throw new Error('Expected a position, got null');
  return (text.split('\n')[at.line - 1] ?? '').slice(at.column - 1, at.column + 5);
}

describe('originalPosition', () => {
  it('maps a throw inside a function with type annotations back to its TypeScript position', async () => {
    const source = [
      'const limit: number = 3, label: string = "x";',
      'function fail(message: string, code: number = limit): never {',
      '  throw new Error(message + code);',
      '}',
      'fail(label as string);',
    ].join('\n');
    const cell = transformCell(source, { cellId: 'positions', runId: 1 });
    const frame = await throwingFrame(cell);
    expect(cell.originalPosition(frame.line, frame.column)).toEqual({ line: 3, column: 9 });
    expect(textAt(source, { line: 3, column: 9 })).toBe('new Er');
  });

  it('maps an error on the first line, behind the preamble and after removed types', async () => {
    const source = 'const typed: Map<string, number> = new Map(); typed.get("a")!.toFixed(2);';
    const cell = transformCell(source, { cellId: 'first-line', runId: 3 });
    const frame = await throwingFrame(cell);
    const mapped = cell.originalPosition(frame.line, frame.column);
    // V8 places a failed method call at its `.`, right after the removed `!`.
    expect(mapped).toEqual(positionOf(source, '.toFixed'));
    expect(textAt(source, mapped)).toBe(textAt(cell.code, frame));
  });

  it('maps an error thrown after an await and inside a loop body', async () => {
    const source = [
      'interface Row { id: number }',
      'const rows: Row[] = await Promise.resolve([{ id: 1 }]);',
      'for (const row of rows) { const bad = row as unknown as { missing: { deep: number } }; bad.missing.deep; }',
    ].join('\n');
    const cell = transformCell(source, { cellId: 'await-loop', runId: 1 });
    const frame = await throwingFrame(cell);
    const mapped = cell.originalPosition(frame.line, frame.column);
    // V8 places a failed property read at the property name.
    expect(mapped).toEqual(positionOf(source, 'deep;'));
    expect(textAt(source, mapped)).toBe(textAt(cell.code, frame));
  });

  it('maps a position inside an inserted runtime call to the code it wraps', () => {
    const source = 'let n: number = 0;\nwhile (n < 1) n++;\nawait Promise.resolve(n);';
    const cell = transformCell(source, { cellId: 'inserted', runId: 1 });
    const line3 = cell.code.split('\n')[2] ?? '';
    const resume = line3.indexOf('resume') + 1;
    expect(cell.originalPosition(3, resume)).toEqual({ line: 3, column: 1 });
    const line2 = cell.code.split('\n')[1] ?? '';
    expect(cell.originalPosition(2, line2.indexOf('tick') + 1)).toEqual(positionOf(source, 'n++'));
  });

  it('returns null for the preamble, the closing lines and invalid positions', () => {
    const cell = transformCell('const a = 1;', { cellId: 'outside', runId: 1 });
    expect(cell.originalPosition(1, 1)).toBeNull();
    expect(cell.originalPosition(1, cell.code.indexOf('a = 1'))).toBeNull();
    expect(cell.originalPosition(1, cell.code.indexOf('a = 1') + 1)).toEqual({
      line: 1,
      column: 7,
    });
    expect(cell.originalPosition(2, 1)).toBeNull();
    expect(cell.originalPosition(3, 5)).toBeNull();
    expect(cell.originalPosition(0, 1)).toBeNull();
    expect(cell.originalPosition(1, Number.NaN)).toBeNull();
  });

  it('names the script after the cell and the run', () => {
    const cell = transformCell('1', { cellId: 'named-cell', runId: 12 });
    expect(cell.url).toBe('yieldbook-cell/named-cell/12.js');
    expect(cell.code.endsWith('\n})\n//# sourceURL=yieldbook-cell/named-cell/12.js')).toBe(true);
    expect(cell.code.startsWith('(async function (__yb) { "use strict"; ')).toBe(true);
  });
});
