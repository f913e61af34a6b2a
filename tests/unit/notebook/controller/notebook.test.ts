// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import type { OutputItem } from '../../../../src/core/output-item.ts';
import { NOTICE } from '../../../../src/i18n/ui.ts';
import { createEditStore, type EditStore } from '../../../../src/notebook/controller/edit-store.ts';
import type { OutputChecker } from '../../../../src/notebook/controller/expected-check.ts';
import {
  KERNEL_CLOSED_NOTICE,
  KERNEL_UNRESPONSIVE,
  RESTARTED_AFTER_INTERRUPT,
  RESTARTED_BY_READER,
} from '../../../../src/notebook/controller/kernel-notices.ts';
import { Notebook } from '../../../../src/notebook/controller/notebook.ts';
import { NoticeBoard } from '../../../../src/notebook/controller/notices.ts';
import type { RunStatus } from '../../../../src/notebook/protocol.ts';
import {
  type CellFixture,
  cellById,
  deferred,
  FakeKernel,
  ranIds,
  renderPage,
  statuses,
} from './fixture.ts';

/** Enough of src/cells' checker for these tests: stream text, exact comparison. */
const checker: OutputChecker = {
  outputText: (items) =>
    items
      .map((item) => (item.kind === 'stream' ? item.text : ''))
      .join('')
      .replace(/\n+$/u, ''),
  compareOutput: (actual, expected) =>
    actual === expected ? { ok: true } : { ok: false, diff: `${actual} != ${expected}` },
};

const stdout = (text: string): OutputItem => ({ kind: 'stream', stream: 'stdout', text });

function setup(cells: readonly CellFixture[], options: { isolated?: boolean } = {}) {
  renderPage(cells);
  const kernel = new FakeKernel();
  const store: EditStore = createEditStore('/lessons/test/', localStorage);
  const notices = new NoticeBoard(
    document.querySelector<HTMLElement>('[data-notebook-notice]'),
    options.isolated ?? true,
  );
  let created = 0;
  const notebook = new Notebook({
    root: document,
    createKernel: () => {
      created += 1;
      return kernel;
    },
    store,
    checker,
    notices,
    schedule: (flush) => flush(),
  });
  return { kernel, notebook, store, created: () => created };
}

function notice(): HTMLElement {
  const element = document.querySelector<HTMLElement>('[data-notebook-notice]');
  if (element === null) throw new Error('no notice');
  return element;
}

beforeEach(() => {
  localStorage.clear();
});

describe('Run all', () => {
  it('runs every cell in page order with one kernel and shows counts', async () => {
    const { kernel, notebook, created } = setup([{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
    await notebook.runAll();
    expect(ranIds(kernel)).toEqual(['a', 'b', 'c']);
    expect(statuses('a', 'b', 'c')).toEqual({ a: 'done', b: 'done', c: 'done' });
    expect(cellById('c').querySelector('[data-cell-count]')?.textContent).toBe('[3]');
    expect(created()).toBe(1);
    expect(document.querySelector('[data-kernel-status]')?.getAttribute('data-kernel-status')).toBe(
      'idle',
    );
  });

  it('stops at an error: the rest of the queue goes back to idle', async () => {
    const { kernel, notebook } = setup([{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }]);
    kernel.scripts.set('b', { status: 'error' });
    await notebook.runAll();
    expect(ranIds(kernel)).toEqual(['a', 'b']);
    expect(statuses('a', 'b', 'c', 'd')).toEqual({ a: 'done', b: 'error', c: 'idle', d: 'idle' });
  });

  it('continues past a cell that is meant to throw', async () => {
    const { kernel, notebook } = setup([{ id: 'a' }, { id: 'b', expectsError: true }, { id: 'c' }]);
    kernel.scripts.set('b', { status: 'error' });
    await notebook.runAll();
    expect(ranIds(kernel)).toEqual(['a', 'b', 'c']);
    expect(statuses('b', 'c')).toEqual({ b: 'error', c: 'done' });
  });

  it('continues past an exercise that errors', async () => {
    const { kernel, notebook } = setup([{ id: 'a', kind: 'exercise' }, { id: 'b' }]);
    kernel.scripts.set('a', { status: 'error' });
    await notebook.runAll();
    expect(ranIds(kernel)).toEqual(['a', 'b']);
  });

  it('continues past a failing check, which reports an unsolved exercise', async () => {
    const { kernel, notebook } = setup([{ id: 'a', kind: 'check' }, { id: 'b' }, { id: 'c' }]);
    kernel.scripts.set('a', { status: 'error' });
    kernel.scripts.set('b', { status: 'error' });
    await notebook.runAll();
    expect(ranIds(kernel)).toEqual(['a', 'b']);
    expect(statuses('a', 'b', 'c')).toEqual({ a: 'error', b: 'error', c: 'idle' });
  });

  it('skips solutions whose details are closed, runs open ones', async () => {
    const { kernel, notebook } = setup([
      { id: 'zip', kind: 'exercise' },
      { id: 'zip-solution', kind: 'solution', details: 'closed' },
      { id: 'other-solution', kind: 'solution', details: 'open' },
      { id: 'after' },
    ]);
    await notebook.runAll();
    expect(ranIds(kernel)).toEqual(['zip', 'other-solution', 'after']);
    expect(statuses('zip-solution')).toEqual({ 'zip-solution': 'idle' });
  });
});

describe('Run', () => {
  it('queues behind the running cell, marks it busy and uses the saved edit', async () => {
    const { kernel, notebook, store } = setup([{ id: 'a' }, { id: 'b', source: 'original' }]);
    const hold = deferred<RunStatus>();
    kernel.scripts.set('a', { hold: hold.promise });
    store.save('b', 'edited code');
    const first = notebook.run(cellById('a'));
    const second = notebook.run(cellById('b'));
    await Promise.resolve();
    expect(statuses('a', 'b')).toEqual({ a: 'running', b: 'queued' });
    expect(cellById('a').getAttribute('aria-busy')).toBe('true');
    hold.resolve('done');
    await Promise.all([first, second]);
    expect(cellById('a').hasAttribute('aria-busy')).toBe(false);
    expect(kernel.calls.map((call) => call.code)).toEqual(['run(a)', 'edited code']);
  });

  it('lets a running cell finish when it is queued again, then runs it once more', async () => {
    const { kernel, notebook } = setup([{ id: 'a' }, { id: 'b' }]);
    const hold = deferred<RunStatus>();
    kernel.scripts.set('a', { hold: hold.promise, output: [stdout('first\n')] });
    const first = notebook.run(cellById('a'));
    await kernel.whenCalled(1);
    const all = notebook.runAll();
    expect(statuses('a', 'b')).toEqual({ a: 'running', b: 'queued' });
    expect(cellById('a').querySelector('[data-cell-output]')?.textContent).toBe('first\n');
    kernel.scripts.set('a', { output: [stdout('second\n')] });
    hold.resolve('done');
    await Promise.all([first, all]);
    expect(ranIds(kernel)).toEqual(['a', 'a', 'b']);
    expect(cellById('a').querySelector('[data-cell-output]')?.textContent).toBe('second\n');
  });

  it('clears the previous output when the cell is run again', async () => {
    const { kernel, notebook } = setup([{ id: 'a' }]);
    kernel.scripts.set('a', { output: [stdout('first\n')] });
    await notebook.run(cellById('a'));
    kernel.scripts.set('a', { output: [stdout('second\n')] });
    await notebook.run(cellById('a'));
    expect(cellById('a').querySelector('[data-cell-output]')?.textContent).toBe('second\n');
  });

  it('drops late output of an older run of the same cell', async () => {
    const { kernel, notebook } = setup([{ id: 'a' }]);
    await notebook.run(cellById('a'));
    const [old] = kernel.calls;
    await notebook.run(cellById('a'));
    old?.options.onOutput([stdout('late from run 1\n')]);
    expect(cellById('a').querySelector('[data-cell-output]')?.textContent).toBe('');
  });

  it('hands the first run to a kernel still starting, without waiting for it to be up', async () => {
    const { kernel, notebook } = setup([{ id: 'a' }]);
    let started = 0;
    // A start that never ends here: the run is the kernel's to hold until it is up.
    kernel.start = () => {
      started += 1;
      return new Promise<void>(() => {});
    };
    await notebook.run(cellById('a'));
    expect(started).toBe(1);
    expect(statuses('a')).toEqual({ a: 'done' });
  });

  it('shows a kernel failure as the cell error and stops the queue', async () => {
    const { kernel, notebook } = setup([{ id: 'a' }, { id: 'b' }]);
    // As KernelClient does: a run sent while the kernel starts fails with its start.
    const failed = () => Promise.reject(new Error('worker did not load'));
    kernel.start = failed;
    kernel.run = failed;
    await notebook.runAll();
    expect(statuses('a', 'b')).toEqual({ a: 'error', b: 'idle' });
    const error = cellById('a').querySelector('[data-output-item="error"]');
    expect(error?.getAttribute('data-output-text')).toBe('Error: worker did not load');
  });
});

describe('expected output', () => {
  it('hides the expected block and marks a match', async () => {
    const { kernel, notebook } = setup([{ id: 'a', expected: 'hello' }]);
    kernel.scripts.set('a', { output: [stdout('hello\n')] });
    await notebook.run(cellById('a'));
    const cell = cellById('a');
    expect(cell.querySelector<HTMLElement>('[data-cell-expected]')?.hidden).toBe(true);
    expect(cell.querySelector('[data-cell-verdict="match"]')?.textContent).toContain(
      'Matches the expected output',
    );
  });

  it('offers a toggle to show the expected output again when it differs', async () => {
    const { kernel, notebook } = setup([{ id: 'a', expected: 'hello' }]);
    kernel.scripts.set('a', { output: [stdout('bye\n')] });
    await notebook.run(cellById('a'));
    const cell = cellById('a');
    const expected = cell.querySelector<HTMLElement>('[data-cell-expected]');
    const toggle = cell.querySelector<HTMLButtonElement>('button[data-cell-verdict="differs"]');
    expect(cell.querySelector('[data-cell-verdict="match"]')).toBeNull();
    expect(expected?.hidden).toBe(true);
    expect(toggle?.getAttribute('aria-expanded')).toBe('false');
    toggle?.click();
    expect(expected?.hidden).toBe(false);
    expect(toggle?.getAttribute('aria-expanded')).toBe('true');
    expect(toggle?.textContent).toBe('Hide expected output');
  });

  it("opens a predict cell's closed expected output once the cell has run", async () => {
    const { kernel, notebook } = setup([{ id: 'a', expected: 'hello', predict: true }]);
    const details = cellById('a').querySelector<HTMLDetailsElement>('[data-cell-predict]');
    expect(details?.open).toBe(false);
    kernel.scripts.set('a', { output: [stdout('bye\n')] });
    await notebook.run(cellById('a'));
    expect(details?.open).toBe(true);
    const toggle = cellById('a').querySelector<HTMLButtonElement>('[data-cell-verdict="differs"]');
    expect(toggle?.closest('[data-cell-predict]')).toBe(details);
    toggle?.click();
    expect(cellById('a').querySelector<HTMLElement>('[data-cell-expected]')?.hidden).toBe(false);
  });
});

describe('Interrupt', () => {
  it('interrupts the kernel and sends the queued cells back to idle', async () => {
    const { kernel, notebook } = setup([{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
    const hold = deferred<RunStatus>();
    kernel.scripts.set('a', { hold: hold.promise });
    const all = notebook.runAll();
    await Promise.resolve();
    expect(statuses('a', 'b', 'c')).toEqual({ a: 'running', b: 'queued', c: 'queued' });
    const interrupted = notebook.interrupt();
    expect(statuses('b', 'c')).toEqual({ b: 'idle', c: 'idle' });
    await interrupted;
    hold.resolve('interrupted');
    await all;
    expect(kernel.interrupts).toBe(1);
    expect(ranIds(kernel)).toEqual(['a']);
    expect(statuses('a', 'b', 'c')).toEqual({ a: 'interrupted', b: 'idle', c: 'idle' });
    expect(notice().hidden).toBe(true);
  });

  it('says so when the kernel had to be restarted to stop the cell', async () => {
    const { kernel, notebook } = setup([{ id: 'a' }]);
    const hold = deferred<RunStatus>();
    kernel.scripts.set('a', { hold: hold.promise });
    const run = notebook.run(cellById('a'));
    await Promise.resolve();
    kernel.interruptResult = 'restarted';
    await notebook.interrupt();
    hold.resolve('interrupted');
    await run;
    expect(notice().hidden).toBe(false);
    expect(notice().textContent).toBe(RESTARTED_AFTER_INTERRUPT);
  });

  it('reports a restart the kernel made on its own', async () => {
    const { kernel, notebook } = setup([{ id: 'a' }]);
    await notebook.run(cellById('a'));
    kernel.emitRestarted('The kernel crashed; variables were lost.');
    expect(notice().textContent).toBe(
      'The kernel crashed; variables were lost. Run the earlier cells again.',
    );
  });
});

describe('heartbeat notices', () => {
  it('says a kernel that stopped answering can be replaced, and clears it when it answers again', async () => {
    const { kernel, notebook } = setup([{ id: 'a' }]);
    await notebook.run(cellById('a'));
    kernel.emitHealth('busy');
    expect(notice().hidden).toBe(true);
    kernel.emitHealth('unresponsive');
    expect(notice().textContent).toBe(KERNEL_UNRESPONSIVE);
    expect(notice().textContent).toContain('Interrupt or Restart will start a fresh kernel');
    kernel.emitHealth('ok');
    expect(notice().hidden).toBe(true);
  });

  it('says a cell closed the kernel, and leaves a later restart notice alone', async () => {
    const { kernel, notebook } = setup([{ id: 'a' }]);
    await notebook.run(cellById('a'));
    kernel.emitHealth('closed');
    expect(notice().textContent).toBe(KERNEL_CLOSED_NOTICE);
    await notebook.restart();
    kernel.emitHealth('ok');
    expect(notice().textContent).toBe(RESTARTED_BY_READER);
  });
});

describe('Restart', () => {
  it('restarts the kernel, clears outputs and counts, and says so', async () => {
    const { kernel, notebook } = setup([{ id: 'a', expected: 'x' }, { id: 'b' }]);
    kernel.scripts.set('a', { output: [stdout('out\n')] });
    await notebook.runAll();
    await notebook.restart();
    const a = cellById('a');
    expect(kernel.restarts).toBe(1);
    expect(a.querySelector('[data-cell-output]')?.childElementCount).toBe(0);
    expect(a.querySelector('[data-cell-count]')?.textContent).toBe('[ ]');
    expect(a.querySelector<HTMLElement>('[data-cell-expected]')?.hidden).toBe(false);
    expect(a.querySelector('[data-cell-verdict]')).toBeNull();
    expect(statuses('a', 'b')).toEqual({ a: 'idle', b: 'idle' });
    expect(notice().textContent).toBe(RESTARTED_BY_READER);
    expect(notice().hidden).toBe(false);
  });

  it('leaves the cell that was running idle, not interrupted', async () => {
    const { kernel, notebook } = setup([{ id: 'a' }, { id: 'b' }]);
    const hold = deferred<RunStatus>();
    kernel.scripts.set('a', { hold: hold.promise });
    const all = notebook.runAll();
    await Promise.resolve();
    await notebook.restart();
    hold.resolve('interrupted');
    await all;
    expect(ranIds(kernel)).toEqual(['a']);
    expect(statuses('a', 'b')).toEqual({ a: 'idle', b: 'idle' });
  });
});

describe('isolation notice', () => {
  it('explains the fallbacks on pages that are not cross-origin isolated', () => {
    setup([{ id: 'a' }], { isolated: false });
    expect(notice().hidden).toBe(false);
    expect(notice().textContent).toContain('interrupt falls back to restarting the kernel');
    expect(notice().textContent).toContain('shared-memory lessons are unavailable');
  });

  it('keeps the isolation note after a restart message', async () => {
    const { notebook } = setup([{ id: 'a' }], { isolated: false });
    await notebook.restart();
    expect(notice().textContent).toContain(RESTARTED_BY_READER);
    expect(notice().textContent).toContain('shared-memory lessons are unavailable');
  });
});

describe('on a Japanese page (<html lang="ja">)', () => {
  beforeEach(() => {
    document.documentElement.lang = 'ja';
    return () => {
      document.documentElement.lang = '';
    };
  });

  it('shows the kernel status and the verdict in Japanese', async () => {
    const { kernel, notebook } = setup([
      { id: 'a', expected: 'hello' },
      { id: 'b', expected: 'x' },
    ]);
    kernel.scripts.set('a', { output: [stdout('hello\n')] });
    kernel.scripts.set('b', { output: [stdout('y\n')] });
    await notebook.runAll();
    expect(document.querySelector('[data-kernel-status]')?.textContent).toBe('カーネル待機中');
    expect(cellById('a').querySelector('[data-cell-verdict="match"]')?.textContent).toBe(
      '✓ 期待される出力と一致しました',
    );
    const toggle = cellById('b').querySelector<HTMLButtonElement>('[data-cell-verdict="differs"]');
    expect(toggle?.textContent).toBe('期待される出力を表示');
    toggle?.click();
    expect(toggle?.textContent).toBe('期待される出力を隠す');
  });

  it('says in Japanese that Interrupt or Restart replaced the kernel', async () => {
    const { kernel, notebook } = setup([{ id: 'a' }]);
    const hold = deferred<RunStatus>();
    kernel.scripts.set('a', { hold: hold.promise });
    const run = notebook.run(cellById('a'));
    await Promise.resolve();
    kernel.interruptResult = 'restarted';
    await notebook.interrupt();
    hold.resolve('interrupted');
    await run;
    expect(notice().textContent).toBe(NOTICE.ja.restartedAfterInterrupt);
    kernel.emitHealth('unresponsive');
    expect(notice().textContent).toBe(NOTICE.ja.unresponsive);
    await notebook.restart();
    expect(notice().textContent).toBe(NOTICE.ja.restartedByReader);
    kernel.emitRestarted('');
    expect(notice().textContent).toBe(
      'カーネルを再起動しました。前のセルで定義した変数は消えています。前のセルをもう一度実行してください。',
    );
  });
});
