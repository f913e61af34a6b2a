/**
 * A cell with type errors still runs (as in the TypeScript Playground); its
 * errors are repeated above the run's output as warnings. They are read from
 * the list the language service keeps under the cell (`data-cell-diagnostics`),
 * so a run never waits for the service. The language session wires this when
 * it starts: a page where nobody has typed loads none of it, and the run path
 * (the notebook and the kernel) carries no byte of it.
 */
import { CELL_ATTR } from '../../cells/markup.ts';
import { EDITOR, pageLang } from '../../i18n/ui.ts';
import { part } from './dom.ts';

const WARNINGS = '[data-cell-warnings]';

/** Writes the cell's current type diagnostics at the top of its output, if it has any. */
export function showTypeWarnings(cell: HTMLElement): void {
  const output = part(cell, CELL_ATTR.output);
  const listed = cell.querySelectorAll('[data-cell-diagnostics] li');
  output?.querySelector(WARNINGS)?.remove();
  if (output === null || listed.length === 0) return;
  const box = document.createElement('div');
  box.className = 'yb-cell__warnings';
  box.setAttribute('data-cell-warnings', '');
  const title = document.createElement('p');
  title.textContent = EDITOR[pageLang(cell)].ranWithErrors;
  const items = document.createElement('ul');
  for (const item of listed) items.append(item.cloneNode(true));
  box.append(title, items);
  output.prepend(box);
}

/**
 * Shows the warnings each time one of `cells` starts a run (its status turns
 * `running`, right after the notebook cleared its output).
 * @returns a function that stops watching.
 */
export function warnOnRun(cells: readonly HTMLElement[]): () => void {
  const observer = new MutationObserver((records) => {
    const started = new Set<HTMLElement>();
    for (const record of records) {
      const cell = record.target as HTMLElement;
      if (cell.getAttribute(CELL_ATTR.status) === 'running') started.add(cell);
    }
    for (const cell of started) showTypeWarnings(cell);
  });
  for (const cell of cells) {
    observer.observe(cell, { attributes: true, attributeFilter: [CELL_ATTR.status] });
  }
  return () => observer.disconnect();
}
