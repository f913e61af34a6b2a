// @vitest-environment happy-dom
import { beforeAll, describe, expect, it } from 'vitest';
import { bootNotebook } from '../../../../src/notebook/controller/boot-notebook.ts';
import { type FakeKernelWorker, fakeKernelWorker, startedFake } from './fake-kernel-worker.ts';
import { cellById, renderPage } from './fixture.ts';

describe('bootNotebook starting the kernel', () => {
  const workers: FakeKernelWorker[] = [];

  beforeAll(async () => {
    localStorage.clear();
    renderPage([{ id: 'first', source: 'console.log(1)' }]);
    bootNotebook(document, {
      startWorker() {
        const worker = fakeKernelWorker();
        workers.push(worker);
        return startedFake(worker);
      },
    });
    await new Promise<void>((resolve) => {
      const ready = () => document.documentElement.getAttribute('data-notebook-ready') === 'true';
      if (ready()) return resolve();
      new MutationObserver((_records, observer) => {
        if (!ready()) return;
        observer.disconnect();
        resolve();
      }).observe(document.documentElement, { attributes: true });
    });
  });

  it('starts the worker within the first Run click, before the kernel client loads, and runs the cell in it', async () => {
    const cell = cellById('first');
    expect(workers).toHaveLength(0);
    cell.querySelector<HTMLButtonElement>('[data-cell-run]')?.click();
    expect(workers).toHaveLength(1);
    expect(workers[0]?.received).toEqual([]);
    await new Promise<void>((resolve) => {
      // Output is drawn on the next animation frame, after the status changes.
      const done = () =>
        cell.getAttribute('data-cell-status') === 'done' &&
        cell.querySelector('[data-cell-output]')?.textContent?.includes('ran first') === true;
      if (done()) return resolve();
      new MutationObserver((_records, observer) => {
        if (!done()) return;
        observer.disconnect();
        resolve();
      }).observe(cell, { attributes: true, childList: true, subtree: true, characterData: true });
    });
    expect(workers[0]?.received.map((request) => request.type)).toEqual(['init', 'run']);
    expect(cell.querySelector('[data-cell-output]')?.textContent).toContain('ran first');
    cell.querySelector<HTMLButtonElement>('[data-cell-run]')?.click();
    expect(workers).toHaveLength(1);
  });
});
