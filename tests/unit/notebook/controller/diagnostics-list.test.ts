// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../../../../src/notebook/controller/diagnostics-list.ts';
import type { CellDiagnostic } from '../../../../src/notebook/language/protocol.ts';
import { cellById, renderPage } from './fixture.ts';

const notAssignable: CellDiagnostic = {
  from: 20,
  to: 21,
  line: 2,
  code: 2322,
  severity: 'error',
  message: "Type 'string' is not assignable to type 'number'.",
};

describe('renderDiagnostics', () => {
  it('lists each diagnostic under the code with its TS code and line', () => {
    renderPage([{ id: 'a' }]);
    const cell = cellById('a');
    renderDiagnostics(cell, [notAssignable]);
    const list = cell.querySelector('[data-cell-diagnostics]');
    expect(list?.previousElementSibling?.matches('[data-cell-code]')).toBe(true);
    const item = list?.querySelector('li');
    expect(item?.textContent).toBe(
      "TS2322 line 2: Type 'string' is not assignable to type 'number'.",
    );
    expect(item?.getAttribute('data-diagnostic-code')).toBe('TS2322');
    expect(item?.getAttribute('data-diagnostic-line')).toBe('2');
    const heading = list?.querySelector('p');
    expect(list?.querySelector('ul')?.getAttribute('aria-labelledby')).toBe(heading?.id);
    expect(heading?.textContent).toBe('Type errors (1); the cell still runs');
  });

  it('keeps the same elements when nothing changed, and removes the list once clean', () => {
    renderPage([{ id: 'a' }]);
    const cell = cellById('a');
    renderDiagnostics(cell, [notAssignable]);
    const item = cell.querySelector('[data-cell-diagnostics] li');
    renderDiagnostics(cell, [{ ...notAssignable, from: 22, to: 23 }]);
    expect(cell.querySelector('[data-cell-diagnostics] li')).toBe(item);
    renderDiagnostics(cell, []);
    expect(cell.querySelector('[data-cell-diagnostics]')).toBeNull();
  });
});
