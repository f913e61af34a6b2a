// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { outputText } from '../../../../src/cells/output-text.ts';
import type { OutputItem } from '../../../../src/core/output-item.ts';
import { domOutputText } from '../../../../src/notebook/render/dom-output-text.ts';
import { OutputView } from '../../../../src/notebook/render/output-view.ts';

let container: HTMLElement;
/** Flushes scheduled by the view; run by hand, standing in for animation frames. */
let frames: Array<() => void>;

function view(): OutputView {
  return new OutputView(container, { schedule: (flush) => frames.push(flush) });
}

function runFrames(): void {
  for (const frame of frames.splice(0)) frame();
}

function items(): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>('[data-output-item]')];
}

const out = (text: string): OutputItem => ({ kind: 'stream', stream: 'stdout', text });
const err = (text: string): OutputItem => ({ kind: 'stream', stream: 'stderr', text });

function progress(displayId: string, done: number, update: boolean): OutputItem {
  return {
    kind: 'display',
    displayId,
    update,
    data: {
      mime: 'application/vnd.yieldbook.progress+json',
      label: 'files',
      done,
      total: 4,
      elapsedMs: 10 * done,
      finished: done === 4,
      text: `files ${done}/4`,
    },
  };
}

beforeEach(() => {
  container = document.createElement('div');
  container.setAttribute('data-cell-output', '');
  document.body.replaceChildren(container);
  frames = [];
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('OutputView', () => {
  it('writes once per frame, however many batches arrive', () => {
    const output = view();
    for (let line = 0; line < 100; line += 1) output.append([out(`${line}\n`)]);
    expect(frames).toHaveLength(1);
    expect(container.childElementCount).toBe(0);
    runFrames();
    expect(items()).toHaveLength(1);
    expect(container.textContent?.split('\n')).toHaveLength(101);
  });

  it('merges consecutive stream items into one pre and marks stderr', () => {
    const output = view();
    output.append([out('a\n'), err('warn\n'), out('b\n')]);
    runFrames();
    output.append([out('c\n')]);
    runFrames();
    const [stream] = items();
    expect(items()).toHaveLength(1);
    expect(stream?.tagName).toBe('PRE');
    expect(stream?.getAttribute('data-output-item')).toBe('stream');
    expect(stream?.textContent).toBe('a\nwarn\nb\nc\n');
    expect(stream?.querySelector('[data-stream="stderr"]')?.textContent).toBe('warn\n');
  });

  it('starts a new stream element after any other item', () => {
    const output = view();
    output.append([out('a\n'), { kind: 'result', text: '42' }, out('b\n')]);
    runFrames();
    expect(items().map((item) => item.getAttribute('data-output-item'))).toEqual([
      'stream',
      'result',
      'stream',
    ]);
  });

  it('replaces a display item when an update with its id arrives, in place', () => {
    const output = view();
    output.append([progress('p1', 1, false), out('between\n')]);
    runFrames();
    output.append([progress('p1', 3, true)]);
    runFrames();
    const [bar, stream] = items();
    expect(items()).toHaveLength(2);
    expect(stream?.getAttribute('data-output-item')).toBe('stream');
    expect(bar?.getAttribute('data-output-text')).toBe('files 3/4');
    expect(bar?.querySelector('progress')?.value).toBe(3);
    expect(bar?.querySelector('progress')?.max).toBe(4);
    expect(bar?.textContent).toContain('files 3/4');
  });

  it('replaces a text display with a new element and keeps one per id', () => {
    const output = view();
    const text = (value: string, update: boolean): OutputItem => ({
      kind: 'display',
      displayId: 'd',
      update,
      data: { mime: 'text/plain', text: value },
    });
    output.append([text('one', false)]);
    runFrames();
    const first = items()[0];
    output.append([text('two', true)]);
    runFrames();
    expect(items()).toHaveLength(1);
    expect(items()[0]).not.toBe(first);
    expect(items()[0]?.textContent).toBe('two');
  });

  it('revokes the object URL of an image when it is replaced or cleared', () => {
    const created: string[] = [];
    const revoked: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => {
      created.push(`blob:test/${created.length}`);
      return created.at(-1) ?? '';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url) => {
      revoked.push(url);
    });
    const image = (update: boolean): OutputItem => ({
      kind: 'display',
      displayId: 'img',
      update,
      data: { mime: 'image/png', blob: new Blob(['x']), width: 2, height: 3, text: 'chart' },
    });
    const output = view();
    output.append([image(false)]);
    runFrames();
    const img = container.querySelector('img');
    expect(img?.getAttribute('src')).toBe('blob:test/0');
    expect(img?.alt).toBe('chart');
    output.append([image(true)]);
    runFrames();
    expect(revoked).toEqual(['blob:test/0']);
    output.clear();
    expect(revoked).toEqual(['blob:test/0', 'blob:test/1']);
  });

  it('renders tables with column headers', () => {
    const output = view();
    output.append([
      {
        kind: 'display',
        displayId: 't',
        update: false,
        data: {
          mime: 'application/vnd.yieldbook.table+json',
          columns: ['name', 'size'],
          rows: [
            ['a', '1'],
            ['b', '2'],
          ],
          text: 'name size\na 1\nb 2',
        },
      },
    ]);
    runFrames();
    const headers = [...container.querySelectorAll('table thead th')];
    expect(headers.map((th) => th.textContent)).toEqual(['name', 'size']);
    expect(headers.every((th) => th.getAttribute('scope') === 'col')).toBe(true);
    expect(container.querySelectorAll('table tbody tr')).toHaveLength(2);
  });

  it('shows an error with its cell location', () => {
    const output = view();
    output.append([
      {
        kind: 'error',
        late: false,
        error: {
          name: 'TypeError',
          message: 'x is not a function',
          stack: 'TypeError: x is not a function\n    at first-next:3:9',
          line: 3,
          column: 9,
          cellId: 'first-next',
        },
      },
    ]);
    runFrames();
    const [error] = items();
    expect(error?.getAttribute('data-output-item')).toBe('error');
    expect(error?.getAttribute('data-output-text')).toBe('TypeError: x is not a function');
    expect(error?.querySelector('strong')?.textContent).toBe('TypeError: x is not a function');
    expect(error?.querySelector('.yb-output__where')?.textContent).toBe(
      'at first-next:3:9 (line 3, column 9)',
    );
  });

  it('says how much output was dropped', () => {
    const output = view();
    output.append([out('a\n'), { kind: 'dropped', items: 3, chars: 1200 }]);
    runFrames();
    expect(items().at(-1)?.getAttribute('data-output-item')).toBe('dropped');
    expect(items().at(-1)?.textContent).toBe('… 1200 characters of output dropped');
    // Counts are cumulative: a later notice replaces the first one.
    output.append([{ kind: 'dropped', items: 5, chars: 2000 }]);
    runFrames();
    expect(
      items().filter((item) => item.getAttribute('data-output-item') === 'dropped'),
    ).toHaveLength(1);
    expect(items().at(-1)?.textContent).toBe('… 2000 characters of output dropped');
  });

  it('clear removes output and what was still queued', () => {
    const output = view();
    output.append([out('a\n')]);
    runFrames();
    output.append([out('b\n')]);
    output.clear();
    runFrames();
    expect(container.childElementCount).toBe(0);
  });

  it('gives the same compared text as outputText(items)', () => {
    const all: OutputItem[] = [
      out('start  \n'),
      err('careful\n'),
      progress('p', 1, false),
      out('middle\n'),
      progress('p', 4, true),
      {
        kind: 'display',
        displayId: 'h',
        update: false,
        data: { mime: 'text/html', html: '<i>x</i>', text: 'x as text' },
      },
      { kind: 'result', text: '{ value: 1, done: false }' },
      {
        kind: 'error',
        late: false,
        error: { name: 'RangeError', message: 'too far', stack: '', line: 2, column: 1 },
      },
      { kind: 'dropped', items: 1, chars: 10 },
      out('after the cap\n'),
      { kind: 'dropped', items: 2, chars: 25 },
    ];
    const output = view();
    output.append(all.slice(0, 4));
    runFrames();
    output.append(all.slice(4));
    runFrames();
    expect(domOutputText(container)).toBe(outputText(all));
    expect(domOutputText(container)).toContain('RangeError: too far');
  });
});
