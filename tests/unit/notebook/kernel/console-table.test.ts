import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { tableRows } from '../../../../src/notebook/kernel/console-table.ts';

/** What Node's own console.table prints for the same arguments. */
function nodeTable(...args: unknown[]): string {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  new Console({ stdout: stream, colorMode: false }).table(...args);
  return text.trimEnd();
}

describe('tableRows', () => {
  const cases: [string, unknown, string[]?][] = [
    [
      'rows of objects',
      [
        { a: 1, b: 'x' },
        { a: 22, c: { d: 1 } },
      ],
    ],
    ['an object of objects', { r1: { a: 1 }, r2: { a: 2 } }],
    ['mixed primitives and arrays', [1, 'two', [3, 4]]],
    ['a Map', new Map([['k', { a: 1 }]])],
    ['selected columns', [{ a: 1, b: 2 }], ['a']],
  ];
  for (const [name, data, columns] of cases) {
    it(`prints ${name} like Node`, () => {
      expect(tableRows(data, columns)?.text).toBe(nodeTable(data, columns));
    });
  }

  it('declines primitives, which console.table logs instead', () => {
    expect(tableRows('text')).toBeNull();
  });
});
