// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OutputItem } from '../../../../src/core/output-item.ts';
import { download } from '../../../../src/lib/display/download.ts';
import { domOutputText } from '../../../../src/notebook/render/dom-output-text.ts';
import { OutputView } from '../../../../src/notebook/render/output-view.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

function item(blob: Blob, filename: string, update = false): OutputItem {
  return {
    kind: 'display',
    displayId: 'file',
    update,
    data: { mime: 'application/vnd.yieldbook.download+json', blob, filename, text: 'Download it' },
  };
}

describe('download items', () => {
  it('render as a link that saves the file, and the URL is revoked when cleared', async () => {
    const made: Blob[] = [];
    const revoked: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      made.push(blob as Blob);
      return `blob:test/${made.length}`;
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url) => {
      revoked.push(url);
    });
    const container = document.createElement('div');
    const view = new OutputView(container, { schedule: (flush) => flush() });
    const file = download('{"n":1}\n', { filename: 'rows.jsonl', type: 'application/jsonl' });
    view.append([{ kind: 'display', displayId: 'file', update: false, data: file }]);

    const link = container.querySelector('a');
    expect(link?.getAttribute('href')).toBe('blob:test/1');
    expect(link?.getAttribute('download')).toBe('rows.jsonl');
    expect(link?.textContent).toBe('Download rows.jsonl (8 B)');
    expect(made[0]?.type).toBe('application/jsonl');
    expect(await made[0]?.text()).toBe('{"n":1}\n');
    expect(domOutputText(container)).toBe('Download rows.jsonl (8 B)');

    view.clear();
    expect(revoked).toEqual(['blob:test/1']);
  });

  it('never lets cell data choose a type a browser would open as a page', () => {
    const made: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      made.push(blob as Blob);
      return 'blob:test/x';
    });
    const container = document.createElement('div');
    const view = new OutputView(container, { schedule: (flush) => flush() });
    view.append([item(new Blob(['<script>'], { type: 'text/html' }), '../page.html')]);
    expect(made[0]?.type).toBe('application/octet-stream');
    expect(container.querySelector('a')?.getAttribute('download')).toBe('.._page.html');
  });
});
