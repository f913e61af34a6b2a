/**
 * The notice a cell shows when the lesson's code changed after the reader
 * edited it: both texts side by side, Revert (the lesson's code) and Keep
 * (the reader's, and the notice goes). Loaded only for cells with a saved edit.
 */
import { CELL_ATTR } from '../../cells/markup.ts';
import { EDITOR, pageLang } from '../../i18n/ui.ts';
import { cellId, originalSource, part } from './dom.ts';
import type { EditStore } from './edit-store.ts';
import { textHash } from './text-hash.ts';

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  properties: Partial<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(properties)) {
    if (value !== undefined) node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function codeFigure(caption: string, code: string): HTMLElement {
  return element(
    'figure',
    {},
    element('figcaption', {}, caption),
    // Focusable, so a long line can be scrolled from the keyboard.
    element('pre', { tabindex: '0', 'aria-label': caption }, code),
  );
}

/**
 * Shows the notice in `cell` when its saved edit was made from a version of the
 * lesson's code other than the page's. Returns whether it did.
 */
export function showLessonChanged(cell: HTMLElement, store: EditStore): boolean {
  const id = cellId(cell);
  const saved = store.load(id);
  const from = store.authored(id);
  const lesson = originalSource(cell);
  if (saved === null || from === null || from === textHash(lesson)) return false;
  part(cell, CELL_ATTR.changed)?.remove();
  const words = EDITOR[pageLang(cell)];

  const keep = element('button', { type: 'button', [CELL_ATTR.keep]: '' }, words.keepMine);
  const notice = element(
    'div',
    {
      class: 'yb-cell__changed',
      [CELL_ATTR.changed]: '',
      role: 'group',
      'aria-label': words.changedLabel(id),
    },
    element('p', {}, words.changedExplanation),
    element(
      'div',
      { class: 'yb-cell__compare' },
      codeFigure(words.yourCode, saved),
      codeFigure(words.lessonCode, lesson),
    ),
    element(
      'div',
      { class: 'yb-cell__changed-actions' },
      // Handled with the bar's Revert (boot-notebook.ts), which also removes this notice.
      element('button', { type: 'button', [CELL_ATTR.revert]: '' }, words.revertToLesson),
      keep,
    ),
  );
  keep.addEventListener('click', () => {
    store.save(id, store.load(id) ?? saved, textHash(lesson));
    notice.remove();
    part(cell, CELL_ATTR.run)?.focus();
  });
  const bar = cell.querySelector('.yb-cell__bar');
  if (bar === null) cell.prepend(notice);
  else bar.after(notice);
  return true;
}
