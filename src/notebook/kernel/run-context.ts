/**
 * Which run the code executing right now belongs to. Output, timers and
 * interrupt checks read it; the cell runtime and the timer wrappers set it
 * whenever they re-enter cell code, so late output lands on the right cell.
 */
export class RunContext {
  /** The run whose code is executing (or ran last); 0 before the first run. */
  current = 0;

  /** Runs `fn` as part of run `runId`, then restores whatever was current before. */
  enter<T>(runId: number, fn: () => T): T {
    const previous = this.current;
    this.current = runId;
    try {
      return fn();
    } finally {
      this.current = previous;
    }
  }
}
