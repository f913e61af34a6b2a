// @vitest-environment happy-dom
import { EditorView } from '@codemirror/view';
import { beforeAll, describe, expect, it } from 'vitest';
import { bootNotebook } from '../../../../src/notebook/controller/boot-notebook.ts';
import { editKey } from '../../../../src/notebook/controller/edit-store.ts';
import { cellById, renderPage } from './fixture.ts';

const key = (id: string) => editKey(location.pathname, id);

function editorText(id: string): string | undefined {
  const dom = cellById(id).querySelector<HTMLElement>('.cm-editor');
  return dom === null ? undefined : EditorView.findFromDOM(dom)?.state.doc.toString();
}

describe('bootNotebook', () => {
  beforeAll(async () => {
    // happy-dom fires `selectionchange` synchronously, re-entering CodeMirror's
    // update when a focused editor sets its selection; browsers fire it later.
    document.addEventListener('selectionchange', (event) => event.stopImmediatePropagation(), true);
    localStorage.clear();
    renderPage([
      { id: 'plain', source: 'console.log(1)' },
      { id: 'changed', source: 'console.log(2)' },
      { id: 'same', source: 'console.log(3)' },
    ]);
    localStorage.setItem(key('changed'), 'console.log("mine")');
    // A saved "edit" equal to the lesson's code is stale and gets dropped.
    localStorage.setItem(key('same'), 'console.log(3)');
    bootNotebook(document);
    await new Promise<void>((resolve) => {
      new MutationObserver((_records, observer) => {
        if (document.documentElement.getAttribute('data-notebook-ready') !== 'true') return;
        observer.disconnect();
        resolve();
      }).observe(document.documentElement, { attributes: true });
    });
  });

  it('enables the buttons and names the code areas', () => {
    const buttons = [
      ...document.querySelectorAll<HTMLButtonElement>('[data-cell-run], .yb-toolbar button'),
    ];
    expect(buttons).toHaveLength(6);
    expect(buttons.every((button) => !button.disabled)).toBe(true);
    expect(cellById('plain').querySelector('[data-cell-code]')?.getAttribute('aria-label')).toBe(
      'Code of cell plain, press Enter to edit',
    );
  });

  it('shows saved edits in an editor, with the edited mark and Revert', () => {
    const changed = cellById('changed');
    expect(editorText('changed')).toBe('console.log("mine")');
    expect(changed.querySelector<HTMLElement>('[data-cell-edited]')?.hidden).toBe(false);
    const revert = changed.querySelector<HTMLButtonElement>('[data-cell-revert]');
    expect(revert?.hidden).toBe(false);
    expect(revert?.disabled).toBe(false);
    expect(editorText('plain')).toBeUndefined();
    expect(localStorage.getItem(key('same'))).toBeNull();
    expect(cellById('same').querySelector<HTMLElement>('[data-cell-edited]')?.hidden).toBe(true);
  });

  it('Revert restores the lesson code and forgets the edit', () => {
    const changed = cellById('changed');
    changed.querySelector<HTMLButtonElement>('[data-cell-revert]')?.click();
    expect(editorText('changed')).toBe('console.log(2)');
    expect(localStorage.getItem(key('changed'))).toBeNull();
    expect(changed.querySelector<HTMLElement>('[data-cell-edited]')?.hidden).toBe(true);
    expect(changed.querySelector<HTMLElement>('[data-cell-revert]')?.hidden).toBe(true);
    expect(document.activeElement).toBe(changed.querySelector('[data-cell-run]'));
  });

  it('opens the editor on Enter in the code area, holding the current source', async () => {
    const code = cellById('plain').querySelector<HTMLElement>('[data-cell-code]');
    const opened = new Promise<void>((resolve) => {
      new MutationObserver((_records, observer) => {
        if (code?.querySelector('.cm-editor') === null) return;
        observer.disconnect();
        resolve();
      }).observe(code as HTMLElement, { childList: true, subtree: true });
    });
    code?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await opened;
    expect(editorText('plain')).toBe('console.log(1)');
    expect(code?.hasAttribute('tabindex')).toBe(false);
    expect(code?.querySelector('.cm-content')?.getAttribute('aria-label')).toBe(
      'Code of cell plain',
    );
  });
});
