/**
 * A cell with type errors still runs (as in the TypeScript Playground); its
 * errors are repeated above the run's output as warnings. They are read from
 * the list the language service keeps under the cell (`data-cell-diagnostics`),
 * so a run never waits for the service, and a page where nobody has typed
 * (no service, no list) shows none.
 */

/** Writes the cell's current type diagnostics at the top of `output`, if it has any. */
export function showTypeWarnings(cell: HTMLElement, output: HTMLElement | null): void {
  const listed = cell.querySelectorAll('[data-cell-diagnostics] li');
  if (output === null || listed.length === 0) return;
  const box = document.createElement('div');
  box.className = 'yb-cell__warnings';
  box.setAttribute('data-cell-warnings', '');
  const title = document.createElement('p');
  title.textContent = 'Warning: type errors; the cell ran anyway';
  const items = document.createElement('ul');
  for (const item of listed) items.append(item.cloneNode(true));
  box.append(title, items);
  output.prepend(box);
}
