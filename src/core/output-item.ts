import type { DisplayData } from './display-data.ts';
import type { SerializedError } from './serialized-error.ts';

/** One piece of a cell's output. */
export type OutputItem =
  /** Console output; `text` ends with a newline for each console call. */
  | { kind: 'stream'; stream: 'stdout' | 'stderr'; text: string }
  /**
   * Rich output. When `update` is true it replaces the earlier item with the
   * same `displayId` (a progress bar advancing) instead of adding one.
   */
  | { kind: 'display'; displayId: string; update: boolean; data: DisplayData }
  /** The value of the cell's last expression, formatted like Node's inspector. */
  | { kind: 'result'; text: string }
  /** The uncaught error that ended the run, or one thrown later by a timer or promise of the cell. */
  | { kind: 'error'; error: SerializedError; late: boolean }
  /** Output past the per-cell cap: what was dropped so far (cumulative counts). */
  | { kind: 'dropped'; items: number; chars: number };
