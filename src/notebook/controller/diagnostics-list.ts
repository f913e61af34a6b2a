import { CELL_ATTR } from '../../cells/markup.ts';
import { EDITOR, type Lang, pageLang } from '../../i18n/ui.ts';
import type { CellDiagnostic } from '../language/protocol.ts';
import { cellId, part } from './dom.ts';

/** Marks the list of a cell's type diagnostics, under its code (docs/cells.md). */
export const DIAGNOSTICS_ATTR = 'data-cell-diagnostics';

/**
 * The words a diagnostic is listed with: `TS2322 line 2: Type 'string' is not…`. The
 * message is TypeScript's own, in English on every page, as the compiler says it.
 */
export function diagnosticLine(diagnostic: CellDiagnostic, lang: Lang = 'en'): string {
  return EDITOR[lang].diagnostic(diagnostic.code, diagnostic.line, diagnostic.message);
}

/**
 * Lists a cell's type diagnostics under its code, one item each, or removes
 * the list when there are none. Redrawn only when the list changed, so a
 * screen reader's place in it survives a keystroke that changes nothing.
 */
export function renderDiagnostics(cell: HTMLElement, diagnostics: readonly CellDiagnostic[]): void {
  let list = cell.querySelector<HTMLElement>(`[${DIAGNOSTICS_ATTR}]`);
  if (diagnostics.length === 0) {
    list?.remove();
    return;
  }
  const key = JSON.stringify(diagnostics.map((d) => [d.code, d.line, d.severity, d.message]));
  if (list?.dataset.key === key) return;
  if (list === null) {
    list = document.createElement('div');
    list.className = 'yb-cell__diagnostics';
    list.setAttribute(DIAGNOSTICS_ATTR, '');
    (part(cell, CELL_ATTR.code) ?? cell).after(list);
  }
  list.dataset.key = key;
  const lang = pageLang(cell);
  const words = EDITOR[lang];
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const heading = document.createElement('p');
  heading.className = 'yb-cell__diagnostics-title';
  heading.id = `yb-diagnostics-${cellId(cell)}`;
  heading.textContent =
    errors === 0 ? words.notesTitle(diagnostics.length) : words.errorsTitle(errors);
  const items = document.createElement('ul');
  items.setAttribute('aria-labelledby', heading.id);
  for (const diagnostic of diagnostics) {
    const item = document.createElement('li');
    item.setAttribute('data-diagnostic-code', `TS${diagnostic.code}`);
    item.setAttribute('data-diagnostic-line', String(diagnostic.line));
    item.setAttribute('data-diagnostic-severity', diagnostic.severity);
    item.textContent = diagnosticLine(diagnostic, lang);
    items.append(item);
  }
  list.replaceChildren(heading, items);
}
