import { describe, expect, it } from 'vitest';
import { tableData } from '../../../../src/lib/display/table.ts';
import { renderTable } from '../../../../src/lib/display/table-text.ts';

/** The table as lines, which reads like the box it draws. */
const lines = (text: string) => text.split('\n');

describe('renderTable', () => {
  it('keeps the borders of a Japanese table in line', () => {
    const text = renderTable(
      ['用語', '英語'],
      [
        ['ジェネレータ', 'generator'],
        ['非同期関数', 'async function'],
      ],
    );
    expect(lines(text)).toEqual([
      '┌──────────────┬────────────────┐',
      '│ 用語         │ 英語           │',
      '├──────────────┼────────────────┤',
      '│ ジェネレータ │ generator      │',
      '│ 非同期関数   │ async function │',
      '└──────────────┴────────────────┘',
    ]);
  });

  it('pads mixed ASCII and Japanese cells by their display width', () => {
    const text = renderTable(
      ['city', '人口'],
      [
        ['東京 Tokyo', '14,000,000'],
        ['Osaka', '880万'],
      ],
    );
    expect(lines(text)).toEqual([
      '┌────────────┬────────────┐',
      '│ city       │ 人口       │',
      '├────────────┼────────────┤',
      '│ 東京 Tokyo │ 14,000,000 │',
      '│ Osaka      │ 880万      │',
      '└────────────┴────────────┘',
    ]);
  });

  it('counts an astral character once and an emoji as two columns', () => {
    // 𠮷 and 😀 are two UTF-16 units each; é is e and a combining accent.
    const text = renderTable(
      ['name', 'mark'],
      [
        ['𠮷野家', '😀'],
        ['cafe\u0301', 'ok'],
      ],
    );
    expect(lines(text)).toEqual([
      '┌────────┬──────┐',
      '│ name   │ mark │',
      '├────────┼──────┤',
      '│ 𠮷野家 │ 😀   │',
      '│ cafe\u0301   │ ok   │',
      '└────────┴──────┘',
    ]);
  });

  it('draws ASCII tables as before', () => {
    const text = renderTable(
      ['n', 'square'],
      [
        ['1', '1'],
        ['12', '144'],
        ['', 'x'],
      ],
    );
    expect(lines(text)).toEqual([
      '┌────┬────────┐',
      '│ n  │ square │',
      '├────┼────────┤',
      '│ 1  │ 1      │',
      '│ 12 │ 144    │',
      '│    │ x      │',
      '└────┴────────┘',
    ]);
  });
});

describe('table', () => {
  it('lines up Japanese rows in its text form', () => {
    const { text } = tableData([
      { レッスン: 'ジェネレータ', 分: 40 },
      { レッスン: 'キャッシュ', 分: 35 },
    ]);
    expect(lines(text)).toEqual([
      '┌──────────────┬────┐',
      '│ レッスン     │ 分 │',
      '├──────────────┼────┤',
      '│ ジェネレータ │ 40 │',
      '│ キャッシュ   │ 35 │',
      '└──────────────┴────┘',
    ]);
  });
});
