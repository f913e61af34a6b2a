// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import type { OutputItem } from '../../../../src/core/output-item.ts';
import { renderDiagnostics } from '../../../../src/notebook/controller/diagnostics-list.ts';
import { createEditStore } from '../../../../src/notebook/controller/edit-store.ts';
import { Notebook } from '../../../../src/notebook/controller/notebook.ts';
import { NoticeBoard } from '../../../../src/notebook/controller/notices.ts';
import { warnOnRun } from '../../../../src/notebook/controller/type-warnings.ts';
import { cellById, FakeKernel, renderPage, statuses } from './fixture.ts';

const stdout = (text: string): OutputItem => ({ kind: 'stream', stream: 'stdout', text });

function setup() {
  renderPage([{ id: 'a' }]);
  const kernel = new FakeKernel();
  const notebook = new Notebook({
    root: document,
    createKernel: () => kernel,
    store: createEditStore('/lessons/test/', localStorage),
    checker: { outputText: () => '', compareOutput: () => ({ ok: true }) },
    notices: new NoticeBoard(null, true),
    schedule: (flush) => flush(),
  });
  const cell = cellById('a');
  const stop = warnOnRun([cell]);
  return { kernel, notebook, cell, stop };
}

beforeEach(() => {
  localStorage.clear();
});

describe('warnOnRun', () => {
  it('runs a cell with type errors and repeats them above its output', async () => {
    const { kernel, notebook, cell } = setup();
    renderDiagnostics(cell, [
      { from: 6, to: 7, line: 2, code: 2322, severity: 'error', message: 'Not assignable.' },
    ]);
    kernel.scripts.set('a', { output: [stdout('ran\n')] });
    await notebook.run(cell);
    expect(statuses('a')).toEqual({ a: 'done' });
    const output = cell.querySelector('[data-cell-output]');
    const warnings = output?.firstElementChild;
    expect(warnings?.matches('[data-cell-warnings]')).toBe(true);
    expect(warnings?.querySelector('li')?.textContent).toBe('TS2322 line 2: Not assignable.');
    expect(output?.querySelector('[data-output-item="stream"]')?.textContent).toBe('ran\n');
  });

  it('shows the diagnostics of each run: none once the code is clean, one set when run twice', async () => {
    const { notebook, cell } = setup();
    renderDiagnostics(cell, [
      { from: 0, to: 1, line: 1, code: 2304, severity: 'error', message: 'Cannot find name.' },
    ]);
    await notebook.run(cell);
    await notebook.run(cell);
    expect(cell.querySelectorAll('[data-cell-warnings]')).toHaveLength(1);
    renderDiagnostics(cell, []);
    await notebook.run(cell);
    expect(cell.querySelector('[data-cell-warnings]')).toBeNull();
  });

  it('stops watching when asked', async () => {
    const { notebook, cell, stop } = setup();
    renderDiagnostics(cell, [
      { from: 0, to: 1, line: 1, code: 2304, severity: 'error', message: 'Cannot find name.' },
    ]);
    stop();
    await notebook.run(cell);
    expect(cell.querySelector('[data-cell-warnings]')).toBeNull();
  });
});
