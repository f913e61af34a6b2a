// @vitest-environment happy-dom
import { EditorView } from '@codemirror/view';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openCellEditor } from '../../../../src/notebook/controller/cell-editor.ts';
import { createEditStore, editKey } from '../../../../src/notebook/controller/edit-store.ts';
import { currentSource } from '../../../../src/notebook/controller/source.ts';
import { cellById, renderPage } from './fixture.ts';

const PAGE = '/lessons/editing/';

function view(cell: HTMLElement): EditorView {
  const dom = cell.querySelector<HTMLElement>('.cm-editor');
  const found = dom === null ? null : EditorView.findFromDOM(dom);
  if (found === null) throw new Error('no editor');
  return found;
}

function replaceAll(editor: EditorView, text: string): void {
  editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: text } });
}

beforeEach(() => {
  localStorage.clear();
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

// Editors open unfocused here: happy-dom fires `selectionchange` synchronously,
// which re-enters CodeMirror's update when it owns the focus (browsers fire it later).
describe('openCellEditor', () => {
  it('saves edits after typing pauses, and forgets them when the code is the original again', () => {
    renderPage([{ id: 'gen', source: 'const a = 1;' }]);
    const cell = cellById('gen');
    const store = createEditStore(PAGE, localStorage);
    openCellEditor(cell, { store, focus: false, saveDelayMs: 300 });
    const editor = view(cell);
    const mark = cell.querySelector<HTMLElement>('[data-cell-edited]');

    replaceAll(editor, 'const a = 2;');
    expect(mark?.hidden).toBe(false);
    expect(currentSource(cell, store)).toBe('const a = 2;');
    expect(localStorage.getItem(editKey(PAGE, 'gen'))).toBeNull();
    vi.advanceTimersByTime(300);
    expect(localStorage.getItem(editKey(PAGE, 'gen'))).toBe('const a = 2;');

    replaceAll(editor, 'const a = 1;');
    expect(mark?.hidden).toBe(true);
    vi.advanceTimersByTime(300);
    expect(localStorage.getItem(editKey(PAGE, 'gen'))).toBeNull();
  });
});
