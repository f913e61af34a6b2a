import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DisplayData } from '../../../../src/core/display-data.ts';
import {
  barChart,
  DISPLAY_HOOK,
  type DisplayHook,
  display,
  progress,
  table,
} from '../../../../src/lib/display/index.ts';

type Emitted = { displayId: string; update: boolean; data: DisplayData };

function withHook(): Emitted[] {
  const emitted: Emitted[] = [];
  const hook: DisplayHook = {
    emitter: () => (displayId, update, data) => emitted.push({ displayId, update, data }),
  };
  Object.defineProperty(globalThis, DISPLAY_HOOK, { value: hook, configurable: true });
  return emitted;
}

afterEach(() => {
  Reflect.deleteProperty(globalThis, DISPLAY_HOOK);
  vi.restoreAllMocks();
});

describe('display', () => {
  it('chooses the mime type from the value', () => {
    const emitted = withHook();
    display('plain');
    display({ html: '<b>bold</b> text' });
    display({ svg: '<svg xmlns="http://www.w3.org/2000/svg"><text>hi</text></svg>' });
    display([{ a: 1 }, { a: 2, b: 'x' }]);
    display(3);
    expect(emitted.map((e) => e.data.mime)).toEqual([
      'text/plain',
      'text/html',
      'image/svg+xml',
      'application/vnd.yieldbook.table+json',
      'text/plain',
    ]);
    expect(emitted.map((e) => e.data.text)).toEqual([
      'plain',
      'bold text',
      'hi',
      '┌───┬───┐\n│ a │ b │\n├───┼───┤\n│ 1 │   │\n│ 2 │ x │\n└───┴───┘',
      '3',
    ]);
  });

  it('shows every string as text, markup included', () => {
    const emitted = withHook();
    const strings = [
      '<svg xmlns="http://www.w3.org/2000/svg"><style>* { display: none }</style></svg>',
      '  <SVG><a href="https://evil.example/">x</a></SVG>',
      '<?xml version="1.0"?><svg></svg>',
      '<html><body><b>bold</b></body></html>',
      '<b>bold</b>',
    ];
    const handle = display(strings[0]);
    for (const text of strings.slice(1)) display(text);
    handle.update(strings[1]);
    expect(emitted.map((e) => e.data)).toEqual([
      ...strings.map((text) => ({ mime: 'text/plain', text })),
      { mime: 'text/plain', text: strings[1] },
    ]);
  });

  it('shows markup only through `{ svg }` and `{ html }`, with a text form', () => {
    const emitted = withHook();
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>hi</text></svg>';
    display({ svg });
    display({ svg, text: 'a greeting' });
    display({ html: '<p>one <b>two</b></p><style>p { color: red }</style>' });
    expect(emitted.map((e) => e.data)).toEqual([
      { mime: 'image/svg+xml', svg, text: 'hi' },
      { mime: 'image/svg+xml', svg, text: 'a greeting' },
      {
        mime: 'text/html',
        html: '<p>one <b>two</b></p><style>p { color: red }</style>',
        text: 'one two',
      },
    ]);
  });

  it('shows charts as SVG through their `{ svg, text }` form', () => {
    const emitted = withHook();
    const chart = barChart({ a: 1 });
    display(chart);
    expect(emitted[0]?.data).toEqual({ mime: 'image/svg+xml', svg: chart.svg, text: chart.text });
  });

  it('updates an item in place', () => {
    const emitted = withHook();
    const handle = display('a');
    handle.update('b');
    expect(emitted).toEqual([
      { displayId: handle.displayId, update: false, data: { mime: 'text/plain', text: 'a' } },
      { displayId: handle.displayId, update: true, data: { mime: 'text/plain', text: 'b' } },
    ]);
  });

  it('prints the text fallback without a kernel', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    display(table([{ n: 1 }]));
    expect(log).toHaveBeenCalledWith('┌───┐\n│ n │\n├───┤\n│ 1 │\n└───┘');
  });
});

describe('barChart', () => {
  it('is an accessible SVG with a text fallback listing the values', () => {
    const chart = barChart(
      { sync: 120, async: 35 },
      { title: 'Time', xLabel: 'mode', yLabel: 'ms' },
    );
    expect(chart.svg).toContain('role="img"');
    expect(chart.svg).toContain('<title id="t">Time</title>');
    expect(chart.svg).toContain('<desc id="d">sync: 120, async: 35</desc>');
    expect(chart.svg).toContain('>mode</text>');
    expect(chart.text).toBe('Time\nsync: 120\nasync: 35');
  });

  it('rejects non-numeric values', () => {
    expect(() => barChart({ a: Number.NaN })).toThrow(
      'Expected the value of `a` to be a finite number, got NaN',
    );
  });
});

describe('progress', () => {
  it('passes items through for…of and ends with a finished bar', () => {
    const emitted = withHook();
    const seen = [
      ...progress([1, 2, 3, 4], { label: 'work', intervalMs: Number.POSITIVE_INFINITY }),
    ];
    expect(seen).toEqual([1, 2, 3, 4]);
    const last = emitted.at(-1);
    expect(emitted).toHaveLength(2);
    expect(last?.update).toBe(true);
    expect(last?.data).toMatchObject({
      done: 4,
      total: 4,
      finished: true,
      text: 'work: 4/4 |████████████████████| 100%',
    });
  });

  it('works with for await and an explicit total', async () => {
    const emitted = withHook();
    async function* pages() {
      yield 'a';
      yield 'b';
    }
    const seen: string[] = [];
    for await (const page of progress(pages(), { label: 'pages', total: 4 })) seen.push(page);
    expect(seen).toEqual(['a', 'b']);
    expect(emitted.at(-1)?.data.text).toBe('pages: 2/4 |██████████          | 50%');
  });
});
