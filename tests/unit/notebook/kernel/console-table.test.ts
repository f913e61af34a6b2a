import { Console } from 'node:console';
import { Writable } from 'node:stream';
import fc from 'fast-check';
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
    [
      'Japanese keys and values',
      {
        ジェネレータ: { 英語: 'generator', Python: 'yield' },
        非同期関数: { 英語: 'async function', Python: 'async def' },
      },
    ],
    ['mixed ASCII and Japanese', [{ city: '東京 Tokyo', 人口: 14_000_000 }, { city: 'Osaka' }]],
    ['halfwidth katakana and fullwidth letters', ['ｶﾀｶﾅ', 'ＡＢＣ', 'abc']],
    [
      'astral characters and emoji',
      [
        ['𠮷野家', '😀'],
        ['🇯🇵', '👍🏽'],
      ],
    ],
    ['combining marks', ['cafe\u0301', 'か\u3099', 'a\u200bb']],
    ['a Map with Japanese keys', new Map([['東京', { 人口: 1400 }]])],
    // Node's columns are one object's keys: integer-like ones first, whatever the rows' order.
    ['integer-like keys after others', [{ '': '' }, { '9': '' }, { b: 1, '2': 3 }]],
  ];
  for (const [name, data, columns] of cases) {
    it(`prints ${name} like Node`, () => {
      expect(tableRows(data, columns)?.text).toBe(nodeTable(data, columns));
    });
  }

  it('sizes columns as Node does for any mix of wide, narrow and zero-width text', () => {
    // Characters whose width rules differ: wide, fullwidth, halfwidth,
    // ambiguous, emoji, astral, combining, joiners and controls.
    const piece = fc.constantFrom(
      ...[...'aZ9 東京かなカナｶﾅＡＢ①─×é😀🇯🇵𠮷한'],
      '👍🏽',
      '\u0301',
      '\u3099',
      '\u200b',
      '\u200d',
      '\ufe0f',
      '\u00ad',
      '\u1100\u1161',
    );
    const text = fc.array(piece, { maxLength: 6 }).map((pieces) => pieces.join(''));
    const row = fc.dictionary(text, text, { maxKeys: 3 });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 4 }), (rows) => {
        expect(tableRows(rows)?.text).toBe(nodeTable(rows));
      }),
    );
  });

  it('declines primitives, which console.table logs instead', () => {
    expect(tableRows('text')).toBeNull();
  });
});
