/** Batches shorter than this are too fast: the message costs more than the work. */
const MIN_IDEAL_MS = 200;
/** Batches longer than this are too slow: they hurt load balance at the end. */
const MAX_IDEAL_MS = 2000;
/** Weight of the previous average in the moving average of batch durations. */
const SMOOTHING = 0.8;

/**
 * Auto-batching after joblib's `AutoBatchingMixin`, with one change: start
 * with one call per message; after each batch of the current size, update a
 * moving average of how long batches take; while they are faster than 0.2 s,
 * the next size is the one that would take 0.4 s at that pace (twice 0.2 s,
 * joblib's margin against swinging between too small and too large); when
 * slower than 2 s, it shrinks the same way. joblib also lets the size at most
 * double per step; here it goes straight to that size, because a message
 * between threads costs tens of microseconds, not milliseconds: doubling from
 * 1 spends a dozen round trips on small batches before tiny tasks travel in
 * large ones. The price: when the first calls are much faster than those
 * that follow, one round of batches is too large until one takes over 2 s.
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

  /**
   * How long one call takes at the measured pace, in milliseconds (message
   * included); 0 before the first batch of the current size came back.
   */
  get msPerCall(): number {
    return this.#smoothed / this.#size;
  }

  /** Records that a batch of `size` calls took `durationMs` from dispatch to result. */
  completed(size: number, durationMs: number): void {
    // A batch measured as taking no time at all (a coarse clock) says nothing, as in joblib.
    if (!this.#auto || size !== this.#size || !(durationMs > 0)) return;
    const duration = durationMs;
    this.#smoothed =
      this.#smoothed === 0 ? duration : SMOOTHING * this.#smoothed + (1 - SMOOTHING) * duration;
    const old = this.#size;
    let next = old;
    if (this.#smoothed < MIN_IDEAL_MS || (this.#smoothed > MAX_IDEAL_MS && old >= 2)) {
      next = Math.max(2 * Math.floor((old * MIN_IDEAL_MS) / this.#smoothed), 1);
    }
    if (next !== old) {
      this.#size = next;
      this.#smoothed = 0;
    }
  }
}
