import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractCells } from '../../../../src/cells/extract.ts';
import { prebuildCell } from '../../../../src/notebook/transform/prebuild-cell.ts';
import {
  decodePositions,
  encodePositions,
  fromPrebuilt,
} from '../../../../src/notebook/transform/prebuilt.ts';
import { transformCell } from '../../../../src/notebook/transform/transform.ts';

const lessons = fileURLToPath(new URL('../../../../content/lessons/', import.meta.url));
const files = readdirSync(lessons)
  .filter((file) => file.endsWith('.mdx'))
  .sort();

// The build path (prebuildCell, then fromPrebuilt in the kernel) and the run-time path
// (transformCell on the page's source) must agree on every authored cell: the same code
// for a run, and the same TypeScript position for every column V8 could report.
describe('authored cells: build-time and run-time transforms agree', () => {
  it('finds the lessons', () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
  });

  for (const file of files) {
    const cells = extractCells(readFileSync(`${lessons}${file}`, 'utf8'), file);
    it(`${file}: every cell (${cells.length})`, () => {
      expect(cells.length).toBeGreaterThan(0);
      for (const { id, source } of cells) {
        const runtime = transformCell(source, { cellId: id, runId: 7 });
        const prebuilt = prebuildCell(source, id);
        expect(prebuilt, `${file} ${id} compiles at build time`).not.toBeNull();
        if (prebuilt === null) continue;
        const built = fromPrebuilt(prebuilt, { cellId: id, runId: 7 });
        expect(built.code, `${file} ${id}`).toBe(runtime.code);
        expect(built.url).toBe(runtime.url);
        const lines = runtime.code.split('\n');
        for (const [index, text] of lines.entries()) {
          for (let column = 1; column <= text.length + 1; column++) {
            const line = index + 1;
            const want = runtime.originalPosition(line, column);
            const got = built.originalPosition(line, column);
            if (got?.line !== want?.line || got?.column !== want?.column) {
              expect(got, `${file} ${id} at ${line}:${column}`).toEqual(want);
            }
          }
        }
      }
    });
  }
});

describe('position table', () => {
  it('writes a column of inserted code as one run that does not advance', () => {
    const code = 'ab__x(cd)';
    // `__x(` is inserted before `cd`: its columns all map to `c`, as does the `)` closing it.
    const map = [1, 2, 3, 3, 3, 3, 3, 4, 4, 4];
    const table = encodePositions(code, (line, column) =>
      line === 1 ? { line: 1, column: map[column - 1] ?? 0 } : null,
    );
    expect(table).toBe('1.1,4.3.0.0,8.4.0.0');
    const lookup = decodePositions(table);
    expect(map.map((_, index) => lookup(1, index + 1)?.column)).toEqual(map);
  });

  it('keeps columns without a position, and answers null outside the table', () => {
    const table = encodePositions('pre;x\ny', (line, column) =>
      line === 1 && column <= 4 ? null : { line: line - 1, column },
    );
    const lookup = decodePositions(table);
    expect(lookup(1, 2)).toBeNull();
    expect(lookup(1, 5)).toEqual({ line: 0, column: 5 });
    expect(lookup(2, 1)).toEqual({ line: 1, column: 1 });
    expect(lookup(3, 1)).toBeNull();
    expect(lookup(1, 0)).toBeNull();
  });

  it('leaves a cell that does not compile to the run-time transform', () => {
    expect(prebuildCell('const = 1;', 'broken')).toBeNull();
  });
});
