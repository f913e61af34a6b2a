import { CELL_ATTR } from '../../cells/markup.ts';
import type { OutputItem } from '../../core/output-item.ts';
import type { SerializedError } from '../../core/serialized-error.ts';
import { type Lang, NOTICE, pageLang } from '../../i18n/ui.ts';
import type { RunStatus } from '../protocol.ts';
import type { Schedule } from '../render/frame-batcher.ts';
import { OutputView } from '../render/output-view.ts';
import { cellStatus, setCellStatus, setExecutionCount } from './cell-state.ts';
import { cellId, findCells, part } from './dom.ts';
import type { EditStore } from './edit-store.ts';
import { type OutputChecker, resetExpected, showVerdict } from './expected-check.ts';
import type { KernelControl } from './kernel-control.ts';
import { restartedBecause } from './kernel-notices.ts';
import { showKernelStatus } from './kernel-status.ts';
import type { NoticeBoard } from './notices.ts';
import { runSource } from './run-source.ts';

/** What the notebook needs from the page; tests pass fakes. */
export interface NotebookOptions {
  /** The element holding the cells and toolbar (usually `document`). */
  root: ParentNode;
  /** Makes the page's one kernel; called on the first run or prewarm. */
  createKernel(): KernelControl;
  store: EditStore;
  checker: OutputChecker;
  notices: NoticeBoard;
  /** @default one batch of output per animation frame */
  schedule?: Schedule;
}

type Step = 'continue' | 'stop';

/** Kinds whose error is part of working on an exercise, not a broken lesson. */
const FORGIVING_KINDS: ReadonlySet<string> = new Set(['exercise', 'check']);

/**
 * The page's notebook: one kernel, one run queue. Run queues a cell; Run all
 * queues every cell in order. A failing cell stops the rest of the queue,
 * unless it is meant to throw (`data-cell-expects-error`) or belongs to an
 * exercise: a starter the reader has not finished yet, or a check that says
 * so. Those report their error and let the lesson go on.
 */
export class Notebook {
  readonly #options: NotebookOptions;
  readonly #views = new WeakMap<HTMLElement, OutputView>();
  readonly #queue: HTMLElement[] = [];
  #kernel: KernelControl | null = null;
  /** The loop working through the queue, while it runs. */
  #draining: Promise<void> | null = null;
  /** Bumped by Restart: runs of an older epoch no longer touch the page. */
  #epoch = 0;
  /** The run each cell shows output of; late output of older runs is dropped. */
  readonly #currentRun = new WeakMap<HTMLElement, object>();
  /** Restarts the page asked for itself, so `onRestarted` does not report them twice. */
  #ownRestarts = 0;
  readonly #closed = new AbortController();
  /** The page's language (`<html lang>`), for notices and statuses. */
  readonly #lang: Lang;

  constructor(options: NotebookOptions) {
    this.#options = options;
    this.#lang = pageLang(options.root);
  }

  /** Starts the kernel ahead of the first run, so that run is fast. */
  async prewarm(): Promise<void> {
    const kernel = this.#ensureKernel();
    if (kernel.status === 'starting') await kernel.start();
  }

  /** Queues one cell (again, if it already ran) and clears its previous output. */
  run(cell: HTMLElement): Promise<void> {
    if (!this.#queue.includes(cell)) this.#enqueue(cell);
    return this.#drain();
  }

  /** Queues every cell in page order, skipping solutions whose `<details>` is closed. */
  runAll(): Promise<void> {
    for (const cell of findCells(this.#options.root)) {
      if (isHiddenSolution(cell) || this.#queue.includes(cell)) continue;
      this.#enqueue(cell);
    }
    return this.#drain();
  }

  /**
   * Stops the running cell and empties the queue. When the kernel had to be
   * replaced to stop it, the notice says so.
   */
  async interrupt(): Promise<void> {
    this.#resetQueue();
    const kernel = this.#kernel;
    if (kernel === null) return;
    this.#ownRestarts += 1;
    try {
      const result = await kernel.interrupt();
      if (result === 'restarted')
        this.#options.notices.show(NOTICE[this.#lang].restartedAfterInterrupt);
    } finally {
      this.#ownRestarts -= 1;
    }
  }

  /** Replaces the kernel with a fresh one and clears every output and count. */
  async restart(): Promise<void> {
    this.#epoch += 1;
    this.#resetQueue();
    this.#clearAll();
    const kernel = this.#kernel;
    if (kernel !== null) {
      this.#ownRestarts += 1;
      try {
        await kernel.restart();
      } finally {
        this.#ownRestarts -= 1;
      }
      // Output that arrived from the old kernel while it was being replaced.
      this.#clearAll();
    }
    this.#options.notices.show(NOTICE[this.#lang].restartedByReader);
  }

  /** Stops the kernel and forgets the queue (the page is going away). */
  close(): void {
    this.#closed.abort();
    this.#resetQueue();
    this.#kernel?.close();
    this.#kernel = null;
  }

  #enqueue(cell: HTMLElement): void {
    this.#queue.push(cell);
    // A running cell keeps its output and status until its run ends; the next run clears them.
    if (cellStatus(cell) === 'running') return;
    this.#clearCell(cell);
    setCellStatus(cell, 'queued');
  }

  #clearCell(cell: HTMLElement): void {
    this.#currentRun.delete(cell);
    this.#view(cell).clear();
    resetExpected(cell);
  }

  /** Resolves once the queue is empty and nothing runs. */
  #drain(): Promise<void> {
    if (this.#draining === null && this.#queue.length > 0) this.#draining = this.#loop();
    return this.#draining ?? Promise.resolve();
  }

  async #loop(): Promise<void> {
    try {
      for (let cell = this.#queue.shift(); cell !== undefined; cell = this.#queue.shift()) {
        if ((await this.#execute(cell)) === 'stop') this.#resetQueue();
      }
    } finally {
      // Cleared in the same turn as the last empty check, so no enqueue can slip between.
      this.#draining = null;
    }
  }

  async #execute(cell: HTMLElement): Promise<Step> {
    this.#clearCell(cell);
    const epoch = this.#epoch;
    const token = {};
    this.#currentRun.set(cell, token);
    const isCurrent = () => this.#epoch === epoch && this.#currentRun.get(cell) === token;
    const view = this.#view(cell);
    const items: OutputItem[] = [];
    setCellStatus(cell, 'running');
    let status: RunStatus;
    try {
      const kernel = this.#ensureKernel();
      const timeout = Number(cell.getAttribute(CELL_ATTR.timeout));
      const { code, prebuilt } = runSource(cell, this.#options.store);
      const outcome = await kernel.run(cellId(cell), code, {
        ...(prebuilt === undefined ? {} : { prebuilt }),
        onStarted: (count) => {
          if (isCurrent()) setExecutionCount(cell, count);
        },
        onOutput: (batch) => {
          if (!isCurrent()) return;
          items.push(...batch);
          view.append(batch);
        },
        ...(Number.isFinite(timeout) && timeout > 0 ? { timeoutMs: timeout } : {}),
        signal: this.#closed.signal,
      });
      status = outcome.status;
    } catch (error) {
      status = 'error';
      if (isCurrent()) {
        const item: OutputItem = { kind: 'error', error: kernelError(error), late: false };
        items.push(item);
        view.append([item]);
      }
    }
    // Run again or restarted meanwhile: the newer state owns the cell.
    if (!isCurrent()) return 'continue';
    setCellStatus(cell, status);
    showVerdict(cell, items, this.#options.checker, this.#lang);
    if (status === 'done') return 'continue';
    const forgiven =
      status === 'error' &&
      (FORGIVING_KINDS.has(cell.getAttribute(CELL_ATTR.kind) ?? '') ||
        cell.hasAttribute(CELL_ATTR.expectsError));
    return forgiven ? 'continue' : 'stop';
  }

  /**
   * The page's kernel, started but not waited for: its first run is posted right behind
   * `init` (`KernelClient.run`), and a start that fails fails that run.
   */
  #ensureKernel(): KernelControl {
    if (this.#kernel === null) {
      const kernel = this.#options.createKernel();
      this.#kernel = kernel;
      const status = this.#options.root.querySelector<HTMLElement>('[data-kernel-status]');
      showKernelStatus(status, kernel.status, this.#lang);
      kernel.onStatus((next) => showKernelStatus(status, next, this.#lang));
      kernel.onRestarted((reason) => {
        if (this.#ownRestarts === 0) {
          this.#options.notices.show(restartedBecause(reason, this.#lang));
        }
      });
      // A busy loop also leaves pings unanswered, but it still makes progress and
      // Interrupt stops it: only a kernel that is stuck or gone gets a notice.
      let healthNotice = '';
      kernel.onHealth((health) => {
        const notices = this.#options.notices;
        const words = NOTICE[this.#lang];
        const next =
          health === 'unresponsive' ? words.unresponsive : health === 'closed' ? words.closed : '';
        if (next !== '') notices.show(next);
        else if (healthNotice !== '' && notices.text.startsWith(healthNotice)) notices.show('');
        healthNotice = next;
      });
    }
    const kernel = this.#kernel;
    if (kernel.status === 'off') kernel.start().catch(() => {});
    return kernel;
  }

  #view(cell: HTMLElement): OutputView {
    let view = this.#views.get(cell);
    if (view === undefined) {
      const container = part(cell, CELL_ATTR.output) ?? appendOutput(cell);
      view = new OutputView(
        container,
        this.#options.schedule === undefined ? {} : { schedule: this.#options.schedule },
      );
      this.#views.set(cell, view);
    }
    return view;
  }

  #resetQueue(): void {
    for (const cell of this.#queue.splice(0)) {
      if (cellStatus(cell) === 'queued') setCellStatus(cell, 'idle');
    }
  }

  #clearAll(): void {
    for (const cell of findCells(this.#options.root)) {
      this.#clearCell(cell);
      setExecutionCount(cell, null);
      setCellStatus(cell, 'idle');
    }
  }
}

function isHiddenSolution(cell: HTMLElement): boolean {
  if (cell.getAttribute(CELL_ATTR.kind) !== 'solution') return false;
  const details = cell.closest('details');
  return details !== null && !details.open;
}

function appendOutput(cell: HTMLElement): HTMLElement {
  const output = document.createElement('div');
  output.className = 'yb-cell__output';
  output.setAttribute(CELL_ATTR.output, '');
  output.setAttribute('aria-live', 'polite');
  cell.append(output);
  return output;
}

/** A failure of the kernel itself (it did not start, it crashed), shown in the cell. */
function kernelError(error: unknown): SerializedError {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, stack: '' };
  }
  return { name: 'Error', message: String(error), stack: '' };
}
