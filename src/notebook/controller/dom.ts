/**
 * Selectors and small readers for the cell markup of docs/cells.md. Kept tiny:
 * `boot.ts` pulls this in eagerly.
 */

import { attrSelector, CELL_ATTR, type CellAttr } from '../../cells/markup.ts';

/** Every cell of the page, in document order. */
export function findCells(root: ParentNode): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(attrSelector(CELL_ATTR.cell))];
}

/** The cell that holds `node`, if any. */
export function cellOf(node: EventTarget | null): HTMLElement | null {
  return node instanceof Element ? node.closest<HTMLElement>(attrSelector(CELL_ATTR.cell)) : null;
}

/** The id of a cell (`data-cell-id`). */
export function cellId(cell: HTMLElement): string {
  return cell.getAttribute(CELL_ATTR.id) ?? '';
}

/** A part of a cell, by its data attribute (e.g. `data-cell-run`). */
export function part<T extends HTMLElement = HTMLElement>(
  cell: HTMLElement,
  name: CellAttr,
): T | null {
  return cell.querySelector<T>(attrSelector(name));
}

/**
 * The source the cell was written with, from its `data-cell-source` JSON script.
 * @throws when the markup does not carry a JSON string there.
 */
export function originalSource(cell: HTMLElement): string {
  const script = part(cell, CELL_ATTR.source);
  const value: unknown = script === null ? undefined : JSON.parse(script.textContent || 'null');
  if (typeof value !== 'string') {
    throw new TypeError(
      `Expected \`${CELL_ATTR.source}\` of cell ${cellId(cell)} to be a JSON string, got ${typeof value}`,
    );
  }
  return value;
}

/** Where the toolbar's parts live; all optional since a page may render no toolbar. */
export interface ToolbarParts {
  toolbar: HTMLElement | null;
  status: HTMLElement | null;
  notice: HTMLElement | null;
}

/** The notebook toolbar and its status and notice regions. */
export function toolbarParts(root: ParentNode): ToolbarParts {
  return {
    toolbar: root.querySelector<HTMLElement>('[data-notebook-toolbar]'),
    status: root.querySelector<HTMLElement>('[data-kernel-status]'),
    notice: root.querySelector<HTMLElement>('[data-notebook-notice]'),
  };
}
