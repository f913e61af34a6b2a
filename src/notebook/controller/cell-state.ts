import { CELL_ATTR } from '../../cells/markup.ts';
import type { CellStatus } from '../protocol.ts';
import { part } from './dom.ts';

/** Sets `data-cell-status`, and `aria-busy` while the cell runs. */
export function setCellStatus(cell: HTMLElement, status: CellStatus): void {
  cell.setAttribute(CELL_ATTR.status, status);
  if (status === 'running') cell.setAttribute('aria-busy', 'true');
  else cell.removeAttribute('aria-busy');
}

/** The status in `data-cell-status` (idle when missing or unknown). */
export function cellStatus(cell: HTMLElement): CellStatus {
  const value = cell.getAttribute(CELL_ATTR.status);
  switch (value) {
    case 'queued':
    case 'running':
    case 'done':
    case 'error':
    case 'interrupted':
      return value;
    default:
      return 'idle';
  }
}

/** Shows the execution count `[n]`, or `[ ]` for none. */
export function setExecutionCount(cell: HTMLElement, count: number | null): void {
  const element = part(cell, CELL_ATTR.count);
  if (element !== null) element.textContent = count === null ? '[ ]' : `[${count}]`;
}
