import { abortReason } from './errors.ts';

/**
 * Yields the values of `promises` in the order they settle (the analog of
 * `concurrent.futures.as_completed`). A rejection is thrown where it comes in
 * the order; values that settled before it have been yielded. Breaking out
 * of the loop, or aborting `signal`, stops waiting for the rest (it does not
 * cancel them: pass the same signal to the calls for that).
 *
 * @example
 * const futures = [1, 2, 3].map((n) => pool.submit(slow, n));
 * for await (const value of asCompleted(futures)) console.log(value);
 */
export async function* asCompleted<T>(
  promises: Iterable<Promise<T>>,
  options: { signal?: AbortSignal } = {},
): AsyncGenerator<T, void, undefined> {
  const { signal } = options;
  const settled: PromiseSettledResult<T>[] = [];
  let wake: (() => void) | null = null;
  const all = [...new Set(promises)];
  for (const promise of all) {
    Promise.resolve(promise).then(
      (value) => {
        settled.push({ status: 'fulfilled', value });
        wake?.();
      },
      (reason: unknown) => {
        settled.push({ status: 'rejected', reason });
        wake?.();
      },
    );
  }
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  try {
    for (let done = 0; done < all.length; done++) {
      while (settled.length === 0) {
        if (signal?.aborted) throw abortReason(signal);
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
      }
      if (signal?.aborted) throw abortReason(signal);
      const next = settled.shift() as PromiseSettledResult<T>;
      if (next.status === 'rejected') throw next.reason;
      yield next.value;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
