/**
 * Notebook markup as docs/cells.md renders it, and a scripted fake kernel, for
 * the controller tests.
 */

import type { OutputItem } from '../../../../src/core/output-item.ts';
import { BOOT } from '../../../../src/i18n/ui.ts';
import type {
  KernelControl,
  KernelHealth,
  KernelStatus,
  RunOptions,
  RunOutcome,
} from '../../../../src/notebook/controller/kernel-control.ts';
import type { RunStatus } from '../../../../src/notebook/protocol.ts';

/** One cell of a fixture page. */
export interface CellFixture {
  id: string;
  source?: string;
  kind?: 'code' | 'exercise' | 'solution' | 'check';
  expectsError?: boolean;
  expected?: string;
  /** A `predict` cell: its expected output in a closed `<details data-cell-predict>`. */
  predict?: boolean;
  /** For solutions: put the cell in a `<details>`, open or closed. */
  details?: 'open' | 'closed';
}

/** Replaces the document body with a toolbar and the given cells. */
export function renderPage(cells: readonly CellFixture[]): void {
  const html = cells.map((cell) => {
    const attributes = [
      `data-cell-id="${cell.id}"`,
      `data-cell-kind="${cell.kind ?? 'code'}"`,
      cell.expectsError === true ? 'data-cell-expects-error' : '',
    ].join(' ');
    const block =
      cell.expected === undefined
        ? ''
        : `<div class="yb-cell__expected" data-cell-expected><pre>${cell.expected}</pre></div>`;
    const expected =
      cell.predict === true
        ? `<details class="yb-cell__predict" data-cell-predict><summary>Predict the output</summary>${block}</details>`
        : block;
    const section = `<section class="yb-cell" data-cell ${attributes} data-cell-status="idle" data-cell-check="exact" aria-label="Cell ${cell.id}">
  <div class="yb-cell__bar">
    <span class="yb-cell__count" data-cell-count>[ ]</span>
    <button type="button" data-cell-run disabled>Run</button>
    <span data-cell-edited hidden>edited</span>
    <button type="button" data-cell-revert hidden disabled>Revert</button>
  </div>
  <div class="yb-cell__code" data-cell-code data-cell-edit-label="Code of cell ${cell.id}, press Enter to edit" tabindex="0"><pre class="shiki">${cell.source ?? `run(${cell.id})`}</pre></div>
  <script type="application/json" data-cell-source>${JSON.stringify(cell.source ?? `run(${cell.id})`)}</script>
  ${expected}
  <div class="yb-cell__output" data-cell-output aria-live="polite"></div>
</section>`;
    if (cell.details === undefined) return section;
    return `<details${cell.details === 'open' ? ' open' : ''}><summary>Solution</summary>${section}</details>`;
  });
  document.body.innerHTML = `<div class="yb-toolbar" data-notebook-toolbar role="toolbar" aria-label="Notebook">
  <button type="button" data-notebook-run-all disabled>Run all</button>
  <button type="button" data-notebook-interrupt disabled>Interrupt</button>
  <button type="button" data-notebook-restart disabled>Restart</button>
  <span data-kernel-status="off">Kernel not started</span>
  <p data-notebook-notice data-not-isolated="${BOOT.en.notIsolated}" data-could-not-run="${BOOT.en.couldNotRun}" hidden></p>
</div>
${html.join('\n')}`;
}

/** The cell element with the given id. */
export function cellById(id: string): HTMLElement {
  const cell = document.querySelector<HTMLElement>(`[data-cell-id="${id}"]`);
  if (cell === null) throw new Error(`no cell ${id}`);
  return cell;
}

/** A promise with its resolver, to hold a run open until the test lets it go. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** What the fake kernel does for one cell id. */
export interface Script {
  status?: RunStatus;
  output?: OutputItem[];
  /** Hold the run until this settles (the status then comes from it). */
  hold?: Promise<RunStatus>;
}

/** A recorded `run` call. */
export interface RunCall {
  cellId: string;
  code: string;
  options: RunOptions;
}

/** A kernel that follows a script per cell id and records what it was asked. */
export class FakeKernel implements KernelControl {
  status: KernelStatus = 'off';
  readonly calls: RunCall[] = [];
  readonly scripts = new Map<string, Script>();
  interruptResult: 'stopped' | 'restarted' | 'idle' = 'stopped';
  interrupts = 0;
  restarts = 0;
  #count = 0;
  readonly #waiters: Array<{ count: number; resolve(): void }> = [];
  readonly #statusListeners = new Set<(status: KernelStatus) => void>();
  readonly #restartListeners = new Set<(reason: string) => void>();
  readonly #healthListeners = new Set<(health: KernelHealth) => void>();

  async start(): Promise<void> {
    this.#set('idle');
  }

  /** Resolves once the kernel has been asked to run `count` cells in all. */
  whenCalled(count: number): Promise<void> {
    if (this.calls.length >= count) return Promise.resolve();
    const waiting = deferred<void>();
    this.#waiters.push({ count, resolve: () => waiting.resolve() });
    return waiting.promise;
  }

  async run(cellId: string, code: string, options: RunOptions): Promise<RunOutcome> {
    this.calls.push({ cellId, code, options });
    const script = this.scripts.get(cellId) ?? {};
    this.#set('busy');
    this.#count += 1;
    options.onStarted?.(this.#count);
    if (script.output !== undefined) options.onOutput(script.output);
    for (const waiter of this.#waiters.filter((entry) => entry.count <= this.calls.length)) {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    const status = script.hold === undefined ? (script.status ?? 'done') : await script.hold;
    this.#set('idle');
    return { status, durationMs: 1 };
  }

  async interrupt(): Promise<'stopped' | 'restarted' | 'idle'> {
    this.interrupts += 1;
    if (this.interruptResult === 'restarted') this.emitRestarted('interrupt grace period passed');
    return this.interruptResult;
  }

  async restart(): Promise<void> {
    this.restarts += 1;
    this.#count = 0;
    this.emitRestarted('restart requested');
  }

  close(): void {
    this.#set('off');
  }

  onStatus(listener: (status: KernelStatus) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  onRestarted(listener: (reason: string) => void): () => void {
    this.#restartListeners.add(listener);
    return () => this.#restartListeners.delete(listener);
  }

  onHealth(listener: (health: KernelHealth) => void): () => void {
    this.#healthListeners.add(listener);
    return () => this.#healthListeners.delete(listener);
  }

  /** Simulates the heartbeat's finding. */
  emitHealth(health: KernelHealth): void {
    for (const listener of this.#healthListeners) listener(health);
  }

  /** Simulates the kernel replacing itself (a crash, a timeout). */
  emitRestarted(reason: string): void {
    for (const listener of this.#restartListeners) listener(reason);
  }

  #set(status: KernelStatus): void {
    this.status = status;
    for (const listener of this.#statusListeners) listener(status);
  }
}

/** The ids of the cells the kernel was asked to run, in order. */
export function ranIds(kernel: FakeKernel): string[] {
  return kernel.calls.map((call) => call.cellId);
}

/** `data-cell-status` of each cell, by id. */
export function statuses(...ids: string[]): Record<string, string | null> {
  return Object.fromEntries(ids.map((id) => [id, cellById(id).getAttribute('data-cell-status')]));
}
