/** One task (or batch of tasks) as it ran on a worker. Times in ms since the pool started. */
export interface TimelineEntry {
  /** The worker that ran it, from 0. */
  lane: number;
  /** The task's function name. */
  label: string;
  /** How many calls the message carried (1 unless batched). */
  calls: number;
  start: number;
  end: number;
  ok: boolean;
}

/** Keeps the most recent entries; old ones fall off so a long-lived pool stays small. */
export class Timeline {
  readonly #entries: TimelineEntry[] = [];
  readonly #limit: number;

  constructor(limit = 10_000) {
    this.#limit = limit;
  }

  add(entry: TimelineEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.#limit) this.#entries.shift();
  }

  entries(): TimelineEntry[] {
    return [...this.#entries];
  }

  clear(): void {
    this.#entries.length = 0;
  }
}
