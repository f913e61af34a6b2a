/**
 * The one message protocol between the notebook controller (the page) and the
 * kernel worker. Nothing else crosses that `postMessage` boundary.
 *
 * Flow: the controller sends `init`, waits for `ready`, then sends one `run` at a
 * time and waits for its `finished`. Output arrives in batches (`output`) while a
 * run is going and also after it finished (timers, promises settling later);
 * `runId` says which cell it belongs to.
 */

/** Bumped whenever a message shape changes, so a stale cached worker is noticed. */
export const PROTOCOL_VERSION = 1;

/** Status of a cell, mirrored in the `data-cell-status` attribute. */
export type CellStatus = 'idle' | 'queued' | 'running' | 'done' | 'error' | 'interrupted';

/** Final status of one run. */
export type RunStatus = 'done' | 'error' | 'interrupted';

/**
 * Layout of the shared interrupt buffer (an `Int32Array` over a
 * `SharedArrayBuffer` of `INTERRUPT_BUFFER_BYTES`).
 * Slot `INTERRUPT_SLOT` holds the `runId` the page wants stopped (0: none).
 * The kernel compares it with the running `runId`, so a late request can
 * never stop the next cell.
 */
export const INTERRUPT_BUFFER_BYTES = 8;
export const INTERRUPT_SLOT = 0;

/** An error as it crosses the boundary; positions refer to the cell's TypeScript source. */
export interface SerializedError {
  name: string;
  message: string;
  /** Stack rewritten to cell positions (`at <cellId>:<line>:<column>`); frames in kernel code removed. */
  stack: string;
  /** 1-based line in the cell's TypeScript source, when the error points into a cell. */
  line?: number;
  /** 1-based column in the cell's TypeScript source. */
  column?: number;
  /** Id of the cell the position refers to (errors can come from functions defined in earlier cells). */
  cellId?: string;
}

/** Rich output. Every variant carries `text`, its plain-text form, which is what tests compare. */
export type DisplayData =
  | { mime: 'text/plain'; text: string }
  /** HTML is untrusted: the page sanitises it before inserting it. */
  | { mime: 'text/html'; html: string; text: string }
  | { mime: 'image/svg+xml'; svg: string; text: string }
  /** A raster image (PNG) made from a canvas, ImageData, ImageBitmap or Blob. */
  | { mime: 'image/png'; blob: Blob; width: number; height: number; text: string }
  | {
      mime: 'application/vnd.yieldbook.table+json';
      columns: string[];
      rows: string[][];
      text: string;
    }
  | {
      mime: 'application/vnd.yieldbook.progress+json';
      label: string;
      done: number;
      /** Unknown for iterables without a length. */
      total: number | null;
      elapsedMs: number;
      finished: boolean;
      text: string;
    }
  /**
   * A file the reader can save: the page shows a download link for `blob`
   * (with `download=filename`, never opened as a page).
   */
  | { mime: 'application/vnd.yieldbook.download+json'; blob: Blob; filename: string; text: string };

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

/** Page → kernel. */
export type KernelRequest =
  | {
      type: 'init';
      /** Shared interrupt flag; null when the page is not cross-origin isolated. */
      interruptBuffer: SharedArrayBuffer | null;
      /** Absolute origin of the site (for the LLM proxy's base URL). */
      origin: string;
      /** Path of the lesson page, for messages and storage keys. */
      page: string;
      /** Maximum characters of output kept per cell before dropping. */
      outputCap: number;
    }
  | { type: 'run'; runId: number; cellId: string; code: string }
  /**
   * Stop the given run (or, with null, cancel pending timers of every cell).
   * Sent alongside the shared flag: the flag stops busy loops, this message
   * rejects pending awaits.
   */
  | { type: 'interrupt'; runId: number | null };

/** Kernel → page. */
export type KernelEvent =
  | { type: 'ready'; protocol: number; crossOriginIsolated: boolean }
  | { type: 'started'; runId: number; executionCount: number }
  | { type: 'output'; runId: number; items: OutputItem[] }
  | {
      type: 'finished';
      runId: number;
      status: RunStatus;
      durationMs: number;
      error?: SerializedError;
    }
  /** Something went wrong in the kernel itself, not in a cell. */
  | { type: 'fatal'; error: SerializedError };

/** Narrowing helper for message handlers. */
export function isKernelEvent(value: unknown): value is KernelEvent {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}
