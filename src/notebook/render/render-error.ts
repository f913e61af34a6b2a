import type { SerializedError } from '../../core/serialized-error.ts';
import { type Lang, OUTPUT, pageLang } from '../../i18n/ui.ts';

/** `Name: message`, the compared text of an error (docs/cells.md). */
export function errorTitle(error: SerializedError): string {
  return `${error.name}: ${error.message}`;
}

/**
 * Where the error points in the reader's TypeScript, e.g.
 * `at first-next:3:9 (line 3, column 9)`, or null when it points nowhere in a cell.
 */
export function errorLocation(error: SerializedError, lang: Lang = 'en'): string | null {
  if (error.line !== undefined) {
    const column = error.column ?? 1;
    const where = error.cellId === undefined ? '' : `${error.cellId}:`;
    return `at ${where}${error.line}:${column}${OUTPUT[lang].position(error.line, column)}`;
  }
  const frame = error.stack
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.startsWith('at '));
  return frame ?? null;
}

/** The element of an `error` output item: the title, then where it happened. */
export function renderError(error: SerializedError, late: boolean): HTMLElement {
  const element = document.createElement('div');
  element.className = 'yb-output__error';
  element.setAttribute('data-output-item', 'error');
  element.setAttribute('data-output-text', errorTitle(error));
  // The stylesheet labels late errors ("thrown after the cell finished").
  if (late) element.setAttribute('data-late', '');
  const pre = document.createElement('pre');
  const title = document.createElement('strong');
  title.textContent = errorTitle(error);
  pre.append(title);
  const location = errorLocation(error, pageLang(element));
  if (location !== null) {
    const where = document.createElement('span');
    where.className = 'yb-output__where';
    where.textContent = location;
    // A line of its own through the stylesheet (`display: block`), not a newline, which would double it.
    pre.append(where);
  }
  element.append(pre);
  return element;
}
