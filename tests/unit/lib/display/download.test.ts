import { afterEach, describe, expect, it } from 'vitest';
import type { DisplayData } from '../../../../src/core/display-data.ts';
import {
  DISPLAY_HOOK,
  type DisplayHook,
  display,
  download,
  formatBytes,
  safeDownloadType,
} from '../../../../src/lib/display/index.ts';

afterEach(() => {
  Reflect.deleteProperty(globalThis, DISPLAY_HOOK);
});

describe('download', () => {
  it('makes a file of text with a link text that names it and its size', async () => {
    const file = download('{"a":1}\n{"a":2}\n', {
      filename: 'rows.jsonl',
      type: 'application/jsonl',
    });
    expect(file.mime).toBe('application/vnd.yieldbook.download+json');
    expect(file.filename).toBe('rows.jsonl');
    expect(file.text).toBe('Download rows.jsonl (16 B)');
    expect(file.blob.type).toBe('application/jsonl');
    expect(await file.blob.text()).toBe('{"a":1}\n{"a":2}\n');
  });

  it('joins parts of text and bytes as they are', async () => {
    const bytes = new TextEncoder().encode('é\n');
    const file = download(['one\n', bytes, 'two\n'], { filename: 'parts.txt' });
    expect(await file.blob.text()).toBe('one\né\ntwo\n');
    expect(file.blob.type).toBe('text/plain');
    expect(file.text).toBe('Download parts.txt (11 B)');
  });

  it('copies a Blob and gives it the requested type', async () => {
    const file = download(new Blob(['x,y\n1,2\n']), { filename: 't.csv', type: 'text/csv' });
    expect(file.blob.type).toBe('text/csv');
    expect(await file.blob.text()).toBe('x,y\n1,2\n');
  });

  it('saves types that a browser would open as a page as plain bytes', () => {
    expect(download('<script>', { filename: 'a.html', type: 'text/html' }).blob.type).toBe(
      'application/octet-stream',
    );
    expect(safeDownloadType('image/svg+xml')).toBe('application/octet-stream');
    expect(safeDownloadType('Application/JSON')).toBe('application/json');
  });

  it('refuses file names with folders or control characters, and bad content', () => {
    expect(() => download('x', { filename: '../etc/passwd' })).toThrow(
      /Expected `filename` to be a file name without folders/,
    );
    expect(() => download('x', { filename: 'a\\b' })).toThrow(/filename/);
    expect(() => download('x', { filename: 'a\nb' })).toThrow(/filename/);
    expect(() => download('x', { filename: '' })).toThrow(/filename/);
    expect(() => download('x', undefined as never)).toThrow(/Expected `options`/);
    expect(() => download(42 as never, { filename: 'a.txt' })).toThrow(
      /Expected `content` to be a string, a Blob/,
    );
    expect(() => download(['a', 3] as never, { filename: 'a.txt' })).toThrow(
      /got number at index 1/,
    );
    expect(() => download('x', { filename: 'a.txt', type: 3 as never })).toThrow(/Expected `type`/);
  });

  it('is shown by display as a download item whose text is the link text', () => {
    const emitted: DisplayData[] = [];
    const hook: DisplayHook = { emitter: () => (_id, _update, data) => emitted.push(data) };
    Object.defineProperty(globalThis, DISPLAY_HOOK, { value: hook, configurable: true });
    display(download('abc', { filename: 'a.txt' }));
    expect(emitted).toHaveLength(1);
    expect(emitted[0]?.mime).toBe('application/vnd.yieldbook.download+json');
    expect(emitted[0]?.text).toBe('Download a.txt (3 B)');
  });
});

describe('formatBytes', () => {
  it('writes small sizes in bytes and larger ones in decimal units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.0 KB');
    expect(formatBytes(123_456)).toBe('123.5 KB');
    expect(formatBytes(2_500_000)).toBe('2.5 MB');
    expect(formatBytes(7_000_000_000)).toBe('7.0 GB');
  });
});
