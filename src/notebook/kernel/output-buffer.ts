import type { OutputItem } from '../../core/output-item.ts';

/** Flush at least this often while output keeps coming (one frame). */
const FLUSH_MS = 16;
/** Flush at once when this many characters are waiting. */
const FLUSH_CHARS = 16_384;

interface RunBudget {
  used: number;
  droppedItems: number;
  droppedChars: number;
  /** Dropped counts changed since the last `dropped` item was queued. */
  droppedDirty: boolean;
  displays: Set<string>;
}

/** Infrastructure the buffer needs, passed in so tests control time. */
export interface OutputBufferOptions {
  /** Characters kept per run before dropping. */
  cap: number;
  send(runId: number, items: OutputItem[]): void;
  now(): number;
  schedule(callback: () => void, ms: number): unknown;
}

/** Characters an item costs against the cap. */
function itemChars(item: OutputItem): number {
  switch (item.kind) {
    case 'stream':
    case 'result':
      return item.text.length;
    case 'display':
      return item.data.text.length;
    case 'error':
      return item.error.message.length;
    case 'dropped':
      return 0;
  }
}

/**
 * Collects output, applies the per-run cap and sends it in batches: every
 * frame while output flows, at once when a lot is waiting, and on `flush()`
 * (always called before `finished`). Flushing also happens from inside a
 * busy loop, since a loop that never yields would starve a timer.
 */
export class OutputBuffer {
  readonly #options: OutputBufferOptions;
  readonly #budgets = new Map<number, RunBudget>();
  #pending: { runId: number; item: OutputItem }[] = [];
  #pendingChars = 0;
  #lastFlush: number;
  #scheduled = false;

  constructor(options: OutputBufferOptions) {
    this.#options = options;
    this.#lastFlush = options.now();
  }

  /** Whether `runId` has reached its cap (callers then only count, not format). */
  isCapped(runId: number): boolean {
    const budget = this.#budgets.get(runId);
    return budget !== undefined && budget.used >= this.#options.cap;
  }

  /** Adds one item of `runId`, or counts it as dropped past the cap. Errors always pass. */
  push(runId: number, item: OutputItem): void {
    const budget = this.#budget(runId);
    const cap = this.#options.cap;
    let kept: OutputItem | null = item;
    if (item.kind === 'display' && (item.update || budget.displays.has(item.displayId))) {
      // An update replaces an item already paid for; one never admitted stays dropped.
      if (!budget.displays.has(item.displayId)) kept = null;
    } else if (item.kind !== 'error' && item.kind !== 'dropped') {
      const chars = itemChars(item);
      if (budget.used + chars <= cap) {
        budget.used += chars;
        if (item.kind === 'display') budget.displays.add(item.displayId);
      } else if (item.kind === 'stream' && budget.used < cap) {
        // Keep the head of a long write so the reader sees where it was cut.
        const room = cap - budget.used;
        kept = { ...item, text: item.text.slice(0, room) };
        budget.used = cap;
        this.#drop(budget, 0, chars - room);
      } else {
        budget.used = Math.max(budget.used, cap);
        this.#drop(budget, 1, chars);
        kept = null;
      }
    }
    if (kept) this.#enqueue(runId, kept);
    this.#afterWrite();
  }

  /** Counts output that was never formatted because the run is past its cap. */
  countDropped(runId: number, chars: number): void {
    this.#drop(this.#budget(runId), 1, chars);
    this.#afterWrite();
  }

  /** Sends everything waiting, with an up-to-date `dropped` item for each run that dropped. */
  flush(): void {
    for (const [runId, budget] of this.#budgets) {
      if (!budget.droppedDirty) continue;
      budget.droppedDirty = false;
      this.#enqueue(runId, {
        kind: 'dropped',
        items: budget.droppedItems,
        chars: budget.droppedChars,
      });
    }
    this.#lastFlush = this.#options.now();
    const pending = this.#pending;
    this.#pending = [];
    this.#pendingChars = 0;
    let batch: OutputItem[] = [];
    let batchRun = 0;
    for (const { runId, item } of pending) {
      if (batch.length > 0 && runId !== batchRun) {
        this.#options.send(batchRun, batch);
        batch = [];
      }
      batchRun = runId;
      batch.push(item);
    }
    if (batch.length > 0) this.#options.send(batchRun, batch);
  }

  #budget(runId: number): RunBudget {
    let budget = this.#budgets.get(runId);
    if (!budget) {
      budget = {
        used: 0,
        droppedItems: 0,
        droppedChars: 0,
        droppedDirty: false,
        displays: new Set(),
      };
      this.#budgets.set(runId, budget);
    }
    return budget;
  }

  #drop(budget: RunBudget, items: number, chars: number): void {
    budget.droppedItems += items;
    budget.droppedChars += chars;
    budget.droppedDirty = true;
  }

  #enqueue(runId: number, item: OutputItem): void {
    const last = this.#pending.at(-1);
    // Merging consecutive writes keeps a chatty loop from sending thousands of items.
    if (
      last &&
      last.runId === runId &&
      last.item.kind === 'stream' &&
      item.kind === 'stream' &&
      last.item.stream === item.stream
    ) {
      last.item = { ...last.item, text: last.item.text + item.text };
    } else {
      this.#pending.push({ runId, item });
    }
    this.#pendingChars += itemChars(item);
  }

  #afterWrite(): void {
    if (this.#pendingChars >= FLUSH_CHARS || this.#options.now() - this.#lastFlush >= FLUSH_MS) {
      this.flush();
      return;
    }
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.#options.schedule(() => {
      this.#scheduled = false;
      this.flush();
    }, FLUSH_MS);
  }
}
