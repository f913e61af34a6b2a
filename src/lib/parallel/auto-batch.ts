/** Batches shorter than this are too fast: the message costs more than the work. */
const MIN_IDEAL_MS = 200;
/** Batches longer than this are too slow: they hurt load balance at the end. */
const MAX_IDEAL_MS = 2000;
/** Weight of the previous average in the moving average of batch durations. */
const SMOOTHING = 0.8;

/**
 * joblib's auto-batching (`AutoBatchingMixin`): start with one call per
 * message; after each batch of the current size, update a moving average of
 * how long batches take, then double the size (at most to what would take
 * 0.2 s) while they are faster than 0.2 s, or shrink it when slower than 2 s.
 * A fixed size never changes.
 */
export class AutoBatcher {
  readonly #auto: boolean;
  #size: number;
  #smoothed = 0;

  constructor(batchSize: number | 'auto') {
    this.#auto = batchSize === 'auto';
    this.#size = batchSize === 'auto' ? 1 : batchSize;
  }

  /** The size of the next batch. */
  get size(): number {
    return this.#size;
  }

  /** Records that a batch of `size` calls took `durationMs` from dispatch to result. */
  completed(size: number, durationMs: number): void {
    if (!this.#auto || size !== this.#size) return;
    this.#smoothed =
      this.#smoothed === 0 ? durationMs : SMOOTHING * this.#smoothed + (1 - SMOOTHING) * durationMs;
    const old = this.#size;
    let next = old;
    if (this.#smoothed > 0 && this.#smoothed < MIN_IDEAL_MS) {
      const ideal = 2 * Math.floor((old * MIN_IDEAL_MS) / this.#smoothed);
      next = Math.max(Math.min(2 * old, ideal), 1);
    } else if (this.#smoothed > MAX_IDEAL_MS && old >= 2) {
      next = Math.max(2 * Math.floor((old * MIN_IDEAL_MS) / this.#smoothed), 1);
    }
    if (next !== old) {
      this.#size = next;
      this.#smoothed = 0;
    }
  }
}
