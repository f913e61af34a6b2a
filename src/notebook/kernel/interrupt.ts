import type { AwaitBox } from '../../core/cell-runtime.ts';
import { INTERRUPT_SLOT, PROGRESS_SLOT } from '../protocol.ts';

/** Thrown inside a cell when the reader interrupts it. */
class InterruptError extends Error {
  override name = 'InterruptError';
  constructor() {
    super('Interrupted');
  }
}

/** True for an InterruptError, also one that crossed a realm or was re-created by a library. */
export function isInterruptError(value: unknown): boolean {
  return (
    value instanceof InterruptError || (value instanceof Error && value.name === 'InterruptError')
  );
}

/**
 * Interrupt state of the kernel: the shared flag (checked at loop back-edges,
 * generator resumptions and awaits) and the message path (which rejects the
 * awaits a run is parked on, since a parked run never reaches a check).
 */
export class Interrupts {
  readonly #flag: Int32Array | null;
  /** Runs asked to stop by any path (decides the `interrupted` status). */
  readonly #interrupted = new Set<number>();
  /** Runs stopped by the message: every later check throws, so no await can park them again. */
  readonly #stopped = new Set<number>();
  readonly #waits = new Map<number, Set<(error: InterruptError) => void>>();

  constructor(flag: Int32Array | null) {
    this.#flag = flag;
  }

  /** Whether `runId` was interrupted, through the flag or the message. */
  isInterrupted(runId: number): boolean {
    return this.#interrupted.has(runId);
  }

  /**
   * Throws an InterruptError when `runId` has been asked to stop. The flag
   * throws once (a cell may catch it and clean up); after the `interrupt`
   * message every check throws.
   */
  check(runId: number): void {
    const flag = this.#flag;
    // Wraps at 2^31; the page only asks whether it changed.
    if (flag) flag[PROGRESS_SLOT] = ((flag[PROGRESS_SLOT] ?? 0) + 1) | 0;
    // compareExchange clears the slot only if it still names this run, so a
    // request that raced with the next run's start can never stop that run.
    if (flag && runId !== 0 && Atomics.compareExchange(flag, INTERRUPT_SLOT, runId, 0) === runId) {
      this.#interrupted.add(runId);
      throw new InterruptError();
    }
    if (this.#stopped.has(runId)) throw new InterruptError();
  }

  /** Settles with `value` boxed with `runId`, or rejects as soon as the run is interrupted. */
  wait(runId: number, value: unknown): Promise<AwaitBox> {
    try {
      this.check(runId);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AwaitBox>((resolve, reject) => {
      let waits = this.#waits.get(runId);
      if (!waits) {
        waits = new Set();
        this.#waits.set(runId, waits);
      }
      const pending = waits;
      const cancel = (error: InterruptError) => reject(error);
      pending.add(cancel);
      Promise.resolve(value).then(
        (settled) => {
          pending.delete(cancel);
          resolve({ value: settled, runId });
        },
        (error: unknown) => {
          pending.delete(cancel);
          reject(error);
        },
      );
    });
  }

  /** Marks `runId` interrupted and rejects every await it is parked on. */
  interrupt(runId: number): void {
    this.#interrupted.add(runId);
    this.#stopped.add(runId);
    const waits = this.#waits.get(runId);
    if (!waits) return;
    this.#waits.delete(runId);
    for (const cancel of waits) cancel(new InterruptError());
  }
}
