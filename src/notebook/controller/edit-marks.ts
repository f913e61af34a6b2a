import { CELL_ATTR } from '../../cells/markup.ts';
import { part } from './dom.ts';

/** Shows or hides a cell's "edited" mark and its Revert button together. */
export function markEdited(cell: HTMLElement, edited: boolean): void {
  const mark = part(cell, CELL_ATTR.edited);
  const revert = part<HTMLButtonElement>(cell, CELL_ATTR.revert);
  if (mark !== null) mark.hidden = !edited;
  if (revert !== null) {
    revert.hidden = !edited;
    revert.disabled = !edited;
  }
}
