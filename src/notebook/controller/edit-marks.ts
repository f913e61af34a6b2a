import { part } from './dom.ts';

/** Shows or hides a cell's "edited" mark and its Revert button together. */
export function markEdited(cell: HTMLElement, edited: boolean): void {
  const mark = part(cell, 'data-cell-edited');
  const revert = part<HTMLButtonElement>(cell, 'data-cell-revert');
  if (mark !== null) mark.hidden = !edited;
  if (revert !== null) {
    revert.hidden = !edited;
    revert.disabled = !edited;
  }
}
