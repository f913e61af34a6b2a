/**
 * A body made on demand, to see how far a reader pulls it: back-pressure tests read `produced`
 * while the client reads nothing, then a little, then goes away.
 */

/** What a counting body has handed out, and whether its reader cancelled it. */
export interface CountingState {
  /** Bytes enqueued so far; with no queue of its own, exactly what its reader pulled. */
  produced: number;
  cancelled: boolean;
}

/** Options of `countingBody`. */
export interface CountingBodyOptions {
  /**
   * Bytes after which the body ends.
   * @default Infinity
   */
  total?: number;
  /** The first part, in place of `chunk`. */
  first?: Uint8Array | undefined;
}

/**
 * A body of `first` (when given) then `chunk` again and again, one part a pull, up to `total`
 * bytes, with no queue of its own (`highWaterMark: 0`).
 * @returns the body, its `state`, and `cancelled`, which resolves once the reader cancels it.
 */
export function countingBody(
  chunk: Uint8Array,
  { total = Number.POSITIVE_INFINITY, first }: CountingBodyOptions = {},
): { body: ReadableStream<Uint8Array>; state: CountingState; cancelled: Promise<void> } {
  const state: CountingState = { produced: 0, cancelled: false };
  let markCancelled = () => {};
  const cancelled = new Promise<void>((resolve) => {
    markCancelled = resolve;
  });
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.produced >= total) {
          controller.close();
          return;
        }
        const part = state.produced === 0 && first !== undefined ? first : chunk;
        state.produced += part.length;
        controller.enqueue(part);
      },
      cancel() {
        state.cancelled = true;
        markCancelled();
      },
    },
    { highWaterMark: 0 },
  );
  return { body, state, cancelled };
}

/**
 * Polls until `value()` has not changed for 20 polls in a row, 10 ms apart (the pipeline is at
 * rest); resolves with it. The test's timeout bounds the wait.
 */
export async function atRest(value: () => number): Promise<number> {
  let last = -1;
  for (let same = 0; same < 20; ) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const now = value();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}
