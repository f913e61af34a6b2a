/** Shown when Interrupt had to replace the kernel because the cell ignored it. */
export const RESTARTED_AFTER_INTERRUPT =
  'The kernel was restarted because the cell did not stop in time; variables from earlier cells are gone. Run them again.';

/** Shown after the reader pressed Restart. */
export const RESTARTED_BY_READER =
  'The kernel was restarted and all outputs were cleared; variables from earlier cells are gone.';

/** Shown while the running kernel answers no heartbeat and makes no progress. */
export const KERNEL_UNRESPONSIVE =
  'The kernel has stopped answering: the running cell may be stuck where Interrupt cannot reach it, such as a promise chain that re-queues itself forever, or the kernel has died. Interrupt or Restart will start a fresh kernel; variables from earlier cells will be lost.';

/** Shown once a cell closed the kernel (`self.close()`). */
export const KERNEL_CLOSED_NOTICE =
  'A cell closed the kernel (`self.close()`), so no cell can run in it any more. Interrupt or Restart will start a fresh kernel; variables from earlier cells will be lost.';

/** Shown on pages served without cross-origin isolation (no SharedArrayBuffer). */
const NOT_ISOLATED =
  'This page is not cross-origin isolated: interrupt falls back to restarting the kernel for busy loops, and shared-memory lessons are unavailable. Cells still run.';

/** Shown when the kernel replaced itself (a timeout, a crash); `reason` is the kernel's sentence. */
export function restartedBecause(reason: string): string {
  const said = reason.trim() || 'The kernel was restarted; variables from earlier cells are gone.';
  return `${said} Run the earlier cells again.`;
}

/**
 * The `[data-notebook-notice]` region: the latest event (a restart) followed
 * by the standing isolation note, if the page is not isolated.
 */
export class NoticeBoard {
  readonly #element: HTMLElement | null;
  readonly #standing: string;
  #event = '';

  constructor(element: HTMLElement | null, crossOriginIsolated: boolean) {
    this.#element = element;
    this.#standing = crossOriginIsolated ? '' : NOT_ISOLATED;
    // A polite status region: restarts are announced once, without interrupting.
    element?.setAttribute('role', 'status');
    this.#render();
  }

  /** Replaces the event message (empty string: none). */
  show(message: string): void {
    this.#event = message;
    this.#render();
  }

  /** The text currently shown. */
  get text(): string {
    return [this.#event, this.#standing].filter(Boolean).join(' ');
  }

  #render(): void {
    if (this.#element === null) return;
    this.#element.textContent = this.text;
    this.#element.hidden = this.text === '';
  }
}
