import type { DisplayData } from '../../core/display-data.ts';
import { nextDisplayId, openEmitter } from './hook.ts';

/** Options of `progress`. */
export interface ProgressOptions {
  /** Shown before the bar. @default 'progress' */
  label?: string;
  /** Number of items, when the iterable cannot tell (generators). */
  total?: number;
  /** Minimum time between two updates of the bar. @default 100 */
  intervalMs?: number;
}

type ProgressData = Extract<DisplayData, { mime: 'application/vnd.yieldbook.progress+json' }>;

const WIDTH = 20;

/**
 * The text fallback: `label: 3/10 |██████              | 30%`. It has no
 * timing, so a finished bar prints the same on every run and tests can
 * compare it.
 */
export function progressText(label: string, done: number, total: number | null): string {
  if (total === null || total <= 0) return `${label}: ${done}`;
  const ratio = Math.min(1, done / total);
  const filled = Math.round(ratio * WIDTH);
  const bar = `${'█'.repeat(filled)}${' '.repeat(WIDTH - filled)}`;
  return `${label}: ${done}/${total} |${bar}| ${Math.round(ratio * 100)}%`;
}

function totalOf(iterable: unknown, total: number | undefined): number | null {
  if (total !== undefined) {
    if (!Number.isInteger(total) || total < 0) {
      throw new TypeError(`Expected \`total\` to be a non-negative integer, got ${String(total)}`);
    }
    return total;
  }
  if (Array.isArray(iterable) || ArrayBuffer.isView(iterable))
    return (iterable as ArrayLike<unknown>).length;
  if (iterable instanceof Map || iterable instanceof Set) return iterable.size;
  return null;
}

/** The bar's state and its throttled emission, shared by the sync and async paths. */
function tracker(label: string, total: number | null, intervalMs: number) {
  const emit = openEmitter();
  const displayId = nextDisplayId();
  const start = Date.now();
  let done = 0;
  let last = Number.NEGATIVE_INFINITY;
  let first = true;
  const send = (finished: boolean) => {
    const data: ProgressData = {
      mime: 'application/vnd.yieldbook.progress+json',
      label,
      done,
      total,
      elapsedMs: Date.now() - start,
      finished,
      text: progressText(label, done, total),
    };
    emit(displayId, !first, data);
    first = false;
    last = Date.now();
  };
  send(false);
  return {
    step() {
      done += 1;
      if (Date.now() - last >= intervalMs) send(false);
    },
    finish() {
      send(true);
    },
  };
}

/**
 * Passes the items of `iterable` through while drawing one live progress bar
 * (the tqdm of the course). Works with `for…of` over sync iterables and
 * `for await` over async ones.
 *
 * @example
 * for (const n of progress(numbers, { label: 'squaring' })) work(n);
 * for await (const page of progress(pages(), { total: 10 })) use(page);
 */
export function progress<T>(iterable: Iterable<T>, options?: ProgressOptions): IterableIterator<T>;
export function progress<T>(
  iterable: AsyncIterable<T>,
  options?: ProgressOptions,
): AsyncIterableIterator<T>;
export function progress<T>(
  iterable: Iterable<T> | AsyncIterable<T>,
  options: ProgressOptions = {},
): IterableIterator<T> | AsyncIterableIterator<T> {
  const { label = 'progress', total, intervalMs = 100 } = options;
  if (typeof iterable !== 'object' || iterable === null) {
    throw new TypeError(`Expected \`iterable\` to be iterable, got ${String(iterable)}`);
  }
  const size = totalOf(iterable, total);
  if (Symbol.asyncIterator in iterable) {
    return (async function* () {
      const bar = tracker(label, size, intervalMs);
      try {
        for await (const item of iterable) {
          yield item;
          bar.step();
        }
      } finally {
        bar.finish();
      }
    })();
  }
  if (!(Symbol.iterator in iterable)) {
    throw new TypeError(
      'Expected `iterable` to be iterable or async iterable, got an object that is neither',
    );
  }
  return (function* () {
    const bar = tracker(label, size, intervalMs);
    try {
      for (const item of iterable) {
        yield item;
        bar.step();
      }
    } finally {
      bar.finish();
    }
  })();
}
